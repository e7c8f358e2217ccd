// Helpers both benchmarks (bench/storage.js, bench/run.js) share: where folio is, running it, scratch folders.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');
export const BIN = join(root, 'bin', 'folio.js');
export const PG_URL = process.env.FOLIO_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs `folio …` to completion (`input` on its stdin), returning its stdout; throws with its stderr when it fails. */
export function folioSync(env, input, ...cliArgs) {
  const result = spawnSync(process.execPath, [BIN, ...cliArgs], { env: { ...process.env, ...env }, encoding: 'utf8', input, maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`folio ${cliArgs.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** An empty scratch folder for one section of this run. */
export function freshDir(name) {
  const dir = join(tmpdir(), `folio-bench-${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The symbols the fixture feed has closes for (fixtures/instruments.csv, first column). */
export function fixtureSymbols() {
  const lines = readFileSync(join(root, 'fixtures', 'instruments.csv'), 'utf8').split('\n').slice(1);
  return new Set(lines.map((line) => line.split(',')[0]).filter(Boolean));
}
