import * as z from 'zod';
import { FolioError, notFoundError } from '../../../core/errors.js';
import type { CashBalance, Position } from '../../../core/ledger/types.js';
import type { Valuation } from '../../../core/market/valuation.js';
import { replay } from '../../../core/ledger/holdings.js';
import type { CliContext } from '../../context.js';
import { openLedger } from '../../ledger.js';
import { parseOptions, type CommandInput } from '../../options.js';
import { openPortfolio } from '../../portfolio-ref.js';
import { formatMoney, formatPercent, formatQuantity, formatSigned, renderTable } from '../../render.js';
import { asOfDate, AsOfSchema } from './as-of.js';

const Options = z.object({
  asOf: AsOfSchema,
  method: z.enum(['fifo', 'average']).optional(),
  value: z.boolean().optional(),
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
  // Market value at the last close on or before the as-of date, in the base currency (--no-value: the plain ledger view).
  const valuation = options.value === false ? null : await valuePositions(ctx, positions, cash, portfolio.baseCurrency, asOf);
  const valued = positions.map((p) => {
    const v = valuation?.positions.get(p.symbol);
    return {
      ...p,
      price: v?.price ?? null,
      priceDate: v?.priceDate ?? null,
      marketValue: v?.marketValue ?? null,
      unrealizedGain: v?.unrealizedGain ?? null,
      weight: v?.weight ?? null,
    };
  });
  const totals = valuation?.totals ?? null;
  const format = ctx.format();
  if (format === 'json') return ctx.json({ portfolio: portfolio.name, asOf, method, positions: valued, cash, income, totals });
  if (format === 'csv') {
    const { writeCsv } = await import('../../csv.js');
    return writeCsv(
      ctx,
      ['symbol', 'quantity', 'averageCost', 'costBasis', 'realizedGain', 'dividends', 'currency', 'price', 'priceDate', 'marketValue', 'unrealizedGain', 'weight'],
      valued,
    );
  }

  const style = await ctx.style();
  ctx.info(`${portfolio.name} — holdings as of ${asOf} (${method === 'fifo' ? 'FIFO' : 'average cost'})`);
  if (positions.length) {
    const rows = valued.map((p) => {
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
      if (valuation) {
        cells.push(
          p.marketValue === null ? '' : formatMoney(style, p.marketValue),
          p.unrealizedGain === null ? '' : formatSigned(style, p.unrealizedGain),
          p.weight === null ? '' : formatPercent(style, p.weight),
        );
      }
      return closed ? cells.map((c, i) => (i === 4 ? c : style.paint.muted(c))) : cells;
    });
    const head = ['SYMBOL', 'QUANTITY', 'AVG COST', 'COST BASIS', 'REALISED', 'DIVIDENDS', 'CCY'];
    if (valuation) head.push('VALUE', 'UNREALISED', 'WEIGHT');
    await ctx.out(await renderTable(style, head, rows, ['left', 'right', 'right', 'right', 'right', 'right', 'left', 'right', 'right', 'right']));
  } else {
    ctx.info('No positions yet.');
  }
  if (cash.length) {
    await ctx.out(
      await renderTable(style, ['CASH', 'AMOUNT'], cash.map((c) => [c.currency, formatSigned(style, c.amount)]), ['left', 'right']),
    );
  }
  if (totals) {
    const line =
      `Total ${totals.currency}: value ${formatMoney(style, totals.value)} = positions ${formatMoney(style, totals.marketValue)}` +
      ` + cash ${formatMoney(style, totals.cash)}; cost basis ${formatMoney(style, totals.costBasis)},` +
      ` unrealised ${formatSigned(style, totals.unrealizedGain)}`;
    await ctx.out(line + '\n');
  }
}

/** Values the open positions and totals the portfolio; a missing close or FX rate is exit 4 with a way out. */
async function valuePositions(
  ctx: CliContext,
  positions: Position[],
  cash: CashBalance[],
  baseCurrency: string,
  asOf: string,
): Promise<Valuation> {
  const [market, { valueHoldings }] = await Promise.all([ctx.prices(), import('../../../core/market/valuation.js')]);
  try {
    return await valueHoldings(market, { positions, cash, baseCurrency, asOf });
  } catch (error) {
    if (error instanceof FolioError && (error.code === 'no_prices' || error.code === 'no_fx_rate')) {
      throw notFoundError(`${error.message} Or see the holdings without market values: \`folio holdings … --no-value\`.`, error.code);
    }
    throw error;
  }
}

