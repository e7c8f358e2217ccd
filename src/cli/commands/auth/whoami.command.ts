import { defineCommand } from '../../command.js';

export const whoamiCommand = defineCommand({
  name: 'whoami',
  description: 'show the signed-in account',
  examples: ['folio whoami', 'FOLIO_TOKEN=… folio whoami --json  # which account a token belongs to'],
  options: (z) => z.object({}),
  run: async (ctx) => (await import('./whoami.js')).runWhoami(ctx),
});
