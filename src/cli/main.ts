import { CommanderError } from 'commander';
import { FolioError, usageError, type ErrorKind } from '../core/errors.js';
import type { Clock } from '../core/ports.js';
import { CliContext } from './context.js';
import type { Prompter } from './prompter.js';
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

/** What a caller may pin: tests run folio in process with a fixed clock and scripted answers. */
export interface Surroundings {
  clock?: Clock;
  prompter?: Prompter;
}

/** Runs one folio invocation and returns its exit code. The only place errors become exit codes. */
export async function main(argv: string[], io: Io = processIo(), env: NodeJS.ProcessEnv = process.env, world: Surroundings = {}): Promise<number> {
  const ctx = new CliContext(io, env, world.clock, world.prompter);
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
    return report(ctx, error, wantsJson(ctx, argv));
  } finally {
    process.off('SIGINT', onInterrupt);
    await ctx.close().catch(() => {});
  }
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

/** `--json` may not be parsed yet when commander refuses the command line, so the words decide too. */
function wantsJson(ctx: CliContext, argv: string[]): boolean {
  if (ctx.globals.json || ctx.globals.format === 'json') return true;
  const end = argv.indexOf('--');
  const words = end === -1 ? argv : argv.slice(0, end);
  return words.some((word, i) => word === '--json' || word === '--format=json' || (word === '--format' && words[i + 1] === 'json'));
}

/** Commander's own refusals (unknown option, missing argument, bad choice) as usage errors. */
function fromCommander(error: CommanderError): FolioError | number {
  // help and --version end through here with exit code 0; a group without its verb printed its help
  if (error.exitCode === 0) return 0;
  if (error.code === 'commander.help' || error.code === 'commander.helpDisplayed') return 2;
  const message = error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
  return usageError(message.charAt(0).toUpperCase() + message.slice(1), error.code.replace(/^commander\./, '').replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()));
}

function report(ctx: CliContext, error: unknown, json: boolean): number {
  const converted = error instanceof CommanderError ? fromCommander(error) : error;
  if (typeof converted === 'number') return converted;
  const folioError = asFolioError(converted);
  const debug = ctx.env.FOLIO_DEBUG === '1';
  const stack = () => {
    if (debug && error instanceof Error && error.stack) ctx.info(error.stack);
  };
  if (folioError) {
    if (folioError.kind !== 'cancelled' || debug) ctx.info(`folio: ${folioError.message}`);
    if (json) writeJsonError(ctx, folioError.code, folioError.message, folioError.details);
    stack();
    return EXIT_CODES[folioError.kind];
  }
  const message = converted instanceof Error ? converted.message : String(converted);
  ctx.info(`folio: unexpected error: ${message}`);
  if (!debug) ctx.info('Run again with FOLIO_DEBUG=1 for details.');
  stack();
  if (json) writeJsonError(ctx, 'internal', message);
  return 1;
}

/** Under --json the error is also one JSON object, on stderr (stdout stays data only). */
function writeJsonError(ctx: CliContext, code: string, message: string, details?: unknown): void {
  ctx.io.stderr.write(JSON.stringify({ error: { code, message, ...(details !== undefined && { details }) } }) + '\n');
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
