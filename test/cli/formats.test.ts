import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, registerUser, type World } from '../helpers/backends.js';

/** Every command that shows data honours --csv, or refuses it with exit 2 where one CSV table cannot hold it. */
describe('--csv', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld({ name: 'sqlite', available: true }, { inProcess: true });
    await registerUser(world, 'csv@example.com', 'Cee Ess');
    expect((await world.folio(['portfolio', 'add', 'P', '--currency', 'USD'])).code).toBe(0);
  });
  afterAll(async () => world?.cleanup());

  it('whoami and profile show print one CSV record', async () => {
    const whoami = await world.folio(['whoami', '--csv']);
    expect(whoami.code, whoami.stderr).toBe(0);
    const [head, row, rest] = whoami.stdout.split('\n');
    expect(head).toBe('id,email,name');
    expect(row).toMatch(/^[0-9a-f-]{36},csv@example\.com,Cee Ess$/);
    expect(rest).toBe('');
    const profile = await world.folio(['profile', 'show', '--csv']);
    expect(profile.stdout.split('\n')[0]).toBe('name,email,id,createdAt,updatedAt');
    expect(profile.stdout.split('\n')[1]).toMatch(/^Cee Ess,csv@example\.com,[0-9a-f-]{36},\d{4}-\d\d-\d\dT[\d:.]+Z,\d{4}-\d\d-\d\dT[\d:.]+Z$/);
  });

  it('db status prints its migrations as CSV', async () => {
    const status = await world.folio(['db', 'status', '--csv']);
    expect(status.code, status.stderr).toBe(0);
    const lines = status.stdout.trim().split('\n');
    expect(lines[0]).toBe('name,appliedAt');
    expect(lines[1]).toMatch(/^0001_accounts,\d{4}-\d\d-\d\dT[\d:.]+Z$/);
  });

  it.each([
    [['portfolio', 'show', 'P', '--csv'], '`folio portfolio show` has no CSV output (it has --json).'],
    [['demo', '--csv'], '`folio demo` has no CSV output (it has --json).'],
    [['login', '--csv'], '`folio login` has no CSV output (it has --json).'],
    [['completion', 'bash', '--json'], '`folio completion` has no JSON output.'],
    [['tx', 'add', 'P', '--type', 'deposit', '--amount', '5', '--csv'], '`folio tx add` has no CSV output (it has --json).'],
    [['tx', 'remove', 'abc', '--csv'], '`folio tx remove` has no CSV output (it has --json).'],
    [['import', 'portfolio', 'missing.json', '--csv'], '`folio import portfolio` has no CSV output (it has --json).'],
    [['report', 'P', '--csv'], 'A report is text, markdown or html: for the figures as JSON or CSV use `folio export performance`.'],
    [['export', 'portfolio', 'P', '--csv'], '--format csv: this export is written as json, ghostfolio, ghostfolio-csv.'],
  ])('%j is refused with exit 2, and nothing runs', async (args, message) => {
    const result = await world.folio(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(`folio: ${message}`);
  });
});
