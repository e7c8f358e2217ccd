#!/usr/bin/env node
// folio's storage benchmark (issue 15): real CLI runs on generated data, each figure beside a reference
// doing the same work, measured in the same run (the machine may be shared: ratios, not absolute times,
// are the point). `npm run bench` runs it, then bench/run.js for the other issues' sections.
//   node bench/storage.js                      everything at 1,000,000 rows (about 10 minutes)
//   node bench/storage.js --quick              100,000 rows, for a smoke run
//   node bench/storage.js --only startup,sqlite,postgres,analyze,hledger,market
//   node bench/storage.js --hledger-cap 300    seconds before `hledger roi` on the 100,000-row history is given up
// Times are wall clock and CPU (user + system) from GNU time, with the peak RSS of the process.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import pg from 'pg';
import { BIN, PG_URL, fixtureSymbols, folioSync, freshDir, root } from './common.js';
import { generateCloseCsv, generateTransactionCsv } from './generate-transactions.js';
import { writeHledgerJournal } from './hledger-journal.js';

const OUT = join(root, 'bench', 'out');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const flag = (name) => {
  const arg = args.find((a) => a.startsWith(name));
  return arg === undefined ? undefined : arg.includes('=') ? arg.split('=')[1] : args[args.indexOf(arg) + 1];
};
const only = flag('--only')?.split(',') ?? null;
const wants = (name) => !only || only.includes(name);
const HLEDGER_CAP = Number(flag('--hledger-cap') ?? 300);
const ROWS = quick ? 100_000 : 1_000_000;
const n = (rows) => rows.toLocaleString('en-US');

/** Every figure, for the table at the end. */
const table = [];

