import { createHash } from 'node:crypto';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { TransactionFields } from '../../src/core/ledger/types.js';
import { BatchPacker, Credits, idOf, unpackRow } from '../../src/io/row-batches.js';
import { readTransactionCsvInWorker, type WorkerReadOptions } from '../../src/io/transaction-csv-threaded.js';
import { tempHome } from '../helpers/cli.js';

/**
 * The worker-thread reader of `tx import`, run in this process against the worker's bundle
 * (dist/import-worker.js, built by the global setup): the rows, lines, errors and fingerprint it
 * hands over, with batches and credits kept tiny so that every row crosses several batch boundaries.
 */

const WORKER = pathToFileURL(resolve(import.meta.dirname, '../../dist/import-worker.js'));
const context = { today: '2026-11-01', defaultCurrency: 'USD' };
const HEADER = 'date,type,symbol,quantity,price,amount,fee,currency,note';
const home = tempHome();
afterAll(() => home.cleanup());

let files = 0;
function csvFile(text: string): string {
  const path = join(home.dir, `input-${files++}.csv`);
  writeFileSync(path, text);
  return path;
}

interface Read {
  delivered: Array<{ line: number; row: TransactionFields }>;
  ids: string[];
  progress: Array<{ rows: number; bytes: number; deliveredBefore: number }>;
  result: Awaited<ReturnType<typeof readTransactionCsvInWorker>>;
}

/** Reads `path` through the worker; every third row's onRow returns a promise (as a batch flush does). */
async function readInWorker(path: string, options: Partial<WorkerReadOptions> = {}): Promise<Read> {
  const delivered: Read['delivered'] = [];
  const progress: Read['progress'] = [];
  const ids: string[] = [];
  const fd = openSync(path, 'r');
  try {
    const result = await readTransactionCsvInWorker(fd, {
      workerUrl: WORKER,
      context,
      batchRows: 4,
      credits: 1,
      ...options,
      onRow: (row, line, id) => {
        delivered.push({ line, row });
        ids.push(id);
        if (delivered.length % 3 === 0) return new Promise((done) => setImmediate(done));
      },
      onProgress: (rows, bytes) => progress.push({ rows, bytes, deliveredBefore: delivered.length }),
    });
    return { delivered, ids, progress, result };
  } finally {
    closeSync(fd);
  }
}

const buy = (date: string, quantity: string, note: string | null = null): TransactionFields => ({
  date,
  type: 'buy',
  symbol: 'VTI',
  quantity,
  price: '200',
  amount: null,
  fee: null,
  tax: null,
  currency: 'USD',
  note,
});

