// Throwaway micro-benchmark of the ledger engine (not a test): 1,000,000 entries over 50 symbols,
// mixed buys, sells and dividends, replayed with FIFO (and average) cost.
// Run: node bench/ledger-micro.js [entries]
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const N = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'folio-bench-'));
const outfile = join(dir, 'ledger.mjs');
await build({ entryPoints: ['src/core/ledger/ledger.ts'], bundle: true, format: 'esm', platform: 'node', outfile, logLevel: 'error' });
const { createLedger } = await import(pathToFileURL(outfile).href);
rmSync(dir, { recursive: true, force: true });

// Deterministic pseudo-random data (mulberry32).
let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const milli = (n) => (n % 1000 === 0 ? String(n / 1000) : (n / 1000).toFixed(3).replace(/0+$/, ''));
const cents = (n) => (n / 100).toFixed(2);

const symbols = Array.from({ length: 50 }, (_, i) => `S${String(i).padStart(2, '0')}`);
const held = new Map(symbols.map((s) => [s, 0])); // thousandths of a unit
const price = new Map(symbols.map((s) => [s, 1000 + Math.floor(random() * 50000)])); // cents
const fees = [null, null, '0', '1', '4.95', '9.99'];
const synthetic = [];
let day = Date.UTC(1990, 0, 1);
for (let i = 0; i < N; i++) {
  if (i % 100 === 0) day += 86_400_000;
  const date = new Date(day).toISOString().slice(0, 10);
  const symbol = pick(symbols);
  const p = Math.max(100, price.get(symbol) + Math.floor((random() - 0.5) * 200));
  price.set(symbol, p);
  const roll = random();
  const h = held.get(symbol);
  if (roll < 0.15) {
    synthetic.push({ date, type: 'dividend', symbol, quantity: null, price: null, amount: cents(1 + Math.floor(random() * 50000)), fee: null, currency: 'USD' });
  } else if (roll < 0.5 && h > 0) {
    const q = Math.max(1, Math.floor(random() * h * 0.6));
    held.set(symbol, h - q);
    synthetic.push({ date, type: 'sell', symbol, quantity: milli(q), price: cents(p), amount: null, fee: pick(fees), currency: 'USD' });
  } else {
    const q = random() < 0.8 ? 1000 * (1 + Math.floor(random() * 100)) : 1 + Math.floor(random() * 100_000);
    held.set(symbol, h + q);
    synthetic.push({ date, type: 'buy', symbol, quantity: milli(q), price: cents(p), amount: null, fee: pick(fees), currency: 'USD' });
  }
}
const count = (type) => synthetic.filter((e) => e.type === type).length;
console.log(`${N} entries: ${count('buy')} buys, ${count('sell')} sells, ${count('dividend')} dividends`);

// The same size of history from the project's generator (all transaction types, splits, currencies).
const { generateTransactions } = await import('./generate-transactions.js');
const generated = [...generateTransactions({ rows: N, symbols: 50 })];
const types = {};
for (const row of generated) types[row.type] = (types[row.type] ?? 0) + 1;
console.log(`generator: ${JSON.stringify(types)}`);

// The machine may be shared: report wall and CPU time (user + system, all threads) of each run.
for (const run of (process.env.METHODS ?? 'fifo,average,fifo,average,gen-fifo,gen-average,gen-fifo').split(',')) {
  const method = run.replace('gen-', '');
  const entries = run.startsWith('gen-') ? generated : synthetic;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const ledger = createLedger(method);
  for (const entry of entries) ledger.apply(entry);
  const positions = ledger.positions();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const lots = positions.reduce((n, p) => n + ledger.lots(p.symbol).length, 0);
  console.log(
    `${run}: ${ms.toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms cpu ` +
      `(${positions.length} positions, ${lots} open lots, cash ${ledger.cash()[0].amount})`,
  );
}