/** Runs a command under GNU time: wall seconds, CPU seconds (user + system), peak RSS in MB. */
async function measure(cmd, cmdArgs, { env = {}, stdout = null, input, cap } = {}) {
  const out = stdout ? openSync(stdout, 'w') : 'ignore';
  // A capped command runs under timeout(1), so the kill reaches it (not only GNU time).
  const command = cap ? ['timeout', '-s', 'KILL', String(cap), cmd, ...cmdArgs] : [cmd, ...cmdArgs];
  const child = spawn('/usr/bin/time', ['-f', '@@time %e %U %S %M', ...command], {
    env: { ...process.env, ...env },
    stdio: [input ? 'pipe' : 'ignore', out, 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  if (input) child.stdin.end(input);
  const [code] = await once(child, 'close');
  if (stdout) closeSync(out);
  const match = /@@time ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
  if (cap && code !== 0 && match) return { seconds: Number(match[1]), cpu: Number(match[2]) + Number(match[3]), peakMb: Number(match[4]) / 1024, killed: true };
  if (!match || code !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} exited ${code}: ${stderr}`);
  return { seconds: Number(match[1]), cpu: Number(match[2]) + Number(match[3]), peakMb: Number(match[4]) / 1024 };
}

const fmt = (s) => (s >= 10 ? s.toFixed(1) : s >= 1 ? s.toFixed(2) : s.toFixed(3));

/** Prints and records one figure beside its reference. `target` is the ratio the issue asks for (≤). */
function report(figure, folio, referenceName, reference, target) {
  const ratio = reference ? folio.seconds / reference.seconds : null;
  const cpuRatio = reference ? folio.cpu / reference.cpu : null;
  const row = {
    figure,
    folio: `${fmt(folio.seconds)} s (cpu ${fmt(folio.cpu)} s)`,
    reference: reference ? `${referenceName}: ${reference.killed ? `> ${fmt(reference.seconds)} s (stopped)` : `${fmt(reference.seconds)} s (cpu ${fmt(reference.cpu)} s)`}` : referenceName ?? '',
    ratio: ratio === null ? '' : `${reference.killed ? '< ' : ''}${ratio.toFixed(2)}x${cpuRatio !== null && !reference.killed ? ` (cpu ${cpuRatio.toFixed(2)}x)` : ''}`,
    peak: `${folio.peakMb.toFixed(0)} MB`,
    target: target ?? '',
  };
  table.push(row);
  console.log(`  ${figure.padEnd(44)} ${row.folio.padEnd(24)} ${row.reference.padEnd(44)} ${row.ratio.padEnd(20)} ${row.peak.padStart(7)}  ${row.target}`);
}

async function writeChunks(path, chunks) {
  if (existsSync(path)) return path;
  mkdirSync(OUT, { recursive: true });
  const out = createWriteStream(`${path}.tmp`);
  for (const chunk of chunks) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  spawnSync('mv', [`${path}.tmp`, path]);
  return path;
}

const historyCsv = (rows) => writeChunks(join(OUT, `transactions-${rows}.csv`), generateTransactionCsv({ rows, symbols: 50, years: 10, seed: 42 }));

/** A signed-in user with an empty portfolio "Bench", on SQLite or on a Postgres database. */
function newWorld(name, databaseUrl) {
  const home = freshDir(name);
  const env = { FOLIO_HOME: home, ...(databaseUrl && { FOLIO_DATABASE_URL: databaseUrl }) };
  folioSync(env, 'bench-password\n', 'register', '--email', 'bench@example.com', '--name', 'Bench', '--password-stdin');
  folioSync(env, undefined, 'portfolio', 'add', 'Bench', '--currency', 'USD');
  return { home, env };
}

const GROUP_BY =
  "select symbol, sum(case when type = 'buy' then quantity when type = 'sell' then -quantity else 0 end) as quantity, " +
  "sum(case when type = 'buy' then quantity * price + coalesce(fee, 0) else 0 end) as cost, " +
  "sum(case when type = 'sell' then quantity * price - coalesce(fee, 0) else 0 end) as proceeds, " +
  "sum(case when type = 'dividend' then amount else 0 end) as dividends from t group by symbol";

async function startup() {
  console.log('\nStart-up (median of 15 runs each, interleaved)');
  const { home, env } = newWorld('startup');
  const runs = { node: [], version: [], whoami: [] };
  for (let i = 0; i < 15; i++) {
    runs.node.push(await measure(process.execPath, ['-e', '0'], { env }));
    runs.version.push(await measure(process.execPath, [BIN, '--version'], { env }));
    runs.whoami.push(await measure(process.execPath, [BIN, 'whoami'], { env }));
  }
  const median = (list) => {
    const pick = (key) => [...list].map((r) => r[key]).sort((a, b) => a - b)[Math.floor(list.length / 2)];
    return { seconds: pick('seconds'), cpu: pick('cpu'), peakMb: pick('peakMb') };
  };
  report('folio --version', median(runs.version), 'node -e 0', median(runs.node), '≤ 1.3x');
  report('folio whoami (SQLite)', median(runs.whoami), 'node -e 0', median(runs.node), '≤ 2x');
  rmSync(home, { recursive: true, force: true });
}

/** Import, export, tx list and holdings of ROWS transactions, beside the database's own shell. */
async function ledgerSection(label, world, shell) {
  const csv = await historyCsv(ROWS);
  const { env } = world;
  const dir = freshDir(`${label}-files`);
  const importRef = await shell.importCsv(csv);
  const imported = await measure(process.execPath, [BIN, 'tx', 'import', csv, '--portfolio', 'Bench'], { env });
  report(`${label}: tx import ${n(ROWS)} rows`, imported, shell.importName, importRef, shell.importTarget);
  // What the storage itself needs for the rows folio stores, in folio's table (its columns, primary key and indexes).
  const sameSchema = await shell.sameSchemaImport(dir);
  report(`${label}: tx import ${n(ROWS)} rows`, imported, shell.sameSchemaName, sameSchema);

  const exportRef = await shell.exportCsv(join(dir, 'reference.csv'));
  const exported = await measure(process.execPath, [BIN, 'export', 'transactions', 'Bench', '--output', join(dir, 'export.csv')], { env });
  const lines = readFileSync(join(dir, 'export.csv'), 'utf8').split('\n').length - 2;
  if (lines < ROWS) throw new Error(`export wrote ${lines} lines, expected at least ${ROWS}`);
  report(`${label}: export transactions (CSV)`, exported, shell.exportName, exportRef, '≤ 2x');
  const listed = await measure(process.execPath, [BIN, 'tx', 'list', 'Bench'], { env, stdout: join(dir, 'list.tsv') });
  report(`${label}: tx list, piped`, listed, 'folio export transactions', exported, '≤ 1x');

  // holdings checks the feed's splits (market data): the fixture cache is loaded once, before timing.
  folioSync(env, undefined, 'prices', 'show', 'AAPL', '--json');
  const groupRef = await shell.groupBy();
  const holdings = await measure(process.execPath, [BIN, 'holdings', 'Bench', '--json', '--no-value'], { env, stdout: join(dir, 'holdings.json') });
  report(`${label}: holdings --no-value`, holdings, 'one-scan group by', groupRef, '≤ 1.5x');
  // A write dated five years back drops the later checkpoints: the next read replays from the one before.
  folioSync(env, undefined, 'tx', 'add', 'Bench', '--type', 'deposit', '--amount', '1', '--date', '2021-06-01');
  const afterPastWrite = await measure(process.execPath, [BIN, 'holdings', 'Bench', '--json', '--no-value'], { env, stdout: join(dir, 'holdings.json') });
  report(`${label}: holdings after a write 5 years back`, afterPastWrite, 'one-scan group by', groupRef);
  rmSync(dir, { recursive: true, force: true });
  return { imported, exported, holdings };
}

/**
 * The sqlite3 shell loading the rows folio stored (dumped as CSV, untimed) into an empty copy of folio's
 * `transactions` table — its 16 columns, text primary key and two indexes — with folio's journal settings
 * (WAL, synchronous NORMAL). The shell leaves foreign keys off, so none are checked.
 */
async function sqliteSameSchema(folioDb, dir) {
  const rows = join(dir, 'stored-rows.csv');
  await measure('sqlite3', ['-csv', folioDb, 'select * from transactions'], { stdout: rows });
  const schema = spawnSync('sqlite3', [folioDb, '.schema transactions'], { encoding: 'utf8' }).stdout;
  const copy = join(dir, 'same-schema.db');
  spawnSync('sqlite3', [copy, 'pragma journal_mode = wal', schema]);
  const loaded = await measure('sqlite3', [copy, 'pragma synchronous = normal', '.mode csv', `.import ${rows} transactions`]);
  rmSync(rows, { force: true });
  for (const file of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(file, { force: true });
  return loaded;
}

async function sqliteSection() {
  console.log(`\nLedger on SQLite: ${n(ROWS)} transactions, 50 symbols, 10 years`);
  const world = newWorld('sqlite');
  const referenceDir = freshDir('sqlite-ref');
  const db = join(referenceDir, 'reference.db');
  const shell = {
    importName: 'sqlite3 .import (bare table)',
    importTarget: '≤ 3x',
    importCsv: (csv) => measure('sqlite3', [db, '.mode csv', `.import ${csv} t`]),
    exportName: 'sqlite3 -csv "select * from t"',
    exportCsv: (file) => measure('sqlite3', ['-csv', db, 'select * from t'], { stdout: file }),
    groupBy: () => measure('sqlite3', [db, GROUP_BY], { stdout: '/dev/null' }),
    sameSchemaName: 'sqlite3 .import of its rows into its table',
    sameSchemaImport: (dir) => sqliteSameSchema(join(world.home, 'folio.db'), dir),
  };
  const figures = await ledgerSection('SQLite', world, shell);
  rmSync(world.home, { recursive: true, force: true });
  rmSync(referenceDir, { recursive: true, force: true });
  return figures;
}

/**
 * psql loading the rows folio stored (dumped through COPY, untimed) into an empty copy of folio's
 * `transactions` table: its columns, primary key and indexes (`like … including all`), not its
 * foreign keys (a copy is not referenced by the parents).
 */
async function postgresSameSchema(database, dir) {
  const rows = join(dir, 'stored-rows.tsv');
  spawnSync('psql', [database, '-qc', `\\copy transactions to '${rows}'`]);
  spawnSync('psql', [database, '-qc', 'create table bench_same_schema (like transactions including all)']);
  const loaded = await measure('psql', [database, '-qc', `\\copy bench_same_schema from '${rows}'`]);
  spawnSync('psql', [database, '-qc', 'drop table bench_same_schema']);
  rmSync(rows, { force: true });
  return loaded;
}

async function postgresSection(sqliteFigures) {
  const admin = new pg.Client({ connectionString: PG_URL });
  try {
    await admin.connect();
  } catch (error) {
    console.log(`\nPostgres: skipped (${PG_URL} unreachable: ${error.message})`);
    return;
  }
  const name = `folio_bench_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.query(`CREATE DATABASE ${name}_ref`);
  const url = (database) => Object.assign(new URL(PG_URL), { pathname: `/${database}` }).toString();
  console.log(`\nLedger on Postgres (${new URL(PG_URL).host}): ${n(ROWS)} transactions`);
  const ref = url(`${name}_ref`);
  spawnSync('psql', [ref, '-qc', 'create table t (date text, type text, symbol text, quantity numeric, price numeric, amount numeric, fee numeric, currency text, note text)']);
  const psql = (command, options) => measure('psql', [ref, '-qc', command], options);
  const shell = {
    importName: 'psql \\copy (bare table)',
    importTarget: '≤ 2x',
    importCsv: (csv) => psql(`\\copy t from '${csv}' with (format csv, header true)`),
    exportName: 'psql \\copy t to stdout csv',
    exportCsv: (file) => psql('\\copy t to stdout with (format csv)', { stdout: file }),
    groupBy: () => psql(GROUP_BY, { stdout: '/dev/null' }),
    sameSchemaName: 'psql \\copy of its rows into its table',
    sameSchemaImport: (dir) => postgresSameSchema(url(name), dir),
  };
  const world = newWorld('pg', url(name));
  try {
    const figures = await ledgerSection('Postgres', world, shell);
    if (sqliteFigures) {
      for (const key of ['imported', 'exported', 'holdings']) report(`Postgres vs SQLite: ${key}`, figures[key], 'folio on SQLite', sqliteFigures[key], '≤ 2x');
    }
  } finally {
    rmSync(world.home, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${name}_ref WITH (FORCE)`);
    await admin.end();
  }
}

/** Closes for the 50 generated symbols (the fixture feed has some of them; the rest get generated closes). */
async function closesCsv() {
  return writeChunks(join(OUT, 'closes-50-symbols.csv'), generateCloseCsv({ symbols: 50, years: 10, seed: 42 }, fixtureSymbols()));
}

async function analyzedWorld(rows) {
  const world = newWorld(`analyze-${rows}`);
  folioSync(world.env, undefined, 'prices', 'import', await closesCsv());
  folioSync(world.env, undefined, 'tx', 'import', await historyCsv(rows), '--portfolio', 'Bench');
  folioSync(world.env, undefined, 'prices', 'show', 'AAPL', '--json'); // loads the fixture cache once, before timing
  return world;
}

async function analyzeSection() {
  console.log(`\nAnalyze (SQLite; closes for all 50 symbols)`);
  const world = await analyzedWorld(ROWS);
  const analyze = (period) => measure(process.execPath, [BIN, 'analyze', 'Bench', '--period', period, '--json'], { env: world.env });
  // The first run after the import replays every transaction and leaves a segment per year (performance
  // checkpoints); later runs resume from them, until a write drops those on or after its date.
  const first = await analyze('max');
  report(`analyze --period max, ${n(ROWS)} rows, first run`, first, 'replays every transaction', null, '');
  const max = await analyze('max');
  report(`analyze --period max, ${n(ROWS)} rows`, max, 'the first run', first, '≤ 1.5 s');
  const year = await analyze('1y');
  report(`analyze --period 1y, ${n(ROWS)} rows`, year, 'analyze --period max', max, '< 1x');
  // A write dated five years back drops the later segments: the next run replays from the one before.
  folioSync(world.env, undefined, 'tx', 'add', 'Bench', '--type', 'deposit', '--amount', '1', '--date', '2021-06-01');
  report(`analyze --period max after a write 5 years back`, await analyze('max'), 'the first run', first);
  rmSync(world.home, { recursive: true, force: true });
}

/** `hledger roi` on the same history as a journal, beside `folio analyze` (hledger slows down faster than linearly). */
async function hledgerSection() {
  if (spawnSync('hledger', ['--version']).status !== 0) return console.log('\nhledger: skipped (not installed)');
  console.log(`\nAnalyze vs hledger roi (the same history as an hledger journal, closes as P directives; cap ${HLEDGER_CAP} s)`);
  for (const rows of [2_000, 100_000]) {
    const journal = join(OUT, `history-${rows}.journal`);
    if (!existsSync(journal)) await writeHledgerJournal(journal, { rows, symbols: 50, years: 10, seed: 42 });
    const world = await analyzedWorld(rows);
    const folio = await measure(process.execPath, [BIN, 'analyze', 'Bench', '--period', 'max', '--json'], { env: world.env });
    const hledger = await measure('hledger', ['roi', '-f', journal, '--inv', 'assets:invest', '--pnl', 'income|expenses', '--value=end,USD'], { cap: HLEDGER_CAP, stdout: '/dev/null' });
    report(`analyze vs hledger roi, ${n(rows)} rows`, folio, 'hledger roi', hledger, '≤ 0.025x (40x faster)');
    rmSync(world.home, { recursive: true, force: true });
  }
}

async function marketSection() {
  console.log('\nMarket data (fixture feed; sample portfolios from `folio demo`)');
  const home = freshDir('market');
  const env = { FOLIO_HOME: home };
  report('demo, first run (loads the fixture cache)', await measure(process.execPath, [BIN, 'demo', '--json'], { env }), null, null);
  folioSync(env, 'folio-demo\n', 'login', '--email', 'demo@folio.example', '--password-stdin');
  report('prices show AAPL, 10 years', await measure(process.execPath, [BIN, 'prices', 'show', 'AAPL', '--from', '2015-01-01', '--json'], { env }), null, null);
  report('holdings "Index investor", valued', await measure(process.execPath, [BIN, 'holdings', 'Index investor', '--json'], { env }), null, null);
  rmSync(home, { recursive: true, force: true });
}

console.log(`folio benchmark — node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z${quick ? ' (quick)' : ''}, load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
if (wants('startup')) await startup();
const sqliteFigures = wants('sqlite') ? await sqliteSection() : undefined;
if (wants('postgres')) await postgresSection(sqliteFigures);
if (wants('analyze')) await analyzeSection();
if (wants('hledger')) await hledgerSection();
if (wants('market')) await marketSection();

console.log('\n| figure | folio | reference (same run) | ratio | peak RSS | target |\n| --- | --- | --- | --- | --- | --- |');
for (const r of table) console.log(`| ${r.figure} | ${r.folio} | ${r.reference} | ${r.ratio} | ${r.peak} | ${r.target} |`);
console.log(`\nCSV: ${statSync(join(OUT, `transactions-${ROWS}.csv`), { throwIfNoEntry: false })?.size ?? '?'} bytes; load at the end ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
