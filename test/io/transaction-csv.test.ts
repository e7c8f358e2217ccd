import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { generateTransactionCsv } from '../../bench/generate-transactions.js';
import { dec, decString, ZERO, type Decimal } from '../../src/core/decimal.js';
import type { ValidationContext } from '../../src/core/ledger/transaction-input.js';
import type { TransactionFields } from '../../src/core/ledger/types.js';
import { readTransactionCsv, type CsvReadResult } from '../../src/io/transaction-csv.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/import');
const context: ValidationContext = { today: '2026-11-01', defaultCurrency: 'USD' };
const HEADER = 'date,type,symbol,quantity,price,amount,fee,currency,note';
const COLUMNS = 'date,type,symbol,quantity,price,amount,fee,tax,currency,note';
const TYPES = 'buy, sell, dividend, interest, deposit, withdrawal, fee, tax, split, transfer-in, transfer-out';

interface Read extends CsvReadResult {
  delivered: Array<{ line: number; row: TransactionFields }>;
}

/** Reads CSV from a stream (or text cut into chunks of `chunkSize` bytes), collecting the rows handed over. */
async function read(source: string | NodeJS.ReadableStream, options: { chunkSize?: number; maxErrors?: number } = {}): Promise<Read> {
  const delivered: Read['delivered'] = [];
  let input: NodeJS.ReadableStream;
  if (typeof source === 'string') {
    const bytes = Buffer.from(source);
    const size = options.chunkSize ?? 64 * 1024;
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
    input = Readable.from(chunks);
  } else input = source;
  const result = await readTransactionCsv(input, {
    context,
    ...(options.maxErrors === undefined ? {} : { maxErrors: options.maxErrors }),
    onRow: (row, line) => {
      delivered.push({ line, row });
    },
  });
  return { ...result, delivered };
}

const fixture = (path: string) => createReadStream(resolve(FIXTURES, path));
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const row = (value: Partial<TransactionFields>): TransactionFields => ({
  date: '2024-01-02',
  type: 'buy',
  symbol: null,
  quantity: null,
  price: null,
  amount: null,
  fee: null,
  tax: null,
  currency: 'USD',
  note: null,
  ...value,
});

