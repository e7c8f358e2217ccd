#!/usr/bin/env node
// folio's benchmark: real CLI runs on generated data, figures printed next to the targets of the issues.
//   npm run bench                 everything (1M-row import takes a minute or two)
//   npm run bench -- --quick      smaller sizes, for a smoke run
//   npm run bench -- --only startup,import,holdings,export,market,postgres,analyze,optimize,providers,mapped
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import pg from 'pg';
import { BIN, PG_URL, fixtureSymbols, folioSync, freshDir, root } from './common.js';
import { generateCloseCsv, generateTransactionCsv, generateTransactions } from './generate-transactions.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only'));
const only = onlyArg ? (onlyArg.includes('=') ? onlyArg.split('=')[1] : args[args.indexOf(onlyArg) + 1]).split(',') : null;
const wants = (name) => !only || only.includes(name);

const results = [];
function report(name, value, unit, target) {
  const ok = target === undefined ? '' : value <= target ? 'ok' : 'OVER TARGET';
  results.push({ name, value, unit, target, ok });
  const shown = unit === 'ms' ? value.toFixed(0) : unit === 's' || unit === 'x' ? value.toFixed(2) : value.toFixed(0);
  console.log(`  ${name.padEnd(48)} ${shown.padStart(8)} ${unit.padEnd(3)} ${target === undefined ? '' : `(target ≤ ${target} ${unit}) ${ok}`}`);
}

/** Runs a command, returning wall time and the peak RSS (VmHWM polled from /proc while it runs). */
async function measure(cmd, cmdArgs, env, { input } = {}) {
  const started = process.hrtime.bigint();
  const child = spawn(cmd, cmdArgs, { env: { ...process.env, ...env }, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (match) peakKb = Math.max(peakKb, Number(match[1]));
    } catch {}
  }, 20);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  if (input) child.stdin.end(input);
  const [code] = await once(child, 'close');
  clearInterval(poll);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`${cmdArgs.join(' ')} exited ${code}: ${stderr}`);
  return { seconds, peakMb: peakKb / 1024, stdout };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function signUp(env) {
  folioSync(env, 'bench-password\n', 'register', '--email', 'bench@example.com', '--name', 'Bench', '--password-stdin');
}

