import { describe, expect, it } from 'vitest';
import { computeAllocation, type AllocationInput, type AllocationLine } from '../../src/core/allocation/allocation.js';
import { gatherAllocationInput } from '../../src/core/allocation/inputs.js';
import { planRebalance } from '../../src/core/allocation/rebalance.js';
import { FolioError } from '../../src/core/errors.js';
import type { Instrument } from '../../src/core/market/types.js';
import type { MarketData, PricePoint } from '../../src/core/ports.js';

const DATE = '2024-03-28';

/** A line as the gathering step hands it over: value = quantity × close × rate, worked out by the caller. */
function line(symbol: string, quantity: string, value: string, close: string, more: Partial<AllocationLine> = {}): AllocationLine {
  const currency = more.currency ?? 'USD';
  return {
    symbol,
    quantity,
    value,
    close: { symbol, date: DATE, close, currency },
    rate: '1',
    class: 'stock',
    sector: 'Technology',
    currency,
    ...more,
  };
}

describe('computeAllocation', () => {
  // AAA 10 × 50 = 500, BBB 5 × 100 = 500 (an ETF), cash 1000: total 2000.
  const lines = [line('AAA', '10', '500', '50'), line('BBB', '5', '500', '100', { class: 'etf', sector: null })];
  const input: AllocationInput = { currency: 'USD', lines, cash: '1000', targets: {} };

  it('weighs each symbol and the cash in the total, with no targets', () => {
    const allocation = computeAllocation(input, 'symbol');
    expect(allocation.total).toBe('2000');
    // 500 / 2000 = 0.25 each, cash 1000 / 2000 = 0.5; ties by symbol, cash last.
    expect(allocation.groups).toEqual([
      { key: 'AAA', value: '500', weight: 0.25, target: null, drift: null, difference: null },
      { key: 'BBB', value: '500', weight: 0.25, target: null, drift: null, difference: null },
      { key: 'cash', value: '1000', weight: 0.5, target: null, drift: null, difference: null },
    ]);
  });

  it('computes target, drift (weight − target) and value difference per symbol', () => {
    const allocation = computeAllocation({ ...input, targets: { AAA: '60', BBB: '40' } }, 'symbol');
    expect(allocation.groups).toEqual([
      // AAA: target 60% of 2000 = 1200; drift 0.25 − 0.6 = −0.35; difference 500 − 1200 = −700
      { key: 'AAA', value: '500', weight: 0.25, target: 0.6, drift: -0.35, difference: '-700' },
      // BBB: target 40% of 2000 = 800; drift 0.25 − 0.4 = −0.15; difference 500 − 800 = −300
      { key: 'BBB', value: '500', weight: 0.25, target: 0.4, drift: -0.15, difference: '-300' },
      // cash: the targets add up to 100%, so cash aims at 0: drift 0.5, difference 1000
      { key: 'cash', value: '1000', weight: 0.5, target: 0, drift: 0.5, difference: '1000' },
    ]);
  });

  it('lists a target symbol not held at 0, and a held symbol without a target at target 0', () => {
    const allocation = computeAllocation(
      { ...input, lines: [...lines, line('CCC', '0', '0', '20')], cash: '0', targets: { AAA: '50', CCC: '50' } },
      'symbol',
    );
    // total 500 + 500 + 0 = 1000
    expect(allocation.total).toBe('1000');
    expect(allocation.groups).toEqual([
      { key: 'AAA', value: '500', weight: 0.5, target: 0.5, drift: 0, difference: '0' },
      // BBB has no target: 0.5 − 0 = 0.5 over, 500 − 0 = 500
      { key: 'BBB', value: '500', weight: 0.5, target: 0, drift: 0.5, difference: '500' },
      // CCC: 0 − 0.5 = −0.5; 0 − 500 = −500 (no cash group: the cash is 0)
      { key: 'CCC', value: '0', weight: 0, target: 0.5, drift: -0.5, difference: '-500' },
    ]);
  });

  it('groups by class, sector and currency, summing values and targets', () => {
    const withTargets = { ...input, targets: { AAA: '70', BBB: '30' } };
    expect(computeAllocation(withTargets, 'class').groups.map((g) => [g.key, g.value, g.weight, g.target])).toEqual([
      ['etf', '500', 0.25, 0.3], // ties (500 each) by key: etf before stock
      ['stock', '500', 0.25, 0.7],
      ['cash', '1000', 0.5, 0],
    ]);
    // BBB has no sector: "unknown"
    expect(computeAllocation(input, 'sector').groups.map((g) => g.key)).toEqual(['Technology', 'unknown', 'cash']);
    // both quoted in USD: one group of 500 + 500 = 1000 (weight 0.5), then the cash
    expect(computeAllocation(input, 'currency').groups.map((g) => [g.key, g.value, g.weight])).toEqual([
      ['USD', '1000', 0.5],
      ['cash', '1000', 0.5],
    ]);
  });

  it('gives null weights, never NaN, when there is nothing at all', () => {
    const empty = computeAllocation({ currency: 'USD', lines: [], cash: '0', targets: {} }, 'symbol');
    expect(empty).toEqual({ total: '0', groups: [] });
    const onlyTarget = computeAllocation({ currency: 'USD', lines: [line('AAA', '0', '0', '50')], cash: '0', targets: { AAA: '100' } }, 'symbol');
    expect(onlyTarget.groups).toEqual([{ key: 'AAA', value: '0', weight: null, target: 1, drift: null, difference: '0' }]);
  });
});

