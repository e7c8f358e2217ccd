import { newId } from '../ids.js';
import { conflictError, FolioError, usageError } from '../errors.js';
import type { Clock, HoldingMove, LedgerStore } from '../ports.js';
import { CheckpointRecorder, ledgerAsOf } from './checkpoints.js';
import { createLedger, InsufficientHoldingsError } from './ledger.js';
import { HOLDING_TYPES, type Transaction, type TransactionFields } from './types.js';

export interface RowError {
  line: number;
  column: string;
  message: string;
}

/** Thrown when a sell would exceed the holdings at its date; carries the offending transaction. */
export class OversellError extends FolioError {
  constructor(
    readonly seq: number,
    readonly insufficient: InsufficientHoldingsError,
  ) {
    super('usage', insufficient.message, 'insufficient_holdings');
  }
}

/**
 * Replays buys, sells and splits in date order and fails at the first sell of more than is held
 * at its date. Runs inside the write's database transaction, so a failure rolls the write back.
 */
export async function checkHoldings(moves: AsyncIterable<HoldingMove>): Promise<void> {
  const ledger = createLedger('fifo');
  for await (const move of moves) {
    try {
      ledger.apply(move);
    } catch (error) {
      if (error instanceof InsufficientHoldingsError) throw new OversellError(move.seq, error);
      throw error;
    }
  }
}

const touchesHoldings = (fields: Pick<TransactionFields, 'type'>) => HOLDING_TYPES.includes(fields.type);

/**
 * Checks sells against holdings while an import streams in, for as long as its rows come in date
 * order after the existing history (the usual case: a broker's export). Rows out of order switch it
 * off, and the whole history is replayed once the rows are written instead. Its FIFO ledger takes
 * every row, so an import in order leaves checkpoints behind for the reads that follow (one at its
 * last row: a read right after it replays nothing).
 */
class StreamingHoldingsCheck {
  private lastDate: string;
  private inOrder = true;
  /** The earliest date of the imported rows: checkpoints from it on are stale. */
  private earliest: string | null = null;
  oversell: RowError | undefined;

  private constructor(
    private readonly recorder: CheckpointRecorder,
    lastDate: string | null,
  ) {
    this.lastDate = lastDate ?? '';
  }

  static async start(store: LedgerStore, portfolioId: string, checkpointEvery?: number): Promise<StreamingHoldingsCheck> {
    const lastDate = await store.lastDate(portfolioId);
    const existing = lastDate ? await ledgerAsOf(store, portfolioId, 'fifo', lastDate, { save: false }) : { ledger: createLedger('fifo'), entries: 0 };
    return new StreamingHoldingsCheck(new CheckpointRecorder(existing.ledger, existing.entries, checkpointEvery), lastDate);
  }

  /** True when every row was checked here, so no replay is needed. */
  get complete(): boolean {
    return this.inOrder;
  }

  accept(fields: TransactionFields, line: number): void {
    if (this.earliest === null || fields.date < this.earliest) this.earliest = fields.date;
    if (!this.inOrder || this.oversell) return;
    if (fields.date < this.lastDate) {
      this.inOrder = false;
      return;
    }
    this.lastDate = fields.date;
    try {
      this.recorder.apply(fields);
    } catch (error) {
      if (!(error instanceof InsufficientHoldingsError)) throw error;
      this.oversell = { line, column: 'quantity', message: error.message };
    }
  }

  /** Once the rows are written: drops the checkpoints they make stale, then stores the ones this import passed. */
  async updateCheckpoints(store: LedgerStore, portfolioId: string): Promise<void> {
    if (this.earliest === null) return;
    await store.checkpoints.invalidate(portfolioId, this.earliest);
    if (!this.inOrder || this.oversell) return;
    await store.checkpoints.save(portfolioId, 'fifo', await store.checkpoints.version(portfolioId), this.recorder.checkpoints({ atLastEntry: true }));
  }
}

