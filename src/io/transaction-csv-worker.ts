import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { newId } from '../core/ids.js';
import type { ValidationContext } from '../core/ledger/transaction-input.js';
import { BatchPacker, Credits, type WorkerMessage } from './row-batches.js';
import { readTransactionCsv } from './transaction-csv.js';

/**
 * The worker thread of a large `tx import` (bundled as dist/import-worker.js): reads the file the
 * main thread opened (its descriptor), checks it with `readTransactionCsv` exactly as the main
 * thread would, and posts the valid rows in batches, at most `credits` batches ahead of the writes.
 * It also makes the rows' ids (the writing thread's to spend less time on).
 */

export interface CsvWorkerData {
  fd: number;
  context: ValidationContext;
  maxErrors: number | undefined;
  batchRows: number;
  credits: number;
}

const port = parentPort!;
const { fd, context, maxErrors, batchRows, credits: initialCredits } = workerData as CsvWorkerData;
const credits = new Credits(initialCredits);
const packer = new BatchPacker(batchRows);
port.on('message', (count: number) => credits.give(count));

function post(progress: [number, number] | null): void {
  const batch = packer.take();
  const message: WorkerMessage = { kind: 'rows', ...batch, progress };
  credits.spend();
  port.postMessage(message, [batch.codes.buffer as ArrayBuffer, batch.lines.buffer as ArrayBuffer]);
}

try {
  const result = await readTransactionCsv(createReadStream('', { fd, autoClose: false }), {
    context,
    ...(maxErrors === undefined ? {} : { maxErrors }),
    onRow(row, line) {
      packer.add(row, line, newId());
      if (!packer.full) return;
      post(null);
      return credits.ready() ?? undefined;
    },
    // Posted after the rows read before it, so the main thread reports it at the same point as an in-thread read.
    onProgress: (rows, bytes) => post([rows, bytes]),
  });
  if (packer.length > 0) post(null);
  const done: WorkerMessage = { kind: 'done', ...result };
  port.postMessage(done);
} catch (error) {
  const failed: WorkerMessage = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  port.postMessage(failed);
}
// The port stays open (it listens for credits): the main thread ends this worker once it has the result.
