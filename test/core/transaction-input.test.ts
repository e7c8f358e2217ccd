import { describe, expect, it } from 'vitest';
import {
  validateTransaction,
  type FieldError,
  type RawTransaction,
  type ValidationContext,
} from '../../src/core/ledger/transaction-input.js';
import type { TransactionFields } from '../../src/core/ledger/types.js';

const context: ValidationContext = { today: '2026-11-01', defaultCurrency: 'EUR' };
const TYPES = 'buy, sell, dividend, interest, deposit, withdrawal, fee, tax, split, transfer-in, transfer-out';

/** A stored row with every optional field null, plus what the case sets. */
const fields = (value: Partial<TransactionFields>): TransactionFields => ({
  date: '2024-01-02',
  type: 'buy',
  symbol: null,
  quantity: null,
  price: null,
  amount: null,
  fee: null,
  tax: null,
  currency: 'EUR',
  note: null,
  ...value,
});

const BUY: RawTransaction = { date: '2024-01-02', type: 'buy', symbol: 'AAPL', quantity: '10', price: '185.5', currency: 'USD' };

describe('validateTransaction: good rows', () => {
  it.each<[string, RawTransaction, TransactionFields]>([
    [
      'a buy with a fee',
      { ...BUY, fee: '1' },
      fields({ symbol: 'AAPL', quantity: '10', price: '185.5', fee: '1', currency: 'USD' }),
    ],
    [
      'a sell of a fractional quantity, blank fee',
      { date: '2024-03-04', type: 'sell', symbol: 'NVDA', quantity: '0.5', price: '615.27', fee: '', currency: 'USD' },
      fields({ date: '2024-03-04', type: 'sell', symbol: 'NVDA', quantity: '0.5', price: '615.27', currency: 'USD' }),
    ],
    [
      'trimmed, case-folded, canonical decimals (010.50 → 10.5, 370.60 → 370.6)',
      { date: ' 2024-01-02 ', type: ' BUY ', symbol: ' msft ', quantity: '010.50', price: '370.60', fee: ' ', currency: 'usd', note: '  first lot  ' },
      fields({ symbol: 'MSFT', quantity: '10.5', price: '370.6', currency: 'USD', note: 'first lot' }),
    ],
    ['a price of 0 (a gift) is allowed', { ...BUY, price: '0' }, fields({ symbol: 'AAPL', quantity: '10', price: '0', currency: 'USD' })],
    ['a fee of -0 is 0', { ...BUY, fee: '-0' }, fields({ symbol: 'AAPL', quantity: '10', price: '185.5', fee: '0', currency: 'USD' })],
    [
      'symbols with dots, dashes, = and ^',
      { ...BUY, symbol: 'brk.b' },
      fields({ symbol: 'BRK.B', quantity: '10', price: '185.5', currency: 'USD' }),
    ],
    ['a split: symbol and ratio', { date: '2024-06-10', type: 'split', symbol: 'AAPL', quantity: '2' }, fields({ date: '2024-06-10', type: 'split', symbol: 'AAPL', quantity: '2' })],
    ['a reverse split ratio below 1', { date: '2024-06-10', type: 'split', symbol: 'XYZ', quantity: '0.1' }, fields({ date: '2024-06-10', type: 'split', symbol: 'XYZ', quantity: '0.1' })],
    [
      'a dividend with withholding tax in fee',
      { date: '2024-02-15', type: 'dividend', symbol: 'AAPL', amount: '2.40', fee: '0.36', currency: 'USD' },
      fields({ date: '2024-02-15', type: 'dividend', symbol: 'AAPL', amount: '2.4', fee: '0.36', currency: 'USD' }),
    ],
    ['interest without a symbol', { date: '2024-03-01', type: 'interest', amount: '12.5' }, fields({ date: '2024-03-01', type: 'interest', amount: '12.5' })],
    ['a deposit; blank currency is the default', { date: '2024-01-02', type: 'deposit', amount: '1000', currency: '' }, fields({ type: 'deposit', amount: '1000' })],
    ['a withdrawal with a wire fee', { type: 'withdrawal', date: '2024-01-02', amount: '500', fee: '15' }, fields({ type: 'withdrawal', amount: '500', fee: '15' })],
    ['a fee naming the holding it was charged for', { date: '2024-01-02', type: 'Fee', symbol: 'vwrl.l', amount: '5' }, fields({ type: 'fee', symbol: 'VWRL.L', amount: '5' })],
    ['.5 is read as 0.5', { date: '2024-01-02', type: 'deposit', amount: '.5' }, fields({ type: 'deposit', amount: '0.5' })],
    ['a split ratio of .5 is read as 0.5', { date: '2024-06-10', type: 'split', symbol: 'XYZ', quantity: '.5' }, fields({ date: '2024-06-10', type: 'split', symbol: 'XYZ', quantity: '0.5' })],
    ['a split ratio of 1:.5 is read as 2:1', { date: '2024-06-10', type: 'split', symbol: 'XYZ', quantity: '1:.5' }, fields({ date: '2024-06-10', type: 'split', symbol: 'XYZ', quantity: '2' })],
    ['today is not in the future', { date: '2026-11-01', type: 'deposit', amount: '1' }, fields({ date: '2026-11-01', type: 'deposit', amount: '1' })],
    ['29 February of a leap year', { date: '2024-02-29', type: 'deposit', amount: '1' }, fields({ date: '2024-02-29', type: 'deposit', amount: '1' })],
    ['absent columns are blank', { date: '2024-01-02', type: 'deposit', amount: '1' }, fields({ type: 'deposit', amount: '1' })],
    [
      '30 significant digits',
      { date: '2024-01-02', type: 'deposit', amount: '123456789012345678901234567890' },
      fields({ type: 'deposit', amount: '123456789012345678901234567890' }),
    ],
    [
      'leading zeros of a fraction are not significant digits (0.000…01 has 1)',
      { date: '2024-01-02', type: 'deposit', amount: '0.0000000000000000000000000000000001' },
      fields({ type: 'deposit', amount: '0.0000000000000000000000000000000001' }),
    ],
    [
      'a multi-line note of exactly 500 characters',
      { date: '2024-01-02', type: 'deposit', amount: '1', note: 'a\nb' + 'x'.repeat(497) },
      fields({ type: 'deposit', amount: '1', note: 'a\nb' + 'x'.repeat(497) }),
    ],
  ])('%s', (_name, raw, expected) => {
    expect(validateTransaction(raw, context)).toEqual({ ok: true, value: expected });
  });
});

