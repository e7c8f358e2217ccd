import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTransactionCsv } from '../../bench/generate-transactions.js';
import { BIN, runFolio, tempHome } from '../helpers/cli.js';
import { PASSWORD } from '../helpers/backends.js';

/**
 * Issue 11, points 6, 7, 12 (long --output names), 15 and 16: what folio leaves on disk. SQLite
 * only: these are about local files, not the database server.
 */
const mode = (path: string) => statSync(path).mode & 0o777;

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  for (const chunk of generateTransactionCsv({ rows, symbols: 6, years: 4, seed: 9 })) out.write(chunk);
  out.end();
  await once(out, 'finish');
}

describe('files folio creates', () => {
  const home = tempHome();
  const env = { FOLIO_HOME: join(home.dir, 'home') };
  const folio = (args: string[], input?: string) => runFolio(args, env, { input });
  let big: string;

  beforeAll(async () => {
    const registered = await folio(['register', '--email', 'ann@example.com', '--name', 'Ann', '--password-stdin'], PASSWORD + '\n');
    expect(registered.code, registered.stderr).toBe(0);
    expect((await folio(['portfolio', 'add', 'Big', '--currency', 'USD'])).code).toBe(0);
    big = join(home.dir, 'big.csv');
    await writeCsv(big, 100_000);
    expect((await folio(['tx', 'import', big, '--portfolio', 'Big'])).code).toBe(0);
  });
  afterAll(() => home.cleanup());

  it('makes FOLIO_HOME 0700 and the database, its -wal and -shm, and exports 0600, even under umask 000', async () => {
    const fresh = tempHome();
    try {
      const env000 = { FOLIO_HOME: join(fresh.dir, 'h') };
      // umask 000 through a shell, as a careless crontab would have it
      const run = spawnSync('sh', ['-c', `umask 000 && "${process.execPath}" "${BIN}" register --email b@example.com --name B --password-stdin && "${process.execPath}" "${BIN}" portfolio add P --currency USD && "${process.execPath}" "${BIN}" export transactions P --output "${fresh.dir}/out.csv"`], {
        env: { PATH: process.env.PATH, ...env000 },
        input: PASSWORD + '\n',
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).toBe(0);
      expect(mode(env000.FOLIO_HOME)).toBe(0o700);
      expect(mode(join(env000.FOLIO_HOME, 'folio.db'))).toBe(0o600);
      // the -wal and -shm files exist while a connection is open
      const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
      const handle = new Sqlite(join(env000.FOLIO_HOME, 'folio.db'));
      handle.prepare('select count(*) from users').get();
      for (const suffix of ['-wal', '-shm']) expect(mode(join(env000.FOLIO_HOME, `folio.db${suffix}`)), suffix).toBe(0o600);
      handle.close();
      expect(mode(join(fresh.dir, 'out.csv'))).toBe(0o600);
    } finally {
      fresh.cleanup();
    }
  });

  it('refuses a --database path that does not exist (exit 4) and creates nothing; `db init PATH` creates it', async () => {
    const typo = join(home.dir, 'typo', 'folo.db');
    const result = await folio(['--database', typo, 'whoami']);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr.trim()).toBe(`folio: There is no database at ${typo}: check --database, or create one with \`folio db init ${typo}\`.`);
    expect(existsSync(join(home.dir, 'typo'))).toBe(false);
    const viaEnv = await runFolio(['whoami'], { ...env, FOLIO_DATABASE_URL: typo });
    expect(viaEnv.code).toBe(4);

    const init = await folio(['db', 'init', typo, '--json']);
    expect(init.code, init.stderr).toBe(0);
    expect(JSON.parse(init.stdout)).toEqual({ database: `sqlite:${typo}`, created: true });
    expect(mode(typo)).toBe(0o600);
    const status = await folio(['--database', typo, 'db', 'status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect((JSON.parse(status.stdout) as { pending: number }).pending).toBe(0);
  });

  it('writes an --output file whose name is 244 characters long', async () => {
    const name = `${'n'.repeat(240)}.csv`;
    const result = await folio(['export', 'transactions', 'Big', '--output', join(home.dir, name)]);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(home.dir, name))).toBe(true);
  });

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('removes the temp file of --output on %s', async (signal) => {
    const dir = join(home.dir, `signal-${signal}`);
    mkdirSync(dir);
    const child = spawn(process.execPath, [BIN, 'export', 'transactions', 'Big', '--output', join(dir, 'tx.csv')], { env: { PATH: process.env.PATH, ...env }, stdio: 'ignore' });
    const closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
    // wait (bounded) until the temp file is being written, then send the signal
    for (let poll = 0; poll < 1000 && readdirSync(dir).length === 0; poll++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(readdirSync(dir)[0]).toMatch(/^\.folio-[0-9a-f]{12}\.tmp$/);
    child.kill(signal);
    const [code] = await closed;
    // the shell's convention: 128 + the signal's number (HUP 1, INT 2, TERM 15)
    expect(code).toBe({ SIGHUP: 129, SIGINT: 130, SIGTERM: 143 }[signal]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes the staging directory of `export all` on SIGTERM', async () => {
    const dir = join(home.dir, 'signal-all');
    mkdirSync(dir);
    const child = spawn(process.execPath, [BIN, 'export', 'all', '--output', join(dir, 'everything')], { env: { PATH: process.env.PATH, ...env }, stdio: 'ignore' });
    const closed = once(child, 'close') as Promise<[number | null]>;
    for (let poll = 0; poll < 1000 && readdirSync(dir).length === 0; poll++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(readdirSync(dir)).toHaveLength(1);
    child.kill('SIGTERM');
    expect((await closed)[0]).toBe(143);
    expect(readdirSync(dir)).toEqual([]);
  });
});

/** A real full disk: a 2 MB tmpfs. Mounting needs root (as in CI's container); elsewhere this is skipped. */
function mountSmallDisk(dir: string): boolean {
  if (process.getuid?.() !== 0) return false;
  mkdirSync(dir, { recursive: true });
  return spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]).status === 0;
}

describe('a full disk', () => {
  const home = tempHome();
  const disk = join(home.dir, 'disk');
  const mounted = mountSmallDisk(disk);
  const env = { FOLIO_HOME: join(disk, 'home') };
  const folio = (args: string[], input?: string) => runFolio(args, env, { input });

  afterAll(() => {
    if (mounted) spawnSync('umount', [disk]);
    home.cleanup();
  });

  it.skipIf(!mounted)('says the disk is full, exits 6 (not 1), and leaves the database whole', async () => {
    expect((await folio(['register', '--email', 'ann@example.com', '--name', 'Ann', '--password-stdin'], PASSWORD + '\n')).code).toBe(0);
    expect((await folio(['portfolio', 'add', 'Big', '--currency', 'USD'])).code).toBe(0);
    const csv = join(home.dir, 'big.csv'); // on the big disk: only the database is on the small one
    await writeCsv(csv, 60_000);
    const imported = await folio(['tx', 'import', csv, '--portfolio', 'Big']);
    expect(imported.code, imported.stderr).toBe(6);
    expect(imported.stderr.trim()).toBe('folio: The disk is full: nothing was written. Free some space and run the command again.');
    const listed = await folio(['tx', 'list', 'Big', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
    const handle = new Sqlite(join(env.FOLIO_HOME, 'folio.db'), { readonly: true });
    expect(handle.pragma('integrity_check', { simple: true })).toBe('ok');
    handle.close();

    // an export from a database elsewhere onto the small disk: it does not fit, and fails whole
    const elsewhere = { FOLIO_HOME: join(home.dir, 'elsewhere') };
    expect((await runFolio(['register', '--email', 'bob@example.com', '--name', 'Bob', '--password-stdin'], elsewhere, { input: PASSWORD + '\n' })).code).toBe(0);
    expect((await runFolio(['portfolio', 'add', 'Big', '--currency', 'USD'], elsewhere)).code).toBe(0);
    expect((await runFolio(['tx', 'import', csv, '--portfolio', 'Big'], elsewhere)).code).toBe(0);
    const exported = await runFolio(['export', 'transactions', 'Big', '--output', join(disk, 'tx.csv')], elsewhere);
    expect(exported.code, exported.stderr).toBe(6);
    expect(exported.stderr.trim()).toBe(`folio: Cannot write ${join(disk, 'tx.csv')}: the disk is full. Nothing was written.`);
    expect(readdirSync(disk)).toEqual(['home']);
  });
});
