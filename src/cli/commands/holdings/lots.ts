import { replay } from '../../../core/ledger/holdings.js';
import type { CliContext } from '../../context.js';
import { openLedger } from '../../ledger.js';
import { openPortfolio } from '../../portfolio-ref.js';
import { formatMoney, formatQuantity, renderTable } from '../../../io/text/render.js';
import { asOfDate } from './as-of.js';
import type { LotsOptions } from './lots.command.js';

export async function runLots(ctx: CliContext, options: LotsOptions): Promise<void> {
  const { portfolio } = await openPortfolio(ctx, options.portfolio, 'read');
  const symbol = options.symbol;
  const asOf = asOfDate(ctx, options.asOf);
  const { store } = await openLedger(ctx);
  const ledger = await replay(store.ledgerEntries(portfolio.id, { to: asOf, symbol }), 'fifo');
  const lots = ledger.lots(symbol);
  const format = ctx.format();
  if (format === 'json') return ctx.json({ portfolio: portfolio.name, symbol, asOf, lots });
  if (format === 'csv') {
    const { writeCsv } = await import('../../csv.js');
    return writeCsv(ctx, ['date', 'quantity', 'unitCost', 'cost', 'currency'], lots);
  }
  if (!lots.length) {
    ctx.info(`No open lots of ${symbol} in ${portfolio.name} as of ${asOf}.`);
    return;
  }
  const style = await ctx.style();
  ctx.info(`${portfolio.name} — open ${symbol} lots as of ${asOf} (FIFO: the oldest are sold first)`);
  await ctx.out(
    await renderTable(
      style,
      ['BOUGHT', 'QUANTITY', 'UNIT COST', 'COST', 'CCY'],
      lots.map((l) => [style.date(l.date), formatQuantity(style, l.quantity), formatMoney(style, l.unitCost), formatMoney(style, l.cost), l.currency]),
      ['left', 'right', 'right', 'right'],
    ),
  );
}