describe('validateTransaction: bad rows', () => {
  it.each<[string, RawTransaction, FieldError[]]>([
    // date
    ['no date', { ...BUY, date: ' ' }, [{ column: 'date', message: 'date is required (YYYY-MM-DD)' }]],
    ['a date in another format', { ...BUY, date: '02/01/2024' }, [{ column: 'date', message: 'not a date: "02/01/2024" (use YYYY-MM-DD)' }]],
    ['30 February', { ...BUY, date: '2023-02-30' }, [{ column: 'date', message: 'not a calendar date: "2023-02-30"' }]],
    ['29 February of a common year', { ...BUY, date: '2023-02-29' }, [{ column: 'date', message: 'not a calendar date: "2023-02-29"' }]],
    ['month 13', { ...BUY, date: '2024-13-01' }, [{ column: 'date', message: 'not a calendar date: "2024-13-01"' }]],
    ['a future date', { ...BUY, date: '2031-01-01' }, [{ column: 'date', message: 'date 2031-01-01 is in the future' }]],
    ['tomorrow', { ...BUY, date: '2026-11-02' }, [{ column: 'date', message: 'date 2026-11-02 is in the future' }]],
    // type
    ['no type', { ...BUY, type: '' }, [{ column: 'type', message: `type is required: use ${TYPES}` }]],
    ['an unknown type', { ...BUY, type: 'bye' }, [{ column: 'type', message: `unknown type "bye": use ${TYPES}` }]],
    // symbol
    ['a buy without a symbol', { ...BUY, symbol: '' }, [{ column: 'symbol', message: 'buy needs a symbol' }]],
    ['a split without a symbol', { date: '2024-01-02', type: 'split', quantity: '2' }, [{ column: 'symbol', message: 'split needs a symbol' }]],
    ['a deposit with a symbol', { date: '2024-01-02', type: 'deposit', symbol: 'AAPL', amount: '5' }, [{ column: 'symbol', message: 'deposit takes no symbol' }]],
    [
      'a symbol with a space',
      { ...BUY, symbol: 'A B' },
      [{ column: 'symbol', message: 'not a symbol: "A B" (letters, digits and . - = ^, at most 20 characters)' }],
    ],
    [
      'a symbol longer than 20 characters',
      { ...BUY, symbol: 'ABCDEFGHIJKLMNOPQRSTU' },
      [{ column: 'symbol', message: 'not a symbol: "ABCDEFGHIJKLMNOPQRSTU" (letters, digits and . - = ^, at most 20 characters)' }],
    ],
    // quantity
    ['a buy without a quantity', { ...BUY, quantity: '' }, [{ column: 'quantity', message: 'buy needs a quantity' }]],
    ['a negative quantity', { ...BUY, type: 'sell', quantity: '-5' }, [{ column: 'quantity', message: 'quantity must be positive (got -5)' }]],
    ['a zero quantity', { ...BUY, quantity: '0.00' }, [{ column: 'quantity', message: 'quantity must be positive (got 0)' }]],
    ['a split ratio of 0', { date: '2024-01-02', type: 'split', symbol: 'AAPL', quantity: '0' }, [{ column: 'quantity', message: 'split ratio must be greater than 0 (got 0)' }]],
    ['a negative split ratio', { date: '2024-01-02', type: 'split', symbol: 'AAPL', quantity: '-2' }, [{ column: 'quantity', message: 'split ratio must be greater than 0 (got -2)' }]],
    [
      'a split without a ratio',
      { date: '2024-01-02', type: 'split', symbol: 'AAPL' },
      [{ column: 'quantity', message: 'split needs a quantity (the ratio: 2:1 for a 2-for-1 split, 1:3 for a reverse split)' }],
    ],
    // number syntax
    ['a decimal comma', { ...BUY, price: '1,5' }, [{ column: 'price', message: 'not a number: "1,5" (use a dot for decimals, no thousands separators)' }]],
    ['a thousands separator', { ...BUY, price: '1,234.50' }, [{ column: 'price', message: 'not a number: "1,234.50" (use a dot for decimals, no thousands separators)' }]],
    ['an exponent', { ...BUY, price: '1e400' }, [{ column: 'price', message: 'not a plain decimal: "1e400" (no exponents; write the digits out)' }]],
    ['a small exponent', { ...BUY, quantity: '2.5E-3' }, [{ column: 'quantity', message: 'not a plain decimal: "2.5E-3" (no exponents; write the digits out)' }]],
    ['letters', { ...BUY, price: 'abc' }, [{ column: 'price', message: 'not a number: "abc"' }]],
    ['a double minus', { ...BUY, quantity: '--1' }, [{ column: 'quantity', message: 'not a number: "--1"' }]],
    ['a plus sign', { ...BUY, quantity: '+1' }, [{ column: 'quantity', message: 'not a number: "+1"' }]],
    ['a trailing dot', { ...BUY, quantity: '5.' }, [{ column: 'quantity', message: 'not a number: "5."' }]],
    ['a currency sign', { ...BUY, price: '$185' }, [{ column: 'price', message: 'not a number: "$185"' }]],
    ['NaN', { ...BUY, price: 'NaN' }, [{ column: 'price', message: 'not a number: "NaN"' }]],
    [
      '31 significant digits',
      { date: '2024-01-02', type: 'deposit', amount: '1234567890123456789012345678901' },
      [{ column: 'amount', message: 'too many digits: "1234567890123456789012345678901" (at most 30)' }],
    ],
    // price, amount, fee
    ['a buy without a price', { ...BUY, price: '' }, [{ column: 'price', message: 'buy needs a price' }]],
    ['a negative price', { ...BUY, price: '-1' }, [{ column: 'price', message: 'price must not be negative (got -1)' }]],
    ['a negative fee', { ...BUY, fee: '-0.5' }, [{ column: 'fee', message: 'fee must not be negative (got -0.5)' }]],
    ['a buy with an amount', { ...BUY, amount: '1855' }, [{ column: 'amount', message: 'buy takes no amount: give quantity and price (and fee)' }]],
    ['a deposit without an amount', { date: '2024-01-02', type: 'deposit' }, [{ column: 'amount', message: 'deposit needs an amount' }]],
    ['a negative withdrawal', { date: '2024-01-02', type: 'withdrawal', amount: '-500' }, [{ column: 'amount', message: 'amount must be positive (got -500)' }]],
    ['a zero dividend', { date: '2024-01-02', type: 'dividend', symbol: 'AAPL', amount: '0' }, [{ column: 'amount', message: 'amount must be positive (got 0)' }]],
    [
      'a dividend with quantity and price',
      { date: '2024-01-02', type: 'dividend', symbol: 'AAPL', quantity: '10', price: '0.24', amount: '2.4' },
      [
        { column: 'quantity', message: 'dividend takes no quantity' },
        { column: 'price', message: 'dividend takes no price' },
      ],
    ],
    ['a split with a price', { date: '2024-01-02', type: 'split', symbol: 'AAPL', quantity: '2', price: '100' }, [{ column: 'price', message: 'split takes no price' }]],
    ['a fee with a fee', { date: '2024-01-02', type: 'fee', amount: '5', fee: '1' }, [{ column: 'fee', message: 'fee takes no fee column: put the money in amount' }]],
    // currency, note
    ['a four-letter currency', { ...BUY, currency: 'EURO' }, [{ column: 'currency', message: 'not a currency code: "EURO" (three letters, such as USD)' }]],
    ['a currency symbol', { ...BUY, currency: '€' }, [{ column: 'currency', message: 'not a currency code: "€" (three letters, such as USD)' }]],
    ['a note of 501 characters', { ...BUY, note: 'é'.repeat(501) }, [{ column: 'note', message: 'note is too long: 501 characters (at most 500)' }]],
    // several at once, in column order
    [
      'every field wrong: all errors, in column order',
      { date: '2024-02-30', type: 'sell', symbol: '', quantity: '-1', price: '1,5', amount: '3', fee: '1e2', currency: 'dollars', note: 'x'.repeat(600) },
      [
        { column: 'date', message: 'not a calendar date: "2024-02-30"' },
        { column: 'symbol', message: 'sell needs a symbol' },
        { column: 'quantity', message: 'quantity must be positive (got -1)' },
        { column: 'price', message: 'not a number: "1,5" (use a dot for decimals, no thousands separators)' },
        { column: 'amount', message: 'sell takes no amount: give quantity and price (and fee)' },
        { column: 'fee', message: 'not a plain decimal: "1e2" (no exponents; write the digits out)' },
        { column: 'currency', message: 'not a currency code: "dollars" (three letters, such as USD)' },
        { column: 'note', message: 'note is too long: 600 characters (at most 500)' },
      ],
    ],
    [
      'an unknown type still checks formats and signs, not which fields it takes',
      { date: '2024-01-02', type: 'purchase', symbol: 'AAPL', quantity: '-3', price: 'x', amount: '5' },
      [
        { column: 'type', message: `unknown type "purchase": use ${TYPES}` },
        { column: 'quantity', message: 'quantity must be positive (got -3)' },
        { column: 'price', message: 'not a number: "x"' },
      ],
    ],
  ])('%s', (_name, raw, expected) => {
    expect(validateTransaction(raw, context)).toEqual({ ok: false, errors: expected });
  });
});

