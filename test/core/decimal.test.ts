import { describe, expect, it } from 'vitest';
import { dec, decFixed, decimalError, decString, isDecimalString, parseDecimal, ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, sum } from '../../src/core/decimal.js';

/** Worked examples: every expected value is worked out by hand in the comment, not by the engine. */
describe('decimal engine', () => {
  it.each([
    ['0.1', '0.2', '0.3'], // the float trap: 0.1 + 0.2 is exactly 0.3
    ['187.25', '-187.25', '0'], // a sale cancelling a buy leaves no "-0"
    ['99999999999999999999.99', '0.01', '100000000000000000000'], // past 2^53 without losing a cent
    ['-1.5', '-2.25', '-3.75'],
  ])('%s + %s = %s', (a, b, expected) => {
    expect(decString(dec(a).plus(dec(b)))).toBe(expected);
  });

  it.each([
    ['1.10', '1.1', '0'], // trailing zeros are not digits: 1.10 and 1.1 are one number
    ['10', '0.0001', '9.9999'],
    ['0', '5', '-5'],
  ])('%s − %s = %s', (a, b, expected) => {
    expect(decString(dec(a).minus(dec(b)))).toBe(expected);
  });

  it.each([
    ['12.345', '187.25', '2311.60125'], // 12345 × 18725 = 231160125, at 3 + 2 = 5 places
    ['0.001', '0.001', '0.000001'], // shown in full, never as 1e-6
    ['-4', '2.5', '-10'],
    ['123456789012345678', '1000', '123456789012345678000'],
  ])('%s × %s = %s', (a, b, expected) => {
    expect(decString(dec(a).times(dec(b)))).toBe(expected);
  });

  it.each([
    ['1', '4', '0.25'], // exact quotients stay short
    ['1', '3', '0.33333333333333333333'], // 20 places, the 21st (3) rounds down
    ['2', '3', '0.66666666666666666667'], // 20 places, the 21st (6) rounds up
    ['-2', '3', '-0.66666666666666666667'], // rounding is symmetric about zero
    ['100', '0.8', '125'],
  ])('%s ÷ %s = %s (20 places, half to even)', (a, b, expected) => {
    expect(decString(dec(a).div(dec(b)))).toBe(expected);
  });

  it('refuses to divide by zero', () => {
    expect(() => dec('1').div(dec('0'))).toThrow(/Division by zero/);
  });

  it.each([
    // value, places, mode, expected
    ['2.345', 2, undefined, '2.34'], // half to even: 4 is even, stays
    ['2.355', 2, undefined, '2.36'], // half to even: 5 is odd, goes up to 6
    ['2.3451', 2, undefined, '2.35'], // more than half: up
    ['-2.345', 2, undefined, '-2.34'],
    ['2.345', 2, ROUND_HALF_UP, '2.35'],
    ['-2.345', 2, ROUND_HALF_UP, '-2.35'], // half away from zero
    ['7.9', 0, ROUND_DOWN, '7'],
    ['-7.9', 0, ROUND_DOWN, '-7'], // toward zero
    ['7.01', 0, ROUND_UP, '8'],
    ['-7.01', 0, ROUND_UP, '-8'], // away from zero
    ['0.5', 0, undefined, '0'], // 0 is even
    ['1.5', 0, undefined, '2'],
    ['12.5', 3, undefined, '12.5'], // fewer places than asked: unchanged
  ] as const)('round(%s, %i, mode %s) = %s', (value, places, mode, expected) => {
    expect(decString(dec(value).round(places, mode))).toBe(expected);
  });

  it.each([
    ['1234.5', 2, '1234.50'],
    ['0.005', 2, '0.00'], // half to even: 0.00
    ['0.015', 2, '0.02'], // half to even: 0.02
    ['-0.001', 2, '0.00'], // never "-0.00"
    ['-12.345', 1, '-12.3'],
    ['99.99', 0, '100'],
    ['0.5', 3, '0.500'],
  ] as const)('decFixed(%s, %i) = %s', (value, places, expected) => {
    expect(decFixed(dec(value), places)).toBe(expected);
  });

  it('compares by value, whatever the spelling', () => {
    expect(dec('1.50').eq(dec('1.5'))).toBe(true);
    expect(dec('-0.01').lt(dec('0'))).toBe(true);
    expect(dec('10').gt(dec('9.999'))).toBe(true);
    expect(dec('2').cmp(dec('2.0001'))).toBe(-1);
    expect(dec('2').gte(dec('2'))).toBe(true);
    expect(dec('2').lte(dec('1.9'))).toBe(false);
  });

  it('sums exactly: ten times 0.1 is 1', () => {
    expect(decString(sum(Array.from({ length: 10 }, () => dec('0.1'))))).toBe('1');
  });

  it('never becomes a JS number by accident', () => {
    expect(() => (dec('1') as unknown as number) < (dec('2') as unknown as number)).toThrow(/valueOf/);
    expect(() => dec(0.5 as unknown as string)).toThrow(/expected a decimal string/);
    expect(JSON.stringify({ price: dec('187.250') })).toBe('{"price":"187.25"}');
  });

  it.each([
    ['1e3', '1000'],
    ['1.5e-3', '0.0015'],
    ['-2E+2', '-200'],
    ['5.', '5'],
  ])('dec reads the engine spelling %s (feeds send it) as %s', (text, expected) => {
    expect(decString(dec(text))).toBe(expected);
  });

  it.each(['', '.', '-', 'abc', '+1', '1,5', ' 1', '1.2.3'])('dec refuses %j', (text) => {
    expect(() => dec(text)).toThrow(/Invalid number/);
  });
});

