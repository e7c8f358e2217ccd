import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { decodeMarketCsv, readMarketCsv } from '../../src/io/market-csv.js';

/**
 * Price and FX imports go through the same byte-level guard as transaction imports (issue 13,
 * cleanup): an endless record or one of thousands of fields is refused before the parser builds
 * it, bytes that are not UTF-8 are refused with their line, and blank lines cost next to nothing.
 */
const HEADER = 'symbol,date,close,currency';
const schema = z.object({ symbol: z.string(), date: z.string(), close: z.string(), currency: z.string() });

describe('decodeMarketCsv', () => {
  it('refuses a huge line of commas with its line and the field where it went over 256', () => {
    // line 2 is one comma after another: its 257th field (after the 256th comma) is one too many
    const bytes = Buffer.from(`${HEADER}\n${','.repeat(1_000_000)}\n`);
    const { error } = decodeMarketCsv(bytes);
    expect(error).toEqual({ line: 2, column: 'field 257', message: 'more than 256 fields in one record' });
  });

  it('refuses a record over 64 KiB with its line', () => {
    // a 70,000-byte symbol on line 3 (64 KiB = 65,536 bytes)
    const bytes = Buffer.from(`${HEADER}\nAAPL,2024-01-05,10,USD\n${'A'.repeat(70_000)},2024-01-05,10,USD\n`);
    const { error } = decodeMarketCsv(bytes);
    expect(error?.line).toBe(3);
    expect(error?.message).toBe('a record longer than 64 KiB (a quote that is never closed, or not a prices or rates file)');
  });

  it('refuses Latin-1 with the line and byte instead of changing it to U+FFFD', () => {
    // "CAFÉ" in Latin-1: C A F then 0xC9 as the 4th byte of line 3
    const bytes = Buffer.concat([Buffer.from(`${HEADER}\nAAPL,2024-01-05,10,USD\nCAF`), Buffer.from([0xc9]), Buffer.from(',2024-01-05,10,EUR\n')]);
    const { error } = decodeMarketCsv(bytes);
    expect(error).toMatchObject({ line: 3, column: 'byte 4' });
    expect(error?.message).toContain('not UTF-8');
  });

  it('accepts 100,000 blank lines and keeps the file line of the row after them', () => {
    // header on line 1, blank lines 2 … 100,001, the close on line 100,002
    const bytes = Buffer.from(`${HEADER}\n${'\n'.repeat(100_000)}NEWCO,2024-01-05,10,USD\n`);
    const decoded = decodeMarketCsv(bytes);
    expect(decoded.error).toBeNull();
    const read = readMarketCsv(decoded.text!.text, ['symbol', 'date', 'close', 'currency'], schema, { blankLinesBefore: decoded.text!.blankLinesBefore });
    expect(read.errors).toEqual([]);
    expect(read.rows).toEqual([{ line: 100_002, value: { symbol: 'NEWCO', date: '2024-01-05', close: '10', currency: 'USD' } }]);
  });

  it('passes UTF-8 through unchanged and names the lines of errors after blank CRLF lines', () => {
    const text = `${HEADER}\r\nNESN,2024-01-05,99.5,CHF\r\n\r\n\r\nZÜRICH,2024-01-05,x,CHF\r\n`;
    const decoded = decodeMarketCsv(Buffer.from(text));
    expect(decoded.text!.text).toBe(`${HEADER}\r\nNESN,2024-01-05,99.5,CHF\r\nZÜRICH,2024-01-05,x,CHF\r\n`);
    const read = readMarketCsv(decoded.text!.text, ['symbol', 'date', 'close', 'currency'], schema.extend({ close: z.string().regex(/^\d/, 'not a number') }), {
      blankLinesBefore: decoded.text!.blankLinesBefore,
    });
    // header line 1, NESN line 2, blank lines 3 and 4, ZÜRICH on line 5
    expect(read.errors).toEqual([{ line: 5, column: 'close', message: 'not a number' }]);
  });
});