export function formatRowErrors(errors: RowError[], truncated = false): string {
  const lines = errors.map((e) => `  line ${e.line}, column ${e.column}: ${e.message}`);
  const more = truncated ? `\n  … stopped after the first ${errors.length} errors` : '';
  return lines.join('\n') + more;
}

export interface ImportSummary {
  /** null when nothing was written: a dry run, or a file with no rows. */
  importId: string | null;
  rows: number;
  fingerprint: string;
  dryRun: boolean;
}

/** Reading a file and validating each row is the caller's (io/) job; this is what it feeds. */
export interface ImportSource {
  source: string;
  /**
   * Runs under the portfolio's write lock before the first row is read: what the source must know of
   * the stored history (the duplicate rule) is read under the same lock as the rows are written.
   */
  prepare?(store: LedgerStore): Promise<void>;
  /** `id`: the row's id when the source made one (the worker-thread reader does, off the writing thread). */
  read(
    onRow: (fields: TransactionFields, line: number, id?: string) => Promise<void> | void,
  ): Promise<{ rows: number; errors: RowError[]; fingerprint: string; truncated?: boolean }>;
}

class DryRunRollback extends Error {}

const BATCH = 1000;

// Spelled out rather than spread: this runs a million times in an import.
function build(portfolioId: string, seq: number, fields: TransactionFields, createdAt: string, id = newId()): Transaction {
  return {
    id,
    portfolioId,
    seq,
    date: fields.date,
    type: fields.type,
    symbol: fields.symbol,
    quantity: fields.quantity,
    price: fields.price,
    amount: fields.amount,
    fee: fields.fee,
    tax: fields.tax,
    currency: fields.currency,
    note: fields.note,
    createdAt,
  };
}

/** The refusal of a file this portfolio imported before (the fingerprint is its bytes' hash). */
async function refuseImportedFile(s: LedgerStore, portfolioId: string, fingerprint: string): Promise<void> {
  const previous = await s.findImport(portfolioId, fingerprint);
  if (!previous) return;
  throw conflictError(
    `This file was already imported into the portfolio on ${previous.createdAt.slice(0, 10)} (${previous.rowCount} rows). ` +
      'Nothing was imported; use --allow-duplicates to import it again.',
    'duplicate_import',
  );
}

/** An oversell found by the replay after an import, traced back to its file line when the row is new. */
function oversoldRow(error: OversellError, line: number | undefined) {
  const where = line === undefined ? 'an existing transaction' : `line ${line}, column quantity`;
  const rowError = { line: line ?? 0, column: 'quantity', message: error.insufficient.message };
  return usageError(`Nothing was imported:\n  ${where}: ${error.insufficient.message}`, 'insufficient_holdings', [rowError]);
}

