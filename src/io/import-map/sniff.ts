import { parse } from 'csv-parse/sync';
import { TRANSACTION_TYPES, type TransactionType } from '../../core/ledger/types.js';
import { sniffDateFormats, sniffDecimal, type DecimalSeparator } from './values.js';

/**
 * What `folio import-map init` can tell from a sample of a file by itself: encoding, delimiter,
 * header line, which column is which (by header names in English, German, Dutch and French),
 * the decimal separator, date formats, and the type of each value of the type column.
 */

export interface Sniffed {
  encoding: 'utf-8' | 'utf-16le' | 'windows-1252';
  delimiter: string;
  header: number;
  columns: string[];
  records: string[][];
  decimal: DecimalSeparator;
  guesses: Partial<Record<GuessedField, string>>;
  dateFormats: string[];
  typeValues: Array<{ value: string; type: TransactionType | 'skip' | null }>;
}

export type GuessedField = 'date' | 'type' | 'symbol' | 'isin' | 'quantity' | 'price' | 'amount' | 'fee' | 'tax' | 'currency' | 'note' | 'id';

const FIELD_NAMES: Array<[GuessedField, RegExp]> = [
  ['date', /^(date|datum|run date|trade ?date|booking ?(day|date)|time|date\/time|fecha|data|buchungstag)$/i],
  ['type', /^(type|typ|action|operation|buy\/sell|transaction ?type|side|activity|omschrijving|vorgang|buchungsart)$/i],
  ['symbol', /^(symbol|ticker|ticker[ -]symbol|code)$/i],
  ['isin', /^isin$/i],
  ['quantity', /^(quantity|qty|shares|units|stück|aantal|anzahl|no\. of shares)$/i],
  ['price', /^(price|unit ?price|trade ?price|kurs|koers|price \/ share|price \(\$\))$/i],
  ['amount', /^(amount|value|total|wert|betrag|net ?amount|amount \(\$\))$/i],
  ['fee', /^(fee|fees|commission|gebühren|fees & comm|ibcommission|transactiekosten)$/i],
  ['tax', /^(tax|taxes|steuern|withholding tax)$/i],
  ['currency', /^(currency|ccy|währung|buchungswährung|transaction currency|currencyprimary)$/i],
  ['note', /^(note|notes|comment|notiz|description)$/i],
  ['id', /^(id|transaction ?id|order ?id|tradeid)$/i],
];

const TYPE_WORDS: Array<[TransactionType, RegExp]> = [
  ['transfer-in', /transfer in|delivery \(inbound\)|einlieferung|journaled shares/i],
  ['transfer-out', /transfer out|delivery \(outbound\)|auslieferung/i],
  ['dividend', /divid/i],
  ['buy', /\bbuy\b|bought|kauf\b|^kauf|koop|achat|compra|reinvest/i],
  ['sell', /\bsell\b|sold|verkauf|verkoop|vente|venta/i],
  ['interest', /interest|zins/i],
  ['deposit', /deposit|einlage|einzahlung/i],
  ['withdrawal', /withdraw|entnahme|removal|auszahlung/i],
  ['fee', /fee|gebühr|kosten|commission/i],
  ['split', /split/i],
];

export function guessType(value: string): TransactionType | null {
  if ((TRANSACTION_TYPES as readonly string[]).includes(value.toLowerCase())) return value.toLowerCase() as TransactionType;
  return TYPE_WORDS.find(([, pattern]) => pattern.test(value))?.[0] ?? null;
}

function decodeSample(bytes: Buffer): { text: string; encoding: Sniffed['encoding'] } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** The delimiter that splits the most of the first lines into the same number (> 1) of fields. */
function sniffDelimiter(lines: string[]): string {
  let best = { delimiter: ',', score: -1 };
  for (const delimiter of [',', ';', '\t', '|']) {
    const counts = lines.map((line) => line.split(delimiter).length).filter((n) => n > 1);
    if (counts.length === 0) continue;
    const mode = counts.sort((a, b) => counts.filter((n) => n === b).length - counts.filter((n) => n === a).length)[0]!;
    const score = counts.filter((n) => n === mode).length * 1000 + mode;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

export function sniff(bytes: Buffer): Sniffed {
  const { text, encoding } = decodeSample(bytes);
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/).slice(0, 50);
  const delimiter = sniffDelimiter(lines.filter((l) => l.trim() !== ''));
  const all = parse(lines.join('\n'), { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  const width = Math.max(...all.map((r) => r.length));
  const headerIndex = Math.max(0, all.findIndex((r) => r.length >= Math.min(width, 2) && r.filter((f) => f.trim() !== '').length >= 2));
  const columns = all[headerIndex]!.map((c) => c.trim());
  const records = all.slice(headerIndex + 1).filter((r) => r.length >= Math.min(columns.length, 2) && r.some((f) => f.trim() !== ''));
  const guesses: Sniffed['guesses'] = {};
  for (const [field, pattern] of FIELD_NAMES) {
    const column = columns.find((name) => pattern.test(name) && !Object.values(guesses).includes(name));
    if (column !== undefined) guesses[field] = column;
  }
  const valuesOf = (column: string | undefined) => (column === undefined ? [] : records.map((r) => r[columns.indexOf(column)] ?? ''));
  const numeric = (['quantity', 'price', 'amount', 'fee'] as const).flatMap((f) => valuesOf(guesses[f]));
  const distinct = [...new Set(valuesOf(guesses.type).map((v) => v.trim()).filter(Boolean))];
  return {
    encoding,
    delimiter,
    header: headerIndex + 1,
    columns,
    records,
    decimal: sniffDecimal(numeric),
    guesses,
    dateFormats: sniffDateFormats(valuesOf(guesses.date)),
    typeValues: distinct.map((value) => ({ value, type: guessType(value) })),
  };
}
