import { toCalendarDate } from '../../../core/dates.js';
import { dec, decString } from '../../../core/decimal.js';
import { usageError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import { openLedger } from '../../ledger.js';
import { ensureWritable, withOutput } from '../../output-file.js';
import { openPortfolio } from '../../portfolio-ref.js';
import type { JournalOptions } from './journal.command.js';

/**
 * `folio export journal P --format hledger|ledger|beancount`: every transaction as a journal entry
 * (commodities at cost, fees, dividends and interest in their own accounts) and `P` / `price`
 * directives for the closes of what is held on --to, so `hledger roi` can cross-check folio.
 */
export async function runExportJournal(ctx: CliContext, options: JournalOptions): Promise<void> {
  const format = ctx.globals.format;
  if (format !== 'hledger' && format !== 'ledger' && format !== 'beancount') {
    throw usageError('Missing or wrong --format: a journal is written for --format hledger, ledger or beancount.', 'bad_format');
  }
  if (options.output !== undefined && options.output !== '-') ensureWritable(options.output, options.force);
  const { portfolio } = await openPortfolio(ctx, options.portfolio, 'read');
  const { store } = await openLedger(ctx);
  const to = options.to ?? toCalendarDate(ctx.clock.now());
  const journal = await import('../../../io/journal.js');
  const { createLedger } = await import('../../../core/ledger/ledger.js');

  const ledger = createLedger('fifo');
  const entries: string[] = [];
  const symbols = new Set<string>();
  const currencies = new Set<string>([portfolio.baseCurrency]);
  let first: string | null = null;
  const openCost = (symbol: string) => ledger.positions().find((p) => p.symbol === symbol)?.costBasis ?? '0';
  for await (const tx of store.transactions(portfolio.id, { to })) {
    first ??= tx.date;
    if (tx.symbol && tx.type !== 'split') symbols.add(tx.symbol);
    currencies.add(tx.currency);
    const before = tx.type === 'sell' || tx.type === 'transfer-out' ? openCost(tx.symbol!) : null;
    ledger.apply(tx);
    const soldCost = before === null ? undefined : decString(dec(before).minus(dec(openCost(tx.symbol!))));
    entries.push(journal.journalEntry(tx, format, soldCost));
  }
  const market = await ctx.prices();
  const prices: string[] = [];
  for (const position of ledger.positions()) {
    const close = await market.latestClose(position.symbol, to);
    if (close) prices.push(journal.priceDirective({ date: close.date, symbol: position.symbol, close: close.close, currency: close.currency }, format));
  }
  const path = await withOutput(ctx, options, async (sink) => {
    await sink.out(journal.journalHeader(format, [...currencies], [...symbols].sort(), first ?? to));
    for (const text of entries) await sink.out(text);
    if (prices.length) await sink.out(prices.join('') + '\n');
  });
  if (path) ctx.info(`Exported the ${format} journal of ${portfolio.name} to ${path}.`);
}
