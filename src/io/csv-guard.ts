import { isUtf8 } from 'node:buffer';

/**
 * A first look at the raw bytes of a CSV file, before the parser builds anything from them:
 * - a record longer than `maxRecordBytes`, or with more than `maxFields` fields, is refused with its
 *   line (a 200 MB line of commas would otherwise become 200 million strings);
 * - bytes that are not UTF-8 are refused with their line (rather than silently becoming U+FFFD);
 * - blank lines are dropped here, where they cost a byte comparison, and counted so that the reader
 *   still reports the right line numbers (`blankLinesBefore`).
 * It follows quoting as CSV does (a `"` opens or closes a quoted field; line breaks inside one are data).
 */
export interface CsvGuardError {
  line: number;
  column: string;
  message: string;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);

export class CsvGuard {
  error: CsvGuardError | null = null;
  /** Physical line of the next byte. */
  private line = 1;
  private inQuotes = false;
  private atRecordStart = true;
  private lastWasCR = false;
  /** Whether the line break just read ended a blank line (so the LF of its CRLF is dropped too). */
  private droppingBlank = false;
  private recordBytes = 0;
  private fields = 0;
  private recordLine = 1;
  /** Records started so far (the header is record 0). */
  private records = 0;
  /** Blank lines found before the record of that index, not yet handed out. */
  private readonly blank = new Map<number, number>();
  /** Bytes after the last line break, not yet checked as UTF-8 (a character may continue in the next chunk). */
  private utf8Tail = EMPTY;
  private utf8TailLine = 1;

  private readonly delimiter: number;

  constructor(
    private readonly limits: {
      maxRecordBytes: number;
      maxFields: number;
      /** The field delimiter (one ASCII character; default `,`). */
      delimiter?: string;
      /** Refuse bytes that are not UTF-8 (default true; false for a file in another declared encoding). */
      utf8?: boolean;
      /** Drop blank lines from what `feed` returns (default true). */
      dropBlankLines?: boolean;
      /** What the file should be, for the message of an endless record (default 'a transactions file'). */
      fileKind?: string;
    },
  ) {
    this.delimiter = (limits.delimiter ?? ',').charCodeAt(0);
  }

  /** The bytes for the parser (blank lines removed), or null once the file is refused. */
  feed(chunk: Buffer): Buffer | null {
    if (this.error || (this.limits.utf8 !== false && !this.checkUtf8(chunk))) return null;
    return this.scan(chunk);
  }

  /** At the end of the input: the last partial line must be UTF-8 too. */
  finish(): CsvGuardError | null {
    if (!this.error && this.limits.utf8 !== false && this.utf8Tail.length && !isUtf8(this.utf8Tail)) this.refuseEncoding(this.utf8Tail, this.utf8TailLine);
    return this.error;
  }

  /** How many blank lines came before record `index` (0 = the header); each count is handed out once. */
  blankLinesBefore(index: number): number {
    const count = this.blank.get(index);
    if (count === undefined) return 0;
    this.blank.delete(index);
    return count;
  }

  private checkUtf8(chunk: Buffer): boolean {
    const end = Math.max(chunk.lastIndexOf(LF), chunk.lastIndexOf(CR)) + 1;
    if (end === 0) {
      this.utf8Tail = this.utf8Tail.length ? Buffer.concat([this.utf8Tail, chunk]) : Buffer.from(chunk);
      if (this.utf8Tail.length <= this.limits.maxRecordBytes * 4) return true;
      // an endless line: the record-length check reports it; keep only what a character needs
      this.utf8Tail = this.utf8Tail.subarray(this.utf8Tail.length - 4);
      return true;
    }
    const complete = this.utf8Tail.length ? Buffer.concat([this.utf8Tail, chunk.subarray(0, end)]) : chunk.subarray(0, end);
    if (!isUtf8(complete)) {
      this.refuseEncoding(complete, this.utf8TailLine);
      return false;
    }
    this.utf8TailLine += countLineBreaks(complete);
    this.utf8Tail = Buffer.from(chunk.subarray(end));
    return true;
  }

