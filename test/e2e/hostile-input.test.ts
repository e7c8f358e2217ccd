import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { BACKENDS, createWorld, registerUser, withDatabase, type World } from '../helpers/backends.js';

/** Issue 11, points 9–12: hostile files, flags and stored text. */
const HEADER = 'date,type,symbol,quantity,price,amount,fee,currency,note';
const ESC = '\x1b';
/** OSC 52: "write this to the clipboard" — what an editor's display name could do to the owner's terminal. */
const CLIPBOARD = `${ESC}]52;c;cm0gLXJmIH4=\x07`;

describe.each(BACKENDS)('hostile input on $name', (backend) => {
  let world: World;
  const folio = (...args: string[]) => world.folio(args);
  const file = (name: string, content: string | Buffer) => {
    const path = join(world.home, name);
    writeFileSync(path, content);
    return path;
  };
  const expectRefused = (result: { code: number | null; stderr: string }, code: number, message: string | RegExp) => {
    expect(result.code, result.stderr).toBe(code);
    if (typeof message === 'string') expect(result.stderr).toContain(message);
    else expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain(ESC);
  };

  beforeAll(async () => {
    if (!backend.available) return;
    world = await createWorld(backend);
    await registerUser(world, 'ann@example.com', 'Ann');
    expect((await folio('portfolio', 'add', 'Main', '--currency', 'USD')).code).toBe(0);
  });
  afterAll(async () => world?.cleanup());

  it.skipIf(!backend.available)('refuses a NUL or an escape sequence in a note, from a file or a flag, and writes nothing', async () => {
    const nul = await folio('tx', 'import', file('nul.csv', `${HEADER}\n2024-01-02,deposit,,,,100,,USD,a\x00b\n`), '--portfolio', 'Main');
    expectRefused(nul, 2, 'line 2, column note: the note must not contain control characters (found U+0000; tabs and line breaks are fine)');
    const flag = await folio('tx', 'add', 'Main', '--type', 'deposit', '--amount', '5', '--date', '2024-01-02', '--note', `hi ${CLIPBOARD}`);
    expectRefused(flag, 2, 'The value of --note must not contain control characters (found U+001B; tabs and line breaks are fine).');
    const name = await folio('profile', 'set', `--name=Eve${CLIPBOARD}`);
    expectRefused(name, 2, 'The value of --name must not contain control characters (found U+001B');
    const setting = await folio('settings', 'set', 'display.currency', `EUR${ESC}[2J`);
    expectRefused(setting, 2, /control characters \(found U\+001B/);
    const listed = await folio('tx', 'list', 'Main', '--json');
    expect(JSON.parse(listed.stdout)).toEqual([]);
    // nothing unstorable got in, so the database still copies (a NUL used to stop db copy on Postgres)
    const copied = await folio('db', 'copy', '--to', join(world.home, 'copy.db'));
    expect(copied.code, copied.stderr).toBe(0);
  });

  it.skipIf(!backend.available)('escapes control characters of stored text on a terminal, and in error messages', async () => {
    expect((await folio('tx', 'add', 'Main', '--type', 'deposit', '--amount', '7', '--date', '2024-01-03', '--note', 'plain')).code).toBe(0);
    // text stored before this check existed (or by another program): written straight into the table
    await withDatabase(world, async (db) => {
      await db.updateTable('transactions').set({ note: `owned ${CLIPBOARD}` }).execute();
    });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let shown = '';
    stdout.on('data', (chunk: Buffer) => (shown += chunk.toString()));
    const code = await main(['tx', 'list', 'Main'], { stdin: new PassThrough(), stdout, stderr, stdinIsTty: false, stdoutIsTty: true, stderrIsTty: false }, {
      ...world.env,
      PATH: process.env.PATH,
      NO_COLOR: '1',
    });
    expect(code).toBe(0);
    expect(shown).toContain('owned \\x1b]52;c;cm0gLXJmIH4=\\x07');
    expect(shown).not.toContain(ESC);
    // piped, the data stays exact (JSON escapes it its own way)
    const json = await folio('tx', 'list', 'Main', '--json');
    expect((JSON.parse(json.stdout) as Array<{ note: string }>)[0]!.note).toBe(`owned ${CLIPBOARD}`);
    // an error quoting a 10,000-character value is cut to one short line
    const long = await folio('tx', 'add', 'Main', '--type', 'x'.repeat(10_000), '--amount', '1');
    expect(long.code).toBe(2);
    const line = long.stderr.trim().split('\n')[0]!;
    expect(line.length).toBeLessThanOrEqual(400);
    expect(line).toContain(' … ');
  });
});

describe('hostile files (SQLite)', () => {
  let world: World;
  const folio = (...args: string[]) => world.folio(args);
  const file = (name: string, content: string | Buffer) => {
    const path = join(world.home, name);
    writeFileSync(path, content);
    return path;
  };

  beforeAll(async () => {
    world = await createWorld({ name: 'sqlite', available: true });
    await registerUser(world, 'ann@example.com', 'Ann');
    expect((await folio('portfolio', 'add', 'Main', '--currency', 'USD')).code).toBe(0);
  });
  afterAll(async () => world?.cleanup());

  it('refuses a huge line of commas with its line and column, in bounded memory', async () => {
    const path = join(world.home, 'commas.csv');
    const out = createWriteStream(path);
    out.write(`${HEADER}\n2024-01-02,deposit,,,,100,,USD,\n`);
    const commas = ','.repeat(1 << 20);
    for (let i = 0; i < 64; i++) out.write(commas); // a 64 MB line
    out.end('\n');
    await once(out, 'finish');
    // a 64 MB line parsed field by field took gigabytes; 256 MB is a hard ceiling for the whole process
    const result = await world.folio(['tx', 'import', path, '--portfolio', 'Main'], { env: { NODE_OPTIONS: '--max-old-space-size=256' } });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('line 3, column field 257: more than 256 fields in one record');
  });

  it('refuses an overlong record and a header of many fields', async () => {
    const long = await folio('tx', 'import', file('long.csv', `${HEADER}\n2024-01-02,deposit,,,,100,,USD,${'n'.repeat(70_000)}\n`), '--portfolio', 'Main');
    expect(long.code).toBe(2);
    expect(long.stderr).toContain('line 2, column field 9: a record longer than 64 KiB');
    const header = await folio('tx', 'import', file('header.csv', `${'x,'.repeat(300)}x\n`), '--portfolio', 'Main');
    expect(header.code).toBe(2);
    expect(header.stderr).toContain('line 1, column field 257: more than 256 fields in one record');
  });

  it('refuses Latin-1 with the line and byte instead of changing it to U+FFFD', async () => {
    const latin1 = Buffer.concat([Buffer.from(`${HEADER}\n2024-01-02,deposit,,,,100,,USD,ok\n2024-01-03,deposit,,,,100,,USD,caf`), Buffer.from([0xe9]), Buffer.from('\n')]);
    const result = await folio('tx', 'import', file('latin1.csv', latin1), '--portfolio', 'Main');
    expect(result.code).toBe(2);
    // "2024-01-03,deposit,,,,100,,USD,caf" is 34 bytes: the é is byte 35 of line 3
    expect(result.stderr).toContain('line 3, column byte 35: the file is not UTF-8 text');
  });

  it('skips a million blank lines cheaply and still names the right line', async () => {
    const content = `${HEADER}\n${'\n'.repeat(1_000_000)}2024-01-02,deposit,,,,100,,USD,\r\n\r\n2024-13-01,deposit,,,,1,,USD,\n`;
    const result = await folio('tx', 'import', file('blank.csv', content), '--portfolio', 'Main');
    expect(result.code).toBe(2);
    // header line 1, blank lines 2 … 1,000,001, the deposit on 1,000,002, a blank CRLF line, the bad date on 1,000,004
    expect(result.stderr).toContain('line 1000004, column date: not a calendar date');
  });

  it('does not record a header-only file as an import', async () => {
    const path = file('empty.csv', `${HEADER}\n`);
    for (let run = 0; run < 2; run++) {
      const result = await folio('tx', 'import', path, '--portfolio', 'Main', '--json');
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ portfolio: 'Main', rows: 0, dryRun: false, importId: null });
    }
    // a real file with the same bytes plus a row is not a "duplicate" of anything
    expect((await folio('tx', 'import', file('one.csv', `${HEADER}\n2024-01-02,deposit,,,,100,,USD,\n`), '--portfolio', 'Main')).code).toBe(0);
  });

  it('escapes formulas in CSV for spreadsheets, and keeps the export exact for round trips', async () => {
    expect((await folio('portfolio', 'add', 'Sheet', '--currency', 'USD')).code).toBe(0);
    const rows = [`${HEADER}`, '2024-01-02,deposit,,,,100,,USD,"=HYPERLINK(""http://evil.example"",""x"")"', '2024-01-03,deposit,,,,5,,USD,@SUM(A1)', '2024-01-04,deposit,,,,6,,USD,-1+2'];
    expect((await folio('tx', 'import', file('formulas.csv', rows.join('\n') + '\n'), '--portfolio', 'Sheet')).code).toBe(0);
    const sheet = await folio('tx', 'list', 'Sheet', '--csv');
    expect(sheet.stdout).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(sheet.stdout).toContain(`'@SUM(A1)`);
    expect(sheet.stdout).toContain(`'-1+2`);
    const exported = await folio('export', 'transactions', 'Sheet', '--format', 'csv');
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain(',"=HYPERLINK(""http://evil.example"",""x"")"\n');
    expect(exported.stdout).toContain(',@SUM(A1)\n');
    expect(exported.stdout).toContain(',-1+2\n');
    expect(exported.stdout).not.toContain("'");
  });

  it('takes closes of at most 30 digits, like transactions', async () => {
    const digits31 = '1234567890123456789012345678901';
    const result = await folio('prices', 'import', file('closes.csv', `symbol,date,close,currency\nAAPL,2024-01-02,${digits31},USD\n`));
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/too many digits \(at most 30/);
    const ok = await folio('prices', 'import', file('closes30.csv', `symbol,date,close,currency\nAAPL,2024-01-02,${digits31.slice(1)},USD\n`));
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('refuses an --expires too long for a date instead of crashing', async () => {
    const result = await folio('token', 'create', '--label', 'cron', '--expires', '99999999y');
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('folio: --expires: "99999999y" is too long: at most 100y, or never.');
  });
});
