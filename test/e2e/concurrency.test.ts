import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTransactionCsv } from '../../bench/generate-transactions.js';
import { sql } from 'kysely';
import { BACKENDS, createWorld, databaseOf, registerUser, withDatabase, type World } from '../helpers/backends.js';

/**
 * Issue 11, points 1, 2 and 5: real parallel `folio` processes on one database. Every count is
 * bounded (a handful of processes, a few rounds) and nothing is timed: the assertions are about
 * what was written.
 */
const PARALLEL = 6;
const ROUNDS = 3;

interface TxJson {
  id: string;
  seq?: number;
  type: string;
  quantity: string | null;
}

describe.each(BACKENDS)('concurrent writers on $name', (backend) => {
  let world: World;
  const folio = (...args: string[]) => world.folio(args);
  const transactions = async (portfolio: string): Promise<TxJson[]> => {
    const result = await folio('tx', 'list', portfolio, '--json');
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as TxJson[];
  };
  const portfolioId = async (name: string): Promise<string> => {
    const shown = await folio('portfolio', 'show', name, '--json');
    expect(shown.code, shown.stderr).toBe(0);
    return (JSON.parse(shown.stdout) as { id: string }).id;
  };

  beforeAll(async () => {
    if (!backend.available) return;
    world = await createWorld(backend, { spawn: true });
    await registerUser(world, 'ann@example.com', 'Ann');
  });
  afterAll(async () => world?.cleanup());

  it.skipIf(!backend.available)(`lets exactly one of ${PARALLEL} parallel sells of a whole position through, ${ROUNDS} rounds in a row`, async () => {
    expect((await folio('portfolio', 'add', 'Race', '--currency', 'USD')).code).toBe(0);
    for (let round = 1; round <= ROUNDS; round++) {
      const bought = await folio('tx', 'add', 'Race', '--type', 'buy', '--symbol', 'AAPL', '--quantity', '10', '--price', '100', '--date', '2024-01-02');
      expect(bought.code, bought.stderr).toBe(0);
      const sells = await Promise.all(
        Array.from({ length: PARALLEL }, () =>
          folio('tx', 'add', 'Race', '--type', 'sell', '--symbol', 'AAPL', '--quantity', '10', '--price', '110', '--date', '2024-01-03'),
        ),
      );
      const codes = sells.map((s) => s.code).sort();
      // one sell of the 10 held; the other five are refused as selling more than is held (exit 2)
      expect(codes, sells.map((s) => s.stderr).join('')).toEqual([0, 2, 2, 2, 2, 2]);
      for (const refused of sells.filter((s) => s.code === 2)) expect(refused.stderr).toMatch(/more than|held/i);
    }
    const rows = await transactions('Race');
    // ROUNDS × (one buy + one sell)
    expect(rows).toHaveLength(2 * ROUNDS);
    const holdings = await folio('holdings', 'Race', '--no-value', '--json');
    expect(holdings.code, holdings.stderr).toBe(0);
    // 3 × (10 bought − 10 sold) = 0 left
    const positions = (JSON.parse(holdings.stdout) as { positions: Array<{ symbol: string; quantity: string }> }).positions;
    expect(positions.filter((p) => p.quantity !== '0')).toEqual([]);
  });

  it.skipIf(!backend.available)('imports one file once when four imports of it run at the same time', async () => {
    expect((await folio('portfolio', 'add', 'Twice', '--currency', 'USD')).code).toBe(0);
    const file = join(world.home, 'twice.csv');
    writeFileSync(file, 'date,type,symbol,quantity,price,amount,fee,currency,note\n2024-01-02,deposit,,,,1000,,USD,\n2024-01-03,buy,MSFT,2,300,,,USD,\n');
    const runs = await Promise.all(Array.from({ length: 4 }, () => folio('tx', 'import', file, '--portfolio', 'Twice')));
    const codes = runs.map((r) => r.code).sort();
    // one import; three refused as a duplicate file (exit 5)
    expect(codes, runs.map((r) => r.stderr).join('')).toEqual([0, 5, 5, 5]);
    for (const refused of runs.filter((r) => r.code === 5)) expect(refused.stderr).toMatch(/already imported|just imported/);
    expect(await transactions('Twice')).toHaveLength(2);
  });

  it.skipIf(!backend.available)('applies the duplicate rule to what is stored when the lock is taken: two overlapping statements waiting together import their union', async () => {
    expect((await folio('portfolio', 'add', 'Overlap', '--currency', 'USD')).code).toBe(0);
    const id = await portfolioId('Overlap');
    const header = 'date,type,symbol,quantity,price,amount,fee,currency,note\n';
    const january = join(world.home, 'january.csv');
    const february = join(world.home, 'february.csv');
    writeFileSync(january, header + '2024-01-02,deposit,,,,1000,,USD,\n2024-01-31,buy,MSFT,2,300,,,USD,\n');
    // February's statement repeats January's last day
    writeFileSync(february, header + '2024-01-31,buy,MSFT,2,300,,,USD,\n2024-02-01,buy,MSFT,1,310,,,USD,\n');
    // both imports start while the write lock is held, so both have read the (empty) portfolio before either writes
    const held = await holdWriteLock(backend.name, databaseOf(world), id);
    let released = false;
    const release = async () => {
      if (!released) await held();
      released = true;
    };
    let runs: Array<Awaited<ReturnType<typeof folio>>>;
    try {
      const pending = Promise.all([january, february].map((file) => folio('tx', 'import', file, '--portfolio', 'Overlap')));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await release();
      runs = await pending;
    } finally {
      await release();
    }
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    // deposit, the January 31 buy once, the February 1 buy: 3, whichever import went first
    expect(await transactions('Overlap')).toHaveLength(3);
    expect(runs.map((r) => r.stderr).join('')).toMatch(/skipped 1 duplicate/);
  });

  it.skipIf(!backend.available)('lets short writes wait for a running import instead of failing at once', async () => {
    expect((await folio('portfolio', 'add', 'Busy', '--currency', 'USD')).code).toBe(0);
    const big = join(world.home, 'busy.csv');
    const out = createWriteStream(big);
    for (const chunk of generateTransactionCsv({ rows: 20_000, symbols: 5, years: 3, seed: 11 })) out.write(chunk);
    out.end();
    await once(out, 'finish');
    const importing = folio('tx', 'import', big, '--portfolio', 'Busy');
    // started while the import holds (or is about to hold) the write lock
    await new Promise((resolve) => setTimeout(resolve, 300));
    const adds = await Promise.all(
      Array.from({ length: 3 }, (_, i) => folio('tx', 'add', 'Busy', '--type', 'deposit', '--amount', String(i + 1), '--date', '2024-06-03')),
    );
    const imported = await importing;
    expect(imported.code, imported.stderr).toBe(0);
    for (const add of adds) expect(add.code, add.stderr).toBe(0);
    // 20,000 imported rows + 3 deposits
    expect(await transactions('Busy')).toHaveLength(20_000 + 3);
  });

  it.skipIf(!backend.available)('leaves no orphan rows when a portfolio is removed while an import into it runs', async () => {
    expect((await folio('portfolio', 'add', 'Doomed', '--currency', 'USD')).code).toBe(0);
    const id = await portfolioId('Doomed');
    const big = join(world.home, 'doomed.csv');
    const out = createWriteStream(big);
    for (const chunk of generateTransactionCsv({ rows: 20_000, symbols: 5, years: 3, seed: 12 })) out.write(chunk);
    out.end();
    await once(out, 'finish');
    const importing = folio('tx', 'import', big, '--portfolio', 'Doomed');
    await writing(backend.name, databaseOf(world));
    const removed = await folio('portfolio', 'remove', 'Doomed', '--yes');
    const imported = await importing;
    expect(removed.code, removed.stderr).toBe(0);
    // Postgres: the import holds its portfolio's write lock through the COPY, so the removal waits for
    // it and then deletes its rows too. SQLite: either one may have gone first.
    if (backend.name === 'postgres') expect(imported.code, imported.stderr).toBe(0);
    const left = await withDatabase(world, async (db) => {
      const rows = await sql<{ mine: string; orphans: string }>`
        select (select count(*) from transactions where portfolio_id = ${id}) as mine,
               (select count(*) from transactions where portfolio_id not in (select id from portfolios)) as orphans`.execute(db);
      return rows.rows[0]!;
    });
    expect({ mine: Number(left.mine), orphans: Number(left.orphans) }).toEqual({ mine: 0, orphans: 0 });
  });

  it.skipIf(!backend.available)('gives up after FOLIO_LOCK_TIMEOUT with exit 5 when another process keeps writing, and writes nothing', async () => {
    expect((await folio('portfolio', 'add', 'Held', '--currency', 'USD')).code).toBe(0);
    const id = await portfolioId('Held');
    const release = await holdWriteLock(backend.name, databaseOf(world), id);
    try {
      const add = await world.folio(['tx', 'add', 'Held', '--type', 'deposit', '--amount', '5', '--date', '2024-01-02'], {
        env: { FOLIO_LOCK_TIMEOUT: '1' },
      });
      expect(add.code, add.stderr).toBe(5);
      expect(add.stderr.trim().split('\n')).toHaveLength(1);
      expect(add.stderr).toMatch(/Another folio process is writing/);
    } finally {
      await release();
    }
    expect(await transactions('Held')).toEqual([]);
  });
});

