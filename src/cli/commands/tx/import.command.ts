import { defineCommand, type OptionsOf } from '../../command.js';
import { choice, text } from '../../flags.js';
import { PRESET_NAMES } from '../../../io/import-map/preset-names.js';

/** `tx import` (a member of the `tx` group). */
export const txImportCommand = defineCommand({
  name: 'import',
  description: "import transactions from CSV: folio's own, a broker's through a mapping or a preset (all or nothing)",
  args: [
    {
      name: 'file',
      description: "CSV file (folio's columns date,type,symbol,quantity,price,amount,fee,tax,currency,note, or any with --map/--preset); - for stdin",
      complete: 'file',
    },
  ],
  flags: [
    { flags: '--portfolio <portfolio>', description: 'portfolio to import into', complete: 'portfolio' },
    { flags: '--map <file>', description: 'a JSON or YAML import mapping (see `folio import-map init`)', complete: 'file' },
    { flags: '--preset <name>', description: 'a built-in mapping: see `folio import-map list`', choices: PRESET_NAMES },
    { flags: '--dry-run', description: 'show the rows as they would be stored, with their source lines, and the counts; write nothing' },
    { flags: '--allow-duplicates', description: 'import rows (or a whole file) already in the portfolio' },
  ],
  examples: [
    'folio tx import trades.csv --portfolio IRA',
    'folio tx import U1234.csv --portfolio IRA --preset ibkr-flex --dry-run',
    'folio export transactions IRA | folio tx import - --portfolio Copy',
  ],
  help: 'Rows already in the portfolio (same date, type, symbol, quantity, price, amount and fee) are skipped and reported with their lines.',
  options: (z) =>
    z.object({
      file: text(z),
      portfolio: z.string({ message: 'required: the portfolio to import into' }).min(1),
      map: z.string().min(1).optional(),
      preset: choice(z, PRESET_NAMES).optional(),
      dryRun: z.boolean().optional(),
      allowDuplicates: z.boolean().optional(),
    }),
  run: async (ctx, options): Promise<void> => (await import('./import.js')).runTxImport(ctx, options),
});
export type TxImportOptions = OptionsOf<typeof txImportCommand>;
