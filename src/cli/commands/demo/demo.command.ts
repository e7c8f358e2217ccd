import { defineCommand, type OptionsOf } from '../../command.js';

export const demoCommand = defineCommand({
  name: 'demo',
  description: 'a first look: a demo account with sample portfolios at mock prices',
  flags: [{ flags: '-y, --yes', description: 'on Postgres: make the demo account (public password) anyway' }],
  examples: ['folio demo', 'folio demo --json  # the overview as JSON'],
  // one overview of several portfolios plus the demo credentials: JSON holds it, one CSV table does not
  formats: ['table', 'json'],
  options: (z) => z.object({ yes: z.boolean().optional() }),
  run: async (ctx, options): Promise<void> => (await import('./demo.js')).runDemo(ctx, options),
});
export type DemoOptions = OptionsOf<typeof demoCommand>;
