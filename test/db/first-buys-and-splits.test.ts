import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransactionService } from '../../src/core/ledger/transaction-service.js';
import type { TransactionFields } from '../../src/core/ledger/types.js';
import { BACKENDS } from '../helpers/backends.js';
import { openTestDatabase } from '../helpers/ledger-db.js';

/** The split check's query: each symbol's first buy or transfer-in and its splits, in (date, seq) order. */
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

  it.skipIf(!backend.available)('gives the earliest buy or transfer-in of each symbol asked for, and every split of them', async () => {
    const portfolio = await db.portfolio();
    const store = db.store();
    const service = createTransactionService(store, clock);
    // Entered out of date order: seq follows entry, the answer follows (date, seq).
    for (const fields of [
      move('2021-03-01', 'buy', 'AAA', '5'), // seq 1
      move('2020-01-02', 'buy', 'BBB', '1'), // seq 2
      move('2020-06-01', 'transfer-in', 'AAA', '2'), // seq 3: AAA's first, by date
      move('2020-06-01', 'buy', 'AAA', '1'), // seq 4: same day, entered later
      move('2022-01-03', 'split', 'AAA', '2:1'), // seq 5
      move('2022-02-01', 'sell', 'AAA', '3'), // seq 6
      move('2019-01-02', 'buy', 'CCC', '1'), // seq 7: not asked for
      move('2023-01-03', 'split', 'BBB', '3'), // seq 8
    ]) {
      await service.add(portfolio, fields);
    }
    const moves = await store.firstBuysAndSplits(portfolio, ['AAA', 'BBB']);
    expect(moves.map((m) => [m.seq, m.date, m.type, m.symbol, m.quantity])).toEqual([
      [2, '2020-01-02', 'buy', 'BBB', '1'],
      [3, '2020-06-01', 'transfer-in', 'AAA', '2'],
      [5, '2022-01-03', 'split', 'AAA', '2:1'],
      [8, '2023-01-03', 'split', 'BBB', '3'],
    ]);
    expect(await store.firstBuysAndSplits(portfolio, [])).toEqual([]);
  });
});
