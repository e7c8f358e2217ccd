import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTransactionCsv } from '../../bench/generate-transactions.js';
import { BACKENDS, createWorld, registerUser, type World } from '../helpers/backends.js';
import { BIN } from '../helpers/cli.js';

/**
 * `tx import` of a file big enough (2 MiB and more) to be read on a worker thread, in the built CLI:
 * the same rows as the in-thread reader (stdin keeps it), bad rows refused by line with nothing
 * written, and Ctrl-C in the middle of the writes leaving nothing behind.
 * NODE_DEBUG=worker makes Node itself say when the worker's script starts.
 */

const WORKER_STARTED = /starts worker script \S*import-worker\.js/;
const WORKER_MIN_BYTES = 2 * 1024 * 1024;

/** The bench's generated history (in date order, every sell covered), then `tail`; returns the line where the tail starts. */
function writeHistory(path: string, rows: number, tail: string[] = []): number {
  const history = [...generateTransactionCsv({ rows, symbols: 20 })].join('');
  writeFileSync(path, history + tail.map((line) => line + '\n').join(''));
  expect(statSync(path).size).toBeGreaterThanOrEqual(WORKER_MIN_BYTES);
  return history.split('\n').length; // some notes span two lines
}

/** The file position of `path` in process `pid` (Linux /proc): how far its reader has read. */
function readPosition(pid: number, path: string): number {
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target = '';
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue;
    }
    if (target === path) return Number(/^pos:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))![1]);
  }
  return 0;
}

describe.each(BACKENDS)('tx import on a worker thread ($name)', (backend) => {
  let world: World;
  let big: string;
  const ROWS = 60_000;
  // The last two lines: a note with a comma, a quote and a line break; a dividend with tax.
  const TAIL = ['2026-10-31,buy,VTI,3,250.500,,0,USD,"a note, with ""quotes""\nand two lines"', '2026-10-31,dividend,VTI,,,12.30,,USD,'];
  const list = async (portfolio: string) => {
    const result = await world.folio(['tx', 'list', portfolio, '--json']);
    expect(result.code, result.stderr).toBe(0);
    return (JSON.parse(result.stdout) as Array<Record<string, unknown>>).map(({ id: _id, ...fields }) => fields);
  };

  beforeAll(async () => {
    if (!backend.available) return;
    world = await createWorld(backend, { spawn: true });
    await registerUser(world, 'wes@example.com', 'Wes');
    for (const name of ['Threaded', 'InThread', 'Refused', 'Interrupted']) {
      expect((await world.folio(['portfolio', 'add', name, '--currency', 'USD'])).code).toBe(0);
    }
    big = join(world.home, 'big.csv');
    writeHistory(big, ROWS, TAIL);
  });
  afterAll(() => world?.cleanup());

  it.skipIf(!backend.available)('imports the same rows as the in-thread reader (stdin), as Node shows the worker start', async () => {
    const threaded = await world.folio(['tx', 'import', big, '--portfolio', 'Threaded', '--json'], { env: { NODE_DEBUG: 'worker' } });
    expect(threaded.code, threaded.stderr).toBe(0);
    expect(threaded.stderr).toMatch(WORKER_STARTED);
    expect(JSON.parse(threaded.stdout)).toMatchObject({ rows: ROWS + 2, counts: { toImport: ROWS + 2 } });

    const inThread = await world.folio(['tx', 'import', '-', '--portfolio', 'InThread', '--json'], { input: readFileSync(big, 'utf8'), env: { NODE_DEBUG: 'worker' } });
    expect(inThread.code, inThread.stderr).toBe(0);
    expect(inThread.stderr).not.toMatch(WORKER_STARTED);

    const rows = await list('Threaded');
    expect(rows).toHaveLength(ROWS + 2);
    expect(rows.slice(-2)).toEqual([
      { date: '2026-10-31', type: 'buy', symbol: 'VTI', quantity: '3', price: '250.5', amount: null, fee: '0', tax: null, currency: 'USD', note: 'a note, with "quotes"\nand two lines' },
      { date: '2026-10-31', type: 'dividend', symbol: 'VTI', quantity: null, price: null, amount: '12.3', fee: null, tax: null, currency: 'USD', note: null },
    ]);
    expect(rows).toEqual(await list('InThread'));
  });

  it.skipIf(!backend.available)('refuses the whole file for bad rows at its end, naming their lines, and writes nothing', async () => {
    const bad = join(world.home, 'bad-tail.csv');
    const tail = writeHistory(bad, ROWS, ['2026-10-31,buy,VTI,3,250,,,USD,', '2026-02-30,buy,VTI,1,250,,,USD,', '2026-10-31,sell,VTI,-1,250,,,USD,']);
    const result = await world.folio(['tx', 'import', bad, '--portfolio', 'Refused'], { env: { NODE_DEBUG: 'worker' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(WORKER_STARTED);
    expect(result.stderr).toContain(`line ${tail + 1}, column date: not a calendar date`);
    expect(result.stderr).toContain(`line ${tail + 2}, column quantity: quantity must be positive`);
    expect(await list('Refused')).toEqual([]);
  });

  it.skipIf(!backend.available || !existsSync('/proc/self/fdinfo'))('ends on Ctrl-C in the middle of the writes with nothing written', async () => {
    const child = spawn(process.execPath, [BIN, 'tx', 'import', big, '--portfolio', 'Interrupted'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...world.env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // A third of the file read: the worker is a few batches ahead of the writes, so thousands of rows are in the transaction.
    while (readPosition(child.pid!, big) < statSync(big).size / 3) await new Promise((resolve) => setTimeout(resolve, 5));
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    expect(await list('Interrupted')).toEqual([]);
  });
});
