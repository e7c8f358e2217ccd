import { describe, expect, it } from 'vitest';
import { FolioError } from '../../src/core/errors.js';
import { FixedScale, roundDiv } from '../../src/core/ledger/fixed-point.js';
import { createLedger, InsufficientHoldingsError } from '../../src/core/ledger/ledger.js';
import type { CostBasisMethod, LedgerEntry, Position } from '../../src/core/ledger/types.js';

// Entries as the door hands them over: decimal strings, nulls for what a type does not use.
const trade =
  (type: 'buy' | 'sell') =>
  (date: string, symbol: string, quantity: string, price: string, fee: string | null = null, currency = 'USD'): LedgerEntry => ({
    date,
    type,
    symbol,
    quantity,
    price,
    amount: null,
    fee,
    currency,
  });
const buy = trade('buy');
const sell = trade('sell');
const split = (date: string, symbol: string, ratio: string): LedgerEntry => ({
  date,
  type: 'split',
  symbol,
  quantity: ratio,
  price: null,
  amount: null,
  fee: null,
  currency: 'USD',
});
const money =
  (type: 'dividend' | 'interest' | 'deposit' | 'withdrawal' | 'fee') =>
  (date: string, amount: string, currency = 'USD', symbol: string | null = null, fee: string | null = null): LedgerEntry => ({
    date,
    type,
    symbol,
    quantity: null,
    price: null,
    amount,
    fee,
    currency,
  });
const dividend = money('dividend');
const interest = money('interest');
const deposit = money('deposit');
const withdrawal = money('withdrawal');
const fee = money('fee');

function replay(method: CostBasisMethod, entries: LedgerEntry[]) {
  const ledger = createLedger(method);
  for (const entry of entries) ledger.apply(entry);
  return ledger;
}

function position(
  symbol: string,
  quantity: string,
  averageCost: string,
  costBasis: string,
  realizedGain: string,
  currency = 'USD',
  dividends = '0',
): Position {
  return { symbol, quantity, averageCost, costBasis, realizedGain, currency, dividends };
}

// Three lots of AAPL, fees in their cost, then two sells that cut across them.
//   lot 1  2024-01-02  10 × 100 + 5   = 1005   (unit 100.5)
//   lot 2  2024-02-01   5 × 120 + 2.5 =  602.5 (unit 120.5)
//   lot 3  2024-03-01  10 × 90  + 0   =  900   (unit 90)
const THREE_LOTS = [
  buy('2024-01-02', 'AAPL', '10', '100', '5'),
  buy('2024-02-01', 'AAPL', '5', '120', '2.5'),
  buy('2024-03-01', 'AAPL', '10', '90', null),
];
const FIRST_SELL = sell('2024-04-01', 'AAPL', '12', '130', '6'); // proceeds 12 × 130 − 6 = 1554
const SECOND_SELL = sell('2024-05-01', 'AAPL', '6', '80', '3'); // proceeds 6 × 80 − 3 = 477

