import { defineCommand, defineGroup, type OptionsOf } from '../../command.js';

const passwordChange = defineCommand({
  name: 'change',
  description: 'change your password (signs out your other sessions)',
  flags: [{ flags: '--password-stdin', description: 'read the current and the new password, one per line, from standard input' }],
  examples: ['folio password change  # asks for the current password and the new one twice', 'folio password change --password-stdin < passwords.txt  # the current one, then the new one, a line each'],
  formats: ['table'],
  options: (z) => z.object({ passwordStdin: z.boolean().optional() }),
  run: async (ctx, options): Promise<void> => (await import('./change.js')).runPasswordChange(ctx, options),
});
export type PasswordChangeOptions = OptionsOf<typeof passwordChange>;

export const passwordGroup = defineGroup({ name: 'password', description: 'manage your password', commands: [passwordChange] });