describe('planRebalance', () => {
  it('sells the overweight (whole shares), sells out untargeted holdings, then buys what the cash allows', () => {
    // AAA 30 × 50 = 1500, BBB 2 × 100 = 200, CCC 10 × 7 = 70 (no target), DDD not held (close 33), cash 230.
    // Total 1500 + 200 + 70 + 230 = 2000. Targets AAA 50% → 1000, BBB 30% → 600, DDD 20% → 400, CCC 0.
    const input: AllocationInput = {
      currency: 'USD',
      lines: [line('AAA', '30', '1500', '50'), line('BBB', '2', '200', '100'), line('CCC', '10', '70', '7'), line('DDD', '0', '0', '33')],
      cash: '230',
      targets: { AAA: '50', BBB: '30', DDD: '20' },
    };
    const plan = planRebalance(input);
    // Sells: AAA over by 1500 − 1000 = 500 → floor(500 / 50) = 10 shares = 500; CCC all 10 × 7 = 70.
    // Cash available 230 + 500 + 70 = 800.
    // Buys: BBB short 600 − 200 = 400 → floor(400 / 100) = 4 = 400; DDD short 400 → floor(400 / 33) = 12 = 396.
    // 400 + 396 = 796 ≤ 800: both in full; 800 − 796 = 4 left.
    expect(plan.cashAvailable).toBe('800');
    expect(plan.trades).toEqual([
      { symbol: 'AAA', side: 'sell', quantity: '10', price: '50', currency: 'USD', value: '500', baseValue: '500' },
      { symbol: 'CCC', side: 'sell', quantity: '10', price: '7', currency: 'USD', value: '70', baseValue: '70' },
      { symbol: 'BBB', side: 'buy', quantity: '4', price: '100', currency: 'USD', value: '400', baseValue: '400' },
      { symbol: 'DDD', side: 'buy', quantity: '12', price: '33', currency: 'USD', value: '396', baseValue: '396' },
    ]);
    expect(plan.cash).toBe('4');
    expect(plan.total).toBe('2000');
    // After: AAA 20 × 50 = 1000 (0.5), BBB 6 × 100 = 600 (0.3), DDD 12 × 33 = 396 (0.198, drift −0.002),
    // CCC 0, cash 4 (0.002).
    expect(plan.groups.map((g) => [g.key, g.quantity, g.value, g.weight, g.target])).toEqual([
      ['AAA', '20', '1000', 0.5, 0.5],
      ['BBB', '6', '600', 0.3, 0.3],
      ['DDD', '12', '396', 0.198, 0.2],
      ['CCC', '0', '0', 0, 0],
      ['cash', null, '4', 0.002, 0],
    ]);
    expect(plan.groups[2]!.drift).toBeCloseTo(-0.002, 12);
  });

  it('shares scarce cash in proportion to the shortfalls, then buys single shares with the rest', () => {
    // BIG 2 × 1000 = 2000, cash 1100: total 3100. Targets BIG 40% → 1240, AAA 30% → 930 (close 60), BBB 30% → 930 (close 70).
    // BIG is over by 760 but one share is 1000: nothing to sell. Available 1100.
    // Wanted: AAA floor(930 / 60) = 15 (900), BBB floor(930 / 70) = 13 (910); 1810 > 1100: share the cash.
    // Shortfalls 930 + 930 = 1860. AAA floor(930 × 1100 / (1860 × 60)) = floor(9.17) = 9 → 540;
    // BBB floor(930 × 1100 / (1860 × 70)) = floor(7.86) = 7 → 490. Spent 1030, left 70.
    // Left shortfalls AAA 930 − 540 = 390, BBB 930 − 490 = 440: one more BBB (70 ≤ 70), left 0.
    const plan = planRebalance({
      currency: 'USD',
      lines: [line('BIG', '2', '2000', '1000'), line('AAA', '0', '0', '60'), line('BBB', '0', '0', '70')],
      cash: '1100',
      targets: { BIG: '40', AAA: '30', BBB: '30' },
    });
    expect(plan.cashAvailable).toBe('1100');
    expect(plan.trades.map((t) => [t.side, t.symbol, t.quantity, t.baseValue])).toEqual([
      ['buy', 'AAA', '9', '540'],
      ['buy', 'BBB', '8', '560'],
    ]);
    expect(plan.cash).toBe('0');
    // After: BIG 2000 / 3100 ≈ 0.645161, BBB 560 / 3100 ≈ 0.180645, AAA 540 / 3100 ≈ 0.174194; no cash left.
    expect(plan.groups.map((g) => g.key)).toEqual(['BIG', 'BBB', 'AAA']);
    expect(plan.groups[0]!.weight).toBeCloseTo(2000 / 3100, 12);
    expect(plan.groups[0]!.drift).toBeCloseTo(2000 / 3100 - 0.4, 12);
    expect(plan.groups[1]!.weight).toBeCloseTo(560 / 3100, 12);
    expect(plan.groups[2]!.weight).toBeCloseTo(540 / 3100, 12);
  });

  it('never spends cash the portfolio does not have', () => {
    // AAA 10 × 100 = 1000, cash −200 (overdrawn): total 800. Targets AAA 50% → 400, BBB 50% → 400 (close 10).
    // Sell AAA floor(600 / 100) = 6 → 600; available −200 + 600 = 400; BBB wants floor(400 / 10) = 40 = 400: fits.
    const plan = planRebalance({
      currency: 'USD',
      lines: [line('AAA', '10', '1000', '100'), line('BBB', '0', '0', '10')],
      cash: '-200',
      targets: { AAA: '50', BBB: '50' },
    });
    expect(plan.trades.map((t) => [t.side, t.symbol, t.quantity])).toEqual([
      ['sell', 'AAA', '6'],
      ['buy', 'BBB', '40'],
    ]);
    expect(plan.cash).toBe('0');
    // Deeper in debt: cash −900, total 100; AAA target 50, sell floor(950 / 100) = 9 → 900; available 0: no buys at all.
    const broke = planRebalance({
      currency: 'USD',
      lines: [line('AAA', '10', '1000', '100'), line('BBB', '0', '0', '10')],
      cash: '-900',
      targets: { AAA: '50', BBB: '50' },
    });
    expect(broke.trades.map((t) => [t.side, t.symbol, t.quantity])).toEqual([['sell', 'AAA', '9']]);
    expect(broke.cashAvailable).toBe('0');
    expect(broke.cash).toBe('0');
  });

  it('prices a foreign holding through the FX rate and reports its trade in its own currency', () => {
    // Base EUR. XYZ: 5 × 110 USD × 0.9 = 495 EUR; EEE: 29 × 50.5 EUR = 1464.5; cash 40.5. Total 2000.
    // Targets 50/50 → 1000 each. EEE over by 464.5 → floor(464.5 / 50.5) = floor(9.198) = 9 → 454.5.
    // Available 40.5 + 454.5 = 495. XYZ short 505 at 110 × 0.9 = 99 EUR a share → floor(505 / 99) = 5 = 495: fits, 0 left.
    const plan = planRebalance({
      currency: 'EUR',
      lines: [
        line('XYZ', '5', '495', '110', { rate: '0.9' }),
        line('EEE', '29', '1464.5', '50.5', { currency: 'EUR', rate: '1', close: { symbol: 'EEE', date: DATE, close: '50.5', currency: 'EUR' } }),
      ],
      cash: '40.5',
      targets: { XYZ: '50', EEE: '50' },
    });
    expect(plan.trades).toEqual([
      { symbol: 'EEE', side: 'sell', quantity: '9', price: '50.5', currency: 'EUR', value: '454.5', baseValue: '454.5' },
      // 5 × 110 = 550 USD = 495 EUR
      { symbol: 'XYZ', side: 'buy', quantity: '5', price: '110', currency: 'USD', value: '550', baseValue: '495' },
    ]);
    expect(plan.cash).toBe('0');
    // After: EEE 20 × 50.5 = 1010 (0.505), XYZ 495 + 495 = 990 (0.495).
    expect(plan.groups.map((g) => [g.key, g.quantity, g.value, g.weight])).toEqual([
      ['EEE', '20', '1010', 0.505],
      ['XYZ', '10', '990', 0.495],
    ]);
  });

  it('refuses a portfolio without targets', () => {
    expect(() => planRebalance({ currency: 'USD', lines: [], cash: '0', targets: {} })).toThrow(FolioError);
  });
});

