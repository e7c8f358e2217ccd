import { z } from 'zod';
import { replay } from '../../../core/ledger/holdings.js';
import type { CliContext } from '../../context.js';
import { openLedger } from '../../ledger.js';
import { parseOptions, type CommandInput } from '../../options.js';
import { openPortfolio } from '../../portfolio-ref.js';
import { formatMoney, formatQuantity, formatSigned, renderTable } from '../../render.js';
import { asOfDate, AsOfSchema } from './as-of.js';

const Options = z.object({
  asOf: AsOfSchema,
  method: z.enum(['fifo', 'average']).optional(),
});

export async function runHoldings(ctx: CliContext, { args, opts }: CommandInput): Promise<void> {
  const options = parseOptions(Options, opts);
  const { portfolio } = await openPortfolio(ctx, String(args[0]), 'read');
  const method = options.method ?? (await ctx.settings())['costBasis.method'];
  const asOf = asOfDate(ctx, options.asOf);
  const { store } = await openLedger(ctx);
  const ledger = await replay(store.ledgerEntries(portfolio.id, { to: asOf }), method);
  // Closed positions stay in the report: what was sold off still carries realised gains.
  const positions = ledger.positions({ includeClosed: true }).map((p) => ({
    symbol: p.symbol,
    quantity: p.quantity,
    averageCost: p.averageCost,
    costBasis: p.costBasis,
    realizedGain: p.realizedGain,
    dividends: p.dividends ?? '0',
    currency: p.currency,
  }));
  const cash = ledger.cash();
  const income = ledger.income();
  const format = ctx.format();
  if (format === 'json') return ctx.json({ portfolio: portfolio.name, asOf, method, positions, cash, income });
  if (format === 'csv') {
    const { writeCsv } = await import('../../csv.js');
    return writeCsv(ctx, ['symbol', 'quantity', 'averageCost', 'costBasis', 'realizedGain', 'dividends', 'currency'], positions);
  }

  const style = await ctx.style();
  ctx.info(`${portfolio.name} — holdings as of ${asOf} (${method === 'fifo' ? 'FIFO' : 'average cost'})`);
  if (positions.length) {
    const rows = positions.map((p) => {
      const closed = p.quantity === '0';
      const cells = [
        p.symbol,
        formatQuantity(style, p.quantity),
        closed ? '' : formatMoney(style, p.averageCost),
        formatMoney(style, p.costBasis),
        formatSigned(style, p.realizedGain),
        formatMoney(style, p.dividends),
        p.currency,
      ];
      return closed ? cells.map((c, i) => (i === 4 ? c : style.paint.muted(c))) : cells;
    });
    await ctx.out(
      await renderTable(style, ['SYMBOL', 'QUANTITY', 'AVG COST', 'COST BASIS', 'REALISED', 'DIVIDENDS', 'CCY'], rows, [
        'left',
        'right',
        'right',
        'right',
        'right',
        'right',
      ]),
    );
  } else {
    ctx.info('No positions yet.');
  }
  if (cash.length) {
    await ctx.out(
      await renderTable(style, ['CASH', 'AMOUNT'], cash.map((c) => [c.currency, formatSigned(style, c.amount)]), ['left', 'right']),
    );
  }
}
