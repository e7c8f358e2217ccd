import { describe, expect, it } from 'vitest';
import { dec } from '../../src/core/decimal.js';
import type { CostBasisMethod } from '../../src/core/ledger/types.js';
import { analyzePerformance } from '../../src/core/performance/analyze.js';
import type { Scope } from '../../src/core/performance/types.js';
import { entriesOf, memoryMarket, type CloseRow, type FxRow, type Row } from '../helpers/memory-market.js';
import { createRandom } from '../../scripts/random.js';

/**
 * Properties over many generated multi-currency histories (splits, taxes, sells to zero, fees,
 * interest, both scopes, both cost methods, sub-periods, before and after taxes):
 *  1. totalGain = realizedGain + unrealizedGain + dividends + interest − fees − taxes + currencyGain, to the cent;
 *  2. the TWR equals a straightforward implementation written here from DESIGN's definitions
 *     (replay everything up to each day, value at the last close and rate, chain
 *     (V_d + Out_d) / (V_{d−1} + In_d)).
 */

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ms = (date: string) => Date.parse(`${date}T00:00:00Z`);
const isWeekday = (date: string) => ![0, 6].includes(new Date(ms(date)).getUTCDay());

const SYMBOLS = [
  { symbol: 'AAA', currency: 'USD' },
  { symbol: 'BBB', currency: 'EUR' },
  { symbol: 'CCC', currency: 'CHF' },
];
const START = ms('2024-01-01');
const DAYS = 70;

interface History {
  rows: Row[];
  closes: CloseRow[];
  fx: FxRow[];
}

/** Closes on weekdays (and a day before the history) for every symbol; EURUSD and CHFUSD daily. */
function market(next: () => number): Pick<History, 'closes' | 'fx'> {
  const closes: CloseRow[] = [];
  const fx: FxRow[] = [];
  const level: Record<string, number> = { AAA: 100, BBB: 50, CCC: 20, EUR: 1.1, CHF: 1.15 };
  for (let d = -1; d <= DAYS + 5; d++) {
    const date = iso(START + d * DAY);
    if (d >= 0 && !isWeekday(date)) continue;
    for (const { symbol, currency } of SYMBOLS) {
      level[symbol] = Math.max(1, level[symbol]! * (1 + (next() - 0.5) * 0.06));
      if (d < 0 || next() < 0.9) closes.push([symbol, date, level[symbol]!.toFixed(2), currency]);
    }
    for (const currency of ['EUR', 'CHF']) {
      level[currency] = level[currency]! * (1 + (next() - 0.5) * 0.02);
      fx.push([currency, 'USD', date, level[currency]!.toFixed(4)]);
    }
  }
  return { closes, fx };
}

