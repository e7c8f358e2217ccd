import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createWorld, registerUser, type World } from '../helpers/backends.js';

/**
 * Dates in the user's time zone: TZ belongs to the process, so these run the built CLI in a
 * process of its own (the rest of issue 10's checks are in test/cli/numbers.test.ts).
 */

/** The calendar date in a time zone, worked out here with Intl (not with folio's code). */
const dateIn = (timeZone: string, shiftDays = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + shiftDays * 86_400_000));

describe.each(BACKENDS)('dates in the user’s time zone, on $name', (backend) => {
  let world: World;
  const folio = (args: string[], options: { env?: Record<string, string> } = {}) => world.folio(args, { env: options.env });
  const ok = async (...args: string[]) => {
    const result = await folio(args);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result;
  };

  beforeAll(async () => {
    if (!backend.available) return;
    world = await createWorld(backend);
    await registerUser(world, 'ann@example.com');
    await ok('portfolio', 'add', 'Dates', '--currency', 'USD');
  });
  afterAll(async () => world?.cleanup());

  describe.skipIf(!backend.available)('', () => {
    it('takes the local date in Kiritimati (UTC+14) as today, and refuses it where it is still tomorrow', async () => {
      const kiritimati = dateIn('Pacific/Kiritimati');
      const east = { TZ: 'Pacific/Kiritimati' };
      const added = await folio(['tx', 'add', 'Dates', '--type', 'deposit', '--amount', '1', '--date', kiritimati, '--json'], { env: east });
      expect(added.code, added.stderr).toBe(0);
      const byDefault = await folio(['tx', 'add', 'Dates', '--type', 'deposit', '--amount', '2', '--json'], { env: east });
      expect(JSON.parse(byDefault.stdout).date).toBe(kiritimati);
      // Pago Pago (UTC−11) is 25 hours behind: Kiritimati's date is always in its future.
      const west = await folio(['tx', 'add', 'Dates', '--type', 'deposit', '--amount', '3', '--date', kiritimati], { env: { TZ: 'Pacific/Pago_Pago' } });
      expect(west.code).toBe(2);
      expect(west.stderr).toContain(`date ${kiritimati} is in the future`);
    });

    it('accepts today and yesterday, and refuses dates before 1900', async () => {
      const zone = { TZ: 'Asia/Tokyo' };
      const today = await folio(['tx', 'add', 'Dates', '--type', 'deposit', '--amount', '4', '--date', 'today', '--json'], { env: zone });
      expect(JSON.parse(today.stdout).date).toBe(dateIn('Asia/Tokyo'));
      const yesterday = await folio(['tx', 'add', 'Dates', '--type', 'deposit', '--amount', '5', '--date', 'yesterday', '--json'], { env: zone });
      const [y, m, d] = dateIn('Asia/Tokyo').split('-').map(Number) as [number, number, number];
      expect(JSON.parse(yesterday.stdout).date).toBe(new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10));
      const old = await folio(['tx', 'add', 'Dates', '--type', 'deposit', '--amount', '6', '--date', '1899-12-31']);
      expect(old.code).toBe(2);
      expect(old.stderr).toContain('date 1899-12-31 is before 1900-01-01');
    });

  });
});
