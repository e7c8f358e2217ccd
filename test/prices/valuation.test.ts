import { describe, expect, it } from 'vitest';
import { resolveFxRate, type DirectRate } from '../../src/core/market/fx.js';
import { computeValuation } from '../../src/core/market/valuation.js';
import type { Position } from '../../src/core/ledger/types.js';

const position = (symbol: string, quantity: string, costBasis: string, currency: string): Position => ({
  symbol,
  quantity,
  averageCost: quantity === '0' ? '0' : '1',
  costBasis,
  realizedGain: '0',
  currency,
});

describe('computeValuation (a worked example in EUR)', () => {
  // AAPL: 10 at 181.18 USD, cost 1851 USD · SAP: 5 at 140.12 EUR, cost 695 EUR · VTI: sold off.
  // Cash: 1000 EUR, −50 USD, 0 GBP (no rate needed for a zero). USD→EUR 0.9139932365.
  const valuation = computeValuation(
    {
      baseCurrency: 'EUR',
      asOf: '2024-01-07',
      positions: [position('AAPL', '10', '1851', 'USD'), position('SAP', '5', '695', 'EUR'), position('VTI', '0', '0', 'USD')],
      cash: [
        { currency: 'EUR', amount: '1000' },
        { currency: 'GBP', amount: '0' },
        { currency: 'USD', amount: '-50' },
      ],
    },
    {
      closes: new Map([
        ['AAPL', { symbol: 'AAPL', date: '2024-01-05', close: '181.18', currency: 'USD' }],
        ['SAP', { symbol: 'SAP', date: '2024-01-05', close: '140.12', currency: 'EUR' }],
      ]),
      rates: new Map([['USD>EUR', '0.9139932365']]),
    },
  );

  it('values each open position in its own currency, exactly', () => {
    // AAPL: 10 × 181.18 = 1811.8; unrealised 1811.8 − 1851 = −39.2.
    expect(valuation.positions.get('AAPL')).toMatchObject({ price: '181.18', priceDate: '2024-01-05', marketValue: '1811.8', unrealizedGain: '-39.2' });
    // SAP: 5 × 140.12 = 700.6; unrealised 700.6 − 695 = 5.6.
    expect(valuation.positions.get('SAP')).toMatchObject({ marketValue: '700.6', unrealizedGain: '5.6' });
    expect(valuation.positions.has('VTI')).toBe(false);
  });

  it('totals in the base currency with exact products', () => {
    // AAPL in EUR: 1811.8 × 0.9139932365 = 1655.9729458907; its cost 1851 × 0.9139932365 = 1691.8014807615.
    // Positions: 1655.9729458907 + 700.6 = 2356.5729458907; cost 1691.8014807615 + 695 = 2386.8014807615.
    // Unrealised: 2356.5729458907 − 2386.8014807615 = −30.2285348708.
    // Cash: 1000 − 50 × 0.9139932365 = 1000 − 45.699661825 = 954.300338175. Value: 3310.8732840657.
    expect(valuation.totals).toEqual({
      currency: 'EUR',
      marketValue: '2356.5729458907',
      costBasis: '2386.8014807615',
      unrealizedGain: '-30.2285348708',
      cash: '954.300338175',
      value: '3310.8732840657',
    });
  });

  it('weighs positions by their share of the base-currency market value', () => {
    // AAPL 1655.9729458907 / 2356.5729458907 ≈ 0.7027039; SAP 700.6 / 2356.5729458907 ≈ 0.2972961.
    expect(valuation.positions.get('AAPL')!.weight).toBeCloseTo(0.7027039, 6);
    expect(valuation.positions.get('SAP')!.weight).toBeCloseTo(0.2972961, 6);
  });
});

describe('resolveFxRate', () => {
  // A table of stored pairs, newest rate on or before the date (what the database query does).
  const stored: Record<string, Array<[string, string]>> = {
    'EUR>USD': [['2024-01-02', '1.25']],
    'USD>JPY': [['2024-01-02', '150']],
  };
  const direct: DirectRate = async (base, quote, date) =>
    (stored[`${base}>${quote}`] ?? []).filter(([d]) => d <= date).at(-1)?.[1] ?? null;

  it.each([
    ['EUR', 'USD', '1.25'], // stored
    ['USD', 'EUR', '0.8'], // 1 / 1.25 = 0.8 exactly
    ['EUR', 'JPY', '187.5'], // cross, no division: 1.25 × 150
    ['JPY', 'EUR', '0.0053333333'], // 1 / (150 × 1.25) = 1 / 187.5 = 0.005333… → 10 places
    ['CHF', 'CHF', '1'],
  ])('%s→%s = %s', async (base, quote, rate) => {
    expect(await resolveFxRate(direct, base, quote, '2024-01-05')).toBe(rate);
  });

  it('is null before the first rate and for unknown currencies', async () => {
    expect(await resolveFxRate(direct, 'EUR', 'USD', '2024-01-01')).toBeNull();
    expect(await resolveFxRate(direct, 'CHF', 'USD', '2024-01-05')).toBeNull();
  });
});