/** Exact holdings as fractions (numerator, denominator), to know what a sell to zero must say. */
function history(seed: number): History {
  const next = createRandom(seed);
  const { closes, fx } = market(next);
  const rows: Row[] = [];
  const held = new Map<string, [bigint, bigint]>();
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const money = (max: number) => (1 + next() * max).toFixed(2);
  for (let d = 0; d < DAYS; d++) {
    const date = iso(START + d * DAY);
    if (next() < 0.45) continue;
    const { symbol, currency } = pick(SYMBOLS);
    const [num, den] = held.get(symbol) ?? [0n, 1n];
    const close = Number(closes.filter(([s, day]) => s === symbol && day <= date).at(-1)![2]);
    const price = (close * (0.97 + next() * 0.06)).toFixed(2);
    const kind = next();
    if (d === 0 || kind < 0.3) {
      rows.push([date, 'deposit', null, null, null, money(5000), null, pick(['USD', 'EUR'])]);
      const units = BigInt(1 + Math.floor(next() * 20));
      rows.push([date, 'buy', symbol, String(units), price, null, next() < 0.5 ? money(5) : null, currency]);
      held.set(symbol, [num + units * den, den]);
    } else if (kind < 0.45 && num > 0n) {
      // Sell everything (when the holding is a whole number of shares) or a whole share or two.
      const whole = num % den === 0n;
      const all = whole && next() < 0.4;
      const units = all ? num / den : BigInt(Math.min(2, Math.floor(Number(num / den))));
      if (units === 0n) continue;
      rows.push([date, 'sell', symbol, String(units), price, null, next() < 0.5 ? money(5) : null, currency]);
      held.set(symbol, [num - units * den, den]);
      if (next() < 0.3) rows.push([date, 'tax', symbol, null, null, money(20), null, currency]);
    } else if (kind < 0.55 && num > 0n) {
      const [n, dd] = pick([[2n, 1n, '2:1'], [1n, 3n, '1:3'], [3n, 2n, '3/2']] as const).slice(0, 2) as [bigint, bigint];
      const text = n === 2n ? '2:1' : n === 1n ? '1:3' : '3:2';
      rows.push([date, 'split', symbol, text, null, null, null, currency]);
      held.set(symbol, [num * n, den * dd]);
    } else if (kind < 0.7) {
      rows.push([date, 'dividend', next() < 0.8 ? symbol : null, null, null, money(50), next() < 0.2 ? money(1) : null, currency, next() < 0.5 ? money(10) : null]);
    } else if (kind < 0.8) {
      rows.push([date, 'interest', next() < 0.5 ? symbol : null, null, null, money(20), null, pick(['USD', 'EUR', 'CHF']), next() < 0.3 ? money(3) : null]);
    } else if (kind < 0.88) {
      rows.push([date, 'fee', next() < 0.5 ? symbol : null, null, null, money(10), null, pick(['USD', 'EUR'])]);
    } else if (kind < 0.94) {
      rows.push([date, 'tax', next() < 0.5 ? symbol : null, null, null, money(10), null, pick(['USD', 'CHF'])]);
    } else {
      rows.push([date, 'withdrawal', null, null, null, money(300), next() < 0.3 ? money(2) : null, 'USD']);
    }
  }
  return { rows, closes, fx };
}

// ---- the straightforward implementation of DESIGN's TWR (floats; nothing shared with src/) ----

const lastOnOrBefore = <T extends { date: string }>(points: T[], date: string) => points.filter((p) => p.date <= date).at(-1);

function rateTo(fx: FxRow[], currency: string, base: string, date: string): number {
  const toUsd = (c: string) => (c === 'USD' ? 1 : Number(lastOnOrBefore(fx.filter((r) => r[0] === c).map((r) => ({ date: r[2], rate: r[3] })), date)!.rate));
  return toUsd(currency) / toUsd(base);
}

const ratio = (text: string) => {
  const [n, d = '1'] = text.split(/[:/]/);
  return Number(n) / Number(d);
};

function valueOn(h: History, base: string, scope: Scope, date: string, beforeTaxes: boolean): number {
  const quantity = new Map<string, number>();
  const cash = new Map<string, number>();
  const addCash = (c: string, x: number) => cash.set(c, (cash.get(c) ?? 0) + x);
  for (const [d, type, symbol, q, p, amount, fee, currency = 'USD', tax] of h.rows) {
    if (d > date) break;
    const a = Number(amount ?? 0);
    const f = Number(fee ?? 0);
    const t = beforeTaxes ? 0 : Number(tax ?? 0);
    if (type === 'buy') {
      quantity.set(symbol!, (quantity.get(symbol!) ?? 0) + Number(q));
      addCash(currency, -(Number(q) * Number(p) + f));
    } else if (type === 'sell') {
      quantity.set(symbol!, quantity.get(symbol!)! - Number(q));
      addCash(currency, Number(q) * Number(p) - f);
    } else if (type === 'split') quantity.set(symbol!, quantity.get(symbol!)! * ratio(q!));
    else if (type === 'dividend' || type === 'interest') addCash(currency, a - f - t);
    else if (type === 'deposit') addCash(currency, a - f);
    else if (type === 'withdrawal') addCash(currency, -a - f);
    else if (type === 'fee') addCash(currency, -a);
    else if (type === 'tax' && !beforeTaxes) addCash(currency, -a);
  }
  let value = 0;
  for (const [symbol, units] of quantity) {
    if (Math.abs(units) < 1e-9) continue;
    const close = lastOnOrBefore(h.closes.filter((c) => c[0] === symbol).map((c) => ({ date: c[1], close: c[2], currency: c[3]! })), date)!;
    value += units * Number(close.close) * rateTo(h.fx, close.currency, base, date);
  }
  if (scope === 'account') for (const [currency, amount] of cash) value += amount * rateTo(h.fx, currency, base, date);
  return value;
}

