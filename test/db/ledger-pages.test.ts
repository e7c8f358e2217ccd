import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEntry, Transaction, TransactionType } from '../../src/core/ledger/types.js';
import { BACKENDS } from '../helpers/backends.js';
import { openTestDatabase } from '../helpers/ledger-db.js';
import { copiedLedgerPages, PAGE_ROWS, sortByDateAndSeq } from '../../src/db/repositories/ledger-pages.js';

/**
 * `ledgerEntries` reads the ledger fields a page at a time (on SQLite, a page of rows joined into one
 * string by SQL and split again). 4,321 rows over a few dates, entered out of date order, put page
 * boundaries inside a date; every kind of field (blank ones, a split's ratio, tax, a second currency)
 * must come back as stored, in (date, seq) order, with the filters applied. The expected entries are
 * the inserted rows sorted here, not anything the store computes.
 */

const ROWS = 4321;
const DATES = ['2021-03-04', '2021-03-05', '2022-01-10', '2023-07-31'];
const SYMBOLS = ['AAA', 'BRK.B', 'X-1'];

function row(portfolioId: string, i: number): Transaction {
  const date = DATES[(i * 7) % DATES.length]!;
  const symbol = SYMBOLS[i % SYMBOLS.length]!;
  const base = { id: `t${i}`, portfolioId, seq: ROWS - i, date, createdAt: '2026-06-30T12:00:00.000Z', note: i % 5 === 0 ? 'a, "note"' : null };
  const blank = { symbol: null, quantity: null, price: null, amount: null, fee: null, tax: null, currency: i % 4 === 0 ? 'EUR' : 'USD' };
  const kinds: Array<Partial<Transaction> & { type: TransactionType }> = [
    { type: 'buy', symbol, quantity: `${1 + (i % 50)}`, price: `${10 + (i % 90)}.125`, fee: i % 2 === 0 ? '0.99' : null },
    { type: 'sell', symbol, quantity: '0.5', price: '12345678.123456789' },
    { type: 'dividend', symbol, amount: '7.25', tax: i % 3 === 0 ? '1.0875' : null },
    { type: 'split', symbol, quantity: i % 2 === 0 ? '1:3' : '2' },
    { type: 'deposit', amount: '1000000000000.01', fee: '5' },
    { type: 'interest', amount: '0.01' },
  ];
  return { ...base, ...blank, ...kinds[i % kinds.length]! } as Transaction;
}

const entryOf = (t: Transaction): LedgerEntry => ({
  date: t.date,
  type: t.type,
  symbol: t.symbol,
  quantity: t.quantity,
  price: t.price,
  amount: t.amount,
  fee: t.fee,
  currency: t.currency,
  tax: t.tax,
});

describe.each(BACKENDS)('ledger entries by pages on $name', (backend) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let portfolio: string;
  let rows: Transaction[];
  beforeAll(async () => {
    if (!backend.available) return;
    db = await openTestDatabase(backend);
    portfolio = await db.portfolio();
    const other = await db.portfolio();
    rows = Array.from({ length: ROWS }, (_, i) => row(portfolio, i));
    const store = db.store();
    await store.atomically((s) => s.insert(rows));
    await store.atomically((s) => s.insert([{ ...row(other, 0), id: 'other' }]));
  });
  afterAll(async () => db?.close());

  const sorted = () => [...rows].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq));

  it.skipIf(!backend.available)('come back as stored, in (date, seq) order, one by one and by pages', async () => {
    const expected = sorted().map(entryOf);
    const store = db.store();
    const one: LedgerEntry[] = [];
    for await (const entry of store.ledgerEntries(portfolio)) one.push(entry);
    expect(one).toEqual(expected);

    const pages: number[] = [];
    const paged: LedgerEntry[] = [];
    for await (const page of store.ledgerEntries(portfolio).pages()) {
      pages.push(page.length);
      paged.push(...page);
    }
    expect(paged).toEqual(expected);
    expect(pages.length).toBeGreaterThan(1);
  });

  it.skipIf(!backend.available)('keep to the filters: after a date, up to a date, one symbol', async () => {
    const store = db.store();
    const read = async (filter: { after?: string; to?: string; symbol?: string }) => {
      const list: LedgerEntry[] = [];
      for await (const page of store.ledgerEntries(portfolio, filter).pages()) list.push(...page);
      return list;
    };
    const after = '2021-03-04';
    const to = '2022-01-10';
    expect(await read({ after, to })).toEqual(sorted().filter((t) => t.date > after && t.date <= to).map(entryOf));
    expect(await read({ symbol: 'BRK.B', to })).toEqual(sorted().filter((t) => t.symbol === 'BRK.B' && t.date <= to).map(entryOf));
    expect(await read({ after: '2023-07-31' })).toEqual([]);
  });

  it.skipIf(!backend.available)('inside a transaction, include the rows it wrote and has not committed', async () => {
    const fresh = await db.portfolio();
    const written = [row(fresh, 1), row(fresh, 2)].map((t, i) => ({ ...t, id: `uncommitted-${i}` }));
    const seen = await db.store().atomically(async (s) => {
      await s.insert(written);
      const { entries } = await readPages(s.ledgerEntries(fresh).pages());
      return entries;
    });
    expect(seen).toEqual([...written].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq)).map(entryOf));
  });
});

/** Pages until the end, and each page's length. */
async function readPages(pages: AsyncIterable<readonly LedgerEntry[]>): Promise<{ entries: LedgerEntry[]; sizes: number[] }> {
  const entries: LedgerEntry[] = [];
  const sizes: number[] = [];
  for await (const page of pages) {
    sizes.push(page.length);
    entries.push(...page);
  }
  return { entries, sizes };
}

