// Micro-benchmark of the two exact decimal engines folio had (issue 13): big.js objects against
// bigint units + places (`src/core/decimal.ts`), and the ledger's bare bigints at one shared scale
// (`src/core/ledger/fixed-point.ts`). The work is the ledger's: read 1,000,000 quantity and price
// strings, sum the quantities, and sum quantity × price. CPU time per engine (process.cpuUsage),
// best of 3 rounds, engines interleaved so machine load hits them alike.
// Run: node bench/decimal-engines.js [rows]   (big.js is a devDependency kept for this comparison)
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRandom } from '../scripts/random.js';

const N = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'folio-bench-'));
const entry = join(dir, 'entry.ts');
const root = new URL('..', import.meta.url).pathname;
writeFileSync(entry, `export * from '${root}src/core/decimal.ts'; export { FixedScale } from '${root}src/core/ledger/fixed-point.ts';`);
await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', outfile: join(dir, 'decimal.mjs'), logLevel: 'error' });
const { dec, decString, ZERO, digits, FixedScale } = await import(pathToFileURL(join(dir, 'decimal.mjs')).href);
rmSync(dir, { recursive: true, force: true });
const Big = (await import('big.js')).default();
Big.strict = true;
Big.DP = 20;
Big.RM = Big.roundHalfEven;

// Deterministic data: quantities with up to 3 decimals, prices in cents.
const random = createRandom(42);
const quantities = Array.from({ length: N }, () => String(Math.floor(random() * 100000) / 1000));
const prices = Array.from({ length: N }, () => (1 + Math.floor(random() * 5_000_000) / 100).toFixed(2));

const engines = {
  'big.js': () => {
    let held = new Big('0');
    let cost = new Big('0');
    for (let i = 0; i < N; i++) {
      const q = new Big(quantities[i]);
      held = held.plus(q);
      cost = cost.plus(q.times(new Big(prices[i])));
    }
    return [held.toFixed(), cost.toFixed()];
  },
  'bigint Decimal (decimal.ts)': () => {
    let held = ZERO;
    let cost = ZERO;
    for (let i = 0; i < N; i++) {
      const q = dec(quantities[i]);
      held = held.plus(q);
      cost = cost.plus(q.times(dec(prices[i])));
    }
    return [decString(held), decString(cost)];
  },
  'bigint fixed-point (ledger)': () => {
    let held = 0n;
    let cost = 0n;
    const scale = new FixedScale((factor) => {
      held *= factor;
      cost *= factor;
    });
    for (let i = 0; i < N; i++) {
      const q = digits(quantities[i]);
      const p = digits(prices[i]);
      scale.ensure(q.places + p.places);
      held += scale.value(q);
      cost += scale.product(q, p);
    }
    return [scale.format(held), scale.format(cost)];
  },
};

const best = {};
let answer = null;
for (let round = 0; round < 3; round++) {
  for (const [name, run] of Object.entries(engines)) {
    const start = process.cpuUsage();
    const result = run();
    const { user, system } = process.cpuUsage(start);
    const ms = (user + system) / 1000;
    best[name] = Math.min(best[name] ?? Infinity, ms);
    answer ??= result.join(' ');
    if (result.join(' ') !== answer) throw new Error(`${name} disagrees: ${result.join(' ')} vs ${answer}`);
  }
}
console.log(`${N.toLocaleString('en')} rows: parse quantity and price, sum quantities, sum quantity × price (CPU ms, best of 3)`);
for (const [name, ms] of Object.entries(best)) console.log(`  ${name.padEnd(30)} ${ms.toFixed(0).padStart(6)} ms  ×${(ms / best['big.js']).toFixed(2)} of big.js`);
console.log(`  same totals: ${answer}`);