describe('fixtures/import/ok', () => {
  it('all-types.csv: every type, in the canonical column order', async () => {
    const result = await read(fixture('ok/all-types.csv'));
    expect(result.errors).toEqual([]);
    expect(result.rows).toBe(9);
    expect(result.delivered.map(({ line, row }) => `${line} ${row.type}`)).toEqual([
      '2 deposit',
      '3 buy',
      '4 buy',
      '5 dividend',
      '6 interest',
      '7 fee',
      '8 split',
      '9 sell',
      '10 withdrawal',
    ]);
    expect(result.delivered[3]!.row).toEqual(
      row({ date: '2024-02-15', type: 'dividend', symbol: 'AAPL', amount: '2.4', fee: '0.36', note: 'withholding tax in fee' }),
    );
    expect(result.delivered[6]!.row).toEqual(row({ date: '2024-06-10', type: 'split', symbol: 'AAPL', quantity: '2', note: '2-for-1' }));
  });

  it('any-order.csv: columns in any order', async () => {
    const result = await read(fixture('ok/any-order.csv'));
    expect(result.errors).toEqual([]);
    expect(result.delivered.map(({ row }) => row)).toEqual([
      row({ type: 'deposit', amount: '2500', currency: 'EUR' }),
      row({ date: '2024-01-05', symbol: 'SAP.DE', quantity: '8', price: '139.5', fee: '2.5', currency: 'EUR', note: 'first lot' }),
      row({ date: '2024-02-05', symbol: 'SAP.DE', quantity: '4', price: '142.1', currency: 'EUR' }),
      row({ date: '2024-05-06', type: 'sell', symbol: 'SAP.DE', quantity: '6', price: '171.02', fee: '2.5', currency: 'EUR' }),
      row({ date: '2024-05-20', type: 'dividend', symbol: 'SAP.DE', amount: '13.2', currency: 'EUR' }),
    ]);
  });

  it('minimal-columns.csv: only date, type and amount', async () => {
    const result = await read(fixture('ok/minimal-columns.csv'));
    expect(result.errors).toEqual([]);
    expect(result.delivered.map(({ row }) => `${row.date} ${row.type} ${row.amount} ${row.currency}`)).toEqual([
      '2024-01-02 deposit 1000 USD',
      '2024-02-01 deposit 250.5 USD',
      '2024-03-31 interest 1.07 USD',
      '2024-04-15 withdrawal 300 USD',
    ]);
  });

  it('crlf-bom-quoted.csv: BOM, CRLF, quoted notes with commas, quotes and line breaks', async () => {
    const result = await read(fixture('ok/crlf-bom-quoted.csv'));
    expect(result.errors).toEqual([]);
    expect(result.delivered.map(({ line, row }) => [line, row.note])).toEqual([
      [2, 'salary, January'],
      [3, 'the "core" position'],
      [4, 'first line\r\nsecond line, with a comma\r\nthird line'],
      // the note above spans lines 4-6
      [7, 'trimmed'],
    ]);
    expect(result.delivered[2]!.row).toMatchObject({ symbol: 'NVDA', quantity: '2.5', price: '490.97', fee: null });
  });

  it('blank-optional.csv: blanks, spaces, empty lines, any case, non-canonical decimals', async () => {
    const result = await read(fixture('ok/blank-optional.csv'));
    expect(result.errors).toEqual([]);
    expect(result.rows).toBe(4);
    expect(result.delivered).toEqual([
      { line: 2, row: row({ type: 'deposit', amount: '2000' }) },
      // line 3 is empty
      { line: 4, row: row({ date: '2024-01-03', symbol: 'MSFT', quantity: '10.5', price: '370.6' }) },
      { line: 5, row: row({ date: '2024-01-04', symbol: 'BRK.B', quantity: '1', price: '0', note: 'gift from a relative' }) },
      // line 6 is empty
      { line: 7, row: row({ date: '2024-01-05', type: 'dividend', amount: '0.5' }) },
    ]);
  });

  it.each(['all-types', 'any-order', 'minimal-columns', 'crlf-bom-quoted', 'blank-optional'])(
    '%s.csv reads the same one byte at a time (BOM, CRLF and quotes cut across chunks)',
    async (name) => {
      const text = readFileSync(resolve(FIXTURES, `ok/${name}.csv`), 'utf8');
      const whole = await read(fixture(`ok/${name}.csv`));
      const bytewise = await read(text, { chunkSize: 1 });
      expect(bytewise).toEqual(whole);
    },
  );
});

describe('fixtures/import/not-ok', () => {
  it.each<[string, number, Array<[number, string, string]>]>([
    ['bad-date', 2, [[3, 'date', 'not a calendar date: "2024-02-30"']]],
    ['unknown-type', 2, [[3, 'type', `unknown type "bye": use ${TYPES}`]]],
    ['negative-quantity', 2, [[3, 'quantity', 'quantity must be positive (got -5)']]],
    ['split-ratio-zero', 2, [[3, 'quantity', 'split ratio must be greater than 0 (got 0)']]],
    ['decimal-comma', 1, [[2, 'price', 'not a number: "139,5" (use a dot for decimals, no thousands separators)']]],
    ['exponent', 1, [[2, 'amount', 'not a plain decimal: "1e400" (no exponents; write the digits out)']]],
    ['missing-header', 0, [[1, '', `missing header line: the first line must name the columns (${COLUMNS})`]]],
    ['unknown-column', 0, [[1, 'ticker', `unknown column "ticker": the columns are ${COLUMNS}`]]],
    ['future-date', 2, [[3, 'date', 'date 2099-12-31 is in the future']]],
    ['wrong-field-count', 2, [[3, 'field 10', 'too many fields: expected 9, found 10 (quote a field that contains a comma)']]],
    ['duplicate-column', 0, [[1, 'date', 'duplicate column "date"']]],
    // the record that starts on line 2 never ends, so it is not counted as a row
    ['unclosed-quote', 0, [[2, '', 'a quoted field is never closed (a " is missing)']]],
  ])('%s.csv', async (name, rows, expected) => {
    const result = await read(fixture(`not-ok/${name}.csv`));
    expect(result.errors).toEqual(expected.map(([line, column, message]) => ({ line, column, message })));
    expect(result.rows).toBe(rows);
    expect(result.truncated).toBe(false);
    expect(result.fingerprint).toBe(sha256(readFileSync(resolve(FIXTURES, `not-ok/${name}.csv`))));
  });

  it('oversell.csv reads cleanly: selling more than is held is for the ledger replay to catch', async () => {
    const result = await read(fixture('not-ok/oversell.csv'));
    expect(result.errors).toEqual([]);
    expect(result.delivered.map(({ row }) => `${row.type} ${row.quantity} ${row.symbol}`)).toEqual(['buy 10 AAPL', 'sell 12 AAPL']);
  });
});

