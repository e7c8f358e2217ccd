import { once } from 'node:events';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import type { Schema } from './schema.js';

/**
 * Postgres bulk writes through COPY, inside an ordinary Kysely transaction. Kysely does not hand
 * out the pg client of a transaction, so the transaction runs on a Kysely bound to one client
 * taken from the pool: its queries and the COPY share the client, and so the transaction.
 *
 * COPY ... FROM STDIN is parsed by the server in one pass, with none of the per-statement
 * parameter binding of multi-row INSERTs. One COPY stays open across batches, so the server
 * writes rows while the client reads the next ones (two cores at work); the next other query on
 * the client ends it first, and a COPY that failed fails that query (and so the transaction).
 */

type PgPool = import('pg').Pool;
type PgClient = import('pg').PoolClient;
type CursorClass = ConstructorParameters<typeof PostgresDialect>[0]['cursor'];

/**
 * Writes rows into a table inside the current transaction (the server may still be taking them in),
 * each row as `line` writes it: its values in `columns` order in COPY's text format, tab-separated,
 * ending with a line feed (see copyText).
 */
export type CopyRows = <R>(table: string, columns: readonly string[], rows: readonly R[], line: (row: R) => string) => Promise<void>;

/** Runs `work` in one transaction on one pooled client; `copy` writes through that client's COPY. */
export async function clientTransaction<T>(
  pool: PgPool,
  cursor: CursorClass,
  work: (trx: Transaction<Schema>, copy: CopyRows) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  const { release, query } = client;
  const session = new CopySession(client, query);
  // Kysely releases its connection after the transaction; the client goes back to the pool below, once.
  client.release = () => {};
  client.query = ((...args: Parameters<PgClient['query']>) => session.before(() => (query as (...a: unknown[]) => unknown).apply(client, args))) as PgClient['query'];
  const single = new Kysely<Schema>({
    dialect: new PostgresDialect({ pool: { connect: async () => client, end: async () => {} } as unknown as PgPool, cursor }),
  });
  let failed: Error | undefined;
  try {
    const result = await single.transaction().execute((trx) => work(trx, (table, columns, rows, line) => session.write(table, columns, rows, line)));
    client.query = query;
    failed = await analyzeAfterBulk(client, session.copied);
    return result;
  } catch (error) {
    failed = error as Error;
    throw error;
  } finally {
    client.release = release;
    client.query = query;
    // After a failure the client may be mid-COPY: the pool drops it rather than reuse it.
    client.release(failed);
  }
}

/**
 * Whether `copied` rows are enough to refresh a table's statistics: at least 10,000, and at least 10%
 * of the rows the planner last counted (`reltuples`, -1 when never counted) — autovacuum's own default
 * share, when it runs at all. Below that the statistics are near enough, and ANALYZE (which samples
 * up to 30,000 pages whatever the table's size) would cost a small import more than it saves.
 */
export const needsAnalyze = (copied: number, plannerRows: number) => copied >= 10_000 && copied >= 0.1 * Math.max(0, plannerRows);

/**
 * Refreshes the planner's statistics of each table a committed bulk transaction copied many rows
 * into (see needsAnalyze). Without it, the first reads after an import of a million rows
 * plan for an empty table (a bitmap scan of the whole index instead of one sequential scan), and the
 * first scan pays to set the new rows' hint bits, dirtying and writing every page.
 *
 * After the commit, not inside the transaction: the rows are committed by then, so ANALYZE sets the
 * hint bits of the pages it samples (every page of a table up to 30,000 pages, about a million rows
 * here) instead of the first reader; and its lock is held for the ANALYZE only, not until the commit,
 * where it would queue a concurrent import of another portfolio behind this one. SKIP_LOCKED: when
 * another ANALYZE or VACUUM holds the table, that one refreshes the statistics. The import is already
 * committed, so a failure here is not the import's: it only makes the pool drop the client.
 */
