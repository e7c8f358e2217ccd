import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, createWorld, PASSWORD, registerUser } from '../helpers/backends.js';
import { runFolio, tempHome, type CliResult } from '../helpers/cli.js';

const STACK_LINE = /^\s+at .+\(?.*:\d+:\d+\)?$/m;

const json = <T = any>(result: CliResult): T => JSON.parse(result.stdout) as T;

/** What a failed command must look like: its exit code, one line on stderr, no stack trace. */
function expectFailure(result: CliResult, code: number, message: string | RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  if (typeof message === 'string') expect(result.stderr).toContain(message);
  else expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(STACK_LINE);
}

function expectOk(result: CliResult): void {
  expect(result.code, result.stderr).toBe(0);
}


const ACCOUNT_COMMANDS = ['register', 'login', 'logout', 'whoami', 'profile', 'password', 'token', 'settings', 'db'];
const SUBCOMMANDS: Record<string, string[]> = {
  profile: ['show', 'set'],
  password: ['change'],
  token: ['create', 'list', 'revoke'],
  settings: ['show', 'get', 'set', 'reset'],
  db: ['migrate', 'status'],
};

describe('folio without a database', () => {
  const home = tempHome();
  const env = { FOLIO_HOME: home.dir };
  afterAll(() => home.cleanup());

  it('lists every account command in --help', async () => {
    const help = await runFolio(['--help'], env);
    expectOk(help);
    for (const command of ACCOUNT_COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    for (const [command, verbs] of Object.entries(SUBCOMMANDS)) {
      const sub = await runFolio([command, '--help'], env);
      expectOk(sub);
      for (const verb of verbs) expect(sub.stdout, `${command} ${verb}`).toMatch(new RegExp(`^  ${verb}\\b`, 'm'));
    }
    const create = await runFolio(['token', 'create', '--help'], env);
    expect(create.stdout).toContain('--label <label>');
    expect(create.stdout).toContain('--expires <duration>');
  });

  it('prints the version', async () => {
    const version = await runFolio(['--version'], env);
    expectOk(version);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    ['login', '--email', 'a@example.com', '--password', 'hunter2-secret'],
    ['login', '--email', 'a@example.com', '--password=hunter2-secret'],
    ['register', '--email', 'a@example.com', '--name', 'A', '--password', 'hunter2-secret'],
    ['password', 'change', '--password=hunter2-secret'],
  ])('has no --password flag: %s … is a usage error that never echoes the password', async (...args) => {
    const result = await runFolio(args, env);
    expectFailure(result, 2, '--password-stdin');
    expect(result.stderr + result.stdout).not.toContain('hunter2-secret');
  });

  it('reports an unreachable database in one line (exit 6)', async () => {
    const result = await runFolio(['--database', 'postgres://postgres:pw-secret@127.0.0.1:1/x', 'db', 'status'], env);
    expectFailure(result, 6, 'Cannot reach the database postgres://postgres:***@127.0.0.1:1/x');
    expect(result.stderr).not.toContain('pw-secret');

    const login = await runFolio(['--database', 'postgres://postgres@127.0.0.1:1/x', 'login', '--email', 'a@example.com', '--password-stdin'], env, {
      input: PASSWORD + '\n',
    });
    expectFailure(login, 6, 'connection refused');

    const asJson = await runFolio(['--database', 'postgres://postgres@127.0.0.1:1/x', '--json', 'db', 'status'], env);
    expect(asJson.code).toBe(6);
    expect(asJson.stdout).toBe('');
    expect(JSON.parse(asJson.stderr.trim().split('\n').at(-1)!)).toEqual({ error: { code: 'unavailable', message: expect.stringContaining('Cannot reach the database') } });
  });

  it('says to run `folio login` when nobody is signed in (exit 3), with a stack trace only under FOLIO_DEBUG=1', async () => {
    for (const args of [['whoami'], ['profile', 'show'], ['settings', 'show'], ['token', 'list'], ['logout']]) {
      const result = await runFolio(args, env);
      if (args[0] === 'logout') {
        expectOk(result); // nothing to end
        expect(result.stderr).toContain('Not signed in');
        continue;
      }
      expectFailure(result, 3, 'run `folio login`');
      expect(result.stdout).toBe('');
    }
    const debug = await runFolio(['whoami'], { ...env, FOLIO_DEBUG: '1' });
    expect(debug.code).toBe(3);
    expect(debug.stderr).toMatch(STACK_LINE);
  });
});

describe.each(BACKENDS)('accounts on $name', (backend) => {
  describe.skipIf(!backend.available)('migrations', () => {
    it('runs them automatically on first use, also from concurrent processes', async () => {
      const fresh = await createWorld(backend, { spawn: true });
      try {
        const status = await fresh.folio(['db', 'status', '--json']);
        expectOk(status);
        const before = json<{ dialect: string; pending: number; migrations: Array<{ name: string; appliedAt: string | null }> }>(status);
        expect(before.dialect).toBe(backend.name);
        expect(before.migrations.map((m) => m.name)).toContain('0001_accounts');
        expect(before.pending).toBe(before.migrations.length);
        expect(before.migrations.every((m) => m.appliedAt === null)).toBe(true);
        const table = await fresh.folio(['db', 'status']);
        expect(table.stdout).toMatch(/^0001_accounts\tpending$/m);
        expect(table.stderr).toContain('pending');

        // three people start using a brand-new database at the same moment
        await Promise.all(['first', 'second', 'third'].map((who) => registerUser(fresh.another(), `${who}@example.com`)));

        const after = json<typeof before>(await fresh.folio(['db', 'status', '--json']));
        expect(after.pending).toBe(0);
        expect(after.migrations.every((m) => m.appliedAt !== null)).toBe(true);
        const migrate = await fresh.folio(['db', 'migrate', '--json']);
        expectOk(migrate);
        expect(json(migrate)).toMatchObject({ applied: [] });
        expect((await fresh.folio(['db', 'migrate'])).stderr).toContain('is up to date');
      } finally {
        await fresh.cleanup();
      }
    });
  });
});