describe('ledger positions', () => {
  it.each([
    {
      name: 'FIFO: partial sells across several lots, fees in the cost basis',
      method: 'fifo' as const,
      entries: [...THREE_LOTS, FIRST_SELL, SECOND_SELL],
      // sell 12: lot 1 whole (1005) + 2 of lot 2 (2 × 120.5 = 241) = 1246 → gain 1554 − 1246 = 308
      // sell 6:  rest of lot 2 (3 × 120.5 = 361.5) + 3 of lot 3 (3 × 90 = 270) = 631.5 → gain 477 − 631.5 = −154.5
      // left: 7 of lot 3 at 90 = 630; realised 308 − 154.5 = 153.5
      positions: [position('AAPL', '7', '90', '630', '153.5')],
      // −1005 − 602.5 − 900 + 1554 + 477 = −476.5 (a buy before any deposit: cash goes negative)
      cash: [{ currency: 'USD', amount: '-476.5' }],
    },
    {
      name: 'average cost: the same history gives a different realised gain',
      method: 'average' as const,
      entries: [...THREE_LOTS, FIRST_SELL, SECOND_SELL],
      // after the buys: 25 units, cost basis 1005 + 602.5 + 900 = 2507.5 (average 100.3)
      // sell 12: 2507.5 × 12 / 25 = 1203.6 → gain 1554 − 1203.6 = 350.4; left 13 units, 1303.9
      // sell 6:  1303.9 × 6 / 13 = 601.8 → gain 477 − 601.8 = −124.8; left 7 units, 702.1 (average 100.3)
      // realised 350.4 − 124.8 = 225.6
      positions: [position('AAPL', '7', '100.3', '702.1', '225.6')],
      cash: [{ currency: 'USD', amount: '-476.5' }],
    },
    {
      name: 'FIFO: a 2-for-1 split mid-history, then a sell',
      method: 'fifo' as const,
      entries: [
        buy('2024-01-02', 'NVDA', '10', '200', '10'), // lot 1: 2010 for 10 (unit 201)
        buy('2024-02-01', 'NVDA', '10', '220'), // lot 2: 2200 for 10 (unit 220)
        split('2024-03-01', 'NVDA', '2'), // lot 1: 20 at 100.5, lot 2: 20 at 110; costs unchanged
        sell('2024-04-01', 'NVDA', '25', '120', '5'), // proceeds 25 × 120 − 5 = 2995
      ],
      // cost sold: lot 1 whole (2010) + 5 of lot 2 (5 × 110 = 550) = 2560 → gain 2995 − 2560 = 435
      // left: 15 of lot 2 = 2200 × 15 / 20 = 1650 (average 110)
      positions: [position('NVDA', '15', '110', '1650', '435')],
      // −2010 − 2200 + 2995 = −1215
      cash: [{ currency: 'USD', amount: '-1215' }],
    },
    {
      name: 'FIFO: a 1-for-2 reverse split',
      method: 'fifo' as const,
      entries: [
        buy('2024-01-02', 'GE', '30', '10', '3'), // lot 1: 303 for 30 (unit 10.1)
        buy('2024-01-10', 'GE', '10', '12'), // lot 2: 120 for 10 (unit 12)
        split('2024-02-01', 'GE', '0.5'), // lot 1: 15 at 20.2, lot 2: 5 at 24
        sell('2024-03-01', 'GE', '16', '25'), // proceeds 16 × 25 = 400
      ],
      // cost sold: lot 1 whole (303) + 1 of lot 2 (24) = 327 → gain 400 − 327 = 73
      // left: 4 of lot 2 = 120 × 4 / 5 = 96 (average 24)
      positions: [position('GE', '4', '24', '96', '73')],
      // −303 − 120 + 400 = −23
      cash: [{ currency: 'USD', amount: '-23' }],
    },
    {
      name: 'average cost: a 1-for-2 reverse split keeps the cost basis, doubles the average',
      method: 'average' as const,
      entries: [buy('2024-01-02', 'GE', '30', '10', '3'), buy('2024-01-10', 'GE', '10', '12'), split('2024-02-01', 'GE', '0.5')],
      // 40 units for 303 + 120 = 423 → 20 units for 423, average 423 / 20 = 21.15
      positions: [position('GE', '20', '21.15', '423', '0')],
      cash: [{ currency: 'USD', amount: '-423' }],
    },
    {
      name: 'sell everything, then buy again',
      method: 'fifo' as const,
      entries: [
        buy('2024-01-02', 'TSLA', '10', '50', '1'), // 501
        sell('2024-02-01', 'TSLA', '10', '60', '1'), // proceeds 599 → gain 599 − 501 = 98
        buy('2024-03-01', 'TSLA', '4', '55'), // 220
      ],
      // the realised gain of the first round stays with the symbol
      positions: [position('TSLA', '4', '55', '220', '98')],
      // −501 + 599 − 220 = −122
      cash: [{ currency: 'USD', amount: '-122' }],
    },
    {
      name: 'FIFO: a lot sold in part whose cost does not divide (rounded to 10 places, half-even)',
      method: 'fifo' as const,
      entries: [buy('2024-01-02', 'KO', '3', '10', '1'), sell('2024-02-01', 'KO', '1', '12')],
      // lot 31 for 3; open cost 31 × 2 / 3 = 20.666… → 20.6666666667
      // cost sold 31 − 20.6666666667 = 10.3333333333 → gain 12 − 10.3333333333 = 1.6666666667
      // average 20.6666666667 / 2 = 10.33333333335 → half-even at 10 places → 10.3333333334
      positions: [position('KO', '2', '10.3333333334', '20.6666666667', '1.6666666667')],
      cash: [{ currency: 'USD', amount: '-19' }], // −31 + 12
    },
    {
      name: 'FIFO: a tie at the tenth place rounds to the even digit',
      method: 'fifo' as const,
      entries: [buy('2024-01-02', 'KO', '3', '10', '2'), sell('2024-02-01', 'KO', '1', '12')],
      // lot 32 for 3; open cost 32 × 2 / 3 = 21.333… → 21.3333333333
      // cost sold 32 − 21.3333333333 = 10.6666666667 → gain 12 − 10.6666666667 = 1.3333333333
      // average 21.3333333333 / 2 = 10.66666666665 → the tenth digit 6 is even: 10.6666666666
      positions: [position('KO', '2', '10.6666666666', '21.3333333333', '1.3333333333')],
      cash: [{ currency: 'USD', amount: '-20' }], // −32 + 12
    },
    {
      name: 'average cost: the same, sold in part then to the last unit: nothing is lost to rounding',
      method: 'average' as const,
      entries: [buy('2024-01-02', 'KO', '3', '10', '1'), sell('2024-02-01', 'KO', '1', '12'), sell('2024-03-01', 'KO', '2', '12')],
      // sell 1: 31 × 1 / 3 = 10.3333333333 → gain 1.6666666667, left 20.6666666667
      // sell 2 (all): the whole 20.6666666667 → gain 24 − 20.6666666667 = 3.3333333333
      // realised 1.6666666667 + 3.3333333333 = 5 = 36 − 31 exactly; cost basis exactly 0
      positions: [],
      closed: [position('KO', '0', '0', '0', '5')],
      cash: [{ currency: 'USD', amount: '5' }], // −31 + 12 + 24
    },
    {
      name: 'decimal exactness: 0.1 + 0.2',
      method: 'fifo' as const,
      entries: [
        deposit('2024-01-02', '0.1'),
        deposit('2024-01-02', '0.2'),
        buy('2024-01-03', 'XYZ', '0.1', '0.2', '0.1'), // 0.02 + 0.1 = 0.12
        buy('2024-01-04', 'XYZ', '0.2', '0.1', '0.2'), // 0.02 + 0.2 = 0.22
      ],
      // 0.3 units for 0.34; average 0.34 / 0.3 = 1.1333… → 1.1333333333
      positions: [position('XYZ', '0.3', '1.1333333333', '0.34', '0')],
      cash: [{ currency: 'USD', amount: '-0.04' }], // 0.1 + 0.2 − 0.12 − 0.22
    },
    {
      name: 'decimal exactness: more places than divisions keep (satoshis at a 6-place price)',
      method: 'fifo' as const,
      entries: [
        deposit('2024-01-02', '100.5'),
        // 1.23456789 × 43210.123456 = 43210.123456 + 0.23456789 × 43210.123456
        //                           = 43210.123456 + 10135.70748571342784 = 53345.83094171342784
        buy('2024-01-03', 'BTC', '1.23456789', '43210.123456'),
      ],
      positions: [position('BTC', '1.23456789', '43210.123456', '53345.83094171342784', '0')],
      cash: [{ currency: 'USD', amount: '-53245.33094171342784' }], // 100.5 − 53345.83094171342784
    },
    {
      name: 'a reverse split of a tiny holding needs more places than it had',
      method: 'fifo' as const,
      entries: [buy('2024-01-02', 'DUST', '0.0000000001', '1'), split('2024-02-01', 'DUST', '0.5')],
      // 0.0000000001 × 0.5 = 0.00000000005 units for the same 0.0000000001 → average 2
      positions: [position('DUST', '0.00000000005', '2', '0.0000000001', '0')],
      cash: [{ currency: 'USD', amount: '-0.0000000001' }],
    },
    {
      name: 'a split of a symbol not held does nothing',
      method: 'fifo' as const,
      entries: [buy('2024-01-02', 'AAPL', '1', '100'), split('2024-02-01', 'MSFT', '3')],
      positions: [position('AAPL', '1', '100', '100', '0')],
      cash: [{ currency: 'USD', amount: '-100' }],
    },
  ])('$name', ({ method, entries, positions, cash, ...rest }) => {
    const ledger = replay(method, entries);
    expect(ledger.positions()).toEqual(positions);
    expect(ledger.cash()).toEqual(cash);
    if ('closed' in rest) expect(ledger.positions({ includeClosed: true })).toEqual(rest.closed);
  });
});

