import { clearLine, cursorTo, moveCursor } from 'node:readline';
import { Readable, Writable } from 'node:stream';
import { CliContext } from '../../src/cli/context.js';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import type { Prompter } from '../../src/cli/prompter.js';
import type { Clock } from '../../src/core/ports.js';
import { cancelledError } from '../../src/core/errors.js';
import type { CliResult } from './cli.js';

/**
 * folio in process: buffers for stdin/stdout/stderr, a TTY flag, an environment, a fixed clock and
 * a scripted prompter. Commands run against a real temporary SQLite file or the Postgres test server,
 * exactly as the spawned CLI does, without paying for a process per command.
 */
export interface Surroundings {
  /** Text on stdin; when absent stdin is empty (like `</dev/null`). */
  input?: string;
  env?: Record<string, string | undefined>;
  /** Stdin, stdout and stderr are terminals (prompts allowed, rich tables). */
  tty?: boolean;
  /** Terminal width in columns, when `tty`. */
  columns?: number;
  /** A fixed "now" (ISO timestamp or Date). */
  now?: string | Date;
  /** Answers for the prompts, in order (see scriptedPrompter). */
  answers?: Answer[];
}

export type Answer = string | boolean;

export interface BufferIo {
  io: Io;
  stdout(): string;
  stderr(): string;
}

export function bufferIo(options: Pick<Surroundings, 'input' | 'tty' | 'columns'> = {}): BufferIo {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (chunks: string[]) =>
    new Writable({
      write(chunk, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
  const tty = Boolean(options.tty);
  return {
    io: {
      stdin: Readable.from(options.input ? [Buffer.from(options.input)] : []),
      stdout: sink(out),
      stderr: sink(err),
      stdinIsTty: tty,
      stdoutIsTty: tty,
      stderrIsTty: tty,
      columns: tty ? (options.columns ?? 100) : undefined,
    },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

export const fixedClock = (now: string | Date): Clock => {
  const instant = new Date(now);
  return { now: () => new Date(instant) };
};

/**
 * A prompter that answers from a script, the way a person at the terminal would: each answer goes
 * through the prompt's own validation, and a refused answer is recorded and the next one is tried
 * (Inquirer asks again). Running out of answers is a cancel (Ctrl-C). `asked` lists the prompts and
 * `refused` the validation messages shown.
 */
export interface ScriptedPrompter extends Prompter {
  asked: string[];
  refused: string[];
}

export function scriptedPrompter(answers: Answer[]): ScriptedPrompter {
  const queue = [...answers];
  const asked: string[] = [];
  const refused: string[] = [];
  const next = (message: string): Answer => {
    asked.push(message);
    if (queue.length === 0) throw cancelledError();
    return queue.shift()!;
  };
  const text = async (message: string, options: { default?: string; validate?: (value: string) => true | string } = {}) => {
    for (;;) {
      const answer = String(next(message));
      const value = answer === '' && options.default !== undefined ? options.default : answer;
      const verdict = options.validate ? options.validate(value) : true;
      if (verdict === true) return value;
      refused.push(verdict);
    }
  };
  return {
    asked,
    refused,
    input: text,
    password: text,
    confirm: async (message, options = {}) => {
      const answer = next(message);
      return answer === '' ? (options.default ?? false) : answer === true || answer === 'y' || answer === 'yes';
    },
    select: async (message, choices) => {
      const answer = String(next(message));
      const choice = choices.find((c) => c.value === answer);
      if (!choice) throw new Error(`scripted answer "${answer}" is not one of ${choices.map((c) => c.value).join(', ')}`);
      return choice.value;
    },
  };
}

/**
 * A terminal's stream on a buffer, for what only a terminal gets (a spinner): `isTTY`, a width, and
 * the cursor moves written as the escape sequences a real terminal receives. `log` takes every chunk.
 */
export function terminalStream(log: (chunk: string) => void, columns = 100): Writable {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      log(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, {
    isTTY: true,
    columns,
    cursorTo: (x: number, y?: number, callback?: () => void) => cursorTo(stream, x, y, callback),
    moveCursor: (dx: number, dy: number, callback?: () => void) => moveCursor(stream, dx, dy, callback),
    clearLine: (dir: -1 | 0 | 1, callback?: () => void) => clearLine(stream, dir, callback),
  });
}

const cleanEnv = (env: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));

/** A command context on buffers, for calling a command module's `run` directly. */
export function testContext(env: Record<string, string | undefined>, options: Surroundings = {}) {
  const buffers = bufferIo(options);
  const prompter = scriptedPrompter(options.answers ?? []);
  const clock = options.now === undefined ? undefined : fixedClock(options.now);
  const ctx = new CliContext(buffers.io, cleanEnv({ ...env, ...options.env }), clock, prompter);
  return { ctx, prompter, stdout: buffers.stdout, stderr: buffers.stderr };
}

/** Runs `folio ARGS` in this process, through main() exactly as bin/folio.js does; returns what a spawn would. */
export async function runInProcess(args: string[], env: Record<string, string | undefined>, options: Surroundings = {}): Promise<CliResult & { prompter: ScriptedPrompter }> {
  const buffers = bufferIo(options);
  const prompter = scriptedPrompter(options.answers ?? []);
  const clock = options.now === undefined ? undefined : fixedClock(options.now);
  const code = await main(args, buffers.io, cleanEnv({ ...env, ...options.env }), { clock, prompter });
  return { code, stdout: buffers.stdout(), stderr: buffers.stderr(), prompter };
}
