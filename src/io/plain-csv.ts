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
export function plainLines(text: string): string[] {
  const lines = text.indexOf('\r') < 0 ? text.split('\n') : text.split(LINE_BREAK);
  lines.pop();
  return lines;
}