  private refuseEncoding(bytes: Buffer, firstLine: number): void {
    let line = firstLine;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] !== LF) continue;
      const text = bytes.subarray(start, i);
      if (!isUtf8(text)) {
        const column = Buffer.from(text.toString('utf8').split('\uFFFD')[0]!, 'utf8').length;
        this.error = { line, column: `byte ${column + 1}`, message: 'the file is not UTF-8 text: save it as UTF-8 (from Latin-1 or Windows-1252, e.g. with iconv)' };
        return;
      }
      line++;
      start = i + 1;
    }
    this.error = { line: firstLine, column: '', message: 'the file is not UTF-8 text: save it as UTF-8' };
  }

  private scan(chunk: Buffer): Buffer | null {
    const { maxRecordBytes, maxFields } = this.limits;
    let kept: Buffer[] | null = null; // stays null while nothing is dropped
    let keptFrom = 0;
    const dropping = this.limits.dropBlankLines !== false;
    const drop = (at: number) => {
      if (!dropping) return;
      kept ??= [];
      if (at > keptFrom) kept.push(chunk.subarray(keptFrom, at));
      keptFrom = at + 1;
    };
    const plain = { quote: -1, cr: -1 };
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (this.atRecordStart && !this.lastWasCR && !this.inQuotes && byte !== LF && byte !== CR) {
        const end = this.shortPlainLineEnd(chunk, i, plain);
        if (end >= 0) {
          // what the loop below does for such a line, byte by byte
          this.records++;
          this.recordLine = this.line;
          this.droppingBlank = false;
          this.line++;
          i = end;
          continue;
        }
      }
      if (this.lastWasCR) {
        this.lastWasCR = false;
        if (byte === LF) {
          if (this.atRecordStart && this.droppingBlank) drop(i);
          continue;
        }
      }
      if (this.inQuotes) {
        if (byte === QUOTE) this.inQuotes = false;
        else if (byte === LF) this.line++;
        if (++this.recordBytes > maxRecordBytes) return this.refuseLength();
        continue;
      }
      if (byte === LF || byte === CR) {
        this.lastWasCR = byte === CR;
        this.droppingBlank = this.atRecordStart;
        if (this.atRecordStart) {
          drop(i);
          this.blank.set(this.records, (this.blank.get(this.records) ?? 0) + 1);
        }
        this.atRecordStart = true;
        this.line++;
        continue;
      }
      if (this.atRecordStart) {
        this.atRecordStart = false;
        this.records++;
        this.recordLine = this.line;
        this.recordBytes = 0;
        this.fields = 1;
      }
      if (byte === QUOTE) this.inQuotes = true;
      else if (byte === this.delimiter && ++this.fields > maxFields) {
        this.error = { line: this.recordLine, column: `field ${this.fields}`, message: `more than ${maxFields} fields in one record` };
        return null;
      }
      if (++this.recordBytes > maxRecordBytes) return this.refuseLength();
    }
    if (kept === null) return chunk;
    const parts = kept as Buffer[];
    if (keptFrom < chunk.length) parts.push(chunk.subarray(keptFrom));
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  /**
   * The index of the \n ending the line that starts at `from`, when that line is short enough to
   * be within both limits whatever its bytes (fewer bytes than `maxFields`) and has no quote and no
   * \r but one just before the \n; else -1. Most lines are such lines, and this skips them at the
   * speed of indexOf. `next` caches the next quote and \r of the chunk.
   */
  private shortPlainLineEnd(chunk: Buffer, from: number, next: { quote: number; cr: number }): number {
    const lf = chunk.indexOf(LF, from);
    if (lf < 0 || lf - from >= Math.min(this.limits.maxFields, this.limits.maxRecordBytes + 1)) return -1;
    if (next.quote < from) next.quote = indexOrEnd(chunk, QUOTE, from);
    if (next.cr < from) next.cr = indexOrEnd(chunk, CR, from);
    if (next.quote < lf) return -1;
    if (next.cr < lf - 1) return -1;
    return lf;
  }

  private refuseLength(): null {
    this.error = {
      line: this.recordLine,
      column: `field ${this.fields}`,
      message: `a record longer than ${this.limits.maxRecordBytes / 1024} KiB (a quote that is never closed, or not ${this.limits.fileKind ?? 'a transactions file'})`,
    };
    return null;
  }
}

function indexOrEnd(bytes: Buffer, value: number, from: number): number {
  const at = bytes.indexOf(value, from);
  return at < 0 ? bytes.length : at;
}

function countLineBreaks(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(LF); at !== -1; at = bytes.indexOf(LF, at + 1)) count++;
  return count;
}
