import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve(import.meta.dirname, '../../bin/folio.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Text written to stdin; when absent stdin is closed (like `</dev/null`). */
  input?: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

/** Spawns the built CLI as a user would, with no TTY anywhere. */
export function runFolio(args: string[], env: Record<string, string | undefined>, options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, ...options.env } as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    // a command that ends before reading its input closes the pipe: its exit code tells, not an EPIPE here
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

export function tempHome(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'folio-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
