import { defineCommand, defineGroup, type OptionsOf } from '../../command.js';
import { text } from '../../flags.js';
import { importAllCommand } from './all.command.js';

const importPortfolio = defineCommand({
  name: 'portfolio',
  description: 'restore a portfolio document as a new portfolio of yours (all or nothing)',
  args: [{ name: 'file', description: 'a document written by `folio export portfolio`; - for stdin', complete: 'file' }],
  flags: [{ flags: '--name <name>', description: 'restore under this name instead of the one in the document' }],
  examples: ['folio import portfolio retirement.json', 'folio export portfolio Retirement | folio import portfolio - --name "Retirement copy"'],
  // a confirmation, not data: a table of one line makes no sense as CSV
  formats: ['table', 'json'],
  options: (z) => z.object({ file: text(z), name: z.string().optional() }),
  run: async (ctx, options): Promise<void> => (await import('./portfolio.js')).runImportPortfolio(ctx, options),
});
export type ImportPortfolioOptions = OptionsOf<typeof importPortfolio>;

export const importGroup = defineGroup({
  name: 'import',
  description: 'restore exported data',
  commands: [importPortfolio, importAllCommand],
});
