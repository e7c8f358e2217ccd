/**
 * The byte-level pieces of the transactions reader's fast path. CSV text without a `"` is trivial
 * (RFC 4180): records end at \r\n, \n or \r, fields at commas, nothing is escaped. Such runs of
 * records are split here; any record with a quote is left to csv-parse (see transaction-csv.ts).
 */

export const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
const LINE_BREAK = /\r\n|\r|\n/;

/** Where the record that ends with the line break at `at` ends: after its \n when the break is \r\n. */
function afterBreak(data: Buffer, at: number): number {
  return at + (data[at] === CR && data[at + 1] === LF ? 2 : 1);
}

/**
 * The end (after its line break) of the last record in `data[from, before)` whose line break starts
 * before `before`, or `from` when no record ends there.
 */
export function lastRecordEnd(data: Buffer, from: number, before: number): number {
  for (let at = before - 1; at >= from; at--) {
    const byte = data[at];
    if (byte === LF || byte === CR) return afterBreak(data, at);
  }
  return from;
}

/** Whether a quoted run ends inside quotes so far (a `"` opens or closes; `""` does both). */
export interface QuoteState {
  inQuotes: boolean;
}

/**
 * The end (after its line break) of the first record from `from` on whose line break is outside
 * quotes and starts before `before`; -1 when there is none yet, and then `state` holds the quote
 * state at the end of `data` (the scan goes on from there with the next bytes).
 */
export function quotedRunEnd(data: Buffer, from: number, before: number, state: QuoteState): number {
  let inQuotes = state.inQuotes;
  for (let at = from; at < data.length; at++) {
    const byte = data[at];
    if (byte === QUOTE) inQuotes = !inQuotes;
    else if (!inQuotes && at < before && (byte === LF || byte === CR)) return afterBreak(data, at);
  }
  state.inQuotes = inQuotes;
  return -1;
}

export function startsWithUtf8Bom(data: Buffer): boolean {
  return data[0] === UTF8_BOM[0] && data[1] === UTF8_BOM[1] && data[2] === UTF8_BOM[2];
}

/** csv-parse also takes `FF FE` for a UTF-16 BOM (and then reads UTF-16): such a file goes through it whole. */
export function startsWithUtf16Bom(data: Buffer): boolean {
  return data[0] === 0xff && data[1] === 0xfe;
}

/** The lines of text without quotes that ends with a line break (so the last piece of the split is dropped). */
function plainLines(text: string): string[] {
  const lines = text.split(LINE_BREAK);
  lines.pop();
  return lines;
}

/**
 * The records of text without quotes that ends with a line break, one at a time: records end at
 * \r\n, \n or \r, fields at commas. With \n alone (the common case) fields are cut straight out of
 * the text, without a string per line first.
 */
export class PlainRecords {
  private at = 0;
  private nextComma = -1;
  private index = 0;
  /** The lines, when the text has a \r (split by the regex instead). */
  private readonly lines: string[] | null;

  constructor(private readonly text: string) {
    this.lines = text.indexOf('\r') < 0 ? null : plainLines(text);
  }

  next(): string[] | null {
    if (this.lines !== null) return this.index < this.lines.length ? this.lines[this.index++]!.split(',') : null;
    const { text } = this;
    if (this.at >= text.length) return null;
    const end = text.indexOf('\n', this.at);
    const fields: string[] = [];
    let start = this.at;
    let comma = this.nextComma < start ? indexOrEnd(text, ',', start) : this.nextComma;
    while (comma < end) {
      fields.push(text.slice(start, comma));
      start = comma + 1;
      comma = indexOrEnd(text, ',', start);
    }
    fields.push(text.slice(start, end));
    this.nextComma = comma; // a comma of a later line: kept, so a file of few commas is not searched again and again
    this.at = end + 1;
    return fields;
  }
}

function indexOrEnd(text: string, search: string, from: number): number {
  const at = text.indexOf(search, from);
  return at < 0 ? text.length : at;
}
