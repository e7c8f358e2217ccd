import { createWriteStream, existsSync, statSync, unlinkSync, type WriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { conflictError, FolioError, usageError } from '../core/errors.js';
import type { CliContext } from './context.js';
import { writeChunk } from './io.js';
import type { Sink } from './stream-output.js';

export interface OutputOptions {
  /** A file to write instead of stdout; `-` or undefined is stdout. */
  output?: string;
  /** Replace an existing file. */
  force?: boolean;
}

/** The refusal to replace a file, before any work is done: exit 5 without --force. */
export function ensureWritable(path: string, force: boolean | undefined): void {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) throw usageError(`${path} is a directory: --output names a file.`, 'output_is_directory');
  if (!force) throw conflictError(`${path} already exists: use --force to replace it.`, 'output_exists');
}

/**
 * A file written whole or not at all: the data goes to a temp file next to it (same directory, so
 * the rename is atomic), renamed over the target by `commit`. `abort`, an error, or the process
 * exiting early (Ctrl-C) removes the temp file, so a failure leaves neither a half file nor a temp.
 */
export class AtomicFile implements Sink {
  private readonly stream: WriteStream;
  private failure: Error | null = null;
  private readonly cleanup = () => {
    try {
      unlinkSync(this.temp);
    } catch {
      // already gone
    }
  };

  private constructor(
    readonly path: string,
    private readonly temp: string,
    private readonly force: boolean,
  ) {
    this.stream = createWriteStream(temp, { flags: 'wx', mode: 0o600 }); // exports are private data
    this.stream.on('error', (error) => (this.failure ??= error));
    process.on('exit', this.cleanup);
  }

  /** Opens the temp file; fails (with nothing left behind) when the directory cannot be written. */
  static async open(path: string, force = false): Promise<AtomicFile> {
    const target = resolve(path);
    ensureWritable(target, force);
    // Not named after the target: a name near the 255-byte limit would leave no room for a suffix.
    const temp = join(dirname(target), `.folio-${randomBytes(6).toString('hex')}.tmp`);
    const file = new AtomicFile(target, temp, force);
    await new Promise<void>((done, fail) => {
      file.stream.once('open', () => done());
      file.stream.once('error', fail);
    }).catch((error: NodeJS.ErrnoException) => {
      process.off('exit', file.cleanup);
      throw writeError(path, error);
    });
    return file;
  }

  out(text: string): Promise<void> | void {
    if (this.failure) throw writeError(this.path, this.failure);
    return writeChunk(this.stream, text)?.catch((error: NodeJS.ErrnoException) => {
      throw writeError(this.path, error);
    });
  }

  async commit(): Promise<void> {
    try {
      await new Promise<void>((done, fail) => {
        if (this.failure) return fail(this.failure);
        this.stream.once('error', fail);
        this.stream.end(() => done());
      });
      // Someone may have created the file while this one was written: still no silent overwrite.
      ensureWritable(this.path, this.force);
      await rename(this.temp, this.path);
    } catch (error) {
      await this.abort();
      throw error instanceof FolioError ? error : writeError(this.path, error as NodeJS.ErrnoException);
    }
    process.off('exit', this.cleanup);
  }

  async abort(): Promise<void> {
    this.stream.destroy();
    await unlink(this.temp).catch(() => {});
    process.off('exit', this.cleanup);
  }
}

function writeError(path: string, error: NodeJS.ErrnoException): Error {
  if (error.code === 'ENOSPC' || error.code === 'EDQUOT') return new FolioError('unavailable', `Cannot write ${path}: the disk is full. Nothing was written.`, 'disk_full');
  if (error.code === 'ENAMETOOLONG') return usageError(`Cannot write ${path}: the file name is too long.`, 'output_unwritable');
  if (error.code === 'ENOENT') return usageError(`Cannot write ${path}: no such directory.`, 'output_unwritable');
  if (error.code === 'EACCES' || error.code === 'EPERM') return usageError(`Cannot write ${path}: permission denied.`, 'output_unwritable');
  return usageError(`Cannot write ${path}: ${error.message}`, 'output_unwritable');
}

/**
 * Runs `write` against stdout, or against `--output FILE` written atomically. Call it once the
 * command's inputs are checked (the portfolio opened), so a refused export never creates a file.
 */
export async function withOutput(ctx: CliContext, options: OutputOptions, write: (sink: Sink) => Promise<void>): Promise<string | null> {
  if (options.output === undefined || options.output === '-') {
    await write(ctx);
    return null;
  }
  const file = await AtomicFile.open(options.output, options.force);
  try {
    await write(file);
  } catch (error) {
    await file.abort();
    throw error;
  }
  await file.commit();
  return file.path;
}