/**
 * Waits until an import is writing its rows: on Postgres until its COPY runs (at most 30 s); SQLite
 * shows no other session's statements, so there a pause that the 20,000-row import outlasts.
 */
async function writing(dialect: 'sqlite' | 'postgres', database: string): Promise<void> {
  if (dialect === 'sqlite') return void (await new Promise((resolve) => setTimeout(resolve, 300)));
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  try {
    for (let i = 0; i < 300; i++) {
      const { rows } = await client.query(`select 1 from pg_stat_activity where datname = current_database() and query like 'COPY transactions%' and state = 'active'`);
      if (rows.length) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the import never started its COPY');
  } finally {
    await client.end();
  }
}

/** Holds the write lock a folio writer of `portfolioId` needs, from outside folio; returns its release. */
async function holdWriteLock(dialect: 'sqlite' | 'postgres', database: string, portfolioId: string): Promise<() => Promise<void>> {
  if (dialect === 'sqlite') {
    const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
    const handle = new Sqlite(database);
    handle.exec('begin immediate');
    return async () => {
      handle.exec('rollback');
      handle.close();
    };
  }
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  await client.query('begin');
  await client.query('select id from portfolios where id = $1 for update', [portfolioId]);
  return async () => {
    await client.query('rollback');
    await client.end();
  };
}
