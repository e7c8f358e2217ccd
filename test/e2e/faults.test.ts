import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTransactionCsv } from '../../bench/generate-transactions.js';
import { BIN, type CliResult } from '../helpers/cli.js';
import { createWorld, POSTGRES_URL, registerUser, type World } from '../helpers/backends.js';

/**
 * Issue 11, point 4: the Postgres server drops folio's connection in the middle of a command
 * (`pg_terminate_backend`, as a failover or an admin would). The command must end with exit 6 and
 * one line, and whatever it was writing must be rolled back.
 */
describe.skipIf(!POSTGRES_URL)('a Postgres connection dropped mid-command', () => {
  let world: World;
  let big: string;
  const ROWS = 60_000;

  beforeAll(async () => {
    world = await createWorld({ name: 'postgres', available: true }, { spawn: true });
    await registerUser(world, 'ann@example.com', 'Ann');
    big = join(world.home, 'big.csv');
    const out = createWriteStream(big);
    for (const chunk of generateTransactionCsv({ rows: ROWS, symbols: 8, years: 4, seed: 5 })) out.write(chunk);
    out.end();
    await once(out, 'finish');
    expect((await world.folio(['portfolio', 'add', 'Big', '--currency', 'USD'])).code).toBe(0);
  });
  afterAll(async () => world?.cleanup());

  /**
   * Runs folio and terminates its server backend as soon as it is running a query. Tries again (a few
   * times) when the command finished before one was seen, so the result is always of a cut-off run.
   */
  async function runCutOff(args: string[], options: { blockReads?: boolean } = {}): Promise<CliResult> {
    const database = new URL(world.databaseUrl!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    // A read of 20,000 rows can finish between two polls: holding a lock on the table makes the
    // command's query wait (active) until it is cut off, whatever the speed of the machine.
    const blocker = options.blockReads ? new pg.Client({ connectionString: world.databaseUrl }) : null;
    if (blocker) {
      await blocker.connect();
      await blocker.query('begin');
      await blocker.query('lock table transactions in access exclusive mode');
    }
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...world.env }, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        const closed = once(child, 'close') as Promise<[number | null]>;
        let exited = false;
        void closed.then(() => (exited = true));
        let terminated = false;
        for (let poll = 0; poll < 2000 && !exited && !terminated; poll++) {
          const { rows } = await admin.query<{ ok: boolean }>(
            `select pg_terminate_backend(pid) as ok from pg_stat_activity
             where datname = $1 and application_name = 'folio' and state = 'active' and pid <> pg_backend_pid()`,
            [database],
          );
          terminated = rows.some((r) => r.ok);
          if (!terminated) await new Promise((resolve) => setTimeout(resolve, 5));
        }
        const [code] = await closed;
        if (terminated) return { code, stdout, stderr };
      }
      throw new Error(`never caught folio ${args.join(' ')} running a query`);
    } finally {
      if (blocker) await blocker.query('rollback').finally(() => blocker.end());
      await admin.end();
    }
  }

  const count = async () => {
    const listed = await world.folio(['tx', 'list', 'Big', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    return (JSON.parse(listed.stdout) as unknown[]).length;
  };

  const expectCleanUnavailable = (result: CliResult) => {
    expect(result.code, result.stderr).toBe(6);
    const lines = result.stderr.trim().split('\n');
    // one line; under --json the JSON error object follows it on stderr
    expect(lines, result.stderr).toHaveLength(result.stdout === '' && lines[1]?.startsWith('{"error"') ? 2 : 1);
    expect(lines[0]).toMatch(/^folio: The database is unavailable/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  };

  it('tx import: exit 6, one line, and the rows written so far are rolled back', async () => {
    const result = await runCutOff(['tx', 'import', big, '--portfolio', 'Big']);
    expectCleanUnavailable(result);
    expect(await count()).toBe(0);
  });

  it('export and analyze: exit 6 and one line; --output leaves neither the file nor a temp file', async () => {
    const imported = await world.folio(['tx', 'import', big, '--portfolio', 'Big']);
    expect(imported.code, imported.stderr).toBe(0);
    const target = join(world.home, 'out', 'tx.csv');
    mkdirSync(join(world.home, 'out'));
    expectCleanUnavailable(await runCutOff(['export', 'transactions', 'Big', '--output', target], { blockReads: true }));
    expect(readdirSync(join(world.home, 'out'))).toEqual([]);
    expectCleanUnavailable(await runCutOff(['analyze', 'Big', '--from', '2020-01-01', '--json'], { blockReads: true }));
    expect(await count()).toBe(ROWS);
  });
});
