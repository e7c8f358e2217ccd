import { describe, expect, it } from 'vitest';
import { createLedger, InsufficientHoldingsError } from '../../src/core/ledger/ledger.js';
import { validateTransaction } from '../../src/core/ledger/transaction-input.js';
import type { LedgerEntry } from '../../src/core/ledger/types.js';
import { replayForPerformance } from '../../src/core/performance/replay.js';

const entry = (date: string, type: LedgerEntry['type'], fields: Partial<LedgerEntry> = {}): LedgerEntry => ({
  date,
  type,
  symbol: null,
  quantity: null,
  price: null,
  amount: null,
  fee: null,
  currency: 'USD',
  ...fields,
});

async function* from<T>(rows: T[]): AsyncIterable<T> {
  yield* rows;
}

// A statement that starts in the middle of a history:
//   2024-01-05 transfer-in 10 VTI at a stated cost of 200, fee 2  lot cost 10 × 200 + 2 = 2002, no cash
//   2024-02-01 buy 5 VTI @ 210                                  lot cost 1050, cash −1050
//   2024-03-01 sell 12 VTI @ 220, fee 1                          proceeds 12 × 220 − 1 = 2639
//              FIFO cost: 2002 (the 10 delivered) + 2 × 210 = 420 → 2422; realised 2639 − 2422 = 217
//   2024-04-01 transfer-out 3 VTI at 230                         the last 3 leave: cost 3 × 210 = 630,
//              "proceeds" 690 → realised 60 more (277 in all); no cash
const HISTORY: LedgerEntry[] = [
  entry('2024-01-05', 'transfer-in', { symbol: 'VTI', quantity: '10', price: '200', fee: '2' }),
  entry('2024-02-01', 'buy', { symbol: 'VTI', quantity: '5', price: '210' }),
  entry('2024-03-01', 'sell', { symbol: 'VTI', quantity: '12', price: '220', fee: '1' }),
  entry('2024-04-01', 'transfer-out', { symbol: 'VTI', quantity: '3', price: '230' }),
];

describe('transfer-in and transfer-out in the ledger engine', () => {
  it('moves lots and cost like a buy and a sell, and no cash', () => {
    const ledger = createLedger('fifo');
    ledger.apply(HISTORY[0]!);
    expect(ledger.positions()).toEqual([
      { symbol: 'VTI', quantity: '10', averageCost: '200.2', costBasis: '2002', realizedGain: '0', currency: 'USD', dividends: '0' },
    ]);
    expect(ledger.cash()).toEqual([]); // nothing touched cash
    for (const e of HISTORY.slice(1)) ledger.apply(e);
    expect(ledger.positions({ includeClosed: true })[0]).toMatchObject({ quantity: '0', costBasis: '0', realizedGain: '277' });
    // cash: −1050 (buy) + 2639 (sell) = 1589; the transfers moved none
    expect(ledger.cash()).toEqual([{ currency: 'USD', amount: '1589' }]);
  });

  it('refuses to deliver out more than is held', () => {
    const ledger = createLedger('fifo');
    ledger.apply(HISTORY[0]!);
    expect(() => ledger.apply(entry('2024-02-01', 'transfer-out', { symbol: 'VTI', quantity: '11', price: '1' }))).toThrow(InsufficientHoldingsError);
  });

  it('validates like a trade: symbol, quantity and price; no amount', () => {
    const context = { today: '2025-01-01', defaultCurrency: 'USD' };
    expect(validateTransaction({ date: '2024-01-05', type: 'transfer-in', symbol: 'vti', quantity: '10', price: '200' }, context)).toMatchObject({
      ok: true,
      value: { type: 'transfer-in', symbol: 'VTI', quantity: '10', price: '200', amount: null },
    });
    const bad = validateTransaction({ date: '2024-01-05', type: 'transfer-out', symbol: 'VTI', quantity: '10', amount: '5' }, context);
    expect(bad).toEqual({
      ok: false,
      errors: [
        { column: 'price', message: 'transfer-out needs a price' },
        { column: 'amount', message: 'transfer-out takes no amount: give quantity and price (and fee)' },
      ],
    });
  });
});

describe('transfers in performance flows', () => {
  // Holdings scope: the delivery in is money in at its stated value (10 × 200 + 2 = 2002), the
  // delivery out money out (3 × 230 = 690). Account scope: the same flows (shares moved in or out
  // of the account, as Portfolio Performance counts deliveries), and never cash.
  it.each(['holdings', 'account'] as const)('%s scope: a flow at the stated value, no cash', async (scope) => {
    const replay = await replayForPerformance(from(HISTORY), { method: 'fifo', scope, from: null });
    const byDate = Object.fromEntries(replay.days.map((d) => [d.date, d]));
    const money = (date: string) => {
      const day = byDate[date]!;
      const m = day.moves.find((x) => x.currency === 'USD')!;
      const unit = 10 ** day.places;
      return { inflow: Number(m.inflow) / unit, outflow: Number(m.outflow) / unit, realized: Number(m.realized) / unit, cash: Number(day.cash.find(([c]) => c === 'USD')?.[1] ?? 0n) / unit };
    };
    expect(money('2024-01-05')).toEqual({ inflow: 2002, outflow: 0, realized: 0, cash: 0 });
    // transfer-out of the last 3 (FIFO cost 3 × 210 = 630) at 230: 690 out, 60 realised; cash stays at 1589
    expect(money('2024-04-01')).toEqual({ inflow: 0, outflow: 690, realized: 60, cash: 1589 });
    expect(byDate['2024-04-01']!.quantities.map(([s, v]) => [s, Number(v)])).toEqual([['VTI', 0]]);
  });
});
