import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvGuard } from '../../src/io/csv-guard.js';
import { mappedTransactionSource } from '../../src/io/import-map/mapped-import.js';
import { validateMapping } from '../../src/io/import-map/mapping.js';
import { csvRecords } from '../../src/io/import-map/records.js';
import { readTransactionCsv } from '../../src/io/transaction-csv.js';

/**
 * The CSV guard (issue 11, point 9) must see a file exactly as the parser does, however the file
 * is cut into chunks: a UTF-8 character, a CRLF or a quoted line break split across two reads.
 */
const HEADER = 'date,type,symbol,quantity,price,amount,fee,currency,note';
const context = { today: '2026-01-01', defaultCurrency: 'USD' };

async function read(bytes: Buffer, chunkSize: number) {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) chunks.push(bytes.subarray(at, at + chunkSize));
  const rows: Array<[number, string | null]> = [];
  const result = await readTransactionCsv(Readable.from(chunks), { context, onRow: (row, line) => void rows.push([line, row.note]) });
  return { rows, errors: result.errors };
}

describe('CSV guard, whatever the chunks', () => {
  // line 1 header · 2 blank (CRLF) · 3 café ✓ · 4–5 a quoted two-line note · 6 blank (LF) · 7 a plain row
  const text = `${HEADER}\r\n\r\n2024-01-02,deposit,,,,1,,USD,café ✓\r\n2024-01-03,deposit,,,,2,,USD,"two\r\nlines"\n\n2024-01-04,deposit,,,,3,,USD,end\n`;
  const expected = [
    [3, 'café ✓'],
    [4, 'two\r\nlines'],
    [7, 'end'],
  ];

  it.each([1, 2, 3, 5, 7, 64 * 1024])('reads the same rows and lines in chunks of %i bytes', async (size) => {
    expect(await read(Buffer.from(text), size)).toEqual({ rows: expected, errors: [] });
  });

  it.each([1, 3, 64 * 1024])('finds a Latin-1 byte on its line in chunks of %i bytes', async (size) => {
    const bytes = Buffer.concat([Buffer.from(`${HEADER}\n\n2024-01-02,deposit,,,,1,,USD,ok\n2024-01-03,deposit,,,,1,,USD,na`), Buffer.from([0xef]), Buffer.from('ve\n')]);
    const { errors } = await read(bytes, size);
    // "2024-01-03,deposit,,,,1,,USD,na" is 10 + 1 + 7 + 4 + 1 + 2 + 3 + 1 + 2 = 31 bytes: the bad byte is byte 32 of line 4
    expect(errors).toEqual([{ line: 4, column: 'byte 32', message: 'the file is not UTF-8 text: save it as UTF-8 (from Latin-1 or Windows-1252, e.g. with iconv)' }]);
  });

  it('counts fields outside quotes only: a quoted note of 400 commas is one field (the limit is 256)', async () => {
    const note = ','.repeat(400);
    const { rows, errors } = await read(Buffer.from(`${HEADER}\n2024-01-02,deposit,,,,1,,USD,"${note}"\n`), 7);
    expect(errors).toEqual([]);
    expect(rows).toEqual([[2, note]]);
  });
});

describe('CSV guard on mapped imports (a broker file through a mapping)', () => {
  const mapping = (encoding: string) =>
    validateMapping(
      {
        delimiter: ';',
        decimal: ',',
        thousands: '.',
        dateFormat: 'dd.MM.yyyy',
        encoding,
        columns: { date: 'Datum', symbol: 'Symbol', quantity: 'Stück', price: 'Kurs', note: 'Notiz' },
        type: { value: 'buy' },
      },
      'm',
    );
  const read = async (bytes: Buffer, encoding = 'utf-8') => {
    const m = mapping(encoding);
    const source = mappedTransactionSource('f.csv', csvRecords((async function* () { yield bytes; })(), m), { mapping: m, context });
    return (await source.read(() => {})).errors;
  };

  it('refuses a record of more than 256 fields, counting the mapping delimiter', async () => {
    const bytes = Buffer.from(`Datum;Symbol;Stück;Kurs;Notiz\n05.03.2024;SAP.DE;1;171,96;${';'.repeat(300)}\n`);
    expect(await read(bytes)).toEqual([{ line: 2, column: '', message: 'column field 257: more than 256 fields in one record' }]);
  });

  it('refuses bytes that are not UTF-8 in a file declared UTF-8, and reads them under windows-1252', async () => {
    const row = Buffer.from('05.03.2024;SAP.DE;1;171,96;M\xfcller\n', 'latin1');
    const bytes = Buffer.concat([Buffer.from('Datum;Symbol;Stück;Kurs;Notiz\n'), row]);
    // "05.03.2024;SAP.DE;1;171,96;M" is 10 + 1 + 6 + 1 + 1 + 1 + 6 + 1 + 1 = 28 bytes: ü is byte 29 of line 2
    expect(await read(bytes)).toEqual([{ line: 2, column: '', message: 'column byte 29: the file is not UTF-8 text: save it as UTF-8 (from Latin-1 or Windows-1252, e.g. with iconv)' }]);
    expect(await read(Buffer.concat([Buffer.from('Datum;Symbol;Stück;Kurs;Notiz\n', 'latin1'), row]), 'windows-1252')).toEqual([]);
  });
});

describe('CSV guard, short plain lines skipped at indexOf speed', () => {
  /** Everything the guard says about `bytes` fed in `chunks`: the bytes it passes on, blank lines before each record, its error. */
  function guardView(bytes: Buffer, sizes: number[], limits: { maxRecordBytes: number; maxFields: number; dropBlankLines?: boolean }) {
    const guard = new CsvGuard(limits);
    const passed: Buffer[] = [];
    let at = 0;
    for (let i = 0; at < bytes.length; i++) {
      const size = sizes[i % sizes.length]!;
      const out = guard.feed(bytes.subarray(at, at + size));
      at += size;
      if (out === null) break;
      passed.push(Buffer.from(out));
    }
    const error = guard.finish();
    const blank = Array.from({ length: bytes.length + 2 }, (_, index) => guard.blankLinesBefore(index));
    return { passed: Buffer.concat(passed).toString('latin1'), blank, error };
  }

  it('sees 2,000 random files as it does one byte at a time (where nothing is skipped)', () => {
    let seed = 7;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pieces = ['a', 'bc', ',', ',,,', '"', '""', '\n', '\r\n', '\r', '\n\n', 'é', ' ', 'x'.repeat(12)];
    let refused = 0;
    for (let file = 0; file < 2000; file++) {
      let text = '';
      const length = Math.floor(next() * 60);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
      const bytes = Buffer.from(text);
      const limits = { maxRecordBytes: 8 + Math.floor(next() * 30), maxFields: 2 + Math.floor(next() * 8), dropBlankLines: next() < 0.8 };
      const sizes = [1 + Math.floor(next() * 40), 1 + Math.floor(next() * 200)];
      const reference = guardView(bytes, [1], limits);
      const view = guardView(bytes, sizes, limits);
      const what = `file ${file}: ${JSON.stringify(text)}`;
      expect({ ...view, passed: '' }, what).toEqual({ ...reference, passed: '' });
      if (reference.error === null) expect(view.passed, what).toBe(reference.passed);
      else {
        // a refused chunk is not passed on at all: with bigger chunks, less comes before the refusal
        expect(reference.passed.startsWith(view.passed), what).toBe(true);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(200);
  });
});
