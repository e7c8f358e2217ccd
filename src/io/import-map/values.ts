import { isCalendarDate } from '../../core/dates.js';
/**
 * Reading a broker's numbers and dates as folio writes them: numbers as plain decimal strings
 * (`1.234,56` → `1234.56`, `($1,259.59)` → `-1259.59`), dates as `YYYY-MM-DD`. Pure text work,
 * no floats: a number's digits are only moved, never computed.
 */

export type DecimalSeparator = '.' | ',';

/** Currency signs, spaces and a leading `+` that brokers put around numbers. */
const DECORATION = /[\s$€£¥₣₤\u00a0+]|(?:USD|EUR|GBP|CHF)$/g;
const PLAIN = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * A number as written in the file, or null when it is not one. Parentheses mean a negative
 * number (accountants' style); a trailing `-` too.
 */
export function readNumber(text: string, decimal: DecimalSeparator, thousands: string): string | null {
  let value = text.replace(DECORATION, '');
  if (value === '') return null;
  let negative = false;
  if (value.startsWith('(') && value.endsWith(')')) {
    negative = true;
    value = value.slice(1, -1);
  } else if (value.endsWith('-')) {
    negative = true;
    value = value.slice(0, -1);
  }
  if (value.startsWith('-')) {
    negative = !negative;
    value = value.slice(1);
  }
  if (thousands !== '' && thousands !== decimal) value = value.split(thousands).join('');
  if (decimal === ',') {
    if (value.includes('.') && thousands === '') return null;
    value = value.replace(',', '.');
  } else if (value.includes(',')) return null;
  if (!PLAIN.test(value)) return null;
  if (value.endsWith('.')) value = value.slice(0, -1);
  return negative ? `-${value}` : value;
}

/**
 * The decimal separator that the numbers of a file use, from a sample of them: a value with both
 * separators settles it (the last one is the decimal one); else a separator followed by other than
 * exactly three digits is a decimal one; else '.'.
 */
export function sniffDecimal(values: Iterable<string>): DecimalSeparator {
  let vote: DecimalSeparator | null = null;
  for (const raw of values) {
    const value = raw.trim();
    const comma = value.lastIndexOf(',');
    const dot = value.lastIndexOf('.');
    if (comma >= 0 && dot >= 0) return comma > dot ? ',' : '.';
    const at = Math.max(comma, dot);
    if (at < 0) continue;
    const digitsAfter = value.slice(at + 1).replace(/\D.*$/, '').length;
    if (digitsAfter !== 3) vote ??= comma > dot ? ',' : '.';
  }
  return vote ?? '.';
}

/**
 * `decimal: auto`, one value at a time: a value with both separators, or with one separator used
 * more than once, or followed by other than three digits, says itself which is which; only `1,234`
 * and `1.234` are ambiguous, and take the file's separator (sniffed from its first rows).
 */
export function readNumberAuto(text: string, fileDecimal: DecimalSeparator): string | null {
  const comma = text.split(',').length - 1;
  const dot = text.split('.').length - 1;
  let decimal = fileDecimal;
  if (comma && dot) decimal = text.lastIndexOf(',') > text.lastIndexOf('.') ? ',' : '.';
  else if (comma > 1) decimal = '.';
  else if (dot > 1) decimal = ',';
  else if (comma || dot) {
    const digitsAfter = text.slice(text.lastIndexOf(comma ? ',' : '.') + 1).replace(/\D.*$/, '').length;
    if (digitsAfter !== 3) decimal = comma ? ',' : '.';
  }
  return readNumber(text, decimal, thousandsFor(decimal));
}

/** Adds the thousands separator implied by the decimal one. */
export function thousandsFor(decimal: DecimalSeparator): string {
  return decimal === ',' ? '.' : ',';
}

interface CompiledDate {
  pattern: RegExp;
  order: Array<'y' | 'yy' | 'm' | 'd'>;
}

const TOKENS: Array<[string, string, CompiledDate['order'][number]]> = [
  ['yyyy', '(\\d{4})', 'y'],
  ['yy', '(\\d{2})', 'yy'],
  ['MM', '(\\d{2})', 'm'],
  ['M', '(\\d{1,2})', 'm'],
  ['dd', '(\\d{2})', 'd'],
  ['d', '(\\d{1,2})', 'd'],
];

/** Compiles `dd-MM-yyyy` style formats; text after the date (a time, a zone) is allowed and ignored. */
export function compileDateFormat(format: string): CompiledDate {
  let source = '^';
  const order: CompiledDate['order'] = [];
  for (let i = 0; i < format.length; ) {
    const token = TOKENS.find(([name]) => format.startsWith(name, i));
    if (token) {
      source += token[1];
      order.push(token[2]);
      i += token[0].length;
    } else {
      source += format[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  if (!order.includes('m') || !order.includes('d') || !(order.includes('y') || order.includes('yy'))) {
    throw new Error(`a date format needs a year (yyyy or yy), a month (MM or M) and a day (dd or d): "${format}"`);
  }
  return { pattern: new RegExp(source + '(?![0-9])'), order };
}

/** The date as YYYY-MM-DD by the first format that matches, or null. */
export function readDate(text: string, formats: CompiledDate[]): string | null {
  const value = text.trim();
  for (const { pattern, order } of formats) {
    const match = pattern.exec(value);
    if (match === null) continue;
    let year = '';
    let month = '';
    let day = '';
    order.forEach((part, index) => {
      const captured = match[index + 1]!;
      if (part === 'y') year = captured;
      else if (part === 'yy') year = (Number(captured) < 70 ? '20' : '19') + captured;
      else if (part === 'm') month = captured.padStart(2, '0');
      else day = captured.padStart(2, '0');
    });
    return `${year}-${month}-${day}`;
  }
  return null;
}

const DATE_CANDIDATES = ['yyyy-MM-dd', 'dd.MM.yyyy', 'MM/dd/yyyy', 'dd/MM/yyyy', 'dd-MM-yyyy', 'yyyyMMdd', 'M/d/yyyy', 'd.M.yyyy', 'yyyy/MM/dd'];

/** The date formats that read every sample value as a real calendar date (most specific first). */
export function sniffDateFormats(values: string[]): string[] {
  const samples = values.map((v) => v.trim()).filter(Boolean);
  if (samples.length === 0) return [];
  return DATE_CANDIDATES.filter((format) => {
    const compiled = [compileDateFormat(format)];
    return samples.every((sample) => {
      const date = readDate(sample, compiled);
      if (date === null) return false;
      return isCalendarDate(date);
    });
  });
}
