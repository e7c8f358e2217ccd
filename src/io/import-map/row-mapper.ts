import { dec, decString, ZERO } from '../../core/decimal.js';
import { TRANSACTION_COLUMNS, TYPE_RULES } from '../../core/ledger/transaction-input.js';
import type { TransactionType } from '../../core/ledger/types.js';
import type { FieldSpecification, Mapping, MappedField } from './mapping.js';
import { compileDateFormat, readDate, readNumber, readNumberAuto, thousandsFor, type DecimalSeparator } from './values.js';

/**
 * One source record → folio's import fields, by a mapping. The header is resolved once (every
 * column the mapping names must be there, or the error names the mapping key); then each record
 * is mapped with precompiled lookups. Output values are text exactly as folio's import CSV takes
 * it, so the row then goes through folio's own validation (`validateTransaction`).
 */

export type FolioColumn = (typeof TRANSACTION_COLUMNS)[number];
/** The mapped row: folio's columns plus the broker's id (kept for the duplicate check). */
export type MappedRow = Partial<Record<FolioColumn, string>> & { id?: string };

export interface MapError {
  column: string;
  message: string;
}

export type MapResult = { row: MappedRow } | { skip: true } | { errors: MapError[] };

const NUMERIC: ReadonlySet<MappedField> = new Set(['quantity', 'price', 'amount', 'fee', 'tax']);

interface ResolvedField {
  key: string; // the mapping key, for errors
  label: string; // the source column(s), for errors
  indexes: number[];
  constant?: string;
  sum: boolean;
  pattern?: RegExp;
  negate: boolean;
  absolute: boolean;
  net: boolean;
  fromTotal?: { indexes: number[]; label: string };
}

export class HeaderError extends Error {}

function names(spec: string | string[]): string[] {
  return Array.isArray(spec) ? spec : [spec];
}

