import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { TransactionFields } from '../../src/core/ledger/types.js';
import { readTransactionCsv, type CsvReadResult } from '../../src/io/transaction-csv.js';
import { createRandom } from '../../scripts/random.js';

/**
 * The fast path (records without quotes split by the reader) against csv-parse reading every byte
 * (`fastPath: false`, the reader as it was): random files, cut into random chunks, must give the
 * same rows, lines, errors, progress and fingerprint either way.
 */

const context = { today: '2026-11-01', defaultCurrency: 'USD' };

type Random = () => number;
const pick = <T>(next: Random, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

const HEADERS = [
  'date,type,symbol,quantity,price,amount,fee,currency,note',
  'note,currency,fee,amount,price,quantity,symbol,type,date',
  'Date, TYPE ,amount',
  '"date","type","symbol","quantity","price","amount","fee","currency","note"',
  '2024-01-02,deposit,,,,5,,USD,', // no header
  'date,type,bogus',
];

/** Rows in the first header's column order: good ones, bad values, wrong field counts and CSV syntax errors. */
const ROWS = [
  '2024-01-02,deposit,,,,1000,,USD,',
  '2024-01-03,buy,AAPL,10,187.25,,1,USD,first lot',
  '2024-01-04,sell,aapl,2.50,190,,,usd,  spaced note  ',
  '2024-02-01,dividend,AAPL,,,2.4,0.36,USD,café ✓ 日本 😀',
  '2024-03-01,split,AAPL,2:1,,,,,',
  '2024-13-01,buy,AAPL,1,1,,,USD,',
  '2024-01-05,buy,AAPL,-1,1e3,,,US,',
  '2024-01-06,deposit,,,,1,5,,USD,', // too many fields
  '2024-01-07,deposit,,,,1', // too few
  '2024-01-08,teleport,,,,1,,USD,',
  '2024-01-09,buy,AAPL,1,"1,5",,,USD,', // a number with a comma: quoted, so one field
  '2024-01-10,deposit,,,,7,,USD,"salary, January"',
  '2024-01-11,deposit,,,,8,,USD,"the ""core"" position"',
  '2024-01-12,deposit,,,,9,,USD,"first line\nsecond line\r\nthird"',
  '2024-01-13,deposit,,,,9,,USD,"multi\r\n\r\nline with blank lines inside"',
  '2024-01-14,deposit,,,,9,,USD,5" screen', // a quote inside an unquoted field
  '2024-01-15,deposit,,,,9,,USD,"closed"then text',
  '   ',
  '\t',
  ',,,,,,,,',
  '2099-01-01,deposit,,,,1,,USD,',
  'x'.repeat(300),
];
const RARE_ROWS = [
  '2024-01-16,deposit,,,,1,,USD,bad \xff byte', // latin1 below: not UTF-8
  '2024-01-17,deposit,,,,1,,USD,"never closed',
  'a,'.repeat(300), // more than 256 fields
  `2024-01-18,deposit,,,,1,,USD,${'n'.repeat(70_000)}`, // longer than 64 KiB
  '\ufeff2024-01-19,deposit,,,,1,,USD,', // a BOM inside
];
const BREAKS = ['\n', '\r\n', '\r'];

/** A random file: a header (or not), rows, blank lines, mixed line breaks, sometimes a BOM or bad bytes. */
function randomFile(next: Random): Buffer {
  const lines: string[] = [next() < 0.9 ? pick(next, HEADERS) : pick(next, ROWS)];
  const count = Math.floor(next() * 40);
  const clean = next() < 0.4; // good rows (and quoted notes) only: rows are handed over to the end
  const goodRows = [...ROWS.slice(0, 5), ...ROWS.slice(10, 14)];
  for (let i = 0; i < count; i++) {
    const roll = next();
    if (roll < 0.12) lines.push('');
    else if (clean || roll < 0.55) lines.push(pick(next, goodRows));
    else if (roll < 0.58) lines.push(pick(next, RARE_ROWS));
    else lines.push(pick(next, ROWS));
  }
  const sameBreak = next() < 0.5 ? pick(next, BREAKS) : null;
  let text = lines.map((line) => line + (sameBreak ?? pick(next, BREAKS))).join('');
  if (next() < 0.5) text = text.replace(/(\r\n|\r|\n)$/, ''); // no line break at the end
  const parts: Buffer[] = [];
  const bom = next();
  if (bom < 0.2) parts.push(Buffer.from([0xef, 0xbb, 0xbf]));
  else if (bom < 0.23) parts.push(Buffer.from([0xff, 0xfe]));
  // \xff stands for a byte that is not UTF-8; everything else is UTF-8
  text.split('\xff').forEach((piece, index) => {
    if (index > 0) parts.push(Buffer.from([0xff]));
    parts.push(Buffer.from(piece, 'utf8'));
  });
  return Buffer.concat(parts);
}

/** Chunk sizes from 1 byte up, so that BOMs, \r\n and UTF-8 characters fall across chunks. */
function randomChunks(next: Random, bytes: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  const largest = pick(next, [3, 17, 200, 70_000]);
  for (let at = 0; at < bytes.length; ) {
    const size = 1 + Math.floor(next() * largest);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

interface Outcome extends CsvReadResult {
  delivered: Array<{ line: number; row: TransactionFields }>;
  progress: Array<[number, number]>;
}

async function readChunks(chunks: Buffer[], fastPath: boolean, maxErrors: number, asyncRows: boolean): Promise<Outcome> {
  const delivered: Outcome['delivered'] = [];
  const progress: Outcome['progress'] = [];
  const result = await readTransactionCsv(Readable.from(chunks), {
    context,
    maxErrors,
    fastPath,
    onRow: (row, line) => {
      delivered.push({ line, row });
      return asyncRows && line % 2 === 0 ? new Promise((resolve) => setImmediate(resolve)) : undefined;
    },
    onProgress: (rows, bytes) => progress.push([rows, bytes]),
  });
  return { ...result, delivered, progress };
}

async function expectSameBothWays(chunks: Buffer[], maxErrors: number, asyncRows: boolean): Promise<Outcome> {
  const viaParser = await readChunks(chunks, false, maxErrors, asyncRows);
  const fast = await readChunks(chunks, true, maxErrors, asyncRows);
  expect(fast).toEqual(viaParser);
  return fast;
}

describe('the fast path reads exactly as csv-parse does', () => {
  it('on 600 random files cut into random chunks', async () => {
    const seen = { rows: 0, errors: 0, truncated: 0, refused: 0 };
    for (let seed = 1; seed <= 600; seed++) {
      const next = createRandom(seed);
      const file = randomFile(next);
      const maxErrors = pick(next, [1, 3, 20]);
      try {
        const outcome = await expectSameBothWays(randomChunks(next, file), maxErrors, next() < 0.3);
        seen.rows += outcome.delivered.length;
        seen.errors += outcome.errors.length;
        if (outcome.truncated) seen.truncated++;
        if (outcome.errors.some((error) => /UTF-8|64 KiB|256 fields/.test(error.message))) seen.refused++;
      } catch (error) {
        throw new Error(`seed ${seed}: ${(error as Error).message}`);
      }
    }
    // the files did exercise every kind of outcome
    expect(seen.rows).toBeGreaterThan(400);
    expect(seen.errors).toBeGreaterThan(1000);
    expect(seen.truncated).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(30);
  });

  it('on 30,000 rows with quoted notes here and there: the same progress, rows and lines', async () => {
    const next = createRandom(42);
    const lines = ['date,type,symbol,quantity,price,amount,fee,currency,note'];
    for (let i = 0; i < 30_000; i++) {
      const note = next() < 0.03 ? '"a note, with a comma\nand a second line"' : next() < 0.5 ? '' : 'plain note';
      lines.push(`2024-01-02,buy,SYM${i % 50},${1 + (i % 7)},${100 + (i % 13)}.25,,,USD,${note}`);
    }
    const bytes = Buffer.from(lines.join(pick(next, BREAKS)));
    const outcome = await expectSameBothWays(randomChunks(next, bytes), 20, false);
    expect(outcome.errors).toEqual([]);
    expect(outcome.rows).toBe(30_000);
    expect(outcome.progress.map(([rows]) => rows)).toEqual([10_000, 20_000, 30_000, 30_000]);
  });

  it('counts every line: a row after plain, quoted and blank lines is on the line the file has it', async () => {
    const text = ['date,type,amount,note', '', '2024-01-02,deposit,1,plain', '2024-01-02,deposit,2,"two\nlines"', '', '', '2024-01-02,deposit,x,'].join('\r\n');
    for (const fastPath of [true, false]) {
      const result = await readTransactionCsv(Readable.from([Buffer.from(text)]), { context, fastPath, onRow: () => {} });
      expect(result.errors).toEqual([{ line: 8, column: 'amount', message: 'not a number: "x"' }]);
    }
  });
});
