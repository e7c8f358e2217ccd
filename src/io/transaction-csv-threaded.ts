import { Worker } from 'node:worker_threads';
import { idOf, unpackRow, type WorkerMessage } from './row-batches.js';
import type { TransactionFields } from '../core/ledger/types.js';
import type { CsvReadResult, ReadTransactionCsvOptions } from './transaction-csv.js';
import type { CsvWorkerData } from './transaction-csv-worker.js';

/**
 * `readTransactionCsv` on a second core: a worker thread (dist/import-worker.js) reads, parses and
 * validates the file while this thread writes the rows it has already checked. The caller sees the
 * same calls as from the in-thread reader: `onRow` per valid row in file order (its promise holds
 * the reading back), `onProgress`, and the same result.
 */

export interface WorkerReadOptions extends Omit<ReadTransactionCsvOptions, 'onRow'> {
  /** Each valid row with its line, and the id the worker made for it. */
  onRow: (row: TransactionFields, line: number, id: string) => void | Promise<void>;
  /** The worker's script: dist/import-worker.js (see `importWorkerUrl`). */
  workerUrl: URL;
  /** Rows a batch (default 2000). */
  batchRows?: number;
  /**
   * Batches the worker may read ahead of the rows handed to `onRow` (default 8): memory stays flat.
   * Credits go back half of them at a time, so a waiting worker is woken once per few batches.
   */
  credits?: number;
}

const DEFAULT_BATCH_ROWS = 2000;
const DEFAULT_CREDITS = 8;

/** The worker's messages in order, as promises; its crash or early exit rejects the next one. */
class Inbox {
  private readonly queue: WorkerMessage[] = [];
  private waiting: { resolve: (message: WorkerMessage) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;

  constructor(worker: Worker) {
    worker.on('message', (message: WorkerMessage) => {
      if (this.waiting) this.settle().resolve(message);
      else this.queue.push(message);
    });
    worker.on('error', (error: Error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the CSV reading thread stopped before the end of the file (exit code ${code})`)));
  }

  private settle() {
    const waiting = this.waiting!;
    this.waiting = null;
    return waiting;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    if (this.waiting) this.settle().reject(this.failure);
  }

  next(): Promise<WorkerMessage> {
    const message = this.queue.shift();
    if (message !== undefined) return Promise.resolve(message);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }
}

/** Hands one batch's rows to `onRow`, awaiting the promises it returns, then its progress report. */
async function deliver(batch: Extract<WorkerMessage, { kind: 'rows' }>, options: WorkerReadOptions): Promise<void> {
  const { lines, progress } = batch;
  for (let i = 0; i < lines.length; i++) {
    const pending = options.onRow(unpackRow(batch, i), lines[i]!, idOf(batch, i));
    if (pending !== undefined) await pending;
  }
  if (progress !== null) options.onProgress?.(progress[0], progress[1]);
}

/** Reads the open file `fd` (from where it stands; the caller closes it afterwards) on a worker thread. */
export async function readTransactionCsvInWorker(fd: number, options: WorkerReadOptions): Promise<CsvReadResult> {
  const workerData: CsvWorkerData = {
    fd,
    context: options.context,
    maxErrors: options.maxErrors,
    batchRows: options.batchRows ?? DEFAULT_BATCH_ROWS,
    credits: options.credits ?? DEFAULT_CREDITS,
  };
  const worker = new Worker(options.workerUrl, { workerData });
  const inbox = new Inbox(worker);
  const refill = Math.max(1, Math.floor(workerData.credits / 2));
  let delivered = 0;
  try {
    for (;;) {
      const message = await inbox.next();
      if (message.kind === 'failed') throw new Error(message.message);
      if (message.kind === 'done') return { rows: message.rows, errors: message.errors, fingerprint: message.fingerprint, truncated: message.truncated };
      await deliver(message, options);
      if (++delivered % refill === 0) worker.postMessage(refill); // credits: that many more batches may be read ahead
    }
  } finally {
    await worker.terminate();
  }
}
