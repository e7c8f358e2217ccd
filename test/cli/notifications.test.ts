import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createWorld, registerUser, signedIn, withDatabase, type World } from '../helpers/backends.js';
import type { CliResult } from '../helpers/cli.js';
import { deadPort, startSmtpServer } from '../helpers/smtp.js';

/**
 * Market data of the worked examples (our own fixtures dir, closes through `folio prices import`):
 *   AAA: 03-13 100 · 03-14 100 · 03-15 110 · 03-18 108 · 03-19 95 · 03-20 105   (2024, USD)
 *   BBB: 03-13 100 · 03-20 100
 * Daily moves of AAA: 03-15 110/100 − 1 = +10% · 03-18 108/110 − 1 = −1.82% · 03-19 95/108 − 1 = −12.04%
 *   · 03-20 105/95 − 1 = +10.53%.
 */
const INSTRUMENTS = ['symbol,name,class,sector,currency', 'AAA,A Corp,stock,Tech,USD', 'BBB,B Fund,etf,,USD'];
const PRICES = [
  'symbol,date,close,currency',
  'AAA,2024-03-13,100,USD',
  'AAA,2024-03-14,100,USD',
  'AAA,2024-03-15,110,USD',
  'AAA,2024-03-18,108,USD',
  'AAA,2024-03-19,95,USD',
  'AAA,2024-03-20,105,USD',
  'BBB,2024-03-13,100,USD',
  'BBB,2024-03-20,100,USD',
];
const HEADER = 'date,type,symbol,quantity,price,amount,fee,currency,note';

interface RunSummary {
  asOf: string;
  dryRun: boolean;
  totals: { users: number; skipped: number; fired: number; rearmed: number; digests: number; inbox: number; emailsSent: number; emailsFailed: number; errors: number };
  users: Array<{ user: string; skipped: string | null; fired: Array<{ subject: string }>; digest: { subject: string } | null }>;
}