describe('canonical decimals', () => {
  // Every accepted spelling of a price becomes one canonical decimal string: no leading zeros, no
  // trailing fractional zeros, no trailing point, a leading 0 before a bare fraction, and 0 for zero.
  it.each([
    ['0', '0'],
    ['7', '7'],
    ['10', '10'],
    ['10.5', '10.5'],
    ['010.50', '10.5'],
    ['0.000', '0'],
    ['0.0', '0'],
    ['.5', '0.5'],
    ['000', '0'],
    ['1.000001', '1.000001'],
    ['123456789.123456789', '123456789.123456789'],
    ['0.10', '0.1'],
    ['12.340', '12.34'],
  ])('%s → %s', (text, canonical) => {
    const result = validateTransaction({ date: '2024-01-02', type: 'buy', symbol: 'X', quantity: '1', price: text }, context);
    expect(result.ok && result.value.price).toBe(canonical);
  });
});

describe('validateTransaction: the date spelling', () => {
  it('is exactly YYYY-MM-DD with ASCII digits, and a real calendar date', () => {
    const shaped = /^(\d{4})-(\d{2})-(\d{2})$/;
    const texts = ['2024-01-02', '2024-1-02', '2024-01-2', '02024-01-02', '2024-01-02x', 'x2024-01-02', '2024/01/02', '2024-01-0٣'];
    for (const digit of ['0', '9', '/', ':', 'a', '-', ' ', '٣']) for (let at = 0; at < 10; at++) texts.push(`${'2024-01-02'.slice(0, at)}${digit}${'2024-01-02'.slice(at + 1)}`);
    for (const text of texts) {
      const result = validateTransaction({ date: text, type: 'deposit', amount: '1' }, context);
      const dateErrors = result.ok ? [] : result.errors.filter((error) => error.column === 'date');
      const trimmed = text.trim(); // the cell is trimmed first
      if (!shaped.test(trimmed)) expect(dateErrors, text).toEqual([{ column: 'date', message: `not a date: "${trimmed}" (use YYYY-MM-DD)` }]);
      else expect(dateErrors.every((error) => !error.message.startsWith('not a date')), text).toBe(true);
    }
    // the fields are read as numbers: 2024-02-29 is real (a leap year), 2100-02-29 is not, 2000-02-29 is
    expect(validateTransaction({ date: '2024-02-29', type: 'deposit', amount: '1' }, context).ok).toBe(true);
    expect(validateTransaction({ date: '2000-02-29', type: 'deposit', amount: '1' }, context).ok).toBe(true);
    expect(validateTransaction({ date: '1900-02-29', type: 'deposit', amount: '1' }, context)).toEqual({
      ok: false,
      errors: [{ column: 'date', message: 'not a calendar date: "1900-02-29"' }],
    });
    expect(validateTransaction({ date: '2024-04-31', type: 'deposit', amount: '1' }, context)).toEqual({
      ok: false,
      errors: [{ column: 'date', message: 'not a calendar date: "2024-04-31"' }],
    });
    expect(validateTransaction({ date: '2024-00-10', type: 'deposit', amount: '1' }, context).ok).toBe(false);
    expect(validateTransaction({ date: '2024-12-31', type: 'deposit', amount: '1' }, context).ok).toBe(true);
  });
});
