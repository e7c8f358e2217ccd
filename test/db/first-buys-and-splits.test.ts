import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransactionService } from '../../src/core/ledger/transaction-service.js';
import type { TransactionFields } from '../../src/core/ledger/types.js';
import { BACKENDS } from '../helpers/backends.js';
import { openTestDatabase } from '../helpers/ledger-db.js';

/** The split check's query: per split symbol its first buy or transfer-in, and the splits recorded on the provider's dates, in date order. */
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

  it.skipIf(!backend.available)('gives the first buy or transfer-in of each split symbol, and the splits recorded on the split dates asked for', async () => {
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
      move('2024-05-01', 'split', 'AAA', '3'), // seq 9: a date not asked for
      move('2023-01-03', 'split', 'AAA', '2'), // seq 10: a date asked for BBB only
    ]) {
      await service.add(portfolio, fields);
    }
    const providerSplits = [
      { symbol: 'AAA', date: '2022-01-03' }, // recorded
      { symbol: 'AAA', date: '2025-01-02' }, // not recorded
      { symbol: 'BBB', date: '2023-01-03' }, // recorded
    ];
    const moves = await store.firstBuysAndSplits(portfolio, providerSplits);
    expect(moves.map((m) => [m.date, m.type, m.symbol])).toEqual([
      ['2020-01-02', 'buy', 'BBB'],
      ['2020-06-01', 'transfer-in', 'AAA'], // AAA's first: the transfer-in and a buy on 2020-06-01, the transfer-in entered first
      ['2022-01-03', 'split', 'AAA'],
      ['2023-01-03', 'split', 'BBB'],
    ]);
    expect(await store.firstBuysAndSplits(portfolio, [])).toEqual([]);
  });
});
