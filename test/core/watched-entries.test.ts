import { describe, expect, it } from 'vitest';
import { pagedEntries, watchedEntries } from '../../src/core/ledger/entry-pages.js';
import type { LedgerEntry } from '../../src/core/ledger/types.js';

const entry = (date: string): LedgerEntry => ({ date, type: 'deposit', symbol: null, quantity: null, price: null, amount: '1', fee: null, currency: 'USD', tax: null }) as LedgerEntry;
const PAGES = [[entry('2024-01-01'), entry('2024-01-02')], [entry('2024-01-03')], [entry('2024-01-04'), entry('2024-01-05'), entry('2024-01-06')]];
const source = () =>
  pagedEntries(async function* () {
    yield* PAGES;
  });

function watcher() {
  const seen: string[] = [];
  return { seen, page: (rows: number) => void seen.push(`page ${rows}`), end: () => void seen.push('end') };
}

describe('watchedEntries', () => {
  it('reports the running row count after each page, then the end once; the entries are the same', async () => {
    const w = watcher();
    const dates: string[] = [];
    for await (const e of watchedEntries(source(), w)) dates.push(e.date);
    expect(dates).toEqual(['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-06']);
    expect(w.seen).toEqual(['page 2', 'page 3', 'page 6', 'end']);
  });

  it('ends when the reader stops early', async () => {
    const w = watcher();
    for await (const page of watchedEntries(source(), w).pages()) if (page.length === 1) break;
    expect(w.seen).toEqual(['page 2', 'page 3', 'end']);
  });
});
