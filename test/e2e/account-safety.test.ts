import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createPostgresDatabase, createWorld, PASSWORD, POSTGRES_URL, registerUser, type World } from '../helpers/backends.js';
import { runFolio, tempHome } from '../helpers/cli.js';

/** Issue 11, points 13, 14 and 17: the demo account, password changes, Neon's sslmode. */
describe.each(BACKENDS)('accounts on $name', (backend) => {
  let world: World;

  beforeAll(async () => {
    if (backend.available) world = await createWorld(backend);
  });
  afterAll(async () => world?.cleanup());

  it.skipIf(!backend.available)('never makes the demo account an admin: the first real account is', async () => {
    const demoArgs = backend.name === 'postgres' ? ['demo', '--yes'] : ['demo'];
    const demo = await world.folio(demoArgs);
    expect(demo.code, demo.stderr).toBe(0);
    const demoHome = world.another();
    const login = await demoHome.folio(['login', '--email', 'demo@folio.example', '--password-stdin'], { input: 'folio-demo\n' });
    expect(login.code, login.stderr).toBe(0);
    expect((await demoHome.folio(['admin', 'stats'])).code).toBe(3);

    const ann = world.another();
    await registerUser(ann, 'ann@example.com', 'Ann');
    const stats = await ann.folio(['admin', 'stats', '--json']);
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ accounts: 2, admins: 1 });
    const grant = await ann.folio(['admin', 'grant', 'demo@folio.example']);
    expect(grant.code).toBe(2);
    expect(grant.stderr.trim()).toBe('folio: The demo account has a public password: it can never be an admin.');
  });

  it.skipIf(!backend.available)('throttles password change like login, and refuses it with an API token', async () => {
    const bob = world.another();
    await registerUser(bob, 'bob@example.com', 'Bob');
    const token = await bob.folio(['token', 'create', '--label', 'cron', '--expires', '30d', '--json']);
    expect(token.code, token.stderr).toBe(0);
    const secret = (JSON.parse(token.stdout) as { token: string }).token;
    const viaToken = await bob.folio(['password', 'change', '--password-stdin'], { input: `${PASSWORD}\nanother long password\n`, env: { FOLIO_TOKEN: secret } });
    expect(viaToken.code).toBe(3);
    expect(viaToken.stderr.trim()).toBe('folio: Changing the password needs a signed-in session (`folio login`), not an API token (FOLIO_TOKEN).');

    // five wrong current passwords lock the email (as five failed logins would) …
    for (let attempt = 1; attempt <= 5; attempt++) {
      const wrong = await bob.folio(['password', 'change', '--password-stdin'], { input: `guess number ${attempt}\nanother long password\n` });
      expect(wrong.code).toBe(3);
      expect(wrong.stderr.trim()).toBe('folio: The current password is wrong.');
    }
    // … so the sixth try is refused even with the right password, and so is a login
    const right = await bob.folio(['password', 'change', '--password-stdin'], { input: `${PASSWORD}\nanother long password\n` });
    expect(right.code).toBe(3);
    expect(right.stderr).toMatch(/^folio: Too many wrong passwords for bob@example\.com: try again after \S+Z\.$/m);
    const login = await world.another().folio(['login', '--email', 'bob@example.com', '--password-stdin'], { input: `${PASSWORD}\n` });
    expect(login.code).toBe(3);
    expect(login.stderr).toMatch(/Too many failed logins for bob@example\.com/);
  });
});

describe.skipIf(!POSTGRES_URL)('folio demo on Postgres', () => {
  it('is refused without --yes, explaining why, and makes nothing', async () => {
    const database = await createPostgresDatabase();
    const home = tempHome();
    try {
      const env = { FOLIO_HOME: home.dir, FOLIO_DATABASE_URL: database.url };
      const refused = await runFolio(['demo'], env);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/public password .*anyone who can reach this Postgres database.*add --yes/);
      const login = await runFolio(['login', '--email', 'demo@folio.example', '--password-stdin'], env, { input: 'folio-demo\n' });
      expect(login.code).toBe(3);
    } finally {
      home.cleanup();
      await database.drop();
    }
  });
});

describe.skipIf(!POSTGRES_URL)("Neon's ?sslmode=require", () => {
  it('is passed to pg as its ssl option: no security warnings, one line whatever happens', async () => {
    const home = tempHome();
    try {
      const url = new URL(POSTGRES_URL!);
      url.searchParams.set('sslmode', 'require');
      url.searchParams.set('channel_binding', 'prefer');
      const result = await runFolio(['--database', url.toString(), 'db', 'status'], { FOLIO_HOME: home.dir });
      // the test server may or may not speak TLS; either way the output is folio's own, and short
      expect(result.stderr).not.toMatch(/WARNING|libpq|verify-full/i);
      if (result.code === 0) expect(result.stderr.trim().split('\n')).toHaveLength(1);
      else {
        expect(result.code).toBe(6);
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
      }
      url.searchParams.set('sslmode', 'disable');
      const clear = await runFolio(['--database', url.toString(), 'db', 'status', '--json'], { FOLIO_HOME: home.dir });
      expect(clear.code, clear.stderr).toBe(0);
      expect(clear.stderr).toBe('');
    } finally {
      home.cleanup();
    }
  });
});