async function writeCsv(path, rows) {
  if (existsSync(path)) return;
  mkdirSync(join(root, 'bench', 'out'), { recursive: true });
  const out = createWriteStream(path);
  for (const line of generateTransactionCsv({ rows, symbols: 50, years: 10, seed: 42 })) {
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function startup() {
  console.log('Start-up (median of 15 runs)');
  const home = freshDir('startup');
  const env = { FOLIO_HOME: home };
  signUp(env);
  const time = (cmd, cmdArgs) => {
    const samples = [];
    for (let i = 0; i < 15; i++) {
      const t = process.hrtime.bigint();
      const r = spawnSync(cmd, cmdArgs, { env: { ...process.env, ...env } });
      if (r.status !== 0) throw new Error(`${cmdArgs.join(' ')}: ${r.stderr}`);
      samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return median(samples);
  };
  const bare = time(process.execPath, ['-e', '0']);
  report('node -e 0', bare, 'ms');
  report('folio --version', time(process.execPath, [BIN, '--version']), 'ms', Math.round(bare * 1.5));
  report('folio whoami (SQLite)', time(process.execPath, [BIN, 'whoami']), 'ms', Math.round(bare * 3));
  rmSync(home, { recursive: true, force: true });
}

async function sqliteLedger() {
  const rows = quick ? 100_000 : 1_000_000;
  const csv = join(root, 'bench', 'out', `transactions-${rows}.csv`);
  const t0 = Date.now();
  await writeCsv(csv, rows);
  console.log(`Ledger on SQLite: ${rows.toLocaleString('en-US')} transactions, 50 symbols, 10 years (${(statSync(csv).size / 1e6).toFixed(0)} MB CSV, generated in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const home = freshDir('sqlite');
  const env = { FOLIO_HOME: home };
  signUp(env);
  folioSync(env, undefined, 'portfolio', 'add', 'Bench', '--currency', 'USD');
  if (wants('import')) {
    const run = await measure(process.execPath, [BIN, 'tx', 'import', csv, '--portfolio', 'Bench'], env);
    report(`tx import ${rows.toLocaleString('en-US')} rows: time`, run.seconds, 's', 15);
    report(`tx import ${rows.toLocaleString('en-US')} rows: peak RSS`, run.peakMb, 'MB', 300);
  } else {
    folioSync(env, undefined, 'tx', 'import', csv, '--portfolio', 'Bench');
  }
  if (wants('export')) await exportSection(env, rows);
  if (wants('holdings')) {
    // The generated symbols are not all in the mock price feed: this is the ledger's own work (issue 3).
    const run = await measure(process.execPath, [BIN, 'holdings', 'Bench', '--json', '--no-value'], env);
    report(`holdings on ${rows.toLocaleString('en-US')} rows: time`, run.seconds, 's', 3);
    report(`holdings on ${rows.toLocaleString('en-US')} rows: peak RSS`, run.peakMb, 'MB');
  }
  rmSync(home, { recursive: true, force: true });
}

/** Issue 6: the imported portfolio exported back as the import CSV, into a file (atomic write, then a rename). */
async function exportSection(env, rows) {
  const out = join(freshDir('export'), 'export.csv');
  const run = await measure(process.execPath, [BIN, 'export', 'transactions', 'Bench', '--output', out], env);
  const count = readFileSync(out, 'utf8').split('\n').length - 2; // minus the header and the final newline
  if (count < rows) throw new Error(`export wrote ${count} rows, expected at least ${rows}`);
  report(`export transactions ${rows.toLocaleString('en-US')} rows, CSV: time`, run.seconds, 's', 5);
  report(`export transactions ${rows.toLocaleString('en-US')} rows, CSV: peak RSS`, run.peakMb, 'MB', 300);
  rmSync(dirname(out), { recursive: true, force: true });
}

async function postgres() {
  const rows = quick ? 20_000 : 100_000;
  const csv = join(root, 'bench', 'out', `transactions-${rows}.csv`);
  await writeCsv(csv, rows);
  const admin = new pg.Client({ connectionString: PG_URL });
  try {
    await admin.connect();
  } catch (error) {
    console.log(`Postgres: skipped (${PG_URL} unreachable: ${error.message})`);
    return;
  }
  const name = `folio_bench_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  console.log(`Ledger on Postgres (${url.host}): ${rows.toLocaleString('en-US')} transactions`);
  const home = freshDir('pg');
  const env = { FOLIO_HOME: home, FOLIO_DATABASE_URL: url.toString() };
  try {
    signUp(env);
    folioSync(env, undefined, 'portfolio', 'add', 'Bench', '--currency', 'USD');
    const run = await measure(process.execPath, [BIN, 'tx', 'import', csv, '--portfolio', 'Bench'], env);
    report(`tx import ${rows.toLocaleString('en-US')} rows: time`, run.seconds, 's', 15);
    report(`tx import ${rows.toLocaleString('en-US')} rows: peak RSS`, run.peakMb, 'MB');
    const holdings = await measure(process.execPath, [BIN, 'holdings', 'Bench', '--json', '--no-value'], env);
    report(`holdings on ${rows.toLocaleString('en-US')} rows: time`, holdings.seconds, 's');
  } finally {
    rmSync(home, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function market() {
  console.log('Market data (fixture feed: 29 instruments, ~92,000 daily closes; sample portfolios from `folio demo`)');
  const home = freshDir('market');
  const env = { FOLIO_HOME: home };
  const first = await measure(process.execPath, [BIN, 'demo', '--json'], env);
  report('demo, first run (loads the fixture cache)', first.seconds * 1000, 'ms');
  const again = await measure(process.execPath, [BIN, 'demo', '--json'], env);
  report('demo, second run', again.seconds * 1000, 'ms');
  folioSync(env, 'folio-demo\n', 'login', '--email', 'demo@folio.example', '--password-stdin');
  const times = async (args, n = 7) => {
    const samples = [];
    for (let i = 0; i < n; i++) samples.push((await measure(process.execPath, [BIN, ...args], env)).seconds * 1000);
    return median(samples);
  };
  report('prices show AAPL, 10 years (median of 7)', await times(['prices', 'show', 'AAPL', '--from', '2015-01-01', '--json']), 'ms');
  report('holdings "Index investor", valued (median of 7)', await times(['holdings', 'Index investor', '--json']), 'ms');
  rmSync(home, { recursive: true, force: true });
}

/**
 * `folio analyze --period max --json` on generated histories (SQLite). The generator trades 50
 * symbols; the 39 the fixture feed does not have get generated closes through `folio prices import`
 * (their random walk is not the one of the trade prices: the figures are for timing, not meaning).
 */
async function analyzeBench() {
  console.log('Analyze (SQLite; 50 symbols over 10 years: fixture closes plus generated ones for the rest)');
  mkdirSync(join(root, 'bench', 'out'), { recursive: true });
  const closes = join(root, 'bench', 'out', 'closes-50-symbols.csv');
  if (!existsSync(closes)) {
    const out = createWriteStream(closes);
    for (const chunk of generateCloseCsv({ symbols: 50, years: 10, seed: 42 }, fixtureSymbols())) if (!out.write(chunk)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
  }
  for (const rows of quick ? [20_000] : [100_000, 1_000_000]) {
    const csv = join(root, 'bench', 'out', `transactions-${rows}.csv`);
    await writeCsv(csv, rows);
    const home = freshDir(`analyze-${rows}`);
    const env = { FOLIO_HOME: home };
    signUp(env);
    folioSync(env, undefined, 'portfolio', 'add', 'Bench', '--currency', 'USD');
    folioSync(env, undefined, 'prices', 'import', closes);
    folioSync(env, undefined, 'tx', 'import', csv, '--portfolio', 'Bench');
    folioSync(env, undefined, 'analyze', 'Bench', '--json'); // loads the fixture cache once
    const run = await measure(process.execPath, [BIN, 'analyze', 'Bench', '--period', 'max', '--json'], env);
    const label = `analyze --period max on ${rows.toLocaleString('en-US')} rows`;
    report(`${label}: time`, run.seconds, 's', rows >= 1_000_000 ? 5 : rows >= 100_000 ? 1 : undefined);
    report(`${label}: peak RSS`, run.peakMb, 'MB', rows >= 1_000_000 ? 500 : undefined);
    rmSync(home, { recursive: true, force: true });
  }
  const home = freshDir('analyze-demo');
  const env = { FOLIO_HOME: home };
  folioSync(env, undefined, 'demo', '--json');
  folioSync(env, 'folio-demo\n', 'login', '--email', 'demo@folio.example', '--password-stdin');
  folioSync(env, undefined, 'analyze', (JSON.parse(folioSync(env, undefined, 'portfolio', 'list', '--json'))[0] ?? {}).name ?? '', '--json');
  for (const { name } of JSON.parse(folioSync(env, undefined, 'portfolio', 'list', '--json'))) {
    const samples = [];
    for (let i = 0; i < 7; i++) samples.push((await measure(process.execPath, [BIN, 'analyze', name, '--json'], env)).seconds * 1000);
    report(`analyze "${name}" (median of 7)`, median(samples), 'ms', 300);
  }
  rmSync(home, { recursive: true, force: true });
}

/**
 * Issue 14: the same history as a German broker would write it (semicolons, decimal commas,
 * dd.MM.yyyy, its own column and type names), imported through a mapping, against the native
 * import of the same rows; each into its own empty portfolio. Target: mapped within 1.5× native.
 */
const GERMAN_TYPES = { buy: 'Kauf', sell: 'Verkauf', dividend: 'Dividende', interest: 'Zinsen', deposit: 'Einlage', withdrawal: 'Entnahme', fee: 'Gebühren', split: 'Split' };
const MAPPING = {
  delimiter: ';',
  decimal: ',',
  thousands: '',
  dateFormat: 'dd.MM.yyyy',
  columns: { date: 'Datum', symbol: 'Symbol', quantity: 'Stück', price: 'Kurs', amount: 'Betrag', fee: 'Gebühren', currency: 'Währung', note: 'Notiz' },
  type: { column: 'Typ', values: Object.fromEntries(Object.entries(GERMAN_TYPES).map(([k, v]) => [v, k])) },
};

async function writeMappedCsv(path, rows) {
  if (existsSync(path)) return;
  const out = createWriteStream(path);
  const german = (value) => (value === null || value === undefined ? '' : String(value).replace('.', ','));
  const quote = (value) => (/[;"\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  let buffer = 'Datum;Typ;Symbol;Stück;Kurs;Betrag;Gebühren;Währung;Notiz\n';
  for (const row of generateTransactions({ rows, symbols: 50, years: 10, seed: 42 })) {
    const [y, m, d] = row.date.split('-');
    buffer += [`${d}.${m}.${y}`, GERMAN_TYPES[row.type], row.symbol ?? '', german(row.quantity), german(row.price), german(row.amount), german(row.fee), row.currency, quote(row.note ?? '')].join(';') + '\n';
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

async function mappedImport() {
  const rows = quick ? 100_000 : 1_000_000;
  const native = join(root, 'bench', 'out', `transactions-${rows}.csv`);
  const mapped = join(root, 'bench', 'out', `transactions-${rows}-mapped.csv`);
  const map = join(root, 'bench', 'out', 'mapping.json');
  await writeCsv(native, rows);
  await writeMappedCsv(mapped, rows);
  writeFileSync(map, JSON.stringify(MAPPING, null, 2));
  console.log(`Mapped import: ${rows.toLocaleString('en-US')} rows in a German broker layout (${(statSync(mapped).size / 1e6).toFixed(0)} MB)`);
  const timeOf = async (file, extra) => {
    const home = freshDir('mapped');
    const env = { FOLIO_HOME: home };
    signUp(env);
    folioSync(env, undefined, 'portfolio', 'add', 'Bench', '--currency', 'USD');
    const run = await measure(process.execPath, [BIN, 'tx', 'import', file, '--portfolio', 'Bench', ...extra], env);
    const count = JSON.parse(folioSync(env, undefined, 'admin', 'stats', '--json')).transactions;
    if (count !== rows) throw new Error(`imported ${count} rows, expected ${rows}`);
    rmSync(home, { recursive: true, force: true });
    return run;
  };
  const base = await timeOf(native, []);
  const run = await timeOf(mapped, ['--map', map]);
  report(`tx import ${rows.toLocaleString('en-US')} rows, native: time`, base.seconds, 's');
  report(`tx import ${rows.toLocaleString('en-US')} rows, mapped: time`, run.seconds, 's');
  report(`tx import ${rows.toLocaleString('en-US')} rows, mapped: peak RSS`, run.peakMb, 'MB', 300);
  report('mapped import time ÷ native import time', run.seconds / base.seconds, 'x', 1.5);
}

/** Wall time and CPU time (user + system, from /proc/PID/stat, polled every 5 ms until the child exits) of one CLI run. */
async function measureCpu(cmdArgs, env) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, cmdArgs, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let ticks = 0;
  const poll = setInterval(() => {
    try {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks = Math.max(ticks, Number(fields[11]) + Number(fields[12])); // utime + stime, in clock ticks
    } catch {}
  }, 5);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = await once(child, 'close');
  clearInterval(poll);
  if (code !== 0) throw new Error(`${cmdArgs.join(' ')} exited ${code}: ${stderr}`);
  const hz = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuSeconds: ticks / hz };
}

/**
 * Issue 16: `folio optimize --frontier --points 50` on 30 symbols over 10 years (SQLite): the 29
 * fixture instruments (crypto included: the window keeps the weekdays every symbol has) and one
 * generated symbol imported through `folio prices import`. Median of 5 runs after a warm-up run
 * that loads the fixture cache.
 */
async function optimizeBench() {
  console.log('Optimize (SQLite; 30 symbols over 10 years: 29 fixture instruments and 1 generated)');
  const fixtures = fixtureSymbols();
  mkdirSync(join(root, 'bench', 'out'), { recursive: true });
  const closes = join(root, 'bench', 'out', 'closes-brk.csv');
  if (!existsSync(closes)) {
    let csv = '';
    for (const chunk of generateCloseCsv({ symbols: 5, years: 10, seed: 42 }, fixtures)) csv += chunk;
    writeFileSync(closes, csv);
  }
  const home = freshDir('optimize');
  const env = { FOLIO_HOME: home };
  signUp(env);
  folioSync(env, undefined, 'portfolio', 'add', 'Bench', '--currency', 'USD');
  folioSync(env, undefined, 'prices', 'import', closes);
  const symbols = [...fixtures, 'BRK.B'];
  if (symbols.length !== 30) throw new Error(`expected 30 symbols, got ${symbols.length}`);
  const args = ['optimize', 'Bench', '--symbols', symbols.join(','), '--from', '2016-10-31', '--to', '2026-10-30', '--objective', 'max-sharpe', '--frontier', '--points', '50', '--json'];
  const warm = JSON.parse(folioSync(env, undefined, ...args));
  if (warm.frontier.length !== 50) throw new Error('expected 50 frontier points');
  const wall = [];
  const cpu = [];
  for (let i = 0; i < 5; i++) {
    const run = await measureCpu([BIN, ...args], env);
    wall.push(run.seconds);
    cpu.push(run.cpuSeconds);
  }
  report(`optimize --frontier --points 50, 30 symbols × ${warm.closes} closes (median of 5)`, median(wall), 's', 1);
  report('  the same: CPU time (user + system; what a busy machine does not inflate)', median(cpu), 's');
  rmSync(home, { recursive: true, force: true });
}

/**
 * `prices update --all` for 50 held symbols over 10 years, from a local server that answers at once
 * in Yahoo's chart shape (only the days from period1 on, as Yahoo does). A first fetch and an
 * incremental run: at most one request per symbol each.
 */
async function providersBench() {
  console.log('Providers (prices update --all: 50 symbols, 10 years, a local Yahoo-shaped server answering at once)');
  const { createServer } = await import('node:http');
  const now = Date.parse('2026-11-26T22:00:00Z') / 1000;
  const start = now - 10 * 365 * 86_400;
  const days = [];
  for (let t = start - (start % 86_400) + 52_200; t < now; t += 86_400) if (![0, 6].includes(new Date(t * 1000).getUTCDay())) days.push(t);
  const symbols = Array.from({ length: 50 }, (_, i) => `BENCH${String(i).padStart(2, '0')}`);
  const closes = new Map(symbols.map((symbol, i) => {
    let price = 50 + i;
    return [symbol, days.map((_, d) => (price *= 1 + Math.sin(d * 0.7 + i) * 0.01))];
  }));
  let requests = 0;
  const server = createServer((request, response) => {
    requests++;
    const url = new URL(request.url, 'http://127.0.0.1');
    const symbol = decodeURIComponent(url.pathname.split('/').pop());
    const from = Number(url.searchParams.get('period1') ?? 0);
    const first = days.findIndex((t) => t >= from);
    const meta = { currency: 'USD', symbol, exchangeName: 'NMS', instrumentType: 'EQUITY', gmtoffset: -18000, exchangeTimezoneName: 'America/New_York', priceHint: 2, longName: symbol };
    const body = { chart: { result: [{ meta, timestamp: days.slice(first), indicators: { quote: [{ close: closes.get(symbol).slice(first) }] } }], error: null } };
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const home = freshDir('providers');
  const env = { FOLIO_HOME: home, FOLIO_NOW: new Date(now * 1000).toISOString(), FOLIO_YAHOO_URL: `http://127.0.0.1:${server.address().port}` };
  signUp(env);
  folioSync(env, undefined, 'settings', 'set', 'prices.provider', 'yahoo');
  folioSync(env, undefined, 'portfolio', 'add', 'Bench', '--currency', 'USD');
  const firstDay = new Date(days[0] * 1000).toISOString().slice(0, 10);
  const buys = ['date,type,symbol,quantity,price,amount,fee,currency,note', ...symbols.map((s) => `${firstDay},buy,${s},10,50,,,USD,`)].join('\n');
  folioSync(env, buys + '\n', 'tx', 'import', '-', '--portfolio', 'Bench');
  for (const label of ['first fetch', 'incremental run']) {
    requests = 0;
    const run = await measure(process.execPath, [BIN, 'prices', 'update', '--all', '--json'], env);
    const summary = JSON.parse(run.stdout);
    const stored = summary.fetched.reduce((n, f) => n + f.changed, 0);
    report(`prices update --all, ${label}: time (${stored.toLocaleString('en-US')} closes stored)`, run.seconds, 's');
    report(`prices update --all, ${label}: requests`, requests, '', symbols.length);
  }
  server.close();
  rmSync(home, { recursive: true, force: true });
}

console.log(`folio benchmark — node ${process.version}, ${new Date().toISOString().slice(0, 10)}${quick ? ' (quick)' : ''}\n`);
if (wants('startup')) await startup();
if (wants('import') || wants('holdings') || wants('export')) await sqliteLedger();
if (wants('market')) await market();
if (wants('postgres')) await postgres();
if (wants('analyze')) await analyzeBench();
if (wants('mapped')) await mappedImport();
if (wants('optimize')) await optimizeBench();
if (wants('providers')) await providersBench();
