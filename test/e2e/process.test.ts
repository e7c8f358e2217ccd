import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, registerUser, type World } from '../helpers/backends.js';
import { BIN, runFolio, tempHome, type CliResult } from '../helpers/cli.js';

/**
 * What only a real process shows: the bundle in dist/ starting, exit codes as the shell sees them,
 * commander's refusals through main's one error path, and Inquirer on a real pseudo-terminal.
 * Everything else about the commands is tested in process (test/cli/).
 */

/** `script` (util-linux) gives the CLI a real pseudo-terminal, so the prompts can be exercised. */
const HAS_SCRIPT = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/** Runs folio on a pseudo-terminal; each answer is typed once its prompt text has appeared (Enter is `\r`). */
function runOnTty(world: World, args: string[], answers: Array<[string, string]>): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const command = [process.execPath, BIN, ...args].map(quote).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm', ...world.env } as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let seen = 0;
    const pending = [...answers];
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const next = pending[0];
      if (next && output.slice(seen).replace(ANSI, '').includes(next[0])) {
        pending.shift();
        seen = output.length;
        child.stdin.write(next[1]);
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout: output.replace(ANSI, ''), stderr: '' });
    });
  });
}

describe('the built CLI as a process', () => {
  const home = tempHome();
  const env = { FOLIO_HOME: home.dir };
  afterAll(() => home.cleanup());

  it.each([
    [['--json', 'analyze', 'P', '--bogus'], "Unknown option '--bogus'", 'unknown_option'],
    [['portfolo'], "Unknown command 'portfolo' (Did you mean portfolio?)", 'unknown_command'],
    [['allocation', 'P', '--by', 'colour'], "Option '--by <group>' argument 'colour' is invalid. Allowed choices are symbol, class, sector, currency.", 'invalid_argument'],
    [['lots', 'P'], "Missing required argument 'symbol'", 'missing_argument'],
  ])('refuses %j as a usage error in one line (exit 2), with a JSON error object on stderr under --json', async (args, message, code) => {
    const plain = await runFolio(args.filter((a) => a !== '--json'), env);
    expect(plain.code).toBe(2);
    expect(plain.stderr.trim().split('\n')).toEqual([expect.stringContaining(`folio: ${message}`)]);
    const asJson = await runFolio(['--json', ...args.filter((a) => a !== '--json')], env);
    expect(asJson.code).toBe(2);
    expect(asJson.stdout).toBe('');
    const [line, object] = asJson.stderr.trim().split('\n');
    expect(line).toContain(message);
    expect(JSON.parse(object!)).toEqual({ error: { code, message: expect.stringContaining(message) } });
  });

  it('refuses --csv where a command has no CSV (exit 2) instead of ignoring it', async () => {
    const result = await runFolio(['--csv', 'portfolio', 'show', 'P'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('folio: `folio portfolio show` has no CSV output (it has --json).\n');
  });

  it('shows 1-3 examples in the help of a command module', async () => {
    const help = await runFolio(['portfolio', 'share', '--help'], env);
    expect(help.code).toBe(0);
    const examples = help.stdout.split('Examples:\n')[1]!.trimEnd().split('\n');
    expect(examples.length).toBeGreaterThanOrEqual(1);
    expect(examples.length).toBeLessThanOrEqual(3);
    for (const line of examples) expect(line).toMatch(/^  \$ folio portfolio share /);
  });
});

describe.skipIf(!HAS_SCRIPT)('prompts on a real terminal', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld({ name: 'sqlite', available: true }, { spawn: true });
    await registerUser(world, 'tty@example.com');
    expect((await world.folio(['portfolio', 'add', 'Asked', '--currency', 'USD'])).code).toBe(0);
  });
  afterAll(async () => world?.cleanup());

  it('remove asks for confirmation through Inquirer: no keeps it (exit 130), yes removes it', async () => {
    const declined = await runOnTty(world, ['portfolio', 'remove', 'Asked'], [['Remove portfolio "Asked"', 'n\r']]);
    expect(declined.code, declined.stdout).toBe(130);
    expect(declined.stdout).toContain('Nothing removed.');
    const accepted = await runOnTty(world, ['portfolio', 'remove', 'Asked'], [['Remove portfolio "Asked"', 'y\r']]);
    expect(accepted.code, accepted.stdout).toBe(0);
    expect((await world.folio(['portfolio', 'show', 'Asked'])).code).toBe(4);
  });
});
