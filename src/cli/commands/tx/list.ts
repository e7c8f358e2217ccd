import { SHORT_ID_LENGTH, shortId } from '../../../core/ids.js';
import type { Transaction, TransactionType } from '../../../core/ledger/types.js';
import type { CliContext } from '../../context.js';
import { openLedger } from '../../ledger.js';
import { openPortfolio } from '../../portfolio-ref.js';
import { renderRows } from '../../output.js';
import { formatMoney, formatQuantity } from '../../render.js';
import { writeCsvStream, writeJsonArray, writeTsvStream } from '../../stream-output.js';
import { FIELD_NAMES, transactionJson } from './fields.js';
import type { TxListOptions } from './tx.command.js';

export async function runTxList(ctx: CliContext, options: TxListOptions): Promise<void> {
  const { portfolio } = await openPortfolio(ctx, options.portfolio, 'read');
  const { store } = await openLedger(ctx);
  const format = ctx.format();
  // On a terminal the newest come first (what a person looks for); data for scripts stays oldest first.
  const terminal = format === 'table' && ctx.io.stdoutIsTty;
  const newestFirst = terminal !== Boolean(options.reverse);
  const query = {
    from: options.from,
    to: options.to,
    symbol: options.symbol,
    types: options.type as TransactionType[] | undefined,
    newestFirst,
    limit: options.limit,
  };
  const rows = store.transactions(portfolio.id, query);
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

  ctx.info(`${portfolio.name}: ${newestFirst ? 'newest first (--reverse for oldest first)' : 'oldest first'}${options.limit ? `, at most ${options.limit} rows` : ''}.`);
  await renderRows(ctx, {
    columns: [
      { key: 'id', header: 'ID', cell: (tx) => shortId(tx.id) },
      { key: 'date', header: 'DATE', kind: 'date' },
      { key: 'type', header: 'TYPE' },
      { key: 'symbol', header: 'SYMBOL' },
      { key: 'quantity', header: 'QUANTITY', kind: 'quantity' },
      { key: 'price', header: 'PRICE', kind: 'money' },
      { key: 'amount', header: 'AMOUNT', kind: 'money' },
      { key: 'fee', header: 'FEE', kind: 'money' },
      { key: 'currency', header: 'CCY' },
      { key: 'note', header: 'NOTE' },
    ],
    rows,
    empty: `No transactions in ${portfolio.name} match. Add one with \`folio tx add ${portfolio.name} --type deposit --amount 1000\`.`,
  });
}