describe('line numbers', () => {
  it('are the lines where records start, past multi-line quoted notes and empty lines', async () => {
    const text = [
      HEADER, // 1
      '2024-01-02,deposit,,,,100,,USD,"one', // 2
      'two', // 3
      'three"', // 4
      '', // 5
      '2024-01-03,deposit,,,,-1,,USD,', // 6: error
      '2024-01-04,deposit,,,,1,,USD,"a ""quoted""', // 7
      '', // 8 (inside the quotes)
      'note"', // 9
      '2024-01-05,deposit,,,,x,,USD,', // 10: error
    ].join('\n');
    const result = await read(text);
    expect(result.errors).toEqual([
      { line: 6, column: 'amount', message: 'amount must be positive (got -1)' },
      { line: 10, column: 'amount', message: 'not a number: "x"' },
    ]);
    expect(result.rows).toBe(4);
  });

  it('count CRLF inside quotes as one line break', async () => {
    const text = `${HEADER}\r\n2024-01-02,deposit,,,,1,,USD,"a\r\nb\r\nc"\r\n2024-01-03,deposit,,,,0,,USD,\r\n`;
    const result = await read(text);
    expect(result.errors).toEqual([{ line: 5, column: 'amount', message: 'amount must be positive (got 0)' }]);
  });

  it('survive files that mix LF and CRLF', async () => {
    const text = `${HEADER}\r\n2024-01-02,deposit,,,,1,,USD,\n2024-01-03,deposit,,,,1,,USD,\r\n2024-01-04,bye,,,,1,,USD,\n`;
    const result = await read(text);
    expect(result.errors).toEqual([{ line: 4, column: 'type', message: `unknown type "bye": use ${TYPES}` }]);
    expect(result.rows).toBe(3);
  });

  it('name the field a short or long record misses or adds', async () => {
    const text = ['type,date,note', '2024-01-02,deposit', 'deposit,2024-01-02,x,y', 'deposit,2024-01-02,"x,y"'].join('\n');
    const result = await read(text);
    expect(result.errors).toEqual([
      { line: 2, column: 'note', message: 'missing fields: expected 3 fields, found 2' },
      { line: 3, column: 'field 4', message: 'too many fields: expected 3, found 4 (quote a field that contains a comma)' },
      { line: 4, column: 'amount', message: 'deposit needs an amount' },
    ]);
  });

  it('point at a stray quote and stop there', async () => {
    const text = [HEADER, '2024-01-02,deposit,,,,1,,USD,ok', '2024-01-03,deposit,,,,1,,USD,say "hi"', '2024-01-04,deposit,,,,1,,USD,'].join('\n');
    const result = await read(text);
    expect(result.errors).toEqual([
      { line: 3, column: '', message: 'a quote inside an unquoted field (quote the whole field and write the quote as "")' },
    ]);
    expect(result.rows).toBe(1);
  });
});

