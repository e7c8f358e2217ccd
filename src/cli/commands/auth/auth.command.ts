import { defineCommand, type OptionsOf } from '../../command.js';

/** register, login, logout and whoami. */
export const registerCommand = defineCommand({
  name: 'register',
  description: 'create an account',
  flags: [
    { flags: '--email <email>', description: 'email address' },
    { flags: '--name <name>', description: 'your name' },
    { flags: '--password-stdin', description: 'read the password from standard input' },
  ],
  examples: ['folio register  # asks for each value, and again when one is refused', 'folio register --email ann@example.com --name Ann --password-stdin < password.txt'],
  formats: ['table', 'json'],
  options: (z) => z.object({ email: z.string().optional(), name: z.string().optional(), passwordStdin: z.boolean().optional() }),
  run: async (ctx, options): Promise<void> => (await import('./register.js')).runRegister(ctx, options),
});
export type RegisterOptions = OptionsOf<typeof registerCommand>;

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
  run: async (ctx): Promise<void> => (await import('./logout.js')).runLogout(ctx),
});

export const whoamiCommand = defineCommand({
  name: 'whoami',
  description: 'show the signed-in account',
  examples: ['folio whoami', 'FOLIO_TOKEN=fot_… folio whoami --json  # which account a token belongs to'],
  run: async (ctx): Promise<void> => (await import('./whoami.js')).runWhoami(ctx),
});
