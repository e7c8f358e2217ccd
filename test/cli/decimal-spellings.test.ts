import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createWorld, registerUser, type World } from '../helpers/backends.js';

/**
 * One decimal parser (`parseDecimal`) behind flags and files: `.5` means 0.5 in `tx add --price`
 * and in a CSV row alike, and an exponent is refused with the same words in both.
 */
describe.each(BACKENDS)('decimal spellings on $name', (backend) => {
  let world: World;
  const folio = (...args: string[]) => world.folio(args);
  const write = (name: string, lines: string[]) => {
    const path = join(world.home, name);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  };

  beforeAll(async () => {
    if (!backend.available) return;
    world = await createWorld(backend, { inProcess: true });
    await registerUser(world, 'dot@example.com');
    expect((await folio('portfolio', 'add', 'Dots', '--currency', 'USD')).code).toBe(0);
  });
  afterAll(async () => world?.cleanup());

  it.skipIf(!backend.available)('records .5 as 0.5 from --price and from a CSV row', async () => {
    const added = await folio('tx', 'add', 'Dots', '--type', 'buy', '--symbol', 'AAA', '--quantity', '4', '--price', '.5', '--fee', '.25', '--date', '2024-01-02', '--json');
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ quantity: '4', price: '0.5', fee: '0.25' });

    const file = write('dots.csv', ['date,type,symbol,quantity,price,amount,fee,tax,currency,note', '2024-01-03,buy,AAA,.5,.5,,,,USD,']);
    const imported = await folio('tx', 'import', file, '--portfolio', 'Dots');
    expect(imported.code, imported.stderr).toBe(0);

    const listed = JSON.parse((await folio('tx', 'list', 'Dots', '--json')).stdout) as Array<{ date: string; quantity: string; price: string }>;
    expect(listed.map((t) => [t.date, t.quantity, t.price])).toEqual([
      ['2024-01-02', '4', '0.5'],
      ['2024-01-03', '0.5', '0.5'],
    ]);
  });

  it.skipIf(!backend.available)('records .5 as 0.5 in prices import', async () => {
    const imported = await folio('prices', 'import', write('prices.csv', ['symbol,date,close,currency', 'AAA,2024-01-02,.5,USD']));
    expect(imported.code, imported.stderr).toBe(0);
    const shown = await folio('prices', 'show', 'AAA', '--json');
    expect(shown.stdout).toContain('"0.5"');
  });

  it.skipIf(!backend.available)('refuses an exponent with the same words in a flag and in a CSV cell', async () => {
    const flag = await folio('tx', 'add', 'Dots', '--type', 'buy', '--symbol', 'AAA', '--quantity', '1', '--price', '1e3', '--date', '2024-01-04');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('not a plain decimal: "1e3" (no exponents; write the digits out)');

    const file = write('exponent.csv', ['date,type,symbol,quantity,price,amount,fee,tax,currency,note', '2024-01-04,buy,AAA,1,1e3,,,,USD,']);
    const imported = await folio('tx', 'import', file, '--portfolio', 'Dots');
    expect(imported.code).toBe(2);
    expect(imported.stderr).toContain('line 2, column price: not a plain decimal: "1e3" (no exponents; write the digits out)');

    const prices = await folio('prices', 'import', write('exp-prices.csv', ['symbol,date,close,currency', 'AAA,2024-01-03,1e3,USD']));
    expect(prices.code).toBe(2);
    expect(prices.stderr).toContain('not a plain decimal: "1e3" (no exponents; write the digits out)');
  });
});
