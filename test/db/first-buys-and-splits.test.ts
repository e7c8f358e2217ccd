import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransactionService } from '../../src/core/ledger/transaction-service.js';
import type { TransactionFields } from '../../src/core/ledger/types.js';
import { BACKENDS } from '../helpers/backends.js';
import { openTestDatabase } from '../helpers/ledger-db.js';

/** The split check's query: per symbol the first buy and first transfer-in dates, and every split, in date order. */
const clock = { now: () => new Date('2026-06-30T12:00:00Z') };
const move = (date: string, type: TransactionFields['type'], symbol: string, quantity: string, price: string | null = '10'): TransactionFields => ({
  date,
  type,
  symbol,
  quantity,
  price: type === 'split' ? null : price,
  amount: null,
  fee: null,
  tax: null,
  currency: 'USD',
  note: null,
});

describe.each(BACKENDS)('firstBuysAndSplits on $name', (backend) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    if (backend.available) db = await openTestDatabase(backend);
  });
  afterAll(async () => db?.close());

  it.skipIf(!backend.available)('gives the earliest buy and transfer-in of each symbol asked for, and every split of them', async () => {
    const portfolio = await db.portfolio();
    const store = db.store();
    const service = createTransactionService(store, clock);
    // Entered out of date order: the answer follows the dates (then type and symbol).
    for (const fields of [
      move('2021-03-01', 'buy', 'AAA', '5'), // seq 1
      move('2020-01-02', 'buy', 'BBB', '1'), // seq 2
      move('2020-06-01', 'transfer-in', 'AAA', '2'), // seq 3: AAA's first, by date
      move('2020-06-01', 'buy', 'AAA', '1'), // seq 4: same day, entered later
      move('2022-01-03', 'split', 'AAA', '2:1'), // seq 5
      move('2022-02-01', 'sell', 'AAA', '3'), // seq 6
      move('2019-01-02', 'buy', 'CCC', '1'), // seq 7: not asked for
      move('2023-01-03', 'split', 'BBB', '3'), // seq 8
      move('2024-05-01', 'split', 'AAA', '3'), // seq 9
    ]) {
      await service.add(portfolio, fields);
    }
    const moves = await store.firstBuysAndSplits(portfolio, ['AAA', 'BBB']);
    expect(moves.map((m) => [m.date, m.type, m.symbol])).toEqual([
      ['2020-01-02', 'buy', 'BBB'],
      ['2020-06-01', 'buy', 'AAA'], // AAA's buys: 2021-03-01 and 2020-06-01, the earlier kept
      ['2020-06-01', 'transfer-in', 'AAA'],
      ['2022-01-03', 'split', 'AAA'],
      ['2023-01-03', 'split', 'BBB'],
      ['2024-05-01', 'split', 'AAA'],
    ]);
    expect(await store.firstBuysAndSplits(portfolio, [])).toEqual([]);
  });
});
