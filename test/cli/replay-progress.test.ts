import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { BACKENDS, createWorld, registerUser, withDatabase, type World } from '../helpers/backends.js';
import { fixedClock, terminalStream } from '../helpers/context.js';

/**
 * A long replay shows `Replaying transactions… N` on a terminal's stderr (issue 15), and nothing
 * anywhere else. 25 rows a day for 1,000 days: 25,000 rows, past the 20,000 a replay reads before
 * it shows anything, read in pages of 2,000 (so the line shows 20,000, 22,000, 24,000, 25,000).
 */
const DAYS = 1000;
const ROWS_A_DAY = 25;
const ROWS = DAYS * ROWS_A_DAY;
const NOW = '2024-01-05T18:00:00Z';

function importFile(): string {
  const lines = ['date,type,symbol,quantity,price,amount,fee,currency,note'];
  const first = Date.UTC(2021, 0, 1);
  for (let day = 0; day < DAYS; day++) {
    const date = new Date(first + day * 86_400_000).toISOString().slice(0, 10);
    lines.push(`${date},deposit,,,,1000,,USD,`);
    for (let i = 1; i < ROWS_A_DAY; i++) lines.push(`${date},buy,TSTA,1,${10 + (day % 5)},,,USD,`);
  }
  return lines.join('\n') + '\n';
}

/** A close for every day to NOW, so no command warns of a missing one. */
function closesFile(): string {
  const lines = ['symbol,date,close,currency'];
  for (let day = Date.UTC(2021, 0, 1); day <= Date.parse(NOW); day += 86_400_000) {
    lines.push(`TSTA,${new Date(day).toISOString().slice(0, 10)},12,USD`);
  }
  return lines.join('\n') + '\n';
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr as one stream, in the order written, each chunk tagged. */
  both: Array<['out' | 'err', string]>;
}

/** `folio ARGS` in this process, stdout a pipe, stderr a terminal or a pipe. */
async function folio(world: World, args: string[], stderrIsTty: boolean, columns?: number): Promise<Run> {
  const both: Run['both'] = [];
  const sink = (name: 'out' | 'err') =>
    new Writable({
      write(chunk, _encoding, done) {
        both.push([name, chunk.toString()]);
        done();
      },
    });
  const io = {
    stdin: Readable.from([]),
    stdout: sink('out'),
    stderr: stderrIsTty ? terminalStream((chunk) => both.push(['err', chunk]), columns) : sink('err'),
    stdinIsTty: false,
    stdoutIsTty: false,
    stderrIsTty,
  };
  const code = await main(args, io, { ...world.env }, { clock: fixedClock(NOW) });
  const text = (name: 'out' | 'err') => both.filter(([n]) => n === name).map(([, chunk]) => chunk).join('');
  return { code, stdout: text('out'), stderr: text('err'), both };
}

/** Forgets the checkpoints, so the next command replays every row again. */
const forgetCheckpoints = (world: World) => withDatabase(world, (db) => sql`delete from ledger_checkpoints`.execute(db));

const CLEAR_LINE = '\u001B[1G\u001B[0K';
const SHOW_CURSOR = '\u001B[?25h';

describe.each(BACKENDS)('replay progress on $name', (backend) => {
  let world: World;

  beforeAll(async () => {
    if (!backend.available) return;
    world = await createWorld(backend, { now: NOW });
    await registerUser(world, 'ann@example.com', 'Ann');
    const file = join(world.home, 'long.csv');
    writeFileSync(file, importFile());
    const closes = join(world.home, 'closes.csv');
    writeFileSync(closes, closesFile());
    for (const args of [
      ['prices', 'import', closes],
      ['portfolio', 'add', 'Main', '--currency', 'USD'],
      ['tx', 'import', file, '--portfolio', 'Main'],
      ['portfolio', 'add', 'Short', '--currency', 'USD'],
      ['tx', 'add', 'Short', '--date', '2021-01-04', '--type', 'buy', '--symbol', 'TSTA', '--quantity', '2', '--price', '11'],
    ]) {
      const result = await world.folio(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
  }, 120_000);

  afterAll(async () => {
    await world?.cleanup();
  });

  /** The command on a terminal's stderr, then with stderr a pipe, each replaying every row. */
  async function both(args: string[], columns?: number) {
    await forgetCheckpoints(world);
    const tty = await folio(world, args, true, columns);
    await forgetCheckpoints(world);
    const pipe = await folio(world, args, false);
    expect(tty.code, tty.stderr).toBe(0);
    expect(pipe.code, pipe.stderr).toBe(0);
    return { tty, pipe };
  }

  it.skipIf(!backend.available).each([
    [['analyze', 'Main']],
    [['analyze', 'Main', '--json']],
    [['analyze', 'Main', '--csv']],
    [['holdings', 'Main']],
    [['history', 'Main', '--interval', 'month']],
    [['report', 'Main']],
  ])('%j: the count on a terminal, cleared before the result; stdout as in a pipe', async (args) => {
    const { tty, pipe } = await both(args);
    expect(pipe.stderr).not.toContain('Replaying');
    expect(pipe.stderr).not.toContain('\u001B');
    expect(tty.stdout).toBe(pipe.stdout);
    expect(tty.stdout.length).toBeGreaterThan(0);
    const shown = [...tty.stderr.matchAll(/Replaying transactions… ([\d,]+)/g)].map((m) => m[1]);
    expect(shown).toContain('20,000');
    expect(shown).toContain(ROWS.toLocaleString('en-US'));
    expect(shown).not.toContain('18,000');
    // The spinner is gone before the result is printed (the line cleared, the cursor shown again),
    // and what stderr says after it is what it says in a pipe.
    const firstOut = tty.both.findIndex(([name]) => name === 'out');
    const before = tty.both.slice(0, firstOut).filter(([name]) => name === 'err').map(([, chunk]) => chunk).join('');
    const spinnerEnd = before.lastIndexOf(SHOW_CURSOR);
    expect(spinnerEnd).toBeGreaterThan(before.lastIndexOf('Replaying'));
    expect(before.slice(before.lastIndexOf('Replaying'), spinnerEnd)).toContain(CLEAR_LINE);
    expect(tty.stderr.slice(spinnerEnd + SHOW_CURSOR.length)).toBe(pipe.stderr);
  }, 60_000);

  it.skipIf(!backend.available)('a terminal of width 0 (a bare pty) shows nothing: ora would clear lines without end', async () => {
    const { tty, pipe } = await both(['holdings', 'Main'], 0);
    expect(tty.stderr).toBe(pipe.stderr);
  }, 60_000);

  it.skipIf(!backend.available)('a short replay shows nothing, even on a terminal', async () => {
    const { tty, pipe } = await both(['holdings', 'Short']);
    expect(tty.stderr).toBe(pipe.stderr);
    expect(tty.stdout).toBe(pipe.stdout);
  });
});
