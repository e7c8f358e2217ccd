import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../scripts/random.js';
import { ledgerAsOf } from '../../src/core/ledger/checkpoints.js';
import { replay } from '../../src/core/ledger/holdings.js';
import type { Ledger } from '../../src/core/ledger/ledger.js';
import { createTransactionService } from '../../src/core/ledger/transaction-service.js';
import type { CostBasisMethod, TransactionFields } from '../../src/core/ledger/types.js';
import { readTransactionCsv } from '../../src/io/transaction-csv.js';
import { BACKENDS } from '../helpers/backends.js';
import { openTestDatabase } from '../helpers/ledger-db.js';
import { countedWrite, randomWrite, storedTransactions, type RandomWrites } from '../helpers/random-writes.js';

/**
 * Checkpoints are a cache of the ledger engine's state: whatever writes come in (adds, edits and
 * removals in the past, splits, imports), a read that starts from them must give exactly what a
 * replay of the whole history gives. The reference is the plain replay (`replay`), the path every
 * read took before checkpoints; `every: 1` makes each read leave checkpoints behind.
 */

const clock = { now: () => new Date('2026-06-30T12:00:00Z') };
const SYMBOLS = ['AAA', 'BBB', 'CCC'];
const TYPES = ['buy', 'buy', 'buy', 'sell', 'sell', 'dividend', 'interest', 'deposit', 'withdrawal', 'fee', 'split'] as const;
const HEADER = 'date,type,symbol,quantity,price,amount,fee,currency,note';

