import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createWorld, registerUser, signedIn, type World } from '../helpers/backends.js';

/**
 * Issue 11, point 3: imported closes belong to the account that imported them and override the
 * shared feed for it alone; only an admin writes shared market data (`prices import --shared`);
 * other accounts' valuations and alerts do not move. The mock feed's AAPL close of 2024-01-05 is
 * read from an anonymous world (no session: the shared data only).
 */
const HEADER = 'symbol,date,close,currency';

describe.each(BACKENDS)('imported closes are the importing account’s own on $name', (backend) => {
  let root: World; // the first account: an admin
  let bob: World;
  let anonymous: World;
  const latest = async (world: World, asOf: string) => {
    const result = await world.folio(['prices', 'latest', 'AAPL', '--as-of', asOf, '--json']);
    expect(result.code, result.stderr).toBe(0);
    return (JSON.parse(result.stdout) as Array<{ date: string; close: string }>)[0]!;
  };
  const csv = (world: World, name: string, ...rows: string[]) => {
    const path = join(world.home, name);
    writeFileSync(path, [HEADER, ...rows].join('\n') + '\n');
    return path;
  };

  beforeAll(async () => {
    if (!backend.available) return;
    root = await createWorld(backend, { inProcess: true });
    root.env.FOLIO_NOW = '2026-10-30T18:00:00Z';
    await registerUser(root, 'root@example.com');
    bob = await signedIn(root, 'bob@example.com');
    bob.env.FOLIO_NOW = root.env.FOLIO_NOW;
    anonymous = root.another();
    anonymous.env.FOLIO_NOW = root.env.FOLIO_NOW;
  }, 60_000);
  afterAll(async () => root?.cleanup());

  it.skipIf(!backend.available)('values an account at its own imports; others keep the shared feed, and only admins write it', async () => {
    const feed = await latest(anonymous, '2024-01-05');
    expect(feed.close).not.toBe('999');

    const mine = await bob.folio(['prices', 'import', csv(bob, 'mine.csv', 'AAPL,2024-01-05,999,USD')]);
    expect(mine.code, mine.stderr).toBe(0);
    expect(mine.stderr).toContain('for your account');
    expect(await latest(bob, '2024-01-05')).toEqual({ symbol: 'AAPL', date: '2024-01-05', close: '999', currency: 'USD' });
    expect(await latest(root, '2024-01-05')).toEqual(feed);
    expect(await latest(anonymous, '2024-01-05')).toEqual(feed);

    const refused = await bob.folio(['prices', 'import', '--shared', csv(bob, 'shared.csv', 'AAPL,2024-01-04,1,USD')]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/prices import --shared needs an admin account/);
    expect((await latest(anonymous, '2024-01-04')).close).not.toBe('1');

    const shared = await root.folio(['prices', 'import', '--shared', csv(root, 'shared.csv', 'AAPL,2024-01-04,777,USD')]);
    expect(shared.code, shared.stderr).toBe(0);
    for (const world of [root, bob, anonymous]) expect((await latest(world, '2024-01-04')).close).toBe('777');

    // An account's own close beats the shared one, for that account only.
    expect((await bob.folio(['prices', 'import', csv(bob, 'again.csv', 'AAPL,2024-01-04,555,USD')])).code).toBe(0);
    expect((await latest(bob, '2024-01-04')).close).toBe('555');
    expect((await latest(root, '2024-01-04')).close).toBe('777');
  });

  it.skipIf(!backend.available)('evaluates each account’s alerts at its own closes', async () => {
    for (const world of [root, bob]) {
      const added = await world.folio(['alerts', 'add', '--type', 'price-above', '--symbol', 'AAPL', '--threshold', '900']);
      expect(added.code, added.stderr).toBe(0);
    }
    const run = await root.folio(['notify', 'run', '--all', '--as-of', '2024-01-05', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { users: Array<{ user: string; fired: Array<{ subject: string }> }> };
    const fired = Object.fromEntries(summary.users.map((u) => [u.user, u.fired.length]));
    // bob's own AAPL close of 999 is above 900; root's (the mock feed's) is not.
    expect(fired).toEqual({ 'root@example.com': 0, 'bob@example.com': 1 });
  });
});