function flowsOn(h: History, base: string, scope: Scope, date: string, beforeTaxes: boolean): { inflow: number; outflow: number } {
  let inflow = 0;
  let outflow = 0;
  for (const [d, type, symbol, q, p, amount, fee, currency = 'USD', tax] of h.rows) {
    if (d !== date) continue;
    const r = rateTo(h.fx, currency, base, date);
    const a = Number(amount ?? 0);
    const f = Number(fee ?? 0);
    const t = beforeTaxes ? 0 : Number(tax ?? 0);
    if (scope === 'account') {
      if (type === 'deposit') inflow += a * r;
      if (type === 'withdrawal') outflow += a * r;
      continue;
    }
    if (type === 'buy') inflow += (Number(q) * Number(p) + f) * r;
    if (type === 'sell') outflow += (Number(q) * Number(p) - f) * r;
    if (type === 'dividend' || (type === 'interest' && symbol)) outflow += (a - f - t) * r;
    if ((type === 'fee' || (type === 'tax' && !beforeTaxes)) && symbol) inflow += a * r;
  }
  return { inflow, outflow };
}

function straightforwardTwr(h: History, base: string, scope: Scope, from: string | null, end: string, beforeTaxes: boolean): number {
  const txDates = [...new Set(h.rows.map((r) => r[0]))].sort();
  const first = txDates[0]!;
  const firstFlow = txDates.find((d) => {
    const { inflow, outflow } = flowsOn(h, base, scope, d, beforeTaxes);
    return inflow !== 0 || outflow !== 0;
  })!;
  const firstDay = from ?? firstFlow;
  const days = new Set<string>([end]);
  for (let t = ms(firstDay); t <= ms(end); t += DAY) if (isWeekday(iso(t)) || txDates.includes(iso(t))) days.add(iso(t));
  let previous = 0;
  if (from !== null) {
    const candidates: string[] = [];
    for (let t = ms(from) - DAY; t >= ms(first); t -= DAY) {
      if (isWeekday(iso(t)) || txDates.includes(iso(t))) {
        candidates.push(iso(t));
        break;
      }
    }
    if (candidates.length) previous = valueOn(h, base, scope, candidates[0]!, beforeTaxes);
  }
  let growth = 1;
  for (const day of [...days].sort()) {
    const value = valueOn(h, base, scope, day, beforeTaxes);
    const { inflow, outflow } = flowsOn(h, base, scope, day, beforeTaxes);
    if (previous + inflow > 0) growth *= (value + outflow) / (previous + inflow);
    previous = value;
  }
  return growth - 1;
}

/** Open cost per symbol at `end` by FIFO lots or the average, in floats, and in the base currency at TO's rate. */
function straightforwardCostBasis(h: History, base: string, method: CostBasisMethod, end: string): number {
  const lots = new Map<string, Array<{ quantity: number; cost: number }>>();
  const currencyOf = new Map<string, string>();
  for (const [date, type, symbol, q, p, , fee, currency = 'USD'] of h.rows) {
    if (date > end) break;
    const open = lots.get(symbol ?? '') ?? [];
    if (type === 'buy') {
      open.push({ quantity: Number(q), cost: Number(q) * Number(p) + Number(fee ?? 0) });
      lots.set(symbol!, open);
      currencyOf.set(symbol!, currency);
    } else if (type === 'split') for (const lot of open) lot.quantity *= ratio(q!);
    else if (type === 'sell') {
      const held = open.reduce((sum, lot) => sum + lot.quantity, 0);
      let left = Number(q);
      if (method === 'average') {
        for (const lot of open) {
          lot.cost *= 1 - left / held;
          lot.quantity *= 1 - left / held;
        }
      } else
        while (left > 1e-9) {
          const lot = open[0]!;
          const taken = Math.min(lot.quantity, left);
          lot.cost -= (lot.cost * taken) / lot.quantity;
          lot.quantity -= taken;
          left -= taken;
          if (lot.quantity < 1e-9) open.shift();
        }
    }
  }
  let total = 0;
  for (const [symbol, open] of lots) for (const lot of open) total += lot.cost * rateTo(h.fx, currencyOf.get(symbol)!, base, end);
  return total;
}

