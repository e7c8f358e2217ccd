import { defineCommand, defineGroup, type OptionsOf } from '../../command.js';
import { choice, portfolioArg } from '../../flags.js';

export const SHARE_ROLES = ['viewer', 'editor'] as const;
const ref = { ...portfolioArg, description: 'name, id or owner@example.com/NAME' };
const withFlag = (description: string) => ({ flags: '--with <email>', description });

const portfolioAdd = defineCommand({
  name: 'add',
  description: 'create a portfolio',
  args: [{ name: 'name', description: 'portfolio name (asked on a terminal when omitted)', optional: true }],
  flags: [
    { flags: '--currency <code>', description: 'base currency, e.g. USD (default: your display.currency setting)' },
    { flags: '--description <text>', description: 'what the portfolio is for' },
    { flags: '--target <targets>', description: 'target allocation in percent, adding up to 100, e.g. AAPL=40,VTI=60' },
  ],
  examples: ['folio portfolio add Retirement --currency USD', 'folio portfolio add Kids --target VTI=70,BND=30 --description "college fund"'],
  formats: ['table', 'json'],
  options: (z) => z.object({ name: z.string().optional(), currency: z.string().optional(), description: z.string().optional(), target: z.string().optional() }),
  run: async (ctx, options): Promise<void> => (await import('./add.js')).runPortfolioAdd(ctx, options),
});
export type PortfolioAddOptions = OptionsOf<typeof portfolioAdd>;

const portfolioList = defineCommand({
  name: 'list',
  description: 'list your portfolios and those shared with you',
  examples: ['folio portfolio list', 'folio portfolio list --csv'],
  run: async (ctx): Promise<void> => (await import('./list.js')).runPortfolioList(ctx),
});

const portfolioShow = defineCommand({
  name: 'show',
  description: 'show a portfolio, its targets and who it is shared with',
  args: [ref],
  examples: ['folio portfolio show Retirement', 'folio portfolio show ann@example.com/Retirement --json'],
  // targets and members are lists inside one record: JSON holds them, one CSV table cannot
  formats: ['table', 'json'],
  options: (z) => z.object({ portfolio: z.string() }),
  run: async (ctx, options): Promise<void> => (await import('./show.js')).runPortfolioShow(ctx, options),
});
export type PortfolioRefOptions = OptionsOf<typeof portfolioShow>;

const portfolioRename = defineCommand({
  name: 'rename',
  description: 'rename a portfolio (owner only)',
  args: [ref, { name: 'newName', description: 'new name' }],
  examples: ['folio portfolio rename Retirement "Retirement 2050"'],
  formats: ['table', 'json'],
  options: (z) => z.object({ portfolio: z.string(), newName: z.string() }),
  run: async (ctx, options): Promise<void> => (await import('./rename.js')).runPortfolioRename(ctx, options),
});
export type PortfolioRenameOptions = OptionsOf<typeof portfolioRename>;

const portfolioRemove = defineCommand({
  name: 'remove',
  description: 'delete a portfolio with its transactions (owner only)',
  args: [ref],
  flags: [{ flags: '-y, --yes', description: 'do not ask for confirmation (required without a terminal)' }],
  examples: ['folio portfolio remove Scratch  # asks first', 'folio portfolio remove Scratch --yes'],
  formats: ['table', 'json'],
  options: (z) => z.object({ portfolio: z.string(), yes: z.boolean().optional() }),
  run: async (ctx, options): Promise<void> => (await import('./remove.js')).runPortfolioRemove(ctx, options),
});
export type PortfolioRemoveOptions = OptionsOf<typeof portfolioRemove>;

const portfolioSetTargets = defineCommand({
  name: 'set-targets',
  description: 'replace the target allocation (owner or editor)',
  args: [ref, { name: 'targets', description: 'SYMBOL=PERCENT pairs adding up to exactly 100, e.g. AAPL=40,VTI=60 (replaces all targets)', optional: true }],
  flags: [{ flags: '--clear', description: 'remove the target allocation (an empty TARGETS list is refused)' }],
  examples: ['folio portfolio set-targets Retirement AAPL=40,VTI=60', 'folio portfolio set-targets Retirement --clear'],
  formats: ['table', 'json'],
  options: (z) => z.object({ portfolio: z.string(), targets: z.string().optional(), clear: z.boolean().optional() }),
  run: async (ctx, options): Promise<void> => (await import('./set-targets.js')).runPortfolioSetTargets(ctx, options),
});
export type PortfolioSetTargetsOptions = OptionsOf<typeof portfolioSetTargets>;

const portfolioShare = defineCommand({
  name: 'share',
  description: 'share a portfolio with another account, or change their role (owner only)',
  args: [ref],
  flags: [
    withFlag('the account to share with'),
    { flags: '--role <role>', description: 'viewer: read only; editor: may also add transactions and set targets', choices: SHARE_ROLES, default: 'viewer' },
  ],
  examples: ['folio portfolio share Retirement --with bob@example.com', 'folio portfolio share Retirement --with bob@example.com --role editor'],
  formats: ['table', 'json'],
  options: (z) => z.object({ portfolio: z.string(), with: z.string().optional(), role: choice(z, SHARE_ROLES).default('viewer') }),
  run: async (ctx, options): Promise<void> => (await import('./share.js')).runPortfolioShare(ctx, options),
});
export type PortfolioShareOptions = OptionsOf<typeof portfolioShare>;

const portfolioUnshare = defineCommand({
  name: 'unshare',
  description: 'stop sharing a portfolio with an account (owner), or leave one shared with you (your own email)',
  args: [ref],
  flags: [withFlag('the account to remove')],
  examples: ['folio portfolio unshare Retirement --with bob@example.com', 'folio portfolio unshare ann@example.com/Retirement --with me@example.com  # leave it'],
  formats: ['table', 'json'],
  options: (z) => z.object({ portfolio: z.string(), with: z.string().optional() }),
  run: async (ctx, options): Promise<void> => (await import('./share.js')).runPortfolioUnshare(ctx, options),
});
export type PortfolioUnshareOptions = OptionsOf<typeof portfolioUnshare>;

export const portfolioGroup = defineGroup({
  name: 'portfolio',
  description: 'create, share and organise portfolios',
  help: 'A PORTFOLIO is one of your portfolio names, a portfolio id, or owner@example.com/NAME for one shared with you.',
  commands: [portfolioAdd, portfolioList, portfolioShow, portfolioRename, portfolioRemove, portfolioSetTargets, portfolioShare, portfolioUnshare],
});
