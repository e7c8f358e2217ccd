import { CommanderError } from 'commander';
import { FolioError, usageError, type ErrorKind } from '../core/errors.js';
import { CliContext } from './context.js';
import { processIo, type Io } from './io.js';
import { buildProgram } from './program.js';

const EXIT_CODES: Record<ErrorKind, number> = {
  usage: 2,
  auth: 3,
  notFound: 4,
  conflict: 5,
  unavailable: 6,
  cancelled: 130,
};

/** Runs one folio invocation and returns its exit code. The only place errors become exit codes. */
export async function main(argv: string[], io: Io = processIo(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const ctx = new CliContext(io, env, clockFrom(env));
  quietOnBrokenPipe(io);
  const onInterrupt = () => {
    io.stderr.write('\n');
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  try {
    refusePasswordFlag(argv);
    await buildProgram(ctx).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    return report(ctx, error);
  } finally {
    process.off('SIGINT', onInterrupt);
    await ctx.close().catch(() => {});
  }
}

/** The real clock, or the instant in FOLIO_NOW (ISO 8601): tests and demos pin "today" with it. */
function clockFrom(env: NodeJS.ProcessEnv) {
  const pinned = env.FOLIO_NOW ? new Date(env.FOLIO_NOW) : null;
  return pinned && !Number.isNaN(pinned.getTime()) ? { now: () => new Date(pinned.getTime()) } : { now: () => new Date() };
}

/**
 * A password given as `--password VALUE` would sit in shell history and `ps` output, so there is no
 * such flag; the value is never echoed back (commander's "unknown option '--password=…'" would).
 */
function refusePasswordFlag(argv: string[]): void {
  for (const arg of argv) {
    if (arg === '--') return;
    if (arg === '--password' || arg.startsWith('--password=')) {
      throw usageError('There is no --password flag: pipe the password into --password-stdin, or answer the prompt.', 'password_flag');
    }
  }
}

/** `folio … | head` closes the pipe early: that is the reader's choice, not an error. */
function quietOnBrokenPipe(io: Io): void {
  for (const stream of [io.stdout, io.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
}

function report(ctx: CliContext, error: unknown): number {
  if (error instanceof CommanderError) {
    // help and --version end through here with exit code 0; usage mistakes were already printed
    return error.exitCode === 0 ? 0 : 2;
  }
  const folioError = asFolioError(error);
  const debug = ctx.env.FOLIO_DEBUG === '1';
  if (folioError) {
    if (folioError.kind !== 'cancelled' || debug) ctx.info(`folio: ${folioError.message}`);
    if (ctx.globals.json) ctx.io.stdout.write(JSON.stringify({ error: { code: folioError.code, message: folioError.message, ...(folioError.details !== undefined && { details: folioError.details }) } }) + '\n');
    if (debug && error instanceof Error && error.stack) ctx.info(error.stack);
    return EXIT_CODES[folioError.kind];
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.info(`folio: unexpected error: ${message}`);
  if (debug && error instanceof Error && error.stack) ctx.info(error.stack);
  else ctx.info('Run again with FOLIO_DEBUG=1 for details.');
  if (ctx.globals.json) ctx.io.stdout.write(JSON.stringify({ error: { code: 'internal', message } }) + '\n');
  return 1;
}

/** Driver errors that have a meaning for the user: a lost connection, a unique key taken by a concurrent write. */
function asFolioError(error: unknown): FolioError | null {
  if (error instanceof FolioError) return error;
  const err = error as { code?: string; message?: string } | null;
  const code = err?.code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', '57P01', '57P03', '08006', '08001', 'SQLITE_BUSY', 'SQLITE_CANTOPEN', 'SQLITE_READONLY'].includes(code) ||
      /Connection terminated|connection timeout/i.test(err?.message ?? '')) {
    return new FolioError('unavailable', `The database is unavailable: ${err?.message ?? code}`, 'unavailable');
  }
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new FolioError('conflict', 'That already exists (it was created at the same time by another command).', 'conflict');
  }
  return null;
}
