import { defineCommand, defineGroup, type OptionsOf } from '../../command.js';

const emailArg = { name: 'email', description: 'the account' };

const adminGrant = defineCommand({
  name: 'grant',
  description: 'make an account an admin',
  args: [emailArg],
  examples: ['folio admin grant ops@example.com'],
  formats: ['table'],
  options: (z) => z.object({ email: z.string() }),
  run: async (ctx, options): Promise<void> => (await import('./admin.js')).runAdminGrant(ctx, options),
});
export type AdminEmailOptions = OptionsOf<typeof adminGrant>;

const adminRevoke = defineCommand({
  name: 'revoke',
  description: 'take admin rights away from an account',
  args: [emailArg],
  examples: ['folio admin revoke ops@example.com  # refused for the last admin (exit 5)'],
  formats: ['table'],
  options: (z) => z.object({ email: z.string() }),
  run: async (ctx, options): Promise<void> => (await import('./admin.js')).runAdminRevoke(ctx, options),
});

const adminStats = defineCommand({
  name: 'stats',
  description: 'usage figures: accounts, activity, portfolios, transactions, alerts, notifications',
  examples: ['folio admin stats', 'folio admin stats --json | jq .active7d'],
  run: async (ctx): Promise<void> => (await import('./admin.js')).runAdminStats(ctx),
});

export const adminGroup = defineGroup({
  name: 'admin',
  description: 'operator commands (admin accounts only; the first account is one)',
  commands: [adminGrant, adminRevoke, adminStats],
});