function randomFields(random: () => number): TransactionFields {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const year = 2019 + Math.floor(random() * 8); // 2019 … 2026
  const month = 1 + Math.floor(random() * (year === 2026 ? 6 : 12));
  const date = `${year}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
  const type = pick(TYPES);
  const money = () => `${1 + Math.floor(random() * 5000)}.${String(Math.floor(random() * 100)).padStart(2, '0')}`;
  const base: TransactionFields = { date, type, symbol: null, quantity: null, price: null, amount: null, fee: null, currency: pick(['USD', 'USD', 'EUR']), note: null, tax: null };
  switch (type) {
    case 'buy':
    case 'sell':
      return { ...base, symbol: pick(SYMBOLS), quantity: String(1 + Math.floor(random() * (type === 'buy' ? 40 : 8))) + pick(['', '.5', '.125']), price: money(), fee: random() < 0.5 ? '1.5' : null };
    case 'split':
      return { ...base, symbol: pick(SYMBOLS), quantity: pick(['2', '3', '0.5', '1.5']) };
    case 'dividend':
    case 'fee':
      return { ...base, symbol: random() < 0.7 ? pick(SYMBOLS) : null, amount: money() };
    default:
      return { ...base, amount: money(), fee: type === 'interest' && random() < 0.3 ? '0.25' : null };
  }
}

function figures(ledger: Ledger) {
  return {
    positions: ledger.positions({ includeClosed: true }),
    cash: ledger.cash(),
    income: ledger.income(),
    lots: SYMBOLS.map((symbol) => ledger.lots(symbol)),
  };
}

describe.each(BACKENDS)('ledger checkpoints on $name', (backend) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    if (backend.available) db = await openTestDatabase(backend);
  });
  afterAll(async () => db?.close());

  it.skipIf(!backend.available)('give the same figures as a full replay after any sequence of writes', { timeout: 120_000 }, async () => {
    const random = createRandom(backend.name === 'sqlite' ? 15 : 51);
    const portfolio = await db.portfolio();
    const store = db.store();
    const service = createTransactionService(store, clock, { checkpointEvery: 1 });
    const stats = { writes: 0, refused: 0, fromCheckpoint: 0, reads: 0 };
    const write = countedWrite(stats);
    const writes: RandomWrites = {
      service,
      store,
      portfolio,
      random,
      fields: randomFields,
      today: '2026-06-30',
      write,
      add: () => write(() => service.add(portfolio, randomFields(random))),
    };
    for (let step = 0; step < 70; step++) {
      await randomWrite(writes, step);

      for (const method of ['fifo', 'average'] as CostBasisMethod[]) {
        for (const asOf of ['2026-06-30', `${2019 + Math.floor(random() * 8)}-0${1 + Math.floor(random() * 6)}-15`]) {
          const expected = figures(await replay(store.ledgerEntries(portfolio, { to: asOf }), method));
          const read = await ledgerAsOf(store, portfolio, method, asOf, { every: 1 });
          expect(figures(read.ledger), `step ${step}, ${method} as of ${asOf}`).toEqual(expected);
          stats.reads++;
          if (read.from !== null) stats.fromCheckpoint++;
        }
      }
    }
    // The comparison is not vacuous: writes went through, some were refused, most reads started from a checkpoint.
    expect(stats.writes).toBeGreaterThan(40);
    expect(stats.fromCheckpoint).toBeGreaterThan(stats.reads / 2);
    const kept = await db.database.db.selectFrom('ledger_checkpoints').select(['method', 'year']).where('portfolio_id', '=', portfolio).execute();
    expect(kept.length).toBeGreaterThan(0);
    expect(new Set(kept.map((k) => `${k.method} ${k.year}`)).size).toBe(kept.length); // one per method and year
  });

  it.skipIf(!backend.available)('are left behind by an import in date order, at the year ends it passes', async () => {
    const portfolio = await db.portfolio();
    const store = db.store();
    const service = createTransactionService(store, clock, { checkpointEvery: 2 });
    const rows = ['2023-05-01,deposit,,,,1000,,USD,', '2023-06-01,buy,AAA,10,20,,1,USD,', '2024-02-01,sell,AAA,4,25,,,USD,', '2024-03-01,dividend,AAA,,,3.5,,USD,', '2024-04-01,split,AAA,2,,,,USD,'];
    const read = (onRow: (fields: TransactionFields, line: number) => Promise<void> | void) =>
      readTransactionCsv(Readable.from([[HEADER, ...rows].join('\n')]), { context: { today: '2026-06-30', defaultCurrency: 'USD' }, onRow });
    await service.import(portfolio, { source: 'in-order.csv', read });
    const kept = await db.database.db.selectFrom('ledger_checkpoints').select(['method', 'date', 'entries']).where('portfolio_id', '=', portfolio).orderBy('date').execute();
    expect(kept.map((k) => ({ ...k, entries: Number(k.entries) }))).toEqual([
      { method: 'fifo', date: '2023-06-01', entries: 2 },
      { method: 'fifo', date: '2024-04-01', entries: 5 },
    ]);
    const fromCheckpoint = await ledgerAsOf(store, portfolio, 'fifo', '2026-06-30');
    expect(fromCheckpoint).toMatchObject({ from: '2024-04-01', replayed: 0, entries: 5 });
    // 10 AAA for 10 × 20 + 1 = 201; 4 sold (cost 4 × 20.1 = 80.4); 6 left cost 120.6, split 2:1 → 12 at 10.05.
    expect(fromCheckpoint.ledger.positions()).toEqual([
      { symbol: 'AAA', quantity: '12', averageCost: '10.05', costBasis: '120.6', realizedGain: '19.6', currency: 'USD', dividends: '3.5' },
    ]);
    // Cash: 1000 − 201 + 100 + 3.5.
    expect(fromCheckpoint.ledger.cash()).toEqual([{ currency: 'USD', amount: '902.5' }]);
    expect(figures(fromCheckpoint.ledger)).toEqual(figures(await replay(store.ledgerEntries(portfolio), 'fifo')));
  });

  it.skipIf(!backend.available)('are left at the last row of an import in date order, however short', async () => {
    const portfolio = await db.portfolio();
    const store = db.store();
    const service = createTransactionService(store, clock, { checkpointEvery: 100 });
    const rows = ['2023-05-01,deposit,,,,1000,,USD,', '2023-06-01,buy,AAA,10,20,,1,USD,', '2024-02-01,sell,AAA,4,25,,,USD,'];
    const read = (onRow: (fields: TransactionFields, line: number) => Promise<void> | void) =>
      readTransactionCsv(Readable.from([[HEADER, ...rows].join('\n')]), { context: { today: '2026-06-30', defaultCurrency: 'USD' }, onRow });
    await service.import(portfolio, { source: 'short.csv', read });
    const kept = await db.database.db.selectFrom('ledger_checkpoints').select(['date', 'entries']).where('portfolio_id', '=', portfolio).execute();
    // 3 rows, far fewer than 100: no year-end checkpoint, one at the last row.
    expect(kept.map((k) => ({ ...k, entries: Number(k.entries) }))).toEqual([{ date: '2024-02-01', entries: 3 }]);
    const fromCheckpoint = await ledgerAsOf(store, portfolio, 'fifo', '2026-06-30');
    expect(fromCheckpoint).toMatchObject({ from: '2024-02-01', replayed: 0, entries: 3 });
    // Cash: 1000 − (10 × 20 + 1) + 4 × 25 = 899.
    expect(fromCheckpoint.ledger.cash()).toEqual([{ currency: 'USD', amount: '899' }]);
    expect(figures(fromCheckpoint.ledger)).toEqual(figures(await replay(store.ledgerEntries(portfolio), 'fifo')));
  });

  it.skipIf(!backend.available)('drop a checkpoint worked out before a write, and the ones a past write makes stale', async () => {
    const portfolio = await db.portfolio();
    const store = db.store();
    const service = createTransactionService(store, clock);
    const deposit = (date: string, amount: string): TransactionFields => ({ date, type: 'deposit', symbol: null, quantity: null, price: null, amount, fee: null, currency: 'USD', note: null, tax: null });
    await service.add(portfolio, deposit('2020-03-01', '100'));
    await service.add(portfolio, deposit('2021-03-01', '10'));
    await service.add(portfolio, deposit('2022-03-01', '1'));
    // A read that started before a write must not store what it saw: the version moved on.
    const version = await store.checkpoints.version(portfolio);
    const before = await replay(store.ledgerEntries(portfolio, { to: '2026-06-30' }), 'fifo');
    await service.add(portfolio, deposit('2021-06-01', '1000'));
    expect(await store.checkpoints.save(portfolio, 'fifo', version, [{ date: '2022-03-01', entries: 3, state: before.snapshot() }])).toBe(false);
    expect(await store.checkpoints.latest(portfolio, 'fifo', '2026-06-30')).toBeUndefined();

    const first = await ledgerAsOf(store, portfolio, 'fifo', '2026-06-30', { every: 1 });
    expect(first.from).toBeNull();
    expect(first.ledger.cash()).toEqual([{ currency: 'USD', amount: '1111' }]); // 100 + 10 + 1000 + 1
    // Checkpoints at the year ends passed (2020-03-01, 2021-06-01) and the last entry (2022-03-01).
    const years = await db.database.db.selectFrom('ledger_checkpoints').select(['year', 'date']).where('portfolio_id', '=', portfolio).orderBy('year').execute();
    expect(years).toEqual([
      { year: '2020', date: '2020-03-01' },
      { year: '2021', date: '2021-06-01' },
      { year: '2022', date: '2022-03-01' },
    ]);
    // Removing the 2021-03-01 deposit drops the 2021 and 2022 checkpoints; the next read starts from 2020's.
    const [, second] = await storedTransactions(store, portfolio);
    await service.remove(second!);
    const after = await ledgerAsOf(store, portfolio, 'fifo', '2026-06-30', { every: 1 });
    expect(after.from).toBe('2020-03-01');
    expect(after.replayed).toBe(2);
    expect(after.ledger.cash()).toEqual([{ currency: 'USD', amount: '1101' }]); // 100 + 1000 + 1
  });
});
