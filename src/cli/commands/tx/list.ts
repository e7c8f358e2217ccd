import { SHORT_ID_LENGTH, shortId } from '../../../core/ids.js';
import type { Transaction, TransactionType } from '../../../core/ledger/types.js';
import type { CliContext } from '../../context.js';
import { openLedger } from '../../ledger.js';
import { openPortfolio } from '../../portfolio-ref.js';
import { renderRows, type Column } from '../../output.js';
import { FIELD_NAMES, transactionJson } from './fields.js';
import type { TxListOptions } from './tx.command.js';

const PIPED_COLUMNS = ['date', 'type', 'symbol', 'quantity', 'price', 'amount', 'fee', 'currency', 'note'];

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
  const columns: Array<Column<Transaction>> = [
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
  ];
  if (format === 'table' && !terminal) {
    // Piped: plain columns, written by the database where it can (as fast as `export transactions`).
    const text = store.transactionText(portfolio.id, query, [{ column: 'id', last: SHORT_ID_LENGTH }, ...PIPED_COLUMNS], 'tsv');
    if (text !== null) {
      await ctx.out(`${columns.map((c) => c.header).join('\t')}\n`);
      for await (const chunk of text) await ctx.out(chunk);
      return;
    }
  }
  if (terminal) {
    ctx.info(`${portfolio.name}: ${newestFirst ? 'newest first (--reverse for oldest first)' : 'oldest first'}${options.limit ? `, at most ${options.limit} rows` : ''}.`);
  }
  await renderRows(ctx, {
    columns,
    rows,
    json: transactionJson,
    csv: { keys: ['id', ...FIELD_NAMES], record: transactionJson },
    // piped, an empty list is the header alone, as from the database
    empty: terminal ? `No transactions in ${portfolio.name} match. Add one with \`folio tx add ${portfolio.name} --type deposit --amount 1000\`.` : undefined,
  });
}