describe('errors', () => {
  const badRows = (count: number) =>
    [HEADER, ...Array.from({ length: count }, (_, i) => `2024-01-02,deposit,,,,-${i + 1},,USD,`)].join('\n');

  it('stop at 20 by default, with truncated set, and hand over no rows after the first', async () => {
    const text = [HEADER, '2024-01-01,deposit,,,,5,,USD,', badRows(30).split('\n').slice(1).join('\n'), '2024-01-03,deposit,,,,5,,USD,'].join('\n');
    const result = await read(text);
    expect(result.errors).toHaveLength(20);
    expect(result.errors[0]).toEqual({ line: 3, column: 'amount', message: 'amount must be positive (got -1)' });
    expect(result.errors[19]).toEqual({ line: 22, column: 'amount', message: 'amount must be positive (got -20)' });
    expect(result.truncated).toBe(true);
    // the row on line 2 came before any error; nothing after
    expect(result.delivered.map(({ line }) => line)).toEqual([2]);
    // the fingerprint still covers the whole input
    expect(result.fingerprint).toBe(sha256(text));
  });

  it('count every field error of a row, up to maxErrors', async () => {
    const text = [HEADER, '2024-02-30,bye,,,,,,EURO,', '2024-01-02,deposit,,,,1,,USD,'].join('\n');
    const result = await read(text, { maxErrors: 2 });
    expect(result.errors).toEqual([
      { line: 2, column: 'date', message: 'not a calendar date: "2024-02-30"' },
      { line: 2, column: 'type', message: `unknown type "bye": use ${TYPES}` },
    ]);
    expect(result.truncated).toBe(true);
  });

  it('exactly maxErrors errors are not truncated', async () => {
    const result = await read(badRows(20));
    expect(result.errors).toHaveLength(20);
    expect(result.truncated).toBe(false);
    expect(result.rows).toBe(20);
  });

  it('keep checking after the first error, but stop handing rows over', async () => {
    const text = [HEADER, '2024-01-02,deposit,,,,1,,USD,', '2024-01-03,deposit,,,,0,,USD,', '2024-01-04,deposit,,,,1,,USD,', '2024-01-05,bye,,,,1,,USD,'].join('\n');
    const result = await read(text);
    expect(result.delivered.map(({ line }) => line)).toEqual([2]);
    expect(result.errors.map(({ line }) => line)).toEqual([3, 5]);
    expect(result.rows).toBe(4);
  });
});

describe('the header', () => {
  it.each<[string, string, Array<[number, string, string]>]>([
    ['an empty file', '', [[1, '', `the file is empty: expected a header line (${COLUMNS})`]]],
    ['only empty lines', '\n\n', [[1, '', `the file is empty: expected a header line (${COLUMNS})`]]],
    ['no date column', 'type,amount\ndeposit,5', [[1, 'date', `missing column "date" in the header (columns: ${COLUMNS})`]]],
    [
      'neither date nor type',
      'amount\n5',
      [
        [1, 'date', `missing column "date" in the header (columns: ${COLUMNS})`],
        [1, 'type', `missing column "type" in the header (columns: ${COLUMNS})`],
      ],
    ],
    [
      'an unknown column and a duplicate',
      'date,type,Ticker,type',
      [
        [1, 'Ticker', `unknown column "Ticker": the columns are ${COLUMNS}`],
        [1, 'type', 'duplicate column "type"'],
      ],
    ],
    ['an empty column name', 'date,type,,amount\n2024-01-02,deposit,,5', [[1, 'field 3', 'the header has an empty column name (field 3)']]],
    ['data where the header should be', '2024-01-02,deposit,,,,5,,USD,', [[1, '', `missing header line: the first line must name the columns (${COLUMNS})`]]],
  ])('%s', async (_name, text, expected) => {
    const result = await read(text);
    expect(result.errors).toEqual(expected.map(([line, column, message]) => ({ line, column, message })));
    expect(result.delivered).toEqual([]);
  });

  it('a header alone is an empty import, not an error', async () => {
    expect(await read(`${HEADER}\n`)).toMatchObject({ rows: 0, errors: [], truncated: false, delivered: [] });
  });

  it('names are trimmed and case-insensitive', async () => {
    const result = await read(' Date , TYPE ,Amount\n2024-01-02,deposit,5');
    expect(result.errors).toEqual([]);
    expect(result.delivered).toEqual([{ line: 2, row: row({ type: 'deposit', amount: '5' }) }]);
  });
});

