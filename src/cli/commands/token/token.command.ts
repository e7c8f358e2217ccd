import { defineCommand, defineGroup, type OptionsOf } from '../../command.js';

const tokenCreate = defineCommand({
  name: 'create',
  description: 'create a token; it is shown once',
  flags: [
    { flags: '--label <label>', description: 'what the token is for' },
    { flags: '--expires <duration>', description: 'lifetime such as 30d, 12w, 1y, or never', default: '90d' },
  ],
  examples: ['folio token create --label cron', 'folio token create --label ci --expires 1y --json'],
  formats: ['table', 'json'],
  options: (z) => z.object({ label: z.string().trim().min(1, 'must not be empty').max(100).optional(), expires: z.string().default('90d') }),
  run: async (ctx, options): Promise<void> => (await import('./create.js')).runTokenCreate(ctx, options),
});
export type TokenCreateOptions = OptionsOf<typeof tokenCreate>;

const tokenList = defineCommand({
  name: 'list',
  description: 'list your tokens',
  examples: ['folio token list', 'folio token list --csv'],
  run: async (ctx): Promise<void> => (await import('./list.js')).runTokenList(ctx),
});

const tokenRevoke = defineCommand({
  name: 'revoke',
  description: 'revoke a token',
  args: [{ name: 'id', description: 'token id (from folio token list)' }],
  examples: ['folio token revoke 0192f3a4-…'],
  formats: ['table'],
  options: (z) => z.object({ id: z.string().trim().min(1, 'must not be empty') }),
  run: async (ctx, options): Promise<void> => (await import('./revoke.js')).runTokenRevoke(ctx, options),
});
export type TokenRevokeOptions = OptionsOf<typeof tokenRevoke>;

export const tokenGroup = defineGroup({
  name: 'token',
  description: 'API tokens for scripts and cron jobs (FOLIO_TOKEN)',
  commands: [tokenCreate, tokenList, tokenRevoke],
});