/** Full pages of PAGE_ROWS, then what is left (none when nothing is). */
const pageSizes = (rows: number) => [...Array<number>(Math.floor(rows / PAGE_ROWS)).fill(PAGE_ROWS), ...(rows % PAGE_ROWS ? [rows % PAGE_ROWS] : [])];

describe.each(BACKENDS)('many ledger entries on $name (on Postgres, one COPY read in several chunks)', (backend) => {
  // About 1 MB of COPY text: the reader gets it in 256 KB chunks cut mid-row, and pages end mid-chunk.
  const MANY = 24_007;
  it.skipIf(!backend.available)('come back whole, in order, in full pages but the last', async () => {
    const db = await openTestDatabase(backend);
    try {
      expect(Boolean(db.database.capabilities.copyOut)).toBe(backend.name === 'postgres');
      const portfolio = await db.portfolio();
      const rows = Array.from({ length: MANY }, (_, i) => ({ ...row(portfolio, i), seq: MANY - i }));
      const store = db.store();
      await store.atomically((s) => s.insert(rows));
      const expected = [...rows].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq)).map(entryOf);
      const { entries, sizes } = await readPages(store.ledgerEntries(portfolio).pages());
      expect(entries).toEqual(expected);
      expect(sizes).toEqual(pageSizes(MANY));
      const to = '2022-01-10';
      const filtered = await readPages(store.ledgerEntries(portfolio, { after: '2021-03-04', to, symbol: 'X-1' }).pages());
      expect(filtered.entries).toEqual(expected.filter((e) => e.date > '2021-03-04' && e.date <= to && e.symbol === 'X-1'));
    } finally {
      await db.close();
    }
  });
});

describe('ledger entries from COPY text in chunks cut anywhere', () => {
  const ENTRIES = 5003;
  const entries = Array.from({ length: ENTRIES }, (_, i) => entryOf(row('p', i)));
  // COPY's text format as written here by hand: tab between fields, a line feed after each row, nulls as empty fields, the seq last.
  const text = entries.map((e, i) => [e.date, e.type, e.symbol, e.quantity, e.price, e.amount, e.fee, e.currency, e.tax, i + 1].map((v) => v ?? '').join('\t') + '\n').join('');
  const inOrder = [...entries].map((e, i) => ({ e, i })).sort((a, b) => (a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : a.i - b.i));
  const sortedText = inOrder.map(({ e, i }) => text.split('\n')[i]! + '\n').join('');
  const expected = inOrder.map(({ e }) => e);

  async function* chunks(all: string, sizes: readonly number[]) {
    for (let at = 0, n = 0; at < all.length; n++) {
      const size = sizes[n % sizes.length]!;
      yield all.slice(at, at + size);
      at += size;
    }
  }

  it('come back as written, in pages of PAGE_ROWS, whatever the cuts', async () => {
    for (const sizes of [[1, 2, 3, 50, 97, 4099], [sortedText.length], [65_536, 31]]) {
      const { entries: read, sizes: pages } = await readPages(copiedLedgerPages(chunks(sortedText, sizes)));
      expect(read).toEqual(expected);
      expect(pages).toEqual(pageSizes(ENTRIES));
    }
    expect(await readPages(copiedLedgerPages(chunks('', [1])))).toEqual({ entries: [], sizes: [] });
  });

  it('refuse a text cut off mid-row', async () => {
    await expect(readPages(copiedLedgerPages(chunks(sortedText.slice(0, -5), [4096])))).rejects.toThrow(/mid-row/);
  });
});

describe('ledger entries by pages on SQLite, while another process writes', () => {
  it('come from one snapshot: a row committed between two pages is not seen until the next read', async () => {
    const db = await openTestDatabase(BACKENDS.find((b) => b.name === 'sqlite')!);
    try {
      const portfolio = await db.portfolio();
      const rows = Array.from({ length: ROWS }, (_, i) => row(portfolio, i));
      const store = db.store();
      await store.atomically((s) => s.insert(rows));
      const other = new Sqlite(db.database.description.replace(/^sqlite:/, ''));
      const late = { ...entryOf(row(portfolio, 0)), date: '2030-01-01' };
      let read = 0;
      let inserted = false;
      for await (const page of store.ledgerEntries(portfolio).pages()) {
        read += page.length;
        if (inserted) continue;
        other
          .prepare("insert into transactions (id, portfolio_id, seq, date, type, currency, amount, created_at) values ('late', ?, ?, ?, 'deposit', 'USD', '1', 'x')")
          .run(portfolio, ROWS + 1, late.date);
        inserted = true;
      }
      other.close();
      expect(inserted).toBe(true);
      expect(read).toBe(ROWS);
      let after = 0;
      for await (const page of store.ledgerEntries(portfolio).pages()) after += page.length;
      expect(after).toBe(ROWS + 1);
    } finally {
      await db.close();
    }
  });
});

describe('a page read out of order', () => {
  it('is put in (date, seq) order, with its seqs', () => {
    const entry = (date: string, amount: string): LedgerEntry => ({ date, type: 'deposit', symbol: null, quantity: null, price: null, amount, fee: null, currency: 'USD', tax: null });
    const entries = [entry('2024-01-02', 'a'), entry('2024-01-01', 'b'), entry('2024-01-02', 'c'), entry('2024-01-01', 'd')];
    const seqs = [9, 4, 3, 2];
    sortByDateAndSeq(entries, seqs);
    expect(entries.map((e) => e.amount)).toEqual(['d', 'b', 'c', 'a']);
    expect(seqs).toEqual([2, 4, 3, 9]);
  });
});
