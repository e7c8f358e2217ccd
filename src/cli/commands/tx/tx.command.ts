import { TRANSACTION_TYPES } from '../../../core/ledger/types.js';
import { defineCommand, defineGroup, type FlagSpec, type OptionsOf, type Zod } from '../../command.js';
import { calendarDate, dateRangeFlags, portfolioArg, text } from '../../flags.js';
import { txImportCommand } from './import.command.js';

/*
 * --type of `tx add` and `tx edit` is checked by the transaction validator (the one CSV rows go
 * through, so `BUY` is read as in a file), not by commander's case-sensitive choices.
 */
const fieldFlags: FlagSpec[] = [
  { flags: '--type <type>', description: TRANSACTION_TYPES.join(', ').replace(/, (?=[^,]*$)/, ' or ') },
  { flags: '--symbol <symbol>', description: 'instrument symbol, e.g. AAPL' },
  { flags: '--quantity <n>', description: 'units bought or sold; for a split, the ratio (2:1, 1:3, 3/2)' },
  { flags: '--price <price>', description: 'price per unit (buy, sell); cost or value per unit (transfer-in, transfer-out)' },
  { flags: '--amount <amount>', description: 'money amount (dividend, interest, deposit, withdrawal, fee, tax)' },
  { flags: '--fee <fee>', description: 'fee paid (buy, sell)' },
  { flags: '--tax <tax>', description: 'tax withheld (dividend, interest)' },
  { flags: '--ratio <ratio>', description: 'split ratio as people write it: 2:1, 1:3 (reverse), 3/2' },
  { flags: '--date <date>', description: 'trade date as YYYY-MM-DD, today or yesterday (default: today, in your time zone)' },
  { flags: '--currency <code>', description: "currency (default: the portfolio's)" },
  { flags: '--note <text>', description: 'free text' },
];

/** The field flags as given: checked together by the transaction validator, which names each bad flag. */
const fieldOptions = (z: Zod) => ({
  type: z.string().optional(),
  symbol: z.string().optional(),
  quantity: z.string().optional(),
  price: z.string().optional(),
  amount: z.string().optional(),
  fee: z.string().optional(),
  tax: z.string().optional(),
  ratio: z.string().optional(),
  date: z.string().optional(),
  currency: z.string().optional(),
  note: z.string().optional(),
});

const idArg = { name: 'id', description: 'transaction id, or the short id shown by tx list' };

const txAdd = defineCommand({
  name: 'add',
  description: 'record a transaction',
  args: [portfolioArg],
  flags: fieldFlags,
  examples: ['folio tx add IRA  # on a terminal: asks for each field, checking every answer', 'folio tx add IRA --type buy --symbol AAPL --quantity 10 --price 187.5 --fee 1'],
  // the new transaction is one record: JSON, or its id on stdout
  formats: ['table', 'json'],
  options: (z) => z.object({ portfolio: text(z), ...fieldOptions(z) }),
  run: async (ctx, options): Promise<void> => (await import('./add.js')).runTxAdd(ctx, options),
});
export type TxAddOptions = OptionsOf<typeof txAdd>;

const txList = defineCommand({
  name: 'list',
  description: 'list transactions: newest first on a terminal, oldest first when piped or as JSON/CSV',
  args: [portfolioArg],
  flags: [
    ...dateRangeFlags,
    { flags: '--symbol <symbol>', description: 'only this symbol' },
    { flags: '--type <types>', description: 'only these types, comma-separated' },
    { flags: '--limit <n>', description: 'at most N rows (the first N in the order shown)' },
    { flags: '--reverse', description: 'the other order: oldest first on a terminal, newest first when piped' },
  ],
  examples: ['folio tx list IRA --limit 20  # the latest 20 on a terminal', 'folio tx list IRA --symbol AAPL --type buy,sell --csv > aapl.csv'],
  options: (z) =>
    z.object({
      portfolio: text(z),
      from: calendarDate(z).optional(),
      to: calendarDate(z).optional(),
      symbol: z
        .string()
        .transform((s) => s.trim().toUpperCase())
        .optional(),
      type: z
        .string()
        .transform((s) => s.split(',').map((t) => t.trim().toLowerCase()))
        .pipe(z.array(z.enum(TRANSACTION_TYPES, { message: `use one or more of ${TRANSACTION_TYPES.join(', ')}` })))
        .optional(),
      limit: z.string().regex(/^[1-9]\d*$/, 'expected a whole number of rows such as 50').transform(Number).optional(),
      reverse: z.boolean().optional(),
    }),
  run: async (ctx, options): Promise<void> => (await import('./list.js')).runTxList(ctx, options),
});
export type TxListOptions = OptionsOf<typeof txList>;

const txEdit = defineCommand({
  name: 'edit',
  description: 'change fields of a transaction',
  args: [idArg],
  flags: fieldFlags,
  examples: ['folio tx edit a1b2c3d4e5f6 --price 187.25', 'folio tx edit a1b2c3d4e5f6 --date 2024-03-01 --note "bought on the dip"'],
  formats: ['table', 'json'],
  options: (z) => z.object({ id: text(z), ...fieldOptions(z) }),
  run: async (ctx, options): Promise<void> => (await import('./edit.js')).runTxEdit(ctx, options),
});
export type TxEditOptions = OptionsOf<typeof txEdit>;

const txRemove = defineCommand({
  name: 'remove',
  description: 'delete a transaction',
  args: [idArg],
  examples: ['folio tx remove a1b2c3d4e5f6', 'folio tx remove a1b2c3d4e5f6 --json  # prints what was removed'],
  formats: ['table', 'json'],
  options: (z) => z.object({ id: text(z) }),
  run: async (ctx, options): Promise<void> => (await import('./remove.js')).runTxRemove(ctx, options),
});
export type TxRemoveOptions = OptionsOf<typeof txRemove>;

export const txGroup = defineGroup({
  name: 'tx',
  description: 'record, list, change and import transactions',
  commands: [txAdd, txList, txEdit, txRemove, txImportCommand],
});
