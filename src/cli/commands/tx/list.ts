import * as z from 'zod';
import { isCalendarDate } from '../../../core/dates.js';
import { SHORT_ID_LENGTH, shortId } from '../../../core/ids.js';
import { TRANSACTION_TYPES, type Transaction, type TransactionType } from '../../../core/ledger/types.js';
import type { CliContext } from '../../context.js';
import { openLedger } from '../../ledger.js';
import { parseOptions, type CommandInput } from '../../options.js';
import { openPortfolio } from '../../portfolio-ref.js';
import { formatMoney, formatQuantity, renderTable } from '../../render.js';
import { writeCsvStream, writeJsonArray, writeTsvStream } from '../../stream-output.js';
import { FIELD_NAMES, transactionJson } from './fields.js';

const date = z.string().refine(isCalendarDate, 'expected a date as YYYY-MM-DD');
const Options = z.object({
  from: date.optional(),
  to: date.optional(),
  symbol: z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .optional(),
  type: z
    .string()
    .transform((s) => s.split(',').map((t) => t.trim().toLowerCase()))
    .pipe(z.array(z.enum(TRANSACTION_TYPES, { message: `use one or more of ${TRANSACTION_TYPES.join(', ')}` })))
    .optional(),
});

export async function runTxList(ctx: CliContext, { args, opts }: CommandInput): Promise<void> {
  const options = parseOptions(Options, opts);
  const { portfolio } = await openPortfolio(ctx, String(args[0]), 'read');
  const { store } = await openLedger(ctx);
  const query = { from: options.from, to: options.to, symbol: options.symbol, types: options.type as TransactionType[] | undefined };
  const rows = store.transactions(portfolio.id, query);
  const format = ctx.format();
  if (format === 'json') return writeJsonArray(ctx, rows, transactionJson);
  if (format === 'csv') return writeCsvStream(ctx, ['id', ...FIELD_NAMES], rows, transactionJson, { spreadsheet: true });

  const style = await ctx.style();
  const cells = (tx: Transaction) => [
    shortId(tx.id),
    style.date(tx.date),
    tx.type,
    tx.symbol ?? '',
    tx.quantity === null ? '' : formatQuantity(style, tx.quantity),
    tx.price === null ? '' : formatMoney(style, tx.price),
    tx.amount === null ? '' : formatMoney(style, tx.amount),
    tx.fee === null ? '' : formatMoney(style, tx.fee),
    tx.currency,
    tx.note ?? '',
  ];
  const head = ['ID', 'DATE', 'TYPE', 'SYMBOL', 'QUANTITY', 'PRICE', 'AMOUNT', 'FEE', 'CCY', 'NOTE'];
  if (!style.rich) {
    // Piped: plain columns, written by the database where it can (as fast as `export transactions`).
    const columns = [{ column: 'id', last: SHORT_ID_LENGTH }, 'date', 'type', 'symbol', 'quantity', 'price', 'amount', 'fee', 'currency', 'note'];
    const text = store.transactionText(portfolio.id, query, columns, 'tsv');
    if (text === null) return writeTsvStream(ctx, head, rows, cells);
    await ctx.out(`${head.join('\t')}\n`);
    for await (const chunk of text) await ctx.out(chunk);
    return;
  }

  const table: string[][] = [];
  for await (const tx of rows) table.push(cells(tx));
  if (!table.length) {
    ctx.info(`No transactions in ${portfolio.name} match. Add one with \`folio tx add ${portfolio.name} --type deposit --amount 1000\`.`);
    return;
  }
  await ctx.out(await renderTable(style, head, table, ['left', 'left', 'left', 'left', 'right', 'right', 'right', 'right']));
}
