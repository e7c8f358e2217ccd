import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** Builds dist/ once before any test file runs: spawned tests never exercise a stale bundle. */
export default function setup(): void {
  execFileSync(process.execPath, [resolve(import.meta.dirname, '../scripts/build.js')], { stdio: 'inherit' });
}