describe('ledger lots', () => {
  it('FIFO: after a partial sell, shows what is left of each lot, oldest first', () => {
    const ledger = replay('fifo', [...THREE_LOTS, FIRST_SELL]);
    // sell 12 took lot 1 whole and 2 of lot 2's 5: 3 left at 120.5 = 361.5; lot 3 untouched
    expect(ledger.lots('AAPL')).toEqual([
      { date: '2024-02-01', quantity: '3', unitCost: '120.5', cost: '361.5', currency: 'USD' },
      { date: '2024-03-01', quantity: '10', unitCost: '90', cost: '900', currency: 'USD' },
    ]);
    ledger.apply(SECOND_SELL);
    // sell 6 took lot 2's last 3 and 3 of lot 3: 7 left at 90 = 630
    expect(ledger.lots('AAPL')).toEqual([{ date: '2024-03-01', quantity: '7', unitCost: '90', cost: '630', currency: 'USD' }]);
  });

  it('FIFO: a split multiplies lot quantities and divides unit costs', () => {
    const ledger = replay('fifo', [buy('2024-01-02', 'GE', '30', '10', '3'), buy('2024-01-10', 'GE', '10', '12'), split('2024-02-01', 'GE', '0.5')]);
    expect(ledger.lots('GE')).toEqual([
      { date: '2024-01-02', quantity: '15', unitCost: '20.2', cost: '303', currency: 'USD' }, // 303 / 15
      { date: '2024-01-10', quantity: '5', unitCost: '24', cost: '120', currency: 'USD' }, // 120 / 5
    ]);
  });

  it('average cost: the remaining units by buy date, each at the average cost, sharing the cost basis', () => {
    const ledger = replay('average', [
      buy('2024-01-02', 'KO', '2', '10'), // 20
      buy('2024-01-03', 'KO', '1', '11'), // 11 → 3 units for 31
      buy('2024-01-04', 'KO', '3', '12', '1'), // 37 → 6 units for 68
      sell('2024-02-01', 'KO', '1', '15'), // cost 68 × 1 / 6 = 11.3333333333; left 5 units, 56.6666666667
    ]);
    // units left oldest first: 1 of 2024-01-02, 1 of 2024-01-03, 3 of 2024-01-04
    // average 56.6666666667 / 5 = 11.33333333334
    // shares: 56.6666666667 × 1 / 5 = 11.33333333334 (10 places: 11.3333333333, the 4 rounds down) twice,
    //         the last lot the rest: 56.6666666667 − 2 × 11.3333333333 = 34.0000000001
    expect(ledger.lots('KO')).toEqual([
      { date: '2024-01-02', quantity: '1', unitCost: '11.3333333333', cost: '11.3333333333', currency: 'USD' },
      { date: '2024-01-03', quantity: '1', unitCost: '11.3333333333', cost: '11.3333333333', currency: 'USD' },
      { date: '2024-01-04', quantity: '3', unitCost: '11.3333333333', cost: '34.0000000001', currency: 'USD' },
    ]);
    expect(ledger.positions()).toEqual([position('KO', '5', '11.3333333333', '56.6666666667', '3.6666666667')]); // 15 − 11.3333333333
  });

  it('is empty for a symbol never held, or sold off', () => {
    const ledger = replay('fifo', [buy('2024-01-02', 'TSLA', '10', '50'), sell('2024-02-01', 'TSLA', '10', '60')]);
    expect(ledger.lots('TSLA')).toEqual([]);
    expect(ledger.lots('NOPE')).toEqual([]);
  });

  it('after selling everything and buying again, only the new lot is open', () => {
    const ledger = replay('fifo', [
      buy('2024-01-02', 'TSLA', '10', '50', '1'),
      sell('2024-02-01', 'TSLA', '10', '60', '1'),
      buy('2024-03-01', 'TSLA', '4', '55'),
    ]);
    expect(ledger.lots('TSLA')).toEqual([{ date: '2024-03-01', quantity: '4', unitCost: '55', cost: '220', currency: 'USD' }]);
  });
});

