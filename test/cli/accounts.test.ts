import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createWorld, PASSWORD, registerUser, signedIn, withDatabase, type World } from '../helpers/backends.js';
import type { CliResult } from '../helpers/cli.js';

const ESC = '\x1b[';
const DAY = 86_400_000;
const STACK_LINE = /^\s+at .+\(?.*:\d+:\d+\)?$/m;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const json = <T = any>(result: CliResult): T => JSON.parse(result.stdout) as T;
/** Under --json a failure adds a JSON error object on stderr, after the `folio: …` line. */
const jsonError = (result: CliResult) => JSON.parse(result.stderr.trim().split('\n').at(-1)!) as { error: { code: string; message: string } };

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


const SETTING_KEYS = [
  'theme',
  'color',
  'display.currency',
  'display.dateFormat',
  'display.decimals',
  'display.locale',
  'costBasis.method',
  'analytics.riskFreeRate',
  'notifications.email',
  'notifications.channels',
  'notifications.minSeverity',
  'notifications.digest',
  'prices.provider',
  'fx.provider',
  'prices.autoUpdate',
];

describe.each(BACKENDS)('accounts on $name', (backend) => {
  // In one process a SQLite writer waiting on the busy timeout blocks the others: concurrent only on Postgres.
  const group = backend.name === 'postgres' ? describe.skipIf(!backend.available).concurrent : describe.skipIf(!backend.available);
  group('sessions, profiles, tokens and settings', () => {
    let world: World;
    beforeAll(async () => {
      world = await createWorld(backend, { inProcess: true });
    });
    afterAll(async () => world?.cleanup());

    it('registers, signs in with a 0600 session file holding only a secret whose hash the database keeps', async () => {
      const me = world.another();
      const register = await me.folio(['register', '--email', 'Reg@Example.com', '--name', 'Reg Ister', '--password-stdin', '--json'], {
        input: PASSWORD + '\n',
      });
      expectOk(register);
      const user = json<{ id: string; email: string; name: string }>(register);
      expect(user).toEqual({ id: expect.any(String), email: 'reg@example.com', name: 'Reg Ister' });

      const whoami = await me.folio(['whoami', '--json']);
      expectOk(whoami);
      expect(json(whoami)).toEqual(user); // exactly {id, email, name}
      const plain = await me.folio(['whoami']);
      expect(plain.stdout).toBe('Reg Ister <reg@example.com>\n');

      const sessionFile = join(me.home, 'session.json');
      expect(statSync(sessionFile).mode & 0o777).toBe(0o600);
      const { token } = JSON.parse(readFileSync(sessionFile, 'utf8')) as { token: string };
      expect(token.length).toBeGreaterThanOrEqual(40);

      const stored = await withDatabase(me, async (db) => ({
        users: await db.selectFrom('users').selectAll().where('id', '=', user.id).execute(),
        sessions: await db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute(),
      }));
      expect(stored.users[0]!.password_hash).toMatch(/^scrypt\$/);
      expect(JSON.stringify(stored)).not.toContain(PASSWORD);
      expect(JSON.stringify(stored)).not.toContain(token);
      expect(stored.sessions.map((s) => s.token_hash)).toEqual([sha256(token)]);
      expect(stored.sessions[0]!.kind).toBe('session');
      // sessions expire: 30 days after they were made
      const lifetime = Date.parse(stored.sessions[0]!.expires_at!) - Date.parse(stored.sessions[0]!.created_at);
      expect(lifetime).toBe(30 * DAY);
    });

    it('refuses a second account for an email (exit 5)', async () => {
      await signedIn(world, 'taken@example.com');
      const again = await world.another().folio(['register', '--email', 'TAKEN@example.com', '--name', 'Other', '--password-stdin'], {
        input: 'another password\n',
      });
      expectFailure(again, 5, 'already exists');
    });

    it('validates registration input without echoing the password', async () => {
      const home = world.another();
      const short = await home.folio(['register', '--email', 'short@example.com', '--name', 'S', '--password-stdin'], { input: 'abc12\n' });
      expectFailure(short, 2, 'at least 8 characters');
      expect(short.stderr).not.toContain('abc12');
      const email = await home.folio(['register', '--email', 'not-an-email', '--name', 'S', '--password-stdin'], { input: PASSWORD + '\n' });
      expectFailure(email, 2, '--email');
    });

    it('needs flags for every missing value when there is no terminal (exit 2, never waiting)', async () => {
      const home = world.another();
      // no terminal and no answers scripted: a prompt would cancel (exit 130), so exit 2 shows nothing was asked
      const login = await home.folio(['login']); // stdin closed: like </dev/null
      expectFailure(login, 2, 'Missing --email');
      expect((login as { prompter?: { asked: string[] } }).prompter?.asked).toEqual([]);
      expectFailure(await home.folio(['login', '--email', 'who@example.com']), 2, '--password-stdin');
      expectFailure(await home.folio(['login', '--email', 'who@example.com', '--password-stdin']), 2, '--password-stdin: standard input is empty');
      expectFailure(await home.folio(['register', '--name', 'Who', '--password-stdin'], { input: PASSWORD }), 2, 'Missing --email');
      expectFailure(await home.folio(['--no-input', 'register', '--email', 'who@example.com', '--name', 'Who']), 2, '--password-stdin');

      const me = await signedIn(world, 'flags@example.com');
      expectFailure(await me.folio(['token', 'create']), 2, 'Missing --label');
      expectFailure(await me.folio(['password', 'change']), 2, '--password-stdin');
      expectFailure(await me.folio(['password', 'change', '--password-stdin'], { input: PASSWORD + '\n' }), 2, 'expected 2 lines');
      expectFailure(await me.folio(['profile', 'set']), 2, '--name');
    });

    it('logs out and in again; a wrong password is exit 3 and never echoed', async () => {
      const me = await signedIn(world, 'inout@example.com', 'In Out');
      const logout = await me.folio(['logout']);
      expectOk(logout);
      expect(logout.stderr).toContain('Signed out inout@example.com');
      expect(() => statSync(join(me.home, 'session.json'))).toThrow();
      expectFailure(await me.folio(['whoami']), 3, 'run `folio login`');

      const wrong = await me.folio(['login', '--email', 'inout@example.com', '--password-stdin'], { input: 'Tr0ub4dor&3-guess\n' });
      expectFailure(wrong, 3, 'Wrong email or password');
      expect(wrong.stderr).not.toContain('Tr0ub4dor');
      expectFailure(
        await me.folio(['login', '--email', 'nobody@example.com', '--password-stdin'], { input: PASSWORD + '\n' }),
        3,
        'Wrong email or password',
      );

      const login = await me.folio(['login', '--email', 'InOut@example.com', '--password-stdin', '--json'], { input: PASSWORD + '\n' });
      expectOk(login);
      expect(json(login)).toMatchObject({ email: 'inout@example.com', name: 'In Out' });
      expect(statSync(join(me.home, 'session.json')).mode & 0o777).toBe(0o600);
      expect(json(await me.folio(['whoami', '--json']))).toMatchObject({ email: 'inout@example.com' });

      // the session ended by logout is gone from the database, not only from the file
      const sessions = await withDatabase(me, (db) =>
        db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id').select('sessions.id').where('users.email', '=', 'inout@example.com').execute(),
      );
      expect(sessions).toHaveLength(1);
    });

    it('rejects an expired session (exit 3)', async () => {
      const me = await signedIn(world, 'expired-session@example.com');
      const { id } = json<{ id: string }>(await me.folio(['whoami', '--json']));
      await withDatabase(me, (db) => db.updateTable('sessions').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('user_id', '=', id).execute());
      expectFailure(await me.folio(['whoami']), 3, 'Your session has expired: run `folio login`');
    });

    it('shows and changes the profile', async () => {
      const me = await signedIn(world, 'profile@example.com', 'Pro File');
      const show = await me.folio(['profile', 'show', '--json']);
      expectOk(show);
      expect(json(show)).toMatchObject({ email: 'profile@example.com', name: 'Pro File' });
      const table = await me.folio(['profile', 'show']);
      expect(table.stdout).toMatch(/^Name\s+Pro File$/m);
      expect(table.stdout).toMatch(/^Email\s+profile@example.com$/m);

      const set = await me.folio(['profile', 'set', '--name', 'Renamed', '--email', 'Profile2@example.com', '--json']);
      expectOk(set);
      expect(json(set)).toMatchObject({ email: 'profile2@example.com', name: 'Renamed' });
      expect(json(await me.folio(['whoami', '--json']))).toMatchObject({ email: 'profile2@example.com', name: 'Renamed' });
      expectFailure(await me.folio(['profile', 'set', '--email', 'nope']), 2, '--email');
      expectFailure(await me.folio(['profile', 'set', '--name', '  ']), 2, '--name');

      // the new email signs in; the old one no longer does
      const other = world.another();
      expectOk(await other.folio(['login', '--email', 'profile2@example.com', '--password-stdin'], { input: PASSWORD + '\n' }));
      expectFailure(await other.folio(['login', '--email', 'profile@example.com', '--password-stdin'], { input: PASSWORD + '\n' }), 3, 'Wrong');
    });

    it('changes the password with the current one and signs out the other sessions', async () => {
      const laptop = await signedIn(world, 'pw@example.com');
      const desktop = world.another();
      expectOk(await desktop.folio(['login', '--email', 'pw@example.com', '--password-stdin'], { input: PASSWORD + '\n' }));

      const wrong = await laptop.folio(['password', 'change', '--password-stdin'], { input: 'not-the-password\nbrand new password\n' });
      expectFailure(wrong, 3, 'current password is wrong');
      expect(wrong.stderr).not.toContain('not-the-password');
      expect(wrong.stderr).not.toContain('brand new password');
      const weak = await laptop.folio(['password', 'change', '--password-stdin'], { input: `${PASSWORD}\nshort\n` });
      expectFailure(weak, 2, 'at least 8 characters');

      const change = await laptop.folio(['password', 'change', '--password-stdin'], { input: `${PASSWORD}\r\nbrand new password\r\n` });
      expectOk(change);
      expectOk(await laptop.folio(['whoami'])); // this session stays
      expectFailure(await desktop.folio(['whoami']), 3, 'run `folio login`'); // the other one ended
      expectFailure(
        await desktop.folio(['login', '--email', 'pw@example.com', '--password-stdin'], { input: PASSWORD + '\n' }),
        3,
        'Wrong email or password',
      );
      expectOk(await desktop.folio(['login', '--email', 'pw@example.com', '--password-stdin'], { input: 'brand new password\n' }));
    });

    it('creates API tokens shown once, usable as FOLIO_TOKEN without a session file, and revocable', async () => {
      const me = await signedIn(world, 'tokens@example.com', 'Token Owner');
      // the clock pinned for this command: the expiry is exactly computable
      const now = new Date();
      const created = await me.folio(['token', 'create', '--label', 'cron', '--json'], { now });
      expectOk(created);
      const token = json<{ id: string; label: string; token: string; expiresAt: string }>(created);
      expect(Object.keys(token).sort()).toEqual(['expiresAt', 'id', 'label', 'token']);
      expect(token.label).toBe('cron');
      // default lifetime 90 days: exactly 90 × 86 400 000 ms after the pinned now
      expect(token.expiresAt).toBe(new Date(now.getTime() + 90 * DAY).toISOString());

      const stored = await withDatabase(me, (db) => db.selectFrom('sessions').selectAll().where('id', '=', token.id).execute());
      expect(stored.map((row) => [row.kind, row.label, row.token_hash])).toEqual([['token', 'cron', sha256(token.token)]]);
      expect(JSON.stringify(stored)).not.toContain(token.token);

      // a cron job: another machine with no session file at all
      const cron = world.another();
      const whoami = await cron.folio(['whoami', '--json'], { env: { FOLIO_TOKEN: token.token } });
      expectOk(whoami);
      expect(json(whoami)).toMatchObject({ email: 'tokens@example.com', name: 'Token Owner' });
      expect(() => statSync(join(cron.home, 'session.json'))).toThrow();
      expect((await cron.folio(['whoami'], { env: { FOLIO_TOKEN: token.token } })).stdout).toContain('(token cron)');

      const never = json<{ expiresAt: string | null }>(await me.folio(['token', 'create', '--label', 'forever', '--expires', 'never', '--json']));
      expect(never.expiresAt).toBeNull();
      expectFailure(await me.folio(['token', 'create', '--label', 'x', '--expires', 'soon']), 2, '--expires');

      const list = await me.folio(['token', 'list', '--json']);
      expectOk(list);
      const tokens = json<Array<Record<string, unknown>>>(list);
      expect(tokens.map((t) => t.label)).toEqual(['cron', 'forever']);
      expect(list.stdout).not.toContain(token.token); // shown once only
      expect(tokens[0]).toMatchObject({ id: token.id, expiresAt: token.expiresAt, lastUsedAt: expect.any(String) });

      const revoke = await me.folio(['token', 'revoke', token.id]);
      expectOk(revoke);
      expectFailure(await cron.folio(['whoami'], { env: { FOLIO_TOKEN: token.token } }), 3, 'run `folio login`');
      expectFailure(await me.folio(['token', 'revoke', token.id]), 4, `No token with id ${token.id}`);
      expect(json<unknown[]>(await me.folio(['token', 'list', '--json']))).toHaveLength(1);
    });

    it('rejects an expired token (exit 3)', async () => {
      const me = await signedIn(world, 'expired-token@example.com');
      const token = json<{ id: string; token: string }>(await me.folio(['token', 'create', '--label', 'old', '--expires', '1d', '--json']));
      await withDatabase(me, (db) => db.updateTable('sessions').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', token.id).execute());
      expectFailure(await world.another().folio(['whoami'], { env: { FOLIO_TOKEN: token.token } }), 3, 'This token has expired');
      const list = await me.folio(['token', 'list']);
      expect(list.stdout).toContain('expired 2000-01-01');
      expectFailure(await world.another().folio(['whoami'], { env: { FOLIO_TOKEN: 'fot_made-up' } }), 3, 'run `folio login`');
    });

    it('shows every setting with value, default and allowed values; sets, gets and resets them', async () => {
      const me = await signedIn(world, 'settings@example.com');
      const show = await me.folio(['settings', 'show', '--json']);
      expectOk(show);
      const rows = json<Array<{ key: string; value: unknown; default: unknown; allowed: string }>>(show);
      expect(rows.map((row) => row.key)).toEqual(SETTING_KEYS);
      expect(rows.find((row) => row.key === 'theme')).toMatchObject({ value: 'auto', default: 'auto', allowed: 'auto, dark, light, none' });
      expect(rows.find((row) => row.key === 'display.decimals')).toMatchObject({ value: 2, default: 2 });

      const table = await me.folio(['settings', 'show']);
      expect(table.stdout.split('\n')[0]).toBe('KEY\tVALUE\tDEFAULT\tALLOWED');
      for (const key of SETTING_KEYS) expect(table.stdout).toMatch(new RegExp(`^${key.replace('.', '\\.')}\\t`, 'm'));
      expect(table.stdout).toContain('costBasis.method\tfifo\tfifo\tfifo, average');

      expectOk(await me.folio(['settings', 'set', 'display.currency', 'eur']));
      expectOk(await me.folio(['settings', 'set', 'display.decimals', '4']));
      expectOk(await me.folio(['settings', 'set', 'notifications.channels', 'email,inbox']));
      expect((await me.folio(['settings', 'get', 'display.currency'])).stdout).toBe('EUR\n');
      expect(json(await me.folio(['settings', 'get', 'display.decimals', '--json']))).toEqual({ key: 'display.decimals', value: 4 });
      expect((await me.folio(['settings', 'get', 'notifications.channels'])).stdout).toBe('email,inbox\n');

      const bad = await me.folio(['settings', 'set', 'theme', 'blue']);
      expectFailure(bad, 2, 'allowed values are auto, dark, light, none');
      expectFailure(await me.folio(['settings', 'set', 'display.decimals', '12']), 2, 'a whole number from 0 to 8');
      expectFailure(await me.folio(['settings', 'set', 'colour', 'never']), 2, 'Unknown setting "colour"');
      expectFailure(await me.folio(['settings', 'get', 'nope']), 2, 'Known settings: theme, color');
      expectFailure(await me.folio(['settings', 'reset', 'nope']), 2, 'Unknown setting');
      const asJson = await me.folio(['--json', 'settings', 'set', 'theme', 'blue']);
      expect(asJson.code).toBe(2);
      expect(jsonError(asJson)).toEqual({ error: { code: 'bad_setting', message: expect.stringContaining('auto, dark, light, none') } });

      expectOk(await me.folio(['settings', 'reset', 'display.currency']));
      expect((await me.folio(['settings', 'get', 'display.currency'])).stdout).toBe('USD\n');
      expect((await me.folio(['settings', 'get', 'display.decimals'])).stdout).toBe('4\n'); // the others stay
      expectOk(await me.folio(['settings', 'reset']));
      const reset = json<Array<{ key: string; value: unknown; default: unknown }>>(await me.folio(['settings', 'show', '--json']));
      for (const row of reset) expect(row.value, row.key).toEqual(row.default);
    });

    it('keeps settings in the database: another machine signed in as the same user sees them', async () => {
      const laptop = await signedIn(world, 'roaming@example.com');
      expectOk(await laptop.folio(['settings', 'set', 'costBasis.method', 'average']));
      expectOk(await laptop.folio(['settings', 'set', 'analytics.riskFreeRate', '0.035']));

      const desktop = world.another();
      expectFailure(await desktop.folio(['settings', 'get', 'costBasis.method']), 3, 'run `folio login`');
      expectOk(await desktop.folio(['login', '--email', 'roaming@example.com', '--password-stdin'], { input: PASSWORD + '\n' }));
      expect((await desktop.folio(['settings', 'get', 'costBasis.method'])).stdout).toBe('average\n');
      expect((await desktop.folio(['settings', 'get', 'analytics.riskFreeRate'])).stdout).toBe('0.035\n');

      // and back the other way
      expectOk(await desktop.folio(['settings', 'set', 'display.locale', 'de-DE']));
      expect((await laptop.folio(['settings', 'get', 'display.locale'])).stdout).toBe('de-DE\n');
    });

    it("keeps each user's profile, settings and tokens to themselves", async () => {
      const alice = await signedIn(world, 'alice@example.com', 'Alice');
      const bob = await signedIn(world, 'bob@example.com', 'Bob');
      expectOk(await alice.folio(['settings', 'set', 'theme', 'light']));
      const aliceToken = json<{ id: string; token: string }>(await alice.folio(['token', 'create', '--label', 'alice-cron', '--json']));

      expect(json(await bob.folio(['whoami', '--json']))).toMatchObject({ email: 'bob@example.com', name: 'Bob' });
      expect((await bob.folio(['settings', 'get', 'theme'])).stdout).toBe('auto\n');
      expect(json(await bob.folio(['token', 'list', '--json']))).toEqual([]);
      expectFailure(await bob.folio(['token', 'revoke', aliceToken.id]), 4, `No token with id ${aliceToken.id}`);
      expectFailure(await bob.folio(['profile', 'set', '--email', 'alice@example.com']), 5, 'already exists');
      expectOk(await bob.folio(['settings', 'set', 'theme', 'dark']));
      expectOk(await bob.folio(['settings', 'reset']));

      // Alice is untouched by all of that
      expect(json(await alice.folio(['profile', 'show', '--json']))).toMatchObject({ email: 'alice@example.com', name: 'Alice' });
      expect((await alice.folio(['settings', 'get', 'theme'])).stdout).toBe('light\n');
      expect(json<Array<{ id: string }>>(await alice.folio(['token', 'list', '--json'])).map((t) => t.id)).toEqual([aliceToken.id]);
      expect(json(await world.another().folio(['whoami', '--json'], { env: { FOLIO_TOKEN: aliceToken.token } }))).toMatchObject({
        email: 'alice@example.com',
      });
    });

    it('colours output by the color and theme settings; NO_COLOR and theme none turn colour off', async () => {
      const me = await signedIn(world, 'colour@example.com');
      const show = (env?: Record<string, string>) => me.folio(['settings', 'show'], env ? { env } : {});

      expect((await show()).stdout).not.toContain(ESC); // auto and piped: plain
      expect((await show({ FORCE_COLOR: '1' })).stdout).toContain(ESC); // auto follows FORCE_COLOR

      expectOk(await me.folio(['settings', 'set', 'color', 'always']));
      const dark = (await show()).stdout;
      expect(dark).toContain(ESC);
      expect(dark).toContain(`${ESC}90m`); // defaults are grey on the default (dark) palette
      expect((await show({ NO_COLOR: '1' })).stdout).not.toContain(ESC);

      expectOk(await me.folio(['settings', 'set', 'theme', 'light']));
      const light = (await show()).stdout;
      expect(light).toContain(`${ESC}2m`); // dim instead of grey on light terminals
      expect(light).not.toContain(`${ESC}90m`);
      expect(light.replaceAll(/\x1b\[\d+m/g, '')).toBe(dark.replaceAll(/\x1b\[\d+m/g, '').replace('theme\tauto', 'theme\tlight'));

      expectOk(await me.folio(['settings', 'set', 'theme', 'none']));
      expect((await show()).stdout).not.toContain(ESC);
      expectOk(await me.folio(['settings', 'set', 'theme', 'dark']));
      expect((await show()).stdout).toContain(ESC);
      expectOk(await me.folio(['settings', 'set', 'color', 'never']));
      expect((await show({ FORCE_COLOR: '1' })).stdout).not.toContain(ESC);
      expect((await me.folio(['profile', 'show'])).stdout).not.toContain(ESC);
    });

    it('locks an email after 5 failed logins: of 6 at once the 6th is refused, and then even the right password', async () => {
      const owner = await signedIn(world, 'locked@example.com');
      const now = '2026-03-01T12:00:00.000Z';
      const attempts = await Promise.all(
        [1, 2, 3, 4, 5, 6].map((i) =>
          world.another().folio(['login', '--email', 'locked@example.com', '--password-stdin'], { input: `wrong password ${i}\n`, now }),
        ),
      );
      const wrong = attempts.filter((attempt) => attempt.stderr.includes('Wrong email or password'));
      const refused = attempts.filter((attempt) => attempt.stderr.includes('Too many failed logins'));
      expect([wrong.length, refused.length]).toEqual([5, 1]);
      for (const attempt of attempts) expectFailure(attempt, 3, /^folio: (Wrong email or password|Too many failed logins)/);
      for (const attempt of attempts) expect(attempt.stderr).not.toContain('wrong password');

      const right = await world.another().folio(['login', '--email', 'locked@example.com', '--password-stdin'], { input: PASSWORD + '\n', now });
      // locked for 15 minutes after the newest failure, all at the pinned 12:00:00
      expectFailure(right, 3, 'Too many failed logins for locked@example.com: try again after 2026-03-01T12:15:00Z.');
      expect(right.stderr).toBe(refused[0]!.stderr); // the refused attempts did not make the lock longer

      // a session opened before the lock keeps working, and other emails can still sign in
      expectOk(await owner.folio(['whoami']));
      await signedIn(world, 'unlocked@example.com');
    });

    it('lets a new account be registered for an email locked by failed logins', async () => {
      const home = world.another();
      await Promise.all(
        [1, 2, 3, 4, 5].map(() => home.folio(['login', '--email', 'newcomer@example.com', '--password-stdin'], { input: PASSWORD + '\n' })),
      );
      expectFailure(await home.folio(['login', '--email', 'newcomer@example.com', '--password-stdin'], { input: PASSWORD + '\n' }), 3, 'Too many');
      await registerUser(home, 'newcomer@example.com');
      expect(json(await home.folio(['whoami', '--json']))).toMatchObject({ email: 'newcomer@example.com' });
    });
  });

  describe.skipIf(!backend.available)('migrations', () => {
    it('applies them with `folio db migrate`', async () => {
      const fresh = await createWorld(backend, { inProcess: true });
      try {
        const pending = json<{ migrations: Array<{ name: string }> }>(await fresh.folio(['db', 'status', '--json'])).migrations.map((m) => m.name);
        const migrate = await fresh.folio(['db', 'migrate', '--json']);
        expectOk(migrate);
        expect(json(migrate)).toEqual({ database: expect.any(String), applied: pending });
        expect(json(await fresh.folio(['db', 'status', '--json']))).toMatchObject({ pending: 0 });
      } finally {
        await fresh.cleanup();
      }
    });
  });
});
