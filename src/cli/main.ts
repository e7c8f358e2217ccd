import { CommanderError } from 'commander';
import { FolioError, usageError, type ErrorKind } from '../core/errors.js';
import type { Clock } from '../core/ports.js';
import { CliContext } from './context.js';
import type { Prompter } from './prompter.js';
import { processIo, type Io } from './io.js';
import { buildProgram } from './program.js';
import { messageSafe } from './terminal-text.js';
import { controlCharacterProblem } from '../core/text.js';

const EXIT_CODES: Record<ErrorKind, number> = {
  usage: 2,
  auth: 3,
  notFound: 4,
  conflict: 5,
  unavailable: 6,
  cancelled: 130,
};

/** Signals that end a run (Ctrl-C, `kill`, a closed terminal), with the exit code a shell gives them (128 + n). */
const SIGNAL_NUMBERS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

/** What a caller may pin: tests run folio in process with a fixed clock and scripted answers. */
export interface Surroundings {
  clock?: Clock;
  prompter?: Prompter;
}

/** Runs one folio invocation and returns its exit code. The only place errors become exit codes. */
export async function main(argv: string[], io: Io = processIo(), env: NodeJS.ProcessEnv = process.env, world: Surroundings = {}): Promise<number> {
  const ctx = new CliContext(io, env, world.clock ?? clockFrom(env), world.prompter);
  quietOnBrokenPipe(io);
  endOnSignals(ctx);
  try {
    refusePasswordFlag(argv);
    refuseControlCharacters(argv);
    await (await buildProgram(ctx, argv)).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    ctx.clearProgress();
    return report(ctx, error, wantsJson(ctx, argv));
  } finally {
    running.delete(ctx);
    if (running.size === 0) for (const signal of Object.keys(SIGNAL_NUMBERS)) process.off(signal, onSignal);
    await ctx.close().catch(() => {});
  }
}

/** The invocations under way: one in a real process, several when tests run folio in process at once. */
const running = new Set<CliContext>();

/** A signal ends the process through process.exit, so 'exit' listeners run: temp files of --output are removed. */
function onSignal(signal: NodeJS.Signals): void {
  for (const ctx of running) ctx.clearProgress();
  if (signal === 'SIGINT') for (const { io } of running) io.stderr.write('\n');
  process.exit(128 + SIGNAL_NUMBERS[signal as keyof typeof SIGNAL_NUMBERS]);
}

function endOnSignals(ctx: CliContext): void {
  if (running.size === 0) for (const signal of Object.keys(SIGNAL_NUMBERS)) process.on(signal, onSignal);
  running.add(ctx);
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

/**
 * Control characters in flags and arguments (a NUL, an escape sequence) are refused at the door, for
 * every command; commands check names and settings more strictly still.
 */
function refuseControlCharacters(argv: string[]): void {
  argv.forEach((arg, index) => {
    const problem = controlCharacterProblem('', arg, 'tab and line breaks');
    if (!problem) return;
    const previous = argv[index - 1];
    const what = arg.startsWith('--') && arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : previous?.startsWith('-') ? previous : `argument ${index + 1}`;
    throw usageError(`The value of ${what}${problem}.`, 'control_character');
  });
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
    // Messages quote what the user gave: cut overlong values and escape control characters.
    const message = messageSafe(folioError.message);
    if (folioError.kind !== 'cancelled' || debug) ctx.info(`folio: ${message}`);
    if (json) writeJsonError(ctx, folioError.code, message, folioError.details);
    stack();
    return EXIT_CODES[folioError.kind];
  }
  const message = messageSafe(converted instanceof Error ? converted.message : String(converted));
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

const LOST_CONNECTION = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', 'SQLITE_CANTOPEN', 'SQLITE_READONLY'];
const WRITER_BUSY = ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', '55P03', '40P01'];
const DISK_FULL = ['SQLITE_FULL', 'ENOSPC', 'EDQUOT', '53100'];

/**
 * Driver and system errors that have a meaning for the user: a lost connection, another process
 * holding the write lock past the timeout, a full disk, a unique key taken by a concurrent write.
 * Each one left the database as it was: the transaction rolled back (or never committed).
 */
function asFolioError(error: unknown): FolioError | null {
  if (error instanceof FolioError) return error;
  const err = error as { code?: string; message?: string } | null;
  const code = err?.code ?? '';
  const text = err?.message ?? '';
  if (WRITER_BUSY.includes(code)) {
    return new FolioError('conflict', 'Another folio process is writing to this database, and waiting for it timed out: nothing was written. Run the command again (FOLIO_LOCK_TIMEOUT sets the wait in seconds).', 'busy');
  }
  if (DISK_FULL.includes(code) || /database or disk is full|no space left on device/i.test(text)) {
    return new FolioError('unavailable', 'The disk is full: nothing was written. Free some space and run the command again.', 'disk_full');
  }
  if (LOST_CONNECTION.includes(code) || /Connection terminated|connection timeout|terminating connection|connection error and is not queryable/i.test(text)) {
    return new FolioError('unavailable', `The database is unavailable: ${text || code}. Nothing was written by the unfinished command.`, 'unavailable');
  }
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new FolioError('conflict', 'That already exists (it was created at the same time by another command).', 'conflict');
  }
  return null;
}