describe('readTransactionCsvInWorker', () => {
  it('hands over every row in file order with the line it starts on, and the hash of every byte', async () => {
    // line 1 header; lines 2-11 rows 1-10; line 12 blank; line 13 row 11, whose quoted note spans lines 13-14; lines 15-20 rows 12-17
    const lines = [HEADER];
    const expected: Array<{ line: number; row: TransactionFields }> = [];
    for (let i = 1; i <= 10; i++) {
      lines.push(`2024-01-${String(i).padStart(2, '0')},buy,VTI,${i},200,,,USD,`);
      expected.push({ line: i + 1, row: buy(`2024-01-${String(i).padStart(2, '0')}`, String(i)) });
    }
    lines.push('');
    lines.push('2024-02-01,buy,VTI,11,200,,,USD,"two\nlines"');
    expected.push({ line: 13, row: buy('2024-02-01', '11', 'two\nlines') });
    for (let i = 12; i <= 17; i++) {
      lines.push(`2024-02-${String(i).padStart(2, '0')},buy,VTI,${i},200,,,USD,`);
      expected.push({ line: i + 3, row: buy(`2024-02-${String(i).padStart(2, '0')}`, String(i)) });
    }
    const text = lines.join('\r\n') + '\r\n';
    const { delivered, ids, result } = await readInWorker(csvFile(text));
    expect(delivered).toEqual(expected);
    // one UUIDv7 a row, made in file order, so they sort as the rows do
    expect(ids).toHaveLength(17);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(17);
    expect([...ids].sort()).toEqual(ids);
    expect(result).toEqual({ rows: 17, errors: [], fingerprint: createHash('sha256').update(text).digest('hex'), truncated: false });
  });

  it('reports bad rows by line and column, and hands over no row after the first bad one', async () => {
    const text = [HEADER, '2024-01-02,buy,VTI,1,200,,,USD,', '2024-13-01,buy,VTI,1,200,,,USD,', '2024-01-04,buy,VTI,1,200,,,USD,', '2024-01-05,buy,VTI,-5,200,,,USD,'].join('\n');
    const { delivered, result } = await readInWorker(csvFile(text));
    expect(delivered).toEqual([{ line: 2, row: buy('2024-01-02', '1') }]);
    expect(result.rows).toBe(4);
    expect(result.errors.map(({ line, column }) => ({ line, column }))).toEqual([
      { line: 3, column: 'date' },
      { line: 5, column: 'quantity' },
    ]);
    expect(result.truncated).toBe(false);
  });

  it('stops after maxErrors errors and says so', async () => {
    const bad = Array.from({ length: 6 }, (_, i) => `2024-01-0${i + 1},buy,VTI,0,200,,,USD,`);
    const { result } = await readInWorker(csvFile([HEADER, ...bad].join('\n')), { maxErrors: 2 });
    expect(result.errors.map((error) => error.line)).toEqual([2, 3]);
    expect(result.truncated).toBe(true);
  });

  it('reports progress every 10,000 records, before the 10,000th is handed over, and at the end', async () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => `2024-01-02,deposit,,,,${i + 1},,USD,`);
    const text = [HEADER, ...rows].join('\n') + '\n';
    const { delivered, progress, result } = await readInWorker(csvFile(text), { batchRows: 1000, credits: 5 }); // credits back two at a time, progress reports overdrawing
    expect(delivered).toHaveLength(25_000);
    expect(delivered[24_999]).toMatchObject({ line: 25_001, row: { amount: '25000' } });
    expect(progress.map(({ rows, deliveredBefore }) => [rows, deliveredBefore])).toEqual([
      [10_000, 9_999],
      [20_000, 19_999],
      [25_000, 25_000],
    ]);
    expect(progress[2]!.bytes).toBe(Buffer.byteLength(text));
    expect(result.rows).toBe(25_000);
  });

  it('rejects when the reading thread fails (a directory cannot be read), and when its script is missing', async () => {
    const directory = openSync(home.dir, 'r');
    await expect(readTransactionCsvInWorker(directory, { workerUrl: WORKER, context, onRow: () => {} })).rejects.toThrow(/EISDIR/);
    closeSync(directory);
    const path = csvFile(`${HEADER}\n2024-01-02,buy,VTI,1,200,,,USD,\n`);
    const missing = pathToFileURL(join(home.dir, 'no-such-worker.js'));
    const fd = openSync(path, 'r');
    await expect(readTransactionCsvInWorker(fd, { workerUrl: missing, context, onRow: () => {} })).rejects.toThrow();
    closeSync(fd);
  });

  it('passes on a failure of onRow (a failed write) and ends the worker', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => `2024-01-02,deposit,,,,${i + 1},,USD,`);
    const fd = openSync(csvFile([HEADER, ...rows].join('\n')), 'r');
    let calls = 0;
    const read = readTransactionCsvInWorker(fd, {
      workerUrl: WORKER,
      context,
      batchRows: 10,
      credits: 1,
      onRow: async () => {
        if (++calls === 15) throw new Error('disk full');
      },
    });
    await expect(read).rejects.toThrow('disk full');
    expect(calls).toBe(15);
    closeSync(fd);
  });
});

describe('row batches', () => {
  it('packs rows in order and unpacks each one to the same fields', () => {
    const packer = new BatchPacker(2);
    const first = buy('2024-01-02', '1', 'a note');
    const second: TransactionFields = { ...buy('2024-01-03', '2'), type: 'dividend', quantity: null, price: null, amount: '1.5', tax: '0.2', currency: 'EUR' };
    const ids = ['0190a0b0-0000-7000-8000-000000000001', '0190a0b0-0000-7000-8000-000000000002'];
    packer.add(first, 2, ids[0]!);
    expect(packer.full).toBe(false);
    packer.add(second, 5, ids[1]!);
    expect(packer.full).toBe(true);
    const batch = packer.take();
    expect(packer.length).toBe(0);
    expect([...batch.lines]).toEqual([2, 5]);
    expect([unpackRow(batch, 0), unpackRow(batch, 1)]).toEqual([first, second]);
    expect([idOf(batch, 0), idOf(batch, 1)]).toEqual(ids);
    // values shared by the two rows are held once: the dates differ, type/symbol/currency do not
    expect(batch.table).toEqual(['2024-01-02', 'buy', 'VTI', 'USD', '2024-01-03', 'dividend', 'EUR']);
  });

  it('credits: a batch may be posted while one is left; each one given back releases a waiting reader', async () => {
    const credits = new Credits(2);
    credits.spend();
    expect(credits.ready()).toBeNull();
    credits.spend();
    const waiting = credits.ready();
    expect(waiting).not.toBeNull();
    let released = false;
    void waiting!.then(() => (released = true));
    await Promise.resolve();
    expect(released).toBe(false);
    credits.give();
    await waiting;
    expect(released).toBe(true);
  });

  it('credits: a progress report that overdrew waits for enough credits to come back', async () => {
    const credits = new Credits(1);
    credits.spend();
    credits.spend(); // overdrawn by one
    let released = false;
    void credits.ready()!.then(() => (released = true));
    credits.give();
    await new Promise((done) => setImmediate(done));
    expect(released).toBe(false);
    credits.give();
    await new Promise((done) => setImmediate(done));
    expect(released).toBe(true);
  });

  it('credits: several given back at once release a waiting reader', async () => {
    const credits = new Credits(2);
    credits.spend();
    credits.spend();
    credits.spend(); // overdrawn by one
    const waiting = credits.ready()!;
    credits.give(2);
    await waiting;
    expect(credits.ready()).toBeNull();
  });
});