async function analyzeAfterBulk(client: PgClient, copied: ReadonlyMap<string, number>): Promise<Error | undefined> {
  try {
    for (const [table, rows] of copied) {
      if (!needsAnalyze(rows, 0)) continue;
      const counted = await client.query<{ rows: number }>('select reltuples as rows from pg_class where oid = to_regclass($1)', [table]);
      if (!needsAnalyze(rows, counted.rows[0]?.rows ?? 0)) continue;
      await client.query(`ANALYZE (SKIP_LOCKED) ${client.escapeIdentifier(table)}`);
    }
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

const ESCAPED = /[\\\t\n\r]/;

/**
 * Free text as a value in COPY's text format: `\N` for null; backslash, tab and line breaks escaped.
 * Only for values that may hold them: a validated number, date, id or code is written as it is.
 */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return ESCAPED.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : value;
}

const CHUNK = 256 * 1024;

class CopySession {
  /** Rows written per table. */
  readonly copied = new Map<string, number>();
  private open: { key: string; stream: import('node:stream').Writable; done: Promise<void> } | null = null;
  private ended: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: PgClient,
    private readonly query: PgClient['query'],
  ) {}

  /** Ends an open COPY before any other query; promise-returning queries wait for it (and fail with it). */
  before(run: () => unknown): unknown {
    this.end();
    const ended = this.ended;
    this.ended = Promise.resolve();
    const result = run();
    if (!(result instanceof Promise)) return result; // a cursor: pg queues it after the COPY
    return ended.then(
      () => result,
      (error) => {
        result.catch(() => {}); // refused by the aborted transaction: the COPY's error is the one to tell
        throw error;
      },
    );
  }

  private end(): void {
    if (this.open === null) return;
    const { stream, done } = this.open;
    this.open = null;
    stream.end();
    const previous = this.ended;
    this.ended = previous.then(() => done);
    this.ended.catch(() => {}); // surfaced by the next query that awaits it
  }

  async write<R>(table: string, columns: readonly string[], rows: readonly R[], line: (row: R) => string): Promise<void> {
    if (rows.length === 0) return;
    this.copied.set(table, (this.copied.get(table) ?? 0) + rows.length);
    const key = `${table} (${columns.join(', ')})`;
    if (this.open?.key !== key) {
      this.end();
      const { from } = await import('pg-copy-streams');
      const stream = (this.query as (q: unknown) => import('node:stream').Writable).call(this.client, from(`COPY ${key} FROM STDIN`));
      const done = new Promise<void>((resolve, reject) => {
        stream.on('finish', resolve);
        stream.on('error', reject);
      });
      done.catch(() => {});
      this.open = { key, stream, done };
    }
    const { stream, done } = this.open!;
    let text = '';
    for (const row of rows) {
      text += line(row);
      if (text.length >= CHUNK) {
        const ready = stream.write(text);
        text = '';
        if (!ready) await Promise.race([once(stream, 'drain'), done]);
      }
    }
    if (text && !stream.write(text)) await Promise.race([once(stream, 'drain'), done]);
  }
}

/**
 * COPY's text format, unescaped: the backslash sequences COPY TO writes for a backslash and for
 * control characters inside a value, back to the characters themselves (nulls must come as empty
 * fields, `NULL ''`: `\N` is not expected here). With `tsv`, a tab or line feed inside a value
 * becomes a space instead (TSV's rule), so the server need not `translate` every free-text field.
 * A sequence cut by a chunk boundary waits for the next chunk.
 */
export class CopyTextDecoder {
  private carry = '';
  private readonly escapes: Record<string, string>;

  private static readonly ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

  constructor(options: { tsv?: boolean } = {}) {
    this.escapes = options.tsv ? { ...CopyTextDecoder.ESCAPES, n: ' ', t: ' ' } : CopyTextDecoder.ESCAPES;
  }

  write(chunk: string): string {
    let text = this.carry + chunk;
    this.carry = '';
    let trailing = 0;
    while (trailing < text.length && text[text.length - 1 - trailing] === '\\') trailing++;
    if (trailing % 2 === 1) {
      this.carry = '\\';
      text = text.slice(0, -1);
    }
    return text.includes('\\') ? text.replace(/\\([\s\S])/g, (_, c: string) => this.escapes[c] ?? c) : text;
  }

  end(): string {
    return this.carry;
  }
}

const OUT_CHUNK = 256 * 1024;

/**
 * The rows of a query as text written by the server (`COPY (query) TO STDOUT`) on a client of its
 * own: CSV, or tab-separated lines (`text`: COPY's text format with nulls as empty fields, unescaped,
 * tabs and line feeds inside values as spaces). COPY takes no bind parameters: `parameters` are
 * inlined as quoted literals.
 */
export async function* copyOut(pool: PgPool, query: string, parameters: readonly unknown[], format: 'csv' | 'text'): AsyncGenerator<string> {
  const literal = (value: unknown) => (value === null ? 'NULL' : `'${String(value).replace(/'/g, "''")}'`);
  const text = query.replace(/\$(\d+)/g, (_, n: string) => literal(parameters[Number(n) - 1]));
  const [{ to }, { StringDecoder }] = await Promise.all([import('pg-copy-streams'), import('node:string_decoder')]);
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    const decoder = new StringDecoder('utf8');
    const unescape = format === 'text' ? new CopyTextDecoder({ tsv: true }) : null;
    const options = format === 'text' ? "FORMAT text, NULL ''" : 'FORMAT csv';
    const copy = client.query(to(`COPY (${text}) TO STDOUT WITH (${options})`)) as AsyncIterable<Buffer>;
    const decode = (chunk: Buffer) => (unescape ? unescape.write(decoder.write(chunk)) : decoder.write(chunk));
    // The server's chunks are what one socket read brings (about 10 KB): yielded one by one, each
    // cost the reader a write of its own (a million rows: 4,000 file writes, 0.3 s of CPU).
    let parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of copy) {
      parts.push(chunk);
      size += chunk.length;
      if (size < OUT_CHUNK) continue;
      yield decode(Buffer.concat(parts, size));
      parts = [];
      size = 0;
    }
    if (size > 0) yield decode(Buffer.concat(parts, size));
    const rest = decoder.end();
    const tail = unescape ? unescape.write(rest) + unescape.end() : rest;
    if (tail) yield tail;
  } catch (error) {
    failed = error as Error;
    throw error;
  } finally {
    // Stopped early (a closed pipe) or failed: the client may be mid-COPY, so the pool drops it.
    client.release(failed ?? undefined);
  }
}
