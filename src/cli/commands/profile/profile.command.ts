import { defineCommand, defineGroup, type OptionsOf } from '../../command.js';

const profileShow = defineCommand({
  name: 'show',
  description: 'show your profile',
  examples: ['folio profile show', 'folio profile show --csv'],
  run: async (ctx): Promise<void> => (await import('./show.js')).runProfileShow(ctx),
});

const profileSet = defineCommand({
  name: 'set',
  description: 'change your name or email',
  flags: [
    { flags: '--name <name>', description: 'new name' },
    { flags: '--email <email>', description: 'new email address' },
  ],
  examples: ['folio profile set --name "Ann Lee"', 'folio profile set --email ann@example.org'],
  formats: ['table', 'json'],
  options: (z) => z.object({ name: z.string().optional(), email: z.string().optional() }),
  run: async (ctx, options): Promise<void> => (await import('./set.js')).runProfileSet(ctx, options),
});
export type ProfileSetOptions = OptionsOf<typeof profileSet>;

export const profileGroup = defineGroup({ name: 'profile', description: 'show or change your name and email', commands: [profileShow, profileSet] });
