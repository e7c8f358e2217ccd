import { existsSync } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { notFoundError, usageError } from '../../../core/errors.js';
import type { ValidationContext } from '../../../core/ledger/transaction-input.js';
import type { ImportSource } from '../../../core/ledger/transaction-service.js';
import type { Mapping } from '../../../io/import-map/mapping.js';
import type { CliContext } from '../../context.js';
import { readAll } from '../../io.js';

/** What `tx import` reads: the file (or stdin), natively or through a mapping. */
export interface ImportInput {
  source: ImportSource;
  /** Mapped imports: the lines the mapping skipped, and broker ids by line. */
  skippedLines: number[];
  ids: Map<number, string>;
}

/** Files at least this big are read on a worker thread: starting one costs ~70 ms of CPU, reading 2 MB ~0.3 s here. */
const WORKER_MIN_BYTES = 2 * 1024 * 1024;

interface OpenedInput {
  stream: () => Readable;
  /** The open file and its size (null for stdin). */
  file: { handle: FileHandle; size: number } | null;
  source: string;
}

async function openInput(ctx: CliContext, file: string): Promise<OpenedInput> {
  if (file === '-') {
    if (ctx.io.stdinIsTty) throw usageError('Reading transactions from standard input: pipe a CSV file into `folio tx import -`.');
    return { stream: () => ctx.io.stdin, file: null, source: 'stdin' };
  }
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw code === 'ENOENT' ? notFoundError(`No such file: ${file}`, 'file_not_found') : usageError(`Cannot read ${file}: ${message}`);
  }
  const { size } = await handle.stat();
  return { stream: () => handle.createReadStream(), file: { handle, size }, source: basename(file) };
}

/**
 * dist/import-worker.js, the worker's own bundle entry: this module is bundled into dist/chunks/.
 * Null when folio runs from src/ (the in-process tests, through vite): files are then read in-thread.
 */
function importWorkerUrl(): URL | null {
  const url = new URL('../import-worker.js', import.meta.url);
  return existsSync(url) ? url : null;
}

/** The mapping of `--map FILE` or `--preset NAME` (one of them), or null for folio's own CSV. */
export async function loadMapping(options: { map?: string; preset?: string }): Promise<Mapping | null> {
  if (options.map !== undefined && options.preset !== undefined) throw usageError('Give --map FILE or --preset NAME, not both.', 'conflicting_flags');
  if (options.preset !== undefined) {
    const { presetMapping, PRESET_NAMES } = await import('../../../io/import-map/presets.js');
    const mapping = presetMapping(options.preset);
    if (!mapping) throw usageError(`Unknown preset "${options.preset}": use one of ${PRESET_NAMES.join(', ')} (folio import-map list).`, 'unknown_preset');
    return mapping;
  }
  if (options.map === undefined) return null;
  const { parseMappingText } = await import('../../../io/import-map/mapping.js');
  let text: string;
  try {
    text = await readFile(options.map, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notFoundError(`No such mapping file: ${options.map}`, 'file_not_found');
    throw usageError(`Cannot read ${options.map}: ${(error as Error).message}`);
  }
  return parseMappingText(text, basename(options.map));
}

export async function openImportInput(
  ctx: CliContext,
  file: string,
  mapping: Mapping | null,
  context: ValidationContext,
  onProgress: (rows: number) => void,
): Promise<ImportInput> {
  const input = await openInput(ctx, file);
  const { source } = input;
  if (mapping === null) {
    const options = { context, maxErrors: 20, onProgress };
    const { file: opened } = input;
    const workerUrl = opened !== null && opened.size >= WORKER_MIN_BYTES ? importWorkerUrl() : null;
    if (opened !== null && workerUrl !== null) {
      const { readTransactionCsvInWorker } = await import('../../../io/transaction-csv-threaded.js');
      const read: ImportSource['read'] = (onRow) =>
        readTransactionCsvInWorker(opened.handle.fd, { ...options, workerUrl, onRow }).finally(() => opened.handle.close());
      return { source: { source, read }, skippedLines: [], ids: new Map() };
    }
    const { readTransactionCsv } = await import('../../../io/transaction-csv.js');
    return {
      source: { source, read: (onRow) => readTransactionCsv(input.stream(), { ...options, onRow }) },
      skippedLines: [],
      ids: new Map(),
    };
  }
  const stream = input.stream();
  const { mappedTransactionSource } = await import('../../../io/import-map/mapped-import.js');
  const { csvRecords, ghostfolioRecords } = await import('../../../io/import-map/records.js');
  const records = mapping.format === 'ghostfolio-json' ? ghostfolioRecords(await readAll(stream)) : csvRecords(stream, mapping);
  const mapped = mappedTransactionSource(source, records, { mapping, context, maxErrors: 20, onProgress });
  return { source: mapped, skippedLines: mapped.skippedLines, ids: mapped.ids };
}