/** Index of the first of `wanted` present in the header (case and surrounding space ignored). */
function findColumns(header: string[], wanted: string[], key: string, all: boolean, optional = false): number[] {
  const normalised = header.map((h) => h.trim().toLowerCase());
  const position = (name: string) => (/^#\d+$/.test(name) && Number(name.slice(1)) <= header.length ? Number(name.slice(1)) - 1 : -1);
  const found = wanted.map((name) => (name.startsWith('#') ? position(name) : normalised.indexOf(name.trim().toLowerCase()))).filter((i) => i >= 0);
  if (found.length === 0 && !optional) {
    throw new HeaderError(`${key}: no column ${wanted.map((w) => `"${w}"`).join(' or ')} in the header (it has ${header.map((h) => `"${h.trim()}"`).join(', ')})`);
  }
  return all ? found : [found[0]!];
}

function resolveField(header: string[], key: string, spec: FieldSpecification): ResolvedField {
  if (typeof spec === 'string' || Array.isArray(spec)) {
    const wanted = names(spec);
    const indexes = findColumns(header, wanted, key, true);
    return { key, label: header[indexes[0]!]!.trim(), indexes, sum: false, negate: false, absolute: false, net: false };
  }
  const wanted = spec.column === undefined ? [] : names(spec.column);
  const indexes = wanted.length ? findColumns(header, wanted, `${key}.column`, true, spec.optional) : [];
  const resolved: ResolvedField = {
    key,
    label: (spec.sum ? indexes : indexes.slice(0, 1)).map((i) => header[i]!.trim()).join('+') || key,
    indexes,
    constant: spec.value,
    sum: spec.sum ?? false,
    pattern: spec.pattern === undefined ? undefined : new RegExp(spec.pattern, 'i'),
    negate: spec.negate ?? false,
    absolute: spec.absolute ?? false,
    net: spec.net ?? false,
  };
  if (spec.fromTotal !== undefined) {
    const total = names(spec.fromTotal);
    resolved.fromTotal = { indexes: findColumns(header, total, `${key}.fromTotal`, false), label: total[0]! };
    resolved.label ||= total[0]!;
  }
  return resolved;
}

interface TypeMatcher {
  (record: string[], signOf: (indexes: number[]) => number | null): TransactionType | 'skip' | MapError;
}

function typeMatcher(header: string[], mapping: Mapping): { match: TypeMatcher; label: string } {
  const rule = mapping.type;
  if (rule.value !== undefined) {
    const value = rule.value;
    return { match: () => value, label: 'type' };
  }
  const column = rule.column === undefined ? [] : findColumns(header, names(rule.column), 'type.column', false);
  const sign = rule.sign === undefined ? [] : findColumns(header, names(rule.sign), 'type.sign', true);
  const entries = Object.entries(rule.values ?? {}).map(([key, type]) => ({
    key: key.toLowerCase(),
    regex: rule.match === 'regex' ? new RegExp(key, 'i') : null,
    type,
  }));
  const label = column.length ? header[column[0]!]!.trim() : header[sign[0]!]!.trim();
  const match: TypeMatcher = (record, signOf) => {
    if (column.length) {
      const text = (record[column[0]!] ?? '').trim();
      const lower = text.toLowerCase();
      for (const entry of entries) {
        const hit =
          rule.match === 'exact' ? lower === entry.key
          : rule.match === 'prefix' ? lower.startsWith(entry.key)
          : rule.match === 'contains' ? lower.includes(entry.key)
          : entry.regex!.test(text);
        if (hit) return entry.type.includes('/') ? bySign(entry.type.split('/') as [TransactionType, TransactionType]) : (entry.type as TransactionType | 'skip');
      }
      if (!sign.length || rule.positive === undefined) {
        if (rule.otherwise === 'skip') return 'skip';
        return { column: label, message: `unknown type "${text}": the mapping's type.values has no entry for it` };
      }
    }
    return bySign([rule.positive!, rule.negative!]);
    function bySign([positive, negative]: [TransactionType, TransactionType]): TransactionType | MapError {
      const signed = signOf(sign);
      if (signed === null) return { column: header[sign[0]!]!.trim(), message: 'no number to tell the type by its sign' };
      return signed < 0 ? negative : positive;
    }
  };
  return { match, label };
}

export interface RowMapper {
  map(record: string[]): MapResult;
  /** The source column(s) behind a folio column, for error messages. */
  labelOf(column: string): string;
  /** Columns read as numbers (to sniff their decimal separator). */
  numericIndexes: number[];
}

/** Resolves the mapping against a header row; throws HeaderError naming the mapping key. */
export function createRowMapper(mapping: Mapping, header: string[], decimal: DecimalSeparator): RowMapper {
  const thousands = mapping.decimal === 'auto' ? thousandsFor(decimal) : mapping.thousands;
  const formats = names(mapping.dateFormat).map(compileDateFormat);
  const fields = new Map<MappedField, ResolvedField>();
  for (const [key, spec] of Object.entries(mapping.columns) as Array<[MappedField, FieldSpecification | undefined]>) {
    if (spec === undefined) continue;
    const field = resolveField(header, `columns.${key}`, spec);
    if (field.indexes.length || field.constant !== undefined || field.fromTotal) fields.set(key, field);
  }
  const type = typeMatcher(header, mapping);
  const skips = mapping.skip.map((rule, i) => ({
    blank: rule.blank === undefined ? null : findColumns(header, names(rule.blank), `skip[${i}].blank`, false)[0]!,
    column: rule.column === undefined ? null : findColumns(header, names(rule.column), `skip[${i}].column`, false)[0]!,
    regex: rule.matches === undefined ? null : new RegExp(rule.matches, 'i'),
  }));

  const parse = mapping.decimal === 'auto' ? (text: string) => readNumberAuto(text, decimal) : (text: string) => readNumber(text, decimal, thousands);
  const number = (text: string, field: ResolvedField, errors: MapError[]): string | null => {
    const value = parse(text);
    if (value === null) errors.push({ column: field.label, message: `not a number: "${text.trim()}" (decimal separator "${decimal}")` });
    return value;
  };

  /** The field's text: a constant, the first non-blank of its columns, or their sum (numbers). */
  const read = (record: string[], field: ResolvedField, numeric: boolean, errors: MapError[]): string | null => {
    if (field.constant !== undefined) return field.constant;
    let value: string | null = null;
    if (field.sum && numeric) {
      let total = dec('0');
      let any = false;
      for (const index of field.indexes) {
        const text = (record[index] ?? '').trim();
        if (text === '') continue;
        const parsed = number(text, field, errors);
        if (parsed !== null) total = total.plus(dec(parsed));
        any = true;
      }
      value = any ? decString(total) : null;
    } else {
      for (const index of field.indexes) {
        const text = (record[index] ?? '').trim();
        if (text !== '') {
          value = text;
          break;
        }
      }
      if (value !== null && field.pattern) {
        const match = field.pattern.exec(value);
        value = match === null ? null : (match[1] ?? match[0]).trim();
      }
      if (value !== null && numeric) value = number(value, field, errors);
    }
    if (value === null || !numeric) return value;
    if (field.absolute && value.startsWith('-')) value = value.slice(1);
    if (field.negate) value = value.startsWith('-') ? value.slice(1) : `-${value}`;
    return value; // plain decimal text; folio's validation makes it canonical
  };

  /** The sign of the first non-blank of the columns. */
  const signOf = (record: string[]) => (indexes: number[]): number | null => {
    for (const index of indexes) {
      const text = (record[index] ?? '').trim();
      const value = text === '' ? null : parse(text);
      if (value !== null) return value.startsWith('-') ? -1 : 1;
    }
    return null;
  };

  function map(record: string[]): MapResult {
    for (const rule of skips) {
      if (rule.blank !== null && (record[rule.blank] ?? '').trim() === '') return { skip: true };
      if (rule.column !== null && rule.regex!.test((record[rule.column] ?? '').trim())) return { skip: true };
    }
    const errors: MapError[] = [];
    const kind = type.match(record, signOf(record));
    if (kind === 'skip') return { skip: true };
    if (typeof kind === 'object') return { errors: [kind] };
    const values: Partial<Record<MappedField, string | null>> = {};
    for (const [key, field] of fields) {
      if (key === 'price' && field.fromTotal) continue;
      values[key] = read(record, field, NUMERIC.has(key), errors);
    }
    const date = values.date == null ? null : readDate(values.date, formats);
    if (values.date != null && date === null) {
      errors.push({ column: fields.get('date')!.label, message: `not a date: "${values.date}" (expected ${names(mapping.dateFormat).join(' or ')})` });
    }
    const price = fields.get('price');
    if (price?.fromTotal) values.price = priceFromTotal(record, price, kind, values, errors);
    if (errors.length) return { errors };
    return { row: toFolioRow(kind, date, values, fields.get('amount')?.net ?? false) };
  }

  function priceFromTotal(record: string[], field: ResolvedField, kind: TransactionType, values: Partial<Record<MappedField, string | null>>, errors: MapError[]) {
    const text = (record[field.fromTotal!.indexes[0]!] ?? '').trim();
    if (text === '' || !values.quantity || TYPE_RULES[kind].price !== 'required') return null;
    const total = parse(text);
    if (total === null) {
      errors.push({ column: field.fromTotal!.label, message: `not a number: "${text}" (decimal separator "${decimal}")` });
      return null;
    }
    const costs = dec(values.fee ?? '0').plus(dec(values.tax ?? '0'));
    const gross = kind === 'buy' || kind === 'transfer-in' ? dec(total).abs().minus(costs) : dec(total).abs().plus(costs);
    const quantity = dec(values.quantity).abs();
    if (quantity.eq(ZERO)) return null;
    return decString(gross.div(quantity).round(10));
  }

  const numericIndexes = [...fields].flatMap(([key, field]) => (NUMERIC.has(key) ? [...field.indexes, ...(field.fromTotal?.indexes ?? [])] : []));
  return {
    map,
    numericIndexes,
    labelOf(column: string) {
      if (column === 'type') return type.label;
      const field = fields.get(column as MappedField);
      return field ? field.label : column;
    },
  };
}

const isZero = (text: string) => /^-?0*\.?0*$/.test(text);

/**
 * The fields the type takes, as folio's CSV has them. Broker files fill every column, so a field
 * the type does not take is dropped here (a buy's total amount, a dividend's share count); an
 * amount missing where the type needs one is quantity × price (Ghostfolio's dividends), or the fee
 * for a fee row. A tax goes into the tax column where the type takes one (a dividend's withholding tax),
 * else into the fee (a tax on a trade is part of its cost).
 */
function toFolioRow(type: TransactionType, date: string | null, values: Partial<Record<MappedField, string | null>>, net: boolean): MappedRow {
  const rule = TYPE_RULES[type];
  const row: MappedRow = { date: date ?? '', type };
  let fee = values.fee ?? null;
  let amount = values.amount ?? null;
  const tax = values.tax ?? null;
  if (net && amount !== null && (type === 'dividend' || type === 'interest')) {
    amount = decString(dec(amount).plus(dec(fee ?? '0')).plus(dec(tax ?? '0')));
  }
  // A dividend with a share count and a per-share rate is their product (the gross, in the rate's currency).
  const perShare = type === 'dividend' && values.quantity && values.price && !isZero(values.quantity) && !isZero(values.price);
  if (rule.amount !== 'blank' && (perShare || amount === null || isZero(amount)) && values.quantity && values.price) {
    const product = dec(values.quantity).times(dec(values.price)).abs();
    if (!product.eq(ZERO)) amount = decString(product);
  }
  if (type === 'fee' && (amount === null || isZero(amount)) && fee !== null) {
    amount = fee;
    fee = null;
  }
  if (type === 'fee') fee = null;
  if (tax !== null && !isZero(tax)) {
    // Tax withheld on income has its own column; a tax on a trade is part of what it cost (the fee).
    if (rule.tax !== 'blank') row.tax = tax;
    else if (rule.fee !== 'blank') fee = decString(dec(fee ?? '0').plus(dec(tax).abs()));
  }
  if (values.symbol && rule.symbol !== 'blank') row.symbol = values.symbol;
  if (values.quantity && rule.quantity !== 'blank') row.quantity = values.quantity;
  if (values.price && rule.price !== 'blank') row.price = values.price;
  if (amount && rule.amount !== 'blank') row.amount = amount;
  if (fee && !isZero(fee) && rule.fee !== 'blank') row.fee = fee;
  if (values.currency) row.currency = values.currency;
  if (values.note) row.note = values.note;
  if (values.id) row.id = values.id;
  return row;
}
