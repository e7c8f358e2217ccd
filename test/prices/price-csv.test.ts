import { describe, expect, it } from 'vitest';
import { checkPriceRows } from '../../src/core/market/price-import.js';
import { PRICE_COLUMNS, priceRowSchema } from '../../src/core/market/price-input.js';
import { readMarketCsv } from '../../src/io/market-csv.js';

const read = (text: string) => readMarketCsv(text, PRICE_COLUMNS, priceRowSchema('2024-06-30'));

describe('reading price CSV', () => {
  it('takes the columns in any order, trims, upper-cases and canonicalises', () => {
    const result = read('currency,close,date,symbol\r\nusd, 187.50 ,2024-01-05,aapl\n\nEUR,0140.1,2024-01-05,SAP\n');
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      { line: 2, value: { symbol: 'AAPL', date: '2024-01-05', close: '187.5', currency: 'USD' } },
      // line 3 is empty
      { line: 4, value: { symbol: 'SAP', date: '2024-01-05', close: '140.1', currency: 'EUR' } },
    ]);
  });

  it('reports every bad field as line and column', () => {
    const result = read(
      [
        'symbol,date,close,currency',
        'AAPL,2024-02-30,1,USD', // not a real date
        'AAPL,2024-07-01,1,USD', // after "today"
        'AAPL,2024-01-02,1e3,USD', // exponent
        'AAPL,2024-01-03,0,USD', // zero
        'AAPL,2024-01-04,-5,USD', // negative
        'AAPL,2024-01-05,"1,000",USD', // thousands separator
        'AAPL,2024-01-08,10,US', // currency
        'AAPL,2024-01-09,10', // a field short
      ].join('\n'),
    );
    expect(result.rows).toEqual([]);
    expect(result.errors.map((e) => [e.line, e.column])).toEqual([
      [2, 'date'],
      [3, 'date'],
      [4, 'close'],
      [5, 'close'],
      [6, 'close'],
      [7, 'close'],
      [8, 'currency'],
      [9, ''],
    ]);
    expect(result.errors[1]!.message).toContain('future');
  });

  it.each([
    ['an empty file', '', 'empty'],
    ['no header', 'AAPL,2024-01-02,1,USD\n', 'missing header'],
    ['an unknown column', 'symbol,date,close,currency,volume\n', 'unknown column "volume"'],
    ['a missing column', 'symbol,date,close\n', 'missing column "currency"'],
    ['a duplicate column', 'symbol,date,close,close,currency\n', 'duplicate column "close"'],
  ])('refuses %s', (_name, text, message) => {
    const result = read(text);
    expect(result.errors[0]!.line).toBe(1);
    expect(result.errors[0]!.message).toContain(message);
  });

  it('stops at the error limit and says so', () => {
    const text = ['symbol,date,close,currency', ...Array.from({ length: 30 }, () => 'AAPL,bad,1,USD')].join('\n');
    const result = readMarketCsv(text, PRICE_COLUMNS, priceRowSchema(), { maxErrors: 20 });
    expect(result.errors).toHaveLength(20);
    expect(result.truncated).toBe(true);
  });
});

describe('checking a price import across rows', () => {
  const row = (line: number, symbol: string, date: string, currency = 'USD') => ({ line, value: { symbol, date, close: '1', currency } });
  it('refuses a day twice and a change of currency', () => {
    const known = new Map([['SAP', 'EUR']]);
    const errors = checkPriceRows(
      [row(2, 'AAPL', '2024-01-02'), row(3, 'AAPL', '2024-01-02'), row(4, 'SAP', '2024-01-02', 'USD'), row(5, 'NEW', '2024-01-02', 'CHF'), row(6, 'NEW', '2024-01-03', 'EUR')],
      (symbol) => known.get(symbol),
    );
    expect(errors).toEqual([
      { line: 3, column: 'date', message: 'a second close of AAPL on 2024-01-02 (the first is on line 2)' },
      { line: 4, column: 'currency', message: 'SAP is quoted in EUR, not USD' },
      { line: 6, column: 'currency', message: 'NEW is in CHF on line 5, not EUR: one currency per symbol' },
    ]);
  });
});
