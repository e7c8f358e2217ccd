import { toCalendarDate } from '../../../core/dates.js';
import { usageError } from '../../../core/errors.js';
import { ledgerAsOf } from '../../../core/ledger/checkpoints.js';
import type { Quote } from '../../../core/market/feed.js';
import { valueLedger } from '../../../core/portfolios/snapshot.js';
import type { PriceProvider } from '../../../core/ports.js';
import type { CliContext } from '../../context.js';
import { openLedger } from '../../ledger.js';
import { openPortfolio } from '../../portfolio-ref.js';
import { formatMoney, formatPercent, formatSigned, renderTable } from '../../../io/text/render.js';
import { formatClose } from '../prices/arguments.js';
import { fetchQuotes } from './quote.js';
import type { WatchOptions } from './quote.command.js';

/** Closes overlaid with live quotes: a quoted symbol is worth its quote today. */
function withQuotes(market: PriceProvider, quotes: Map<string, Quote>, today: string): PriceProvider {
  return {
    ...market,
    // Series read closes symbol by symbol, through the quotes below, not past them in one batch.
    closeSeries: undefined,
    async latestClose(symbol, onOrBefore) {
      const quote = quotes.get(symbol);
      if (quote && onOrBefore >= today) return { symbol, date: today, close: quote.price, currency: quote.currency };
      return market.latestClose(symbol, onOrBefore);
    },
  };
}

async function frame(ctx: CliContext, portfolioRef: string): Promise<string> {
  const { portfolio } = await openPortfolio(ctx, portfolioRef, 'read');
  const today = toCalendarDate(ctx.clock.now());
  const { store } = await openLedger(ctx);
  const { ledger } = await ledgerAsOf(store, portfolio.id, (await ctx.settings())['costBasis.method'], today);
  const { quotes, failures } = await fetchQuotes(ctx, ledger.positions().map((p) => p.symbol));
  const bySymbol = new Map(quotes.map((q) => [q.symbol, q]));
  const { positions, valuation } = await valueLedger(withQuotes(await ctx.prices(), bySymbol, today), ledger, portfolio, today);
  const style = await ctx.style();
  const rows = positions.map((p) => {
    const v = valuation.positions.get(p.symbol)!;
    const q = bySymbol.get(p.symbol);
    return [
      p.symbol,
      formatClose(style, v.price),
      q?.changeRatio == null ? '' : formatPercent(style, q.changeRatio, { signed: true }),
      formatMoney(style, v.marketValue),
      formatSigned(style, v.unrealizedGain),
      formatPercent(style, v.weight),
    ];
  });
  const table = await renderTable(style, ['SYMBOL', 'PRICE', 'DAY', 'VALUE', 'UNREALISED', 'WEIGHT'], rows, ['left', 'right', 'right', 'right', 'right', 'right']);
  const t = valuation.totals;
  const lines = [
    `${portfolio.name} — live at ${ctx.clock.now().toISOString().slice(11, 19)} UTC`,
    table.trimEnd(),
    `Total ${t.currency}: ${formatMoney(style, t.value)} (positions ${formatMoney(style, t.marketValue)} + cash ${formatMoney(style, t.cash)}), unrealised ${formatSigned(style, t.unrealizedGain)}`,
    ...failures.map((f) => style.paint.muted(`${f.name}: ${f.error.message} (last stored close used)`)),
    style.paint.muted('q or Ctrl-C to leave'),
  ];
  return lines.join('\n') + '\n';
}

/**
 * `folio watch PORTFOLIO [--interval 60]`: redraws the holdings at live quotes in place until q or
 * Ctrl-C. A terminal only: piped, there is nothing to redraw (use `folio holdings` or `quote`).
 */
export async function runWatch(ctx: CliContext, { portfolio, interval }: WatchOptions): Promise<void> {
  if (!ctx.io.stdoutIsTty || !ctx.io.stdinIsTty) throw usageError('watch needs a terminal (it redraws in place and reads q to leave); for scripts use `folio holdings` or `folio quote`.', 'not_a_tty');
  const stdin = ctx.io.stdin as NodeJS.ReadStream;
  let leave!: () => void;
  const left = new Promise<void>((resolve) => (leave = resolve));
  const onKey = (key: Buffer | string) => {
    const text = key.toString();
    if (text === 'q' || text === 'Q' || text === '\u0003') leave();
  };
  stdin.setRawMode?.(true);
  stdin.on('data', onKey);
  stdin.resume();
  process.once('SIGINT', leave);
  ctx.io.stdout.write('\x1b[?25l'); // hide the cursor while redrawing
  try {
    for (;;) {
      const text = await frame(ctx, portfolio);
      ctx.io.stdout.write(`\x1b[H\x1b[2J${text}`);
      let timer: NodeJS.Timeout | undefined;
      const waited = await Promise.race([left.then(() => 'left'), new Promise((resolve) => (timer = setTimeout(resolve, interval * 1000, 'tick')))]);
      clearTimeout(timer);
      if (waited === 'left') return;
    }
  } finally {
    process.off('SIGINT', leave);
    stdin.off('data', onKey);
    stdin.setRawMode?.(false);
    stdin.pause();
    ctx.io.stdout.write('\x1b[?25h');
  }
}