// ---- the cases ----

const cases = Array.from({ length: 40 }, (_, i) => {
  const next = createRandom(1000 + i);
  const scope: Scope = next() < 0.5 ? 'holdings' : 'account';
  const method: CostBasisMethod = next() < 0.5 ? 'fifo' : 'average';
  const base = next() < 0.5 ? 'USD' : 'EUR';
  const sub = next() < 0.5;
  const fromDay = 5 + Math.floor(next() * 40);
  const endDay = fromDay + 5 + Math.floor(next() * 30);
  return {
    seed: i + 1,
    scope,
    method,
    base,
    from: sub ? iso(START + fromDay * DAY) : null,
    end: iso(START + Math.min(endDay, DAYS + 3) * DAY),
    beforeTaxes: next() < 0.25,
  };
});

describe('generated histories', () => {
  it.each(cases)('seed $seed: $scope, $method, $base, from $from to $end, before taxes $beforeTaxes', async ({ seed, scope, method, base, from, end, beforeTaxes }) => {
    const h = history(seed);
    const { analysis: a } = await analyzePerformance({
      entries: entriesOf(h.rows),
      market: memoryMarket(h.closes, h.fx),
      baseCurrency: base,
      method,
      scope,
      from,
      end,
      beforeTaxes,
      riskFreeRate: 0,
      benchmark: null,
    });
    const parts = dec(a.realizedGain)
      .plus(dec(a.unrealizedGain))
      .plus(dec(a.dividends))
      .plus(dec(a.interest))
      .minus(dec(a.fees))
      .minus(dec(a.taxes))
      .plus(dec(a.currencyGain));
    expect(dec(a.totalGain).minus(parts).abs().lt(dec('0.005'))).toBe(true);

    // The open cost the figures decompose (it tells the cost of every sale apart), worked out here.
    expect(Number(a.costBasis)).toBeCloseTo(straightforwardCostBasis(h, base, method, end), 6);

    const expected = straightforwardTwr(h, base, scope, from, end, beforeTaxes);
    if (a.twr === null) expect(Math.abs(expected)).toBeLessThan(1e-12);
    else expect(a.twr).toBeCloseTo(expected, 9);
  });

  it('cover both scopes and methods, sub-periods, splits, sells to zero, taxes and three currencies', () => {
    const kinds = (key: 'scope' | 'method' | 'base' | 'beforeTaxes') => new Set(cases.map((c) => c[key])).size;
    expect([kinds('scope'), kinds('method'), kinds('base'), kinds('beforeTaxes')]).toEqual([2, 2, 2, 2]);
    expect(cases.filter((c) => c.from !== null).length).toBeGreaterThan(5);
    const all = cases.map((c) => history(c.seed).rows).flat();
    expect(all.filter((r) => r[1] === 'split').length).toBeGreaterThan(10);
    expect(all.some((r) => r[1] === 'tax')).toBe(true);
    expect(new Set(all.map((r) => r[7])).size).toBeGreaterThanOrEqual(3);
    const sellsAll = cases.some(({ seed }) => {
      const held = new Map<string, number>();
      return history(seed).rows.some(([, type, symbol, q]) => {
        if (type === 'buy') held.set(symbol!, (held.get(symbol!) ?? 0) + Number(q));
        if (type === 'split') held.set(symbol!, held.get(symbol!)! * ratio(q!));
        if (type !== 'sell') return false;
        const left = held.get(symbol!)! - Number(q);
        held.set(symbol!, left);
        return Math.abs(left) < 1e-9;
      });
    });
    expect(sellsAll).toBe(true);
  });
});
