// Ids per second (issue 13): folio's newId (uuid's v7 layout, pooled random bytes) against plain
// uuid v7(), which asks crypto for 16 bytes per id. CPU time of 1,000,000 ids each, best of 3.
// Run: node bench/ids.js
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { v7 } from 'uuid';

const N = 1_000_000;
const dir = mkdtempSync(join(tmpdir(), 'folio-bench-'));
await build({ entryPoints: ['src/core/ids.ts'], bundle: true, format: 'esm', platform: 'node', outfile: join(dir, 'ids.mjs'), logLevel: 'error' });
const { newId } = await import(pathToFileURL(join(dir, 'ids.mjs')).href);
rmSync(dir, { recursive: true, force: true });

const best = {};
for (let round = 0; round < 3; round++) {
  for (const [name, make] of Object.entries({ 'folio newId': newId, 'uuid v7()': () => v7() })) {
    const start = process.cpuUsage();
    let last = '';
    for (let i = 0; i < N; i++) {
      const id = make();
      if (id <= last) throw new Error(`${name}: ${id} after ${last}`);
      last = id;
    }
    const { user, system } = process.cpuUsage(start);
    best[name] = Math.min(best[name] ?? Infinity, (user + system) / 1000);
  }
}
for (const [name, ms] of Object.entries(best)) console.log(`${name.padEnd(12)} ${ms.toFixed(0).padStart(5)} ms CPU per million, ${Math.round((N / ms) * 1000).toLocaleString('en')} ids/s (each id after the last)`);