/** `checkpointEvery`: how long a run of imported rows leaves a checkpoint behind (tests make it short). */
export function createTransactionService(store: LedgerStore, clock: Clock, tuning: { checkpointEvery?: number } = {}) {
  return {
    async add(portfolioId: string, fields: TransactionFields): Promise<Transaction> {
      return store.withPortfolioWriteLock(portfolioId, async (s) => {
        await s.checkpoints.invalidate(portfolioId, fields.date);
        const tx = build(portfolioId, await s.nextSeq(portfolioId), fields, clock.now().toISOString());
        await s.insert([tx]);
        if (touchesHoldings(fields)) await checkHoldings(s.holdingMoves(portfolioId, [fields.symbol!]));
        return tx;
      });
    },

    async edit(current: Transaction, fields: TransactionFields): Promise<Transaction> {
      return store.withPortfolioWriteLock(current.portfolioId, async (s) => {
        await s.checkpoints.invalidate(current.portfolioId, fields.date < current.date ? fields.date : current.date);
        await s.update(current.id, fields);
        const symbols = [current.symbol, fields.symbol].filter((x): x is string => Boolean(x));
        if (touchesHoldings(current) || touchesHoldings(fields)) await checkHoldings(s.holdingMoves(current.portfolioId, symbols));
        return { ...current, ...fields };
      });
    },

    async remove(current: Transaction): Promise<void> {
      await store.withPortfolioWriteLock(current.portfolioId, async (s) => {
        await s.checkpoints.invalidate(current.portfolioId, current.date);
        await s.remove(current.id);
        if (touchesHoldings(current)) await checkHoldings(s.holdingMoves(current.portfolioId, [current.symbol!]));
      });
    },

    /**
     * All-or-nothing import: rows are written in batches inside one database transaction, then the
     * whole history is replayed; any bad row, oversell or duplicate file rolls everything back.
     */
    async import(
      portfolioId: string,
      input: ImportSource,
      options: { dryRun?: boolean; allowDuplicates?: boolean } = {},
    ): Promise<ImportSummary> {
      let summary: ImportSummary | undefined;
      try {
        await store.withPortfolioWriteLock(portfolioId, async (s) => {
          await input.prepare?.(s);
          const importId = newId();
          const createdAt = clock.now().toISOString();
          await s.createImport({ id: importId, portfolioId, fingerprint: '', source: input.source, rowCount: 0, createdAt });
          const firstSeq = await s.nextSeq(portfolioId);
          let seq = firstSeq;
          let batch: Transaction[] = [];
          // The file line of each row, by seq: 4 bytes a row instead of a map, to trace a failing sell back.
          let lines = new Int32Array(1 << 16);
          const symbols = new Set<string>();
          const guard = await StreamingHoldingsCheck.start(s, portfolioId, tuning.checkpointEvery);
          const flush = async () => {
            if (batch.length) await s.insert(batch, importId);
            batch = [];
          };
          // Synchronous but for the flush of a full batch: a promise per row costs an await per row in the reader.
          const result = await input.read((fields, line, id) => {
            const index = seq - firstSeq;
            if (index >= lines.length) {
              const grown = new Int32Array(lines.length * 2);
              grown.set(lines);
              lines = grown;
            }
            lines[index] = line;
            if (touchesHoldings(fields)) symbols.add(fields.symbol!);
            guard.accept(fields, line);
            batch.push(build(portfolioId, seq++, fields, createdAt, id));
            if (batch.length >= BATCH) return flush();
          });
          const errors = guard.oversell ? [...result.errors, guard.oversell].sort((a, b) => a.line - b.line) : result.errors;
          if (errors.length) {
            throw usageError(
              `Nothing was imported: ${errors.length === 1 ? 'a row is' : 'rows are'} not valid.\n${formatRowErrors(errors, result.truncated)}`,
              guard.oversell && !result.errors.length ? 'insufficient_holdings' : 'invalid_rows',
              errors,
            );
          }
          await flush();
          if (!options.allowDuplicates) await refuseImportedFile(s, portfolioId, result.fingerprint);
          try {
            if (!guard.complete && symbols.size) await checkHoldings(s.holdingMoves(portfolioId, [...symbols]));
          } catch (error) {
            if (!(error instanceof OversellError)) throw error;
            throw oversoldRow(error, error.seq >= firstSeq && error.seq < seq ? lines[error.seq - firstSeq] : undefined);
          }
          await guard.updateCheckpoints(s, portfolioId);
          summary = { importId: result.rows ? importId : null, rows: result.rows, fingerprint: result.fingerprint, dryRun: Boolean(options.dryRun) };
          // A file with a header and no rows imports nothing, and is not recorded as an import either.
          if (!result.rows) await s.discardImport(importId);
          if (options.dryRun || !result.rows) throw new DryRunRollback();
          await s.completeImport(importId, result.fingerprint, result.rows, !options.allowDuplicates);
        });
      } catch (error) {
        if (!(error instanceof DryRunRollback)) throw error;
      }
      return summary!;
    },
  };
}

export type TransactionService = ReturnType<typeof createTransactionService>;
