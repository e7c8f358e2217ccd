import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, type CliResult } from '../helpers/cli.js';
import { runInProcess, testContext } from '../helpers/context.js';
import { buildProgram } from '../../src/cli/program.js';
import { plainFolioArgs, readmeExamples, splitComment, type Example } from '../helpers/readme.js';

/**
 * The README runs: its shell examples, pasted in order into a fresh FOLIO_HOME (SQLite), each exit
 * with the code it states (0 unless a `# exit N` comment says otherwise). Plain `folio …` lines run
 * in process as on a terminal (password prompts answered with PASSWORD, or the `# password: X` of
 * the line); lines that need a shell (pipes, redirections, variables) run in bash with `folio` on
 * PATH. The clock is fixed and the network is off (FOLIO_OFFLINE=1). The working directory is a temp
 * directory with `fixtures/` linked in, so files the examples write go there.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const NOW = '2026-11-25T21:00:00.000Z';
const PASSWORD = 'readme password 1';
const { examples, unusedSkips } = readmeExamples(readFileSync(join(ROOT, 'README.md'), 'utf8'));

let work: string;
let env: Record<string, string>;
let cwd: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'folio-readme-'));
  const bin = join(work, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'folio'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(bin, 'folio'), 0o755);
  const home = join(work, 'home');
  mkdirSync(home);
  symlinkSync(join(ROOT, 'fixtures'), join(home, 'fixtures'));
  env = {
    FOLIO_HOME: join(work, 'folio-home'),
    FOLIO_NOW: NOW,
    // What npm sets for `npx folio` (the quick start's spelling).
    npm_command: 'exec',
    FOLIO_OFFLINE: '1',
    HOME: home,
    PATH: `${bin}:${process.env.PATH}`,
    // What the scripted examples read from the environment.
    FOLIO_PASSWORD: PASSWORD,
    OLD: PASSWORD,
    NEW: 'readme password 2',
  };
  cwd = process.cwd();
  process.chdir(home);
});

afterAll(() => {
  process.chdir(cwd);
  rmSync(work, { recursive: true, force: true });
});

function runInBash(command: string): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-c', command], { cwd: env.HOME, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    // a command that ends before reading its input closes the pipe: its exit code tells, not an EPIPE here
    child.stdin.on('error', () => {});
    child.stdin.end('');
  });
}

async function run(example: Example): Promise<CliResult> {
  // Each line runs in a shell of its own, so an `export` would not reach the next line.
  if (/^export\s/.test(example.command)) throw new Error(`${example.text}: an export does not carry over to the next example (mark its block skip)`);
  const args = plainFolioArgs(example.command);
  if (args === null) return runInBash(example.command);
  const password = example.password ?? PASSWORD;
  return runInProcess(args, env, { tty: true, columns: 120, now: NOW, answers: [password, password] });
}

describe('the README helpers', () => {
  it.each([
    ['folio a b   # exit 4', 'folio a b', 'exit 4'],
    ["folio x --note '# not a comment' # but this is", "folio x --note '# not a comment'", 'but this is'],
    ['folio fx#1', 'folio fx#1', ''],
  ])('splits %j into command and comment', (line, command, comment) => {
    expect(splitComment(line)).toEqual({ command, comment });
  });

  it.each([
    ['folio tx add IRA --note "broker correction"', ['tx', 'add', 'IRA', '--note', 'broker correction']],
    ["folio portfolio add 'Main (copy)'", ['portfolio', 'add', 'Main (copy)']],
    ['folio holdings IRA --json > out.json', null],
    ['folio export all --output ~/backup', null],
    ['printf x | folio login', null],
  ])('reads %j as %j', (command, args) => {
    expect(plainFolioArgs(command)).toEqual(args);
  });

  it('every skip-line directive matches a line of its block', () => {
    expect(unusedSkips).toEqual([]);
  });
});

describe('the README, pasted in order into a fresh FOLIO_HOME', () => {
  const leftOut = examples.filter((example) => example.skip !== null);
  it(`says why each of the ${leftOut.length} examples it does not run is left out, and those names real commands`, async () => {
    const where = (example: Example) => `README.md:${example.line}: ${example.text}`;
    expect(leftOut.filter((example) => example.skip!.trim() === '').map(where)).toEqual([]);
    const program = await buildProgram(testContext({}).ctx);
    const commands = new Set(program.commands.map((command) => command.name()));
    const folioLines = leftOut.filter((example) => /^(npx )?folio /.test(example.text));
    expect(folioLines.length).toBeGreaterThan(0);
    const unknown = folioLines.filter((example) => !commands.has(example.text.replace(/^(npx )?folio /, '').split(/\s+/)[0]!)).map(where);
    expect(unknown).toEqual([]);
  });

  for (const example of examples.filter((e) => e.skip === null)) {
    const name = `README.md:${example.line}: ${example.text}`;
    it(name, async () => {
      const result = await run(example);
      if (example.text.startsWith('npx folio demo')) expect(result.stderr).toContain('  npx folio login');
      expect(result.code, `stderr: ${result.stderr}`).toBe(example.expectedExit);
    });
  }
});