describe('closed positions', () => {
  it('are left out by default and shown with includeClosed, sorted by symbol with the open ones', () => {
    const ledger = replay('fifo', [
      buy('2024-01-02', 'TSLA', '10', '50', '1'), // 501
      sell('2024-02-01', 'TSLA', '10', '60', '1'), // 599 → gain 98
      buy('2024-02-02', 'AAPL', '2', '100'),
      dividend('2024-03-01', '1.5', 'USD', 'MSFT'), // a dividend of a symbol never bought
    ]);
    expect(ledger.positions()).toEqual([position('AAPL', '2', '100', '200', '0')]);
    expect(ledger.positions({ includeClosed: true })).toEqual([
      position('AAPL', '2', '100', '200', '0'),
      position('MSFT', '0', '0', '0', '0', 'USD', '1.5'),
      position('TSLA', '0', '0', '0', '98'),
    ]);
  });
});

describe('selling more than is held', () => {
  it.each([
    { name: 'more than bought', entries: [buy('2024-01-02', 'AAPL', '10', '100')], sold: '12', held: '10' },
    { name: 'a symbol never bought', entries: [], sold: '12', held: '0' },
    { name: 'more than a split left', entries: [buy('2024-01-02', 'AAPL', '10', '100'), split('2024-02-01', 'AAPL', '2')], sold: '21', held: '20' },
    { name: 'a hair more than 0.1 + 0.2', entries: [buy('2024-01-02', 'AAPL', '0.1', '1'), buy('2024-01-02', 'AAPL', '0.2', '1')], sold: '0.30000001', held: '0.3' },
    {
      name: 'after selling everything',
      entries: [buy('2024-01-02', 'AAPL', '5', '100'), sell('2024-02-01', 'AAPL', '5', '100')],
      sold: '12',
      held: '0',
    },
  ])('$name: a usage error with what is held and what was asked, and nothing changes', ({ entries, sold, held }) => {
    for (const method of ['fifo', 'average'] as const) {
      const ledger = replay(method, entries);
      const before = { positions: ledger.positions({ includeClosed: true }), cash: ledger.cash(), income: ledger.income() };
      let thrown: unknown;
      try {
        ledger.apply(sell('2024-03-01', 'AAPL', sold, '100', '1'));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InsufficientHoldingsError);
      expect(thrown).toBeInstanceOf(FolioError);
      const error = thrown as InsufficientHoldingsError;
      expect(error.kind).toBe('usage');
      expect(error.message).toBe(`sell of ${sold} AAPL on 2024-03-01 exceeds the ${held} held`);
      expect({ symbol: error.symbol, date: error.date, held: error.held, requested: error.requested }).toEqual({
        symbol: 'AAPL',
        date: '2024-03-01',
        held,
        requested: sold,
      });
      expect({ positions: ledger.positions({ includeClosed: true }), cash: ledger.cash(), income: ledger.income() }).toEqual(before);
    }
  });
});