describe('parseDecimal: the one spelling of decimals in user text', () => {
  it.each([
    ['12', '12'],
    ['0.5', '0.5'],
    ['.5', '0.5'],
    ['-.5', '-0.5'],
    ['-1.25', '-1.25'],
    ['010.50', '10.5'],
    ['0.000', '0'],
    ['-0', '0'],
    ['  7.25 ', '7.25'], // cells and flags are trimmed
    ['123456789012345678901234567890.5', '123456789012345678901234567890.5'],
  ])('%j reads as %s', (text, expected) => {
    expect(parseDecimal(text)).toBe(expected);
  });

  it.each([
    ['+3', 'not a number: "+3"'],
    ['5.', 'not a number: "5."'],
    ['.', 'not a number: "."'],
    ['', 'not a number: ""'],
    ['1e5', 'not a plain decimal: "1e5" (no exponents; write the digits out)'],
    ['1.5E-3', 'not a plain decimal: "1.5E-3" (no exponents; write the digits out)'],
    ['1,5', 'not a number: "1,5" (use a dot for decimals, no thousands separators)'],
    ['1,234.50', 'not a number: "1,234.50" (use a dot for decimals, no thousands separators)'],
    ['0x1f', 'not a number: "0x1f"'],
    ['Infinity', 'not a number: "Infinity"'],
  ])('%j is refused: %s', (text, message) => {
    expect(parseDecimal(text)).toBeNull();
    expect(decimalError(text)).toBe(message);
  });

  it('accepts exactly the spelling of its regex, and keeps text that is already canonical as it is', () => {
    // every string of up to 5 characters over these 8, checked against the grammar written as regexes
    const spelling = /^-?(?:\d+(?:\.\d+)?|\.\d+)$/;
    const canonical = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;
    const alphabet = ['-', '.', '0', '1', '9', ' ', 'e', '٣'];
    let texts = [''];
    let checked = 0;
    for (let length = 0; length <= 5; length++) {
      for (const text of texts) {
        const trimmed = text.trim();
        const expected = !spelling.test(trimmed) ? null : canonical.test(trimmed) && trimmed !== '-0' ? trimmed : 'rewritten';
        const actual = parseDecimal(text);
        if (expected === 'rewritten') {
          expect(actual, text).not.toBeNull();
          expect(actual, text).not.toBe(trimmed);
          expect(dec(actual!).eq(dec(trimmed.startsWith('-.') ? `-0${trimmed.slice(1)}` : trimmed.startsWith('.') ? `0${trimmed}` : trimmed)), text).toBe(true);
        } else expect(actual, text).toBe(expected);
        checked++;
      }
      texts = texts.flatMap((text) => alphabet.map((character) => text + character));
    }
    expect(checked).toBe(1 + 8 + 8 ** 2 + 8 ** 3 + 8 ** 4 + 8 ** 5);
  });

  it('isDecimalString agrees, up to 40 characters', () => {
    expect(['.5', '-0.5', '12'].every(isDecimalString)).toBe(true);
    expect(['+3', '5.', '1e5', '1'.repeat(41)].some(isDecimalString)).toBe(false);
  });
});
