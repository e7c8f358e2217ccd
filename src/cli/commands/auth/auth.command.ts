import { defineCommand, type OptionsOf } from '../../command.js';

/** login, logout and whoami (register lives with its own module in program.ts). */
export const loginCommand = defineCommand({
  name: 'login',
  description: 'sign in and start a session',
  flags: [
    { flags: '--email <email>', description: 'email address' },
    { flags: '--password-stdin', description: 'read the password from standard input' },
  ],
  examples: ['folio login  # asks for email and password', 'pass show folio | folio login --email ann@example.com --password-stdin'],
  formats: ['table', 'json'],
  options: (z) => z.object({ email: z.string().optional(), passwordStdin: z.boolean().optional() }),
  run: async (ctx, options): Promise<void> => (await import('./login.js')).runLogin(ctx, options),
});
export type LoginOptions = OptionsOf<typeof loginCommand>;

export const logoutCommand = defineCommand({
  name: 'logout',
  description: 'end the current session',
  examples: ['folio logout'],
  formats: ['table'],
  options: (z) => z.object({}),
  run: async (ctx): Promise<void> => (await import('./logout.js')).runLogout(ctx),
});

export const whoamiCommand = defineCommand({
  name: 'whoami',
  description: 'show the signed-in account',
  examples: ['folio whoami', 'FOLIO_TOKEN=fot_… folio whoami --json  # which account a token belongs to'],
  options: (z) => z.object({}),
  run: async (ctx): Promise<void> => (await import('./whoami.js')).runWhoami(ctx),
});