describe('cash and income in several currencies', () => {
  const history = [
    deposit('2024-01-02', '10000', 'USD'),
    deposit('2024-01-02', '5000', 'EUR'),
    buy('2024-01-03', 'AAPL', '10', '150', '1', 'USD'), // 1501
    buy('2024-01-03', 'SAP', '20', '120.5', '2.5', 'EUR'), // 2410 + 2.5 = 2412.5
    dividend('2024-02-01', '2.4', 'USD', 'AAPL'),
    dividend('2024-02-15', '44', 'EUR', 'SAP'),
    fee('2024-03-01', '15', 'USD'), // an account fee
    interest('2024-03-01', '3.21', 'EUR'),
    withdrawal('2024-04-01', '1000', 'EUR'),
    withdrawal('2024-04-02', '500', 'USD', null, '1.5'), // a withdrawal that costs a fee
  ];

  it.each(['fifo', 'average'] as const)('keeps each currency apart, exactly (%s)', (method) => {
    const ledger = replay(method, history);
    expect(ledger.cash()).toEqual([
      { currency: 'EUR', amount: '1634.71' }, // 5000 − 2412.5 + 44 + 3.21 − 1000
      { currency: 'USD', amount: '7984.9' }, // 10000 − 1501 + 2.4 − 15 − 500 − 1.5
    ]);
    expect(ledger.income()).toEqual([
      { currency: 'EUR', dividends: '44', interest: '3.21', fees: '0', tradeFees: '2.5', taxes: '0' },
      { currency: 'USD', dividends: '2.4', interest: '0', fees: '16.5', tradeFees: '1', taxes: '0' }, // fees 15 + 1.5
    ]);
    expect(ledger.positions()).toEqual([
      position('AAPL', '10', '150.1', '1501', '0', 'USD', '2.4'), // 1501 / 10
      position('SAP', '20', '120.625', '2412.5', '0', 'EUR', '44'), // 2412.5 / 20
    ]);
  });

  it('takes the position currency from the first buy', () => {
    const ledger = replay('fifo', [
      dividend('2024-01-01', '1', 'GBP', 'SHEL'), // before any buy
      buy('2024-01-02', 'SHEL', '1', '20', null, 'EUR'),
      buy('2024-01-03', 'SHEL', '1', '20', null, 'USD'),
    ]);
    expect(ledger.positions()).toEqual([position('SHEL', '2', '20', '40', '0', 'EUR', '1')]);
  });

  it('lists no currency it never saw and no income where there was none', () => {
    const ledger = replay('fifo', []);
    expect(ledger.cash()).toEqual([]);
    expect(ledger.income()).toEqual([]);
    expect(ledger.positions()).toEqual([]);
  });
});

