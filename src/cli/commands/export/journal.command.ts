import { defineCommand, type OptionsOf } from '../../command.js';
import { calendarDate, portfolioArg } from '../../flags.js';

export const JOURNAL_FORMATS = ['hledger', 'ledger', 'beancount'] as const;

/** `export journal` (a member of the `export` group). */
export const journalCommand = defineCommand({
  name: 'journal',
  description: 'a plain-text accounting journal for hledger, ledger or beancount (--format)',
  args: [portfolioArg],
  flags: [
    { flags: '-o, --output <file>', description: 'write to this file instead of stdout', complete: 'file' },
    { flags: '--force', description: 'replace the --output file if it exists' },
    { flags: '--to <date>', description: 'price directives for the closes of this date (YYYY-MM-DD; default: today)' },
  ],
  examples: ['folio export journal IRA --format hledger > ira.journal', 'folio export journal IRA --format beancount --output ira.beancount'],
  // every other output flag (--json, --format csv) gets the journal's own message, naming these
  ownFormats: JOURNAL_FORMATS,
  options: (z) => z.object({ portfolio: z.string(), output: z.string().min(1).optional(), force: z.boolean().optional(), to: calendarDate(z).optional() }),
  run: async (ctx, options): Promise<void> => (await import('./journal.js')).runExportJournal(ctx, options),
});
export type JournalOptions = OptionsOf<typeof journalCommand>;