describe.each(BACKENDS)('notifications on $name', (backend) => {
  let world: World; // root@example.com, the first account: admin
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const homes = new Map<string, World>();
  const ok = (result: CliResult) => {
    expect(result.code, result.stderr).toBe(0);
    return result;
  };
  const as = (email: string) => homes.get(email)!;
  const folio = (email: string, args: string[], env: Record<string, string> = {}) => as(email).folio(args, { env: { FOLIO_SMTP_URL: smtp.url, FOLIO_MAIL_FROM: 'folio <alerts@folio.test>', ...env } });
  const run = async (email: string, asOf: string, ...extra: string[]) => {
    const summary = JSON.parse(ok(await folio(email, ['notify', 'run', '--as-of', asOf, '--json', ...extra])).stdout) as RunSummary;
    expect(summary.totals.errors, JSON.stringify(summary.users)).toBe(0); // every alert could be evaluated
    return summary;
  };
  const subjects = (email: string) => smtp.to(email).map((m) => m.subject);
  const write = (name: string, lines: string[]) => {
    const path = join(world.home, name);
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  };
  const join_ = async (email: string, channels: string) => {
    const home = await signedIn(world, email);
    homes.set(email, home);
    ok(await home.folio(['settings', 'set', 'notifications.channels', channels]));
    return home;
  };
  /** A portfolio NAME of `email` holding 10 AAA bought at 100 with 1000 deposited on 03-13 (cash 0). */
  const portfolio = async (email: string, name: string, lines: string[], targets?: string) => {
    ok(await as(email).folio(['portfolio', 'add', name, '--currency', 'USD', ...(targets ? ['--target', targets] : [])]));
    ok(await as(email).folio(['tx', 'import', write(`${email}-${name}.csv`, [HEADER, ...lines]), '--portfolio', name]));
  };

  beforeAll(async () => {
    if (!backend.available) return;
    smtp = await startSmtpServer();
    world = await createWorld(backend, { inProcess: true });
    const fixtures = join(world.home, 'market');
    mkdirSync(fixtures);
    writeFileSync(join(fixtures, 'instruments.csv'), INSTRUMENTS.join('\n') + '\n');
    writeFileSync(join(fixtures, 'fx.csv'), 'base,quote,date,rate\n');
    world.env.FOLIO_FIXTURES_DIR = fixtures;
    await registerUser(world, 'root@example.com', 'Root');
    homes.set('root@example.com', world);
    ok(await world.folio(['prices', 'import', '--shared', write('prices.csv', PRICES)]));
  }, 120_000);
  afterAll(async () => {
    await world?.cleanup();
    await smtp?.close();
  });

  describe.skipIf(!backend.available)('alerts', () => {
    it('adds, lists, pauses and resumes alerts; bad input names the flag', async () => {
      await join_('ann@example.com', 'email,inbox');
      const ann = as('ann@example.com');
      const id = ok(await ann.folio(['alerts', 'add', '--type', 'price-above', '--symbol', 'aaa', '--threshold', '105'])).stdout.trim();
      ok(await ann.folio(['alerts', 'add', '--type', 'move', '--symbol', 'AAA', '--threshold', '5']));
      const list = JSON.parse(ok(await ann.folio(['alerts', 'list', '--json'])).stdout) as Array<Record<string, unknown>>;
      expect(list.map((a) => [a.type, a.symbol, a.threshold, a.severity, a.status, a.state])).toEqual([
        ['price-above', 'AAA', '105', 'warning', 'active', 'armed'],
        ['move', 'AAA', '5', 'warning', 'active', 'armed'],
      ]);
      ok(await ann.folio(['alerts', 'pause', id.slice(-12)]));
      expect((JSON.parse(ok(await ann.folio(['alerts', 'list', '--json'])).stdout) as Array<{ status: string }>)[0]!.status).toBe('paused');
      ok(await ann.folio(['alerts', 'resume', id.slice(-12)]));

      const missing = await ann.folio(['alerts', 'add', '--type', 'price-above', '--symbol', 'AAA']);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/--threshold/);
      expect((await ann.folio(['alerts', 'add', '--type', 'price-above', '--symbol', 'ZZZ', '--threshold', '1'])).code).toBe(4);
      expect((await ann.folio(['alerts', 'add', '--type', 'drift', '--portfolio', 'Nope', '--threshold', '1'])).code).toBe(4);
      expect((await ann.folio(['alerts', 'remove', 'nonexistent-id'])).code).toBe(4);
    });

    it('fires price and move alerts once per crossing, by email and in the inbox, and re-arms them when the condition clears', async () => {
      const ann = 'ann@example.com';
      // 03-14: AAA 100 < 105; move 100/100 − 1 = 0 → nothing.
      expect((await run(ann, '2024-03-14')).totals.fired).toBe(0);
      // 03-15: 110 ≥ 105 fires price-above; +10% ≥ 5% fires move.
      const first = await run(ann, '2024-03-15');
      expect(first.totals).toMatchObject({ fired: 2, inbox: 2, emailsSent: 2, emailsFailed: 0 });
      expect(subjects(ann)).toEqual(['AAA closed at 110 USD, above 105', 'AAA moved +10.00% on 2024-03-15']);
      const mail = smtp.to(ann)[0]!;
      expect(mail.from).toBe('alerts@folio.test');
      expect(mail.text).toMatch(/Close:\s+110 USD/);
      expect(mail.text).toMatch(/Alert level:\s+above 105/);
      expect(mail.html).toContain('<td style="padding:2px 0">110 USD</td>');
      // The same day again: both are fired, nothing new.
      expect((await run(ann, '2024-03-15')).totals).toMatchObject({ fired: 0, emailsSent: 0 });
      // 03-18: 108 still ≥ 105 (stays fired); move −1.82% clears → move re-arms.
      expect((await run(ann, '2024-03-18')).totals).toMatchObject({ fired: 0, rearmed: 1 });
      // 03-19: 95 < 105 re-arms price-above; 95/108 − 1 = −12.04% fires move again.
      expect((await run(ann, '2024-03-19')).totals).toMatchObject({ fired: 1, rearmed: 1, emailsSent: 1 });
      // 03-20: 105 ≥ 105 fires price-above again; +10.53% but move is still fired.
      expect((await run(ann, '2024-03-20')).totals).toMatchObject({ fired: 1, emailsSent: 1 });
      expect(subjects(ann)).toEqual([
        'AAA closed at 110 USD, above 105',
        'AAA moved +10.00% on 2024-03-15',
        'AAA moved -12.04% on 2024-03-19',
        'AAA closed at 105 USD, above 105',
      ]);
      const inbox = JSON.parse(ok(await folio(ann, ['notifications', 'list', '--json'])).stdout) as Array<{ id: string; subject: string; read: boolean }>;
      expect(inbox).toHaveLength(4);
      ok(await folio(ann, ['notifications', 'read', inbox[0]!.id.slice(-12)]));
      const unread = JSON.parse(ok(await folio(ann, ['notifications', 'list', '--unread', '--json'])).stdout) as unknown[];
      expect(unread).toHaveLength(3);
      ok(await folio(ann, ['notifications', 'clear', '--read']));
      expect(JSON.parse(ok(await folio(ann, ['notifications', 'list', '--json'])).stdout)).toHaveLength(3);
    });

    it('fires portfolio-change and drift alerts into the inbox only for a user who turned email off', async () => {
      const bob = 'bob@example.com';
      await join_(bob, 'inbox');
      await portfolio(bob, 'P', ['2024-03-13,deposit,,,,1000,,USD,', '2024-03-13,buy,AAA,10,100,,,USD,']);
      // D: 10 AAA and 10 BBB at 100, targets 50/50.
      await portfolio(bob, 'D', ['2024-03-13,deposit,,,,2000,,USD,', '2024-03-13,buy,AAA,10,100,,,USD,', '2024-03-13,buy,BBB,10,100,,,USD,'], 'AAA=50,BBB=50');
      ok(await folio(bob, ['alerts', 'add', '--type', 'portfolio-change', '--portfolio', 'P', '--threshold', '5']));
      ok(await folio(bob, ['alerts', 'add', '--type', 'drift', '--portfolio', 'D', '--threshold', '2']));
      // 03-14: P worth 10 × 100 = 1000: the baseline. D 1000/2000 = 50%: drift 0.
      expect((await run(bob, '2024-03-14')).totals.fired).toBe(0);
      // 03-15: P 1100 = +10% from 1000 → fires (baseline now 1100). D AAA 1100/2100 = 52.38% → +2.38 pp ≥ 2 → fires.
      const fired = await run(bob, '2024-03-15');
      expect(fired.users[0]!.fired.map((f) => f.subject)).toEqual(['P +10.00%: now 1100 USD', 'D drifted +2.4 pp from its targets (AAA)']);
      expect(fired.totals).toMatchObject({ inbox: 2, emailsSent: 0 });
      // 03-18: P 1080 = 1080/1100 − 1 = −1.82% → no. D 1080/2080 = 51.92% → +1.92 pp < 2 → re-arms.
      expect((await run(bob, '2024-03-18')).totals).toMatchObject({ fired: 0, rearmed: 1 });
      // 03-19: P 950 = 950/1100 − 1 = −13.64% → fires. D 950/1950 = 48.72% → −1.28 pp → no.
      expect((await run(bob, '2024-03-19')).users[0]!.fired.map((f) => f.subject)).toEqual(['P -13.64%: now 950 USD']);
      expect(smtp.to(bob)).toEqual([]);
      const inbox = JSON.parse(ok(await folio(bob, ['notifications', 'list', '--json'])).stdout) as Array<{ subject: string; figures: Array<{ label: string; value: string }> }>;
      expect(inbox.map((n) => n.subject)).toEqual(['P -13.64%: now 950 USD', 'D drifted +2.4 pp from its targets (AAA)', 'P +10.00%: now 1100 USD']);
      // 950 − 1100 = −150
      expect(inbox[0]!.figures).toContainEqual({ label: 'Change', value: '-13.64% (-150 USD)' });
    });
  });

  describe.skipIf(!backend.available)('digests', () => {
    const holding = ['2024-03-13,deposit,,,,1000,,USD,', '2024-03-13,buy,AAA,10,100,,,USD,'];

    it('sends the daily digest once per day', async () => {
      const cat = 'cat@example.com';
      await join_(cat, 'email');
      ok(await folio(cat, ['settings', 'set', 'notifications.digest', 'daily']));
      await portfolio(cat, 'Main', holding);
      expect((await run(cat, '2024-03-15')).totals).toMatchObject({ digests: 1, emailsSent: 1 });
      expect((await run(cat, '2024-03-15')).totals).toMatchObject({ digests: 0, emailsSent: 0 });
      expect((await run(cat, '2024-03-18')).totals).toMatchObject({ digests: 1, emailsSent: 1 });
      expect(subjects(cat)).toEqual(['Daily portfolio update for 2024-03-15', 'Daily portfolio update for 2024-03-18']);
      // 03-15: 10 × 110 = 1100 against 03-14: 10 × 100 = 1000 → +100 (+10.00%).
      expect(smtp.to(cat)[0]!.text).toContain('Main: 1100 USD, +100 USD (+10.00%) since 2024-03-14');
      // 03-18: 10 × 108 = 1080 against 03-17 (Sunday: the close of 03-15, 1100) → −20, −20/1100 = −1.82%.
      expect(smtp.to(cat)[1]!.text).toContain('Main: 1080 USD, -20 USD (-1.82%) since 2024-03-17');
      expect(JSON.parse(ok(await folio(cat, ['notifications', 'list', '--json'])).stdout)).toEqual([]); // email only
    });

    it('sends the weekly digest once per ISO week', async () => {
      const dan = 'dan@example.com';
      await join_(dan, 'email,inbox');
      ok(await folio(dan, ['settings', 'set', 'notifications.digest', 'weekly']));
      await portfolio(dan, 'Main', holding);
      // 2024-03-15 is a Friday (week 11), 03-16 the Saturday of the same week, 03-18 the Monday of week 12.
      expect((await run(dan, '2024-03-15')).totals.digests).toBe(1);
      expect((await run(dan, '2024-03-16')).totals.digests).toBe(0);
      expect((await run(dan, '2024-03-18')).totals.digests).toBe(1);
      expect(subjects(dan)).toEqual(['Weekly portfolio update for 2024-03-15', 'Weekly portfolio update for 2024-03-18']);
      // 03-18: 1080 against 03-11, before the first transaction (03-13): worth 0 then → +1080, no percentage of 0.
      expect(smtp.to(dan)[1]!.text).toContain('Main: 1080 USD, +1080 USD since 2024-03-11\n');
    });
  });

  describe.skipIf(!backend.available)('delivery', () => {
    it('keeps an email that could not be sent pending with its error, and sends it exactly once when SMTP is back', async () => {
      const eve = 'eve@example.com';
      await join_(eve, 'email');
      ok(await folio(eve, ['alerts', 'add', '--type', 'price-above', '--symbol', 'AAA', '--threshold', '105']));
      const down = await folio(eve, ['notify', 'run', '--as-of', '2024-03-15', '--json'], { FOLIO_SMTP_URL: `smtp://127.0.0.1:${await deadPort()}` });
      expect(down.code).toBe(6);
      expect(down.stderr).toMatch(/could not be sent.*next run retries/);
      // --json: stdout stays data only; the error object follows the one-line message on stderr
      expect(down.stdout).toBe('');
      const error = JSON.parse(down.stderr.trim().split('\n').at(-1)!) as { error: { code: string; details: RunSummary } };
      expect(error.error.code).toBe('delivery_failed');
      expect(error.error.details.totals).toMatchObject({ fired: 1, emailsSent: 0, emailsFailed: 1 });
      const pending = await withDatabase(as(eve), (db) => db.selectFrom('deliveries').selectAll().where('recipient', '=', eve).execute());
      expect(pending).toHaveLength(1);
      expect(pending[0]).toMatchObject({ status: 'pending', attempts: 1 });
      expect(pending[0]!.last_error).toMatch(/ECONNREFUSED|connect/i);
      expect(smtp.to(eve)).toEqual([]);

      // SMTP is back: the next run (even a later day, with nothing new firing) sends it, once.
      expect((await run(eve, '2024-03-18')).totals).toMatchObject({ fired: 0, emailsSent: 1, emailsFailed: 0 });
      expect((await run(eve, '2024-03-18')).totals).toMatchObject({ emailsSent: 0 });
      expect(subjects(eve)).toEqual(['AAA closed at 110 USD, above 105']);
    });

    it('never sends twice when two runs overlap', async () => {
      const fay = 'fay@example.com';
      await join_(fay, 'email,inbox');
      ok(await folio(fay, ['alerts', 'add', '--type', 'price-above', '--symbol', 'AAA', '--threshold', '105']));
      const both = await Promise.all([1, 2].map(() => folio(fay, ['notify', 'run', '--as-of', '2024-03-15', '--json'])));
      for (const result of both) ok(result);
      expect(subjects(fay)).toEqual(['AAA closed at 110 USD, above 105']);
      expect(JSON.parse(ok(await folio(fay, ['notifications', 'list', '--json'])).stdout)).toHaveLength(1);
    });

    it('never sends twice when a run is retried after a crash (the dedupe key is already there)', async () => {
      const fay = 'fay@example.com';
      // As if the run had crashed after storing the notification but before saving the alert's state.
      await withDatabase(as(fay), (db) => db.updateTable('alerts').set({ state: 'armed', fire_count: 0 }).execute());
      const retry = await run(fay, '2024-03-15');
      expect(retry.totals).toMatchObject({ fired: 1, inbox: 0, emailsSent: 0 });
      expect(subjects(fay)).toHaveLength(1);
      expect(JSON.parse(ok(await folio(fay, ['notifications', 'list', '--json'])).stdout)).toHaveLength(1);
    });

    it('leaves a user alone while another run holds the lock, and takes over a stale lock', async () => {
      const gus = 'gus@example.com';
      await join_(gus, 'email');
      ok(await folio(gus, ['alerts', 'add', '--type', 'price-above', '--symbol', 'AAA', '--threshold', '105']));
      const { id } = JSON.parse(ok(await folio(gus, ['whoami', '--json'])).stdout) as { id: string };
      const lock = (expiresAt: string) => ({ name: `notify:user:${id}`, owner: 'pid-of-a-killed-run', acquired_at: '2024-03-15T00:00:00.000Z', expires_at: expiresAt });
      await withDatabase(as(gus), (db) => db.insertInto('notify_locks').values(lock('2999-01-01T00:00:00.000Z')).execute());
      const held = await run(gus, '2024-03-15');
      expect(held.totals).toMatchObject({ skipped: 1, fired: 0, emailsSent: 0 });
      expect(held.users[0]!.skipped).toBe('locked');
      // The run that held it was killed: its lock expired.
      await withDatabase(as(gus), (db) => db.updateTable('notify_locks').set({ expires_at: '2000-01-01T00:00:00.000Z' }).execute());
      expect((await run(gus, '2024-03-15')).totals).toMatchObject({ skipped: 0, fired: 1, emailsSent: 1 });
      expect(subjects(gus)).toEqual(['AAA closed at 110 USD, above 105']);
      expect(await withDatabase(as(gus), (db) => db.selectFrom('notify_locks').selectAll().execute())).toEqual([]);
    });

    it('sends a test email', async () => {
      ok(await folio('gus@example.com', ['settings', 'set', 'notifications.email', 'gus.alerts@example.com']));
      ok(await folio('gus@example.com', ['notify', 'test']));
      expect(subjects('gus.alerts@example.com')).toEqual(['folio test email']);
      expect((await folio('gus@example.com', ['notify', 'test'], { FOLIO_SMTP_URL: '' })).code).toBe(2);
    });
  });

  describe.skipIf(!backend.available)('operators', () => {
    it('needs an admin for --user, --all and admin commands (the first account is one)', async () => {
      const ann = 'ann@example.com';
      for (const args of [['notify', 'run', '--all'], ['notify', 'run', '--user', 'bob@example.com'], ['admin', 'stats'], ['admin', 'grant', ann]]) {
        const refused = await folio(ann, args);
        expect(refused.code, args.join(' ')).toBe(3);
        expect(refused.stderr).toMatch(/admin/);
      }
      const dry = JSON.parse(ok(await folio('root@example.com', ['notify', 'run', '--all', '--dry-run', '--as-of', '2024-03-20', '--json'])).stdout) as RunSummary;
      expect(dry.dryRun).toBe(true);
      expect(dry.totals.users).toBe(8); // root, ann, bob, cat, dan, eve, fay, gus
      expect((await folio('root@example.com', ['notify', 'run', '--user', 'nobody@example.com'])).code).toBe(4);
      ok(await folio('root@example.com', ['admin', 'grant', ann]));
      ok(await folio(ann, ['admin', 'stats']));
      ok(await folio(ann, ['admin', 'revoke', ann]));
      expect((await folio(ann, ['admin', 'stats'])).code).toBe(3);
      expect((await folio('root@example.com', ['admin', 'revoke', 'root@example.com'])).code).toBe(5); // the last admin
    });

    it('shows usage figures with admin stats --json', async () => {
      const stats = JSON.parse(ok(await folio('root@example.com', ['admin', 'stats', '--json'])).stdout) as Record<string, number>;
      expect(stats).toMatchObject({
        accounts: 8,
        admins: 1,
        active7d: 8,
        active30d: 8,
        portfolios: 4, // bob P and D, cat Main, dan Main
        transactions: 9, // bob P 2 + D 3, cat 2, dan 2
        alerts: 7, // ann 2, bob 2, eve 1, fay 1, gus 1
        // ann 4 + bob 3 + cat 2 + dan 2 + eve 1 + fay 1 + gus 1
        notifications: 14,
        // ann 4 + cat 2 + dan 2 + eve 1 + fay 1 + gus 1 (bob: inbox only)
        emailsSent: 11,
        emailsFailed: 0,
        emailsPending: 0,
      });
    });
  });
});