describe('apply', () => {
  it('refuses entries out of date order', () => {
    const ledger = replay('fifo', [deposit('2024-02-01', '1')]);
    expect(() => ledger.apply(deposit('2024-01-31', '1'))).toThrow(/out of order/);
  });

  it('treats a null fee on a trade as 0', () => {
    const ledger = replay('fifo', [buy('2024-01-02', 'AAPL', '2', '10', null), sell('2024-01-03', 'AAPL', '1', '12', null)]);
    // cost 20; sold 1 of the lot (10) for 12 → gain 2
    expect(ledger.positions()).toEqual([position('AAPL', '1', '10', '10', '2')]);
    expect(ledger.income()).toEqual([]);
  });
});

describe('fixed-point helpers', () => {
  it.each([
    { n: 5n, d: 2n, q: 2n }, // 2.5 → 2 (even)
    { n: 7n, d: 2n, q: 4n }, // 3.5 → 4 (even)
    { n: -5n, d: 2n, q: -2n }, // −2.5 → −2
    { n: -7n, d: 2n, q: -4n }, // −3.5 → −4
    { n: 5n, d: -2n, q: -2n }, // −2.5 → −2
    { n: 2n, d: 3n, q: 1n }, // 0.666… → 1
    { n: -2n, d: 3n, q: -1n }, // −0.666… → −1
    { n: 1n, d: 3n, q: 0n }, // 0.333… → 0
    { n: 6n, d: 3n, q: 2n }, // exact
  ])('roundDiv($n, $d) = $q (half to even)', ({ n, d, q }) => {
    expect(roundDiv(n, d)).toBe(q);
  });

  it.each([
    ['0', '0'],
    ['1.50', '1.5'],
    ['-0.000', '0'],
    ['-12.340', '-12.34'],
    ['0.0000000001', '0.0000000001'],
    ['999999999999999', '999999999999999'], // 15 digits: the largest a JS number counts exactly here
    ['9999999999999999', '9999999999999999'], // 16 digits: beyond 2^53
    ['99999999.9999999', '99999999.9999999'],
    ['123456789012345678901234567890', '123456789012345678901234567890'],
    ['0.000000000000123', '0.000000000000123'],
  ])('reads %s and writes %s', (text, written) => {
    const scale = new FixedScale(() => {});
    expect(scale.format(scale.read(text))).toBe(written);
  });
});
