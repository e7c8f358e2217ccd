import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createWorld, registerUser, type World } from '../helpers/backends.js';

/** A fixed clock, so two exports can be compared byte for byte. */
const NOW = '2026-11-20T09:30:00.000Z';

function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[join(entry.parentPath, entry.name).slice(dir.length)] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}

describe.each(BACKENDS)('folio import all on $name', (backend) => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(backend, { inProcess: true, now: NOW });
    if (!backend.available) return;
    await registerUser(world, 'ada@example.com');
    const steps = [
      ['portfolio', 'add', 'Core', '--currency', 'USD', '--target', 'AAPL=60,VTI=40', '--description', 'the long-term part'],
      ['portfolio', 'add', 'Euro side', '--currency', 'EUR'],
      ['tx', 'add', 'Core', '--type', 'deposit', '--amount', '5000', '--date', '2024-01-02'],
      ['tx', 'add', 'Core', '--type', 'transfer-in', '--symbol', 'VTI', '--quantity', '4', '--price', '210.5', '--date', '2024-01-03'],
      ['tx', 'add', 'Core', '--type', 'buy', '--symbol', 'AAPL', '--quantity', '3', '--price', '185.25', '--fee', '1', '--date', '2024-01-04', '--note', 'first, "real" order'],
      ['tx', 'add', 'Euro side', '--type', 'buy', '--symbol', 'SAP.DE', '--quantity', '2', '--price', '140', '--date', '2024-02-01'],
      ['settings', 'set', 'display.currency', 'EUR'],
      ['settings', 'set', 'costBasis.method', 'average'],
      ['alerts', 'add', '--type', 'price-above', '--symbol', 'AAPL', '--threshold', '250'],
      ['alerts', 'add', '--type', 'drift', '--portfolio', 'Core', '--threshold', '5', '--severity', 'critical'],
    ];
    for (const step of steps) {
      const result = await world.folio(step);
      if (result.code !== 0) throw new Error(`${step.join(' ')}: ${result.stderr}`);
    }
  });
  afterAll(async () => world?.cleanup());

  it.runIf(backend.available)('restores everything, all or nothing, and a round trip exports the same bytes', async () => {
    const first = join(world.home, 'first');
    const [priceAlert] = JSON.parse((await world.folio(['alerts', 'list', '--json'])).stdout);
    expect((await world.folio(['alerts', 'pause', priceAlert.id])).code).toBe(0);
    expect((await world.folio(['export', 'all', '--output', first])).code).toBe(0);

    for (const { id } of JSON.parse((await world.folio(['alerts', 'list', '--json'])).stdout)) {
      expect((await world.folio(['alerts', 'remove', id])).code).toBe(0);
    }
    for (const name of ['Core', 'Euro side']) expect((await world.folio(['portfolio', 'remove', name, '--yes'])).code).toBe(0);

    // A broken copy (a sell of more than is held in the second document) restores nothing at all.
    const broken = join(world.home, 'broken');
    cpSync(first, broken, { recursive: true });
    const euro = join(broken, 'portfolios', 'Euro-side.json');
    writeFileSync(euro, readFileSync(euro, 'utf8').replace('"type":"buy"', '"type":"sell"'));
    const refused = await world.folio(['import', 'all', broken]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('sell of 2 SAP.DE on 2024-02-01 exceeds the 0 held');
    expect(JSON.parse((await world.folio(['portfolio', 'list', '--json'])).stdout)).toEqual([]);
    expect(JSON.parse((await world.folio(['alerts', 'list', '--json'])).stdout)).toEqual([]);

    const restored = await world.folio(['import', 'all', first, '--json']);
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.stdout)).toEqual({ portfolios: 2, transactions: 4, alerts: 2, settings: 2 });
    const alerts = JSON.parse((await world.folio(['alerts', 'list', '--json'])).stdout);
    // restored armed, on the new portfolios; a paused alert stays paused
    expect(alerts.map((a: Record<string, unknown>) => [a.type, a.symbol ?? a.portfolio, a.threshold, a.severity, a.status])).toEqual([
      ['price-above', 'AAPL', '250', 'warning', 'paused'],
      ['drift', 'Core', '5', 'critical', 'active'],
    ]);

    const second = join(world.home, 'second');
    expect((await world.folio(['export', 'all', '--output', second])).code).toBe(0);
    const before = filesOf(first);
    expect(Object.keys(before).sort()).toEqual(['/folio-export.json', '/portfolios/Core.json', '/portfolios/Euro-side.json']);
    expect(filesOf(second)).toEqual(before);
    expect(before['/portfolios/Core.json']).toContain('"targets": {\n      "AAPL": "60",\n      "VTI": "40"\n    }');
  });

  it.runIf(backend.available)('a directory that is not an export is refused with the file and key', async () => {
    const dir = join(world.home, 'not-an-export');
    cpSync(join(world.home, 'first'), dir, { recursive: true });
    writeFileSync(join(dir, 'folio-export.json'), JSON.stringify({ format: 'folio-export', version: 1, settings: {}, portfolios: [{ name: 'x', file: '../../etc/passwd' }] }));
    const result = await world.folio(['import', 'all', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`folio: ${join(dir, 'folio-export.json')}: portfolios.0.file: expected portfolios/NAME.json.\n`);
  });
});