describe('the fingerprint', () => {
  const text = readFileSync(resolve(FIXTURES, 'ok/crlf-bom-quoted.csv'));

  it('is the sha256 of the raw bytes (BOM included), however the input is cut', async () => {
    const expected = sha256(text);
    expect((await read(fixture('ok/crlf-bom-quoted.csv'))).fingerprint).toBe(expected);
    expect((await read(Readable.from([text]))).fingerprint).toBe(expected);
    const bytewise = Readable.from([...text].map((byte) => Buffer.from([byte])));
    expect((await read(bytewise)).fingerprint).toBe(expected);
  });

  it('changes with any byte', async () => {
    const changed = Buffer.from(text);
    changed[changed.length - 3] = 0x58; // 'X'
    expect((await read(Readable.from([changed]))).fingerprint).not.toBe(sha256(text));
  });
});

describe('flow control', () => {
  it('awaits onRow before reading on, one row at a time, in file order', async () => {
    const lines = [HEADER, ...Array.from({ length: 2000 }, (_, i) => `2024-01-02,deposit,,,,${i + 1},,USD,`)];
    let inFlight = 0;
    let most = 0;
    const seen: string[] = [];
    const result = await readTransactionCsv(Readable.from([lines.join('\n')]), {
      context,
      onRow: async (row) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((done) => setImmediate(done));
        seen.push(row.amount!);
        inFlight--;
      },
    });
    expect(result.errors).toEqual([]);
    expect(most).toBe(1);
    expect(seen).toEqual(Array.from({ length: 2000 }, (_, i) => String(i + 1)));
  });

  it('reports progress in rows and bytes', async () => {
    const text = [HEADER, ...Array.from({ length: 25_000 }, () => '2024-01-02,deposit,,,,1,,USD,')].join('\n');
    const calls: Array<[number, number]> = [];
    await readTransactionCsv(Readable.from([text]), { context, onRow: () => undefined, onProgress: (rows, bytes) => calls.push([rows, bytes]) });
    expect(calls.map(([rows]) => rows)).toEqual([10_000, 20_000, 25_000]);
    expect(calls.at(-1)).toEqual([25_000, Buffer.byteLength(text)]);
  });

  it('passes an error of the input stream on', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('EIO: disk on fire'));
      },
    });
    await expect(readTransactionCsv(failing, { context, onRow: () => undefined })).rejects.toThrow('disk on fire');
  });
});

describe('a generated history', () => {
  it('streams 200,000 valid rows in date order, never selling more than is held', async () => {
    const options = { rows: 200_000, symbols: 30, years: 8, seed: 7 };
    const held = new Map<string, Decimal>();
    let previousDate = '';
    let sells = 0;
    const result = await readTransactionCsv(Readable.from(generateTransactionCsv(options)), {
      context,
      onRow: (row) => {
        if (row.date < previousDate) throw new Error(`${row.date} after ${previousDate}`);
        previousDate = row.date;
        const symbol = row.symbol ?? '';
        const position = held.get(symbol) ?? ZERO;
        if (row.type === 'buy') held.set(symbol, position.plus(dec(row.quantity!)));
        if (row.type === 'split') held.set(symbol, position.times(dec(row.quantity!)));
        if (row.type === 'sell') {
          sells++;
          const left = position.minus(dec(row.quantity!));
          if (left.lt(ZERO)) throw new Error(`sold ${row.quantity} ${symbol} on ${row.date} holding ${decString(position)}`);
          held.set(symbol, left);
        }
      },
    });
    expect(result.errors).toEqual([]);
    expect(result.rows).toBe(200_000);
    expect(previousDate < '2026-11-01').toBe(true);
    expect(sells).toBeGreaterThan(10_000);
  });

  it('is the same for the same seed, and differs for another', async () => {
    const first = (seed: number) => generateTransactionCsv({ rows: 5_000, seed }).next().value;
    expect(first(1)).toBe(first(1));
    expect(first(1)).not.toBe(first(2));
  });
});