/** A market-data port in memory: closes by symbol, direct FX rates, instruments. */
function memoryMarket(closes: PricePoint[], rates: Record<string, string>, instruments: Instrument[]): MarketData {
  const latest = async (symbol: string, onOrBefore: string) =>
    closes.filter((p) => p.symbol === symbol && p.date <= onOrBefore).sort((a, b) => (a.date < b.date ? 1 : -1))[0] ?? null;
  return {
    closes: async (symbol, from, to) => closes.filter((p) => p.symbol === symbol && p.date >= from && p.date <= to),
    latestClose: latest,
    firstDate: async (symbol) => closes.filter((p) => p.symbol === symbol).map((p) => p.date).sort()[0] ?? null,
    fxRate: async (base, quote) => (base === quote ? '1' : (rates[`${base}>${quote}`] ?? null)),
    // One rate per pair for all time (dated at the epoch); not used by the allocation.
    fxRates: async (base, quote) => {
      const rate = base === quote ? '1' : rates[`${base}>${quote}`];
      return rate === undefined ? [] : [{ date: '1970-01-01', rate }];
    },
    instrument: async (symbol) => instruments.find((i) => i.symbol === symbol) ?? null,
    instruments: async () => instruments,
    splits: async () => [],
  };
}

describe('gatherAllocationInput', () => {
  const market = memoryMarket(
    [
      { symbol: 'XYZ', date: '2024-03-27', close: '110', currency: 'USD' },
      { symbol: 'EEE', date: '2024-03-28', close: '50.5', currency: 'EUR' },
      { symbol: 'NEW', date: '2024-03-01', close: '12', currency: 'USD' },
    ],
    { 'USD>EUR': '0.9' },
    [
      { symbol: 'XYZ', name: 'X', class: 'stock', sector: 'Energy', currency: 'USD', source: 'fixture' },
      { symbol: 'EEE', name: 'E', class: 'etf', sector: null, currency: 'EUR', source: 'fixture' },
    ],
  );
  const position = (symbol: string, quantity: string, currency: string) => ({
    symbol,
    quantity,
    averageCost: '1',
    costBasis: quantity,
    realizedGain: '0',
    currency,
  });

  it('values positions and cash in the base currency through the FX rate, as holdings does', async () => {
    const input = await gatherAllocationInput(market, {
      positions: [position('XYZ', '5', 'USD'), position('EEE', '29', 'EUR'), position('OLD', '0', 'EUR')],
      cash: [
        { currency: 'EUR', amount: '30' },
        { currency: 'USD', amount: '10' },
      ],
      baseCurrency: 'EUR',
      asOf: '2024-03-28',
      targets: { XYZ: '50', NEW: '50' },
      quotes: true,
    });
    // cash 30 + 10 × 0.9 = 39 EUR; XYZ 5 × 110 × 0.9 = 495 EUR; EEE 29 × 50.5 = 1464.5 EUR; OLD is closed: left out.
    expect(input.cash).toBe('39');
    expect(input.lines.map((l) => [l.symbol, l.quantity, l.value, l.rate, l.class, l.currency])).toEqual([
      ['XYZ', '5', '495', '0.9', 'stock', 'USD'],
      ['EEE', '29', '1464.5', '1', 'etf', 'EUR'],
      // not held, not an instrument: its close (12 USD on 2024-03-01) gives its currency and price
      ['NEW', '0', '0', '0.9', null, 'USD'],
    ]);
    expect(input.lines[2]!.close).toEqual({ symbol: 'NEW', date: '2024-03-01', close: '12', currency: 'USD' });
    // total 495 + 1464.5 + 39 = 1998.5; XYZ 495 / 1998.5 ≈ 0.247686
    const allocation = computeAllocation(input, 'symbol');
    expect(allocation.total).toBe('1998.5');
    expect(allocation.groups.find((g) => g.key === 'XYZ')!.weight).toBeCloseTo(495 / 1998.5, 12);
  });

  it('names a missing close (exit 4) rather than valuing a holding at zero', async () => {
    const error = await gatherAllocationInput(market, {
      positions: [position('NOPE', '1', 'USD')],
      cash: [],
      baseCurrency: 'USD',
      asOf: '2024-03-28',
      targets: {},
      quotes: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FolioError);
    expect((error as FolioError).kind).toBe('notFound');
    expect((error as FolioError).message).toMatch(/No prices for NOPE/);
  });
});
