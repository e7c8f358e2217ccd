import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGroup, parseInput, type CommandNode, type CommandSpec } from '../../src/cli/command.js';
import { registerCommand } from '../../src/cli/commands/auth/auth.command.js';
import { dbGroup } from '../../src/cli/commands/db/db.command.js';
import { demoCommand } from '../../src/cli/commands/demo/demo.command.js';
import { journalCommand } from '../../src/cli/commands/export/journal.command.js';
import { fxGroup } from '../../src/cli/commands/fx/fx.command.js';
import { importAllCommand } from '../../src/cli/commands/import/all.command.js';
import { importMapGroup } from '../../src/cli/commands/import-map/import-map.command.js';
import { notifyGroup } from '../../src/cli/commands/notify/notify.command.js';
import { passwordGroup } from '../../src/cli/commands/password/password.command.js';
import { pricesGroup } from '../../src/cli/commands/prices/prices.command.js';
import { eventsCommand, quoteCommand, watchCommand } from '../../src/cli/commands/quote/quote.command.js';
import { settingsGroup } from '../../src/cli/commands/settings/settings.command.js';
import { tokenGroup } from '../../src/cli/commands/token/token.command.js';
import { txImportCommand } from '../../src/cli/commands/tx/import.command.js';
import { BACKENDS, createWorld, PASSWORD, registerUser, type World } from '../helpers/backends.js';
import type { ScriptedPrompter } from '../helpers/context.js';
import { rejected } from '../helpers/errors.js';

/**
 * The account, settings, market data, import, notify and db commands as modules (issue 13, part B):
 * typed options, examples, declared formats, and output through the one renderer. In process.
 */
const MODULES: CommandNode[] = [
  registerCommand,
  demoCommand,
  passwordGroup,
  tokenGroup,
  settingsGroup,
  pricesGroup,
  fxGroup,
  quoteCommand,
  watchCommand,
  eventsCommand,
  txImportCommand,
  importMapGroup,
  journalCommand,
  importAllCommand,
  notifyGroup,
  dbGroup,
];
const commandsOf = (node: CommandNode): CommandSpec[] => (isGroup(node) ? node.commands.flatMap(commandsOf) : [node]);
const find = (node: CommandNode, name: string) => commandsOf(node).find((c) => c.name === name)!;
const PRESETS = ['ibkr-flex', 'degiro', 'degiro-transactions', 'trading212', 'schwab', 'fidelity', 'ghostfolio-csv', 'ghostfolio-json', 'pp-csv'];

describe('part B command modules', () => {
  it('declare 1–3 examples each, every one a `folio …` command', () => {
    const commands = MODULES.flatMap(commandsOf);
    expect(commands).toHaveLength(30);
    for (const command of commands) {
      expect(command.examples.length, command.name).toBeGreaterThanOrEqual(1);
      expect(command.examples.length, command.name).toBeLessThanOrEqual(3);
      for (const line of command.examples) expect(line, command.name).toMatch(/^folio /);
    }
  });

  it('parse into typed options, and a bad value names its flag or argument', async () => {
    expect(await parseInput(find(pricesGroup, 'latest'), {})).toEqual({ symbols: [] });
    expect(await parseInput(watchCommand, { portfolio: 'IRA', interval: '15' })).toEqual({ portfolio: 'IRA', interval: 15 });
    const cases: Array<[CommandSpec, Record<string, unknown>, string]> = [
      [quoteCommand, { symbols: [] }, 'SYMBOLS: name at least one symbol'],
      [watchCommand, { portfolio: 'IRA', interval: '0' }, '--interval: must be at least 1 second'],
      [find(dbGroup, 'copy'), {}, '--to: required: the database to copy into'],
      [find(pricesGroup, 'show'), { symbol: 'AAPL', from: '2023-02-29' }, '--from: expected a date as YYYY-MM-DD'],
      [txImportCommand, { file: 'a.csv', portfolio: 'P', preset: 'robinhood' }, `--preset: expected one of ${PRESETS.join(', ')}`],
      [find(notifyGroup, 'run'), { user: ' ' }, '--user: must not be empty'],
    ];
    for (const [command, input, message] of cases) {
      const error = await rejected(parseInput(command, input));
      expect([error.kind, error.message], command.name).toEqual(['usage', message]);
    }
  });
});

describe.each(BACKENDS)('part B commands in process on $name', (backend) => {
  let world: World;
  const env = { FOLIO_FIXTURES_DIR: resolve(import.meta.dirname, '../prices/fixtures'), FOLIO_NOW: '2024-01-08T18:00:00Z' };
  const folio = (...args: string[]) => world.folio(args, { env });
  const lines = (text: string) => text.trimEnd().split('\n');

  beforeAll(async () => {
    if (!backend.available) return;
    world = await createWorld(backend, { inProcess: true });
    await registerUser(world, 'bee@example.com', 'Bee');
    expect((await folio('portfolio', 'add', 'P', '--currency', 'USD')).code).toBe(0);
    const csv = join(world.home, 'p.csv');
    writeFileSync(csv, 'date,type,symbol,quantity,price,amount,fee,currency,note\n2024-01-02,deposit,,,,2000,,USD,\n2024-01-02,buy,AAPL,10,185.64,,1,USD,\n');
    expect((await folio('tx', 'import', csv, '--portfolio', 'P')).code).toBe(0);
  }, 60_000);
  afterAll(async () => world?.cleanup());

  describe.skipIf(!backend.available)('CSV and tables through the one renderer', () => {
    it('prices latest and show: the import format, closes as the fixture has them', async () => {
      const latest = await folio('prices', 'latest', 'AAPL', 'VTI', '--as-of', '2024-01-05', '--csv');
      expect(latest.code, latest.stderr).toBe(0);
      expect(lines(latest.stdout)).toEqual(['symbol,date,close,currency', 'AAPL,2024-01-05,181.18,USD', 'VTI,2024-01-05,236.2,USD']);
      const show = await folio('prices', 'show', 'VTI', '--from', '2024-01-03', '--to', '2024-01-08');
      // piped: tab-separated, with the header
      expect(lines(show.stdout)).toEqual(['DATE\tCLOSE', '2024-01-05\t236.2', '2024-01-08\t239.1']);
    });

    it('fx show, events, settings show, token list and import-map list print CSV', async () => {
      const fx = await folio('fx', 'show', 'EUR', 'USD', '--from', '2024-01-02', '--to', '2024-01-05', '--csv');
      expect(lines(fx.stdout)).toEqual(['date,base,quote,rate', '2024-01-02,EUR,USD,1.0945', '2024-01-05,EUR,USD,1.0941']);
      const events = await folio('events', 'AAPL', '--csv');
      expect(lines(events.stdout)).toEqual(['date,kind,value,currency,source', '2020-08-31,split,4,,fixture']);
      const settings = lines((await folio('settings', 'show', '--csv')).stdout);
      expect(settings[0]).toBe('key,value,default,allowed,description');
      expect(settings.find((line) => line.startsWith('costBasis.method,'))).toMatch(/^costBasis\.method,fifo,fifo,"fifo, average",/);
      expect((await folio('token', 'create', '--label', 'cron', '--expires', '30d')).code).toBe(0);
      const tokens = lines((await folio('token', 'list', '--csv')).stdout);
      // 2024-01-08T18:00Z + 30 days = 2024-02-07T18:00Z
      expect(tokens).toEqual(['id,label,createdAt,expiresAt,lastUsedAt', expect.stringMatching(/^[0-9a-f-]{36},cron,2024-01-08T18:00:00\.000Z,2024-02-07T18:00:00\.000Z,$/)]);
      // a label that a spreadsheet would run as a formula is written as text (README "CSV for spreadsheets")
      expect((await folio('token', 'create', '--label', '=HYPERLINK("http://evil")', '--expires', 'never')).code).toBe(0);
      expect(lines((await folio('token', 'list', '--csv')).stdout).find((line) => line.includes('HYPERLINK'))).toMatch(/^[0-9a-f-]{36},"'=HYPERLINK\(""http:\/\/evil""\)",2024-01-08T18:00:00\.000Z,,$/);
      const presets = lines((await folio('import-map', 'list')).stdout);
      expect(presets[0]).toBe('PRESET\tREADS');
      expect(presets.slice(1).map((line) => line.split('\t')[0])).toEqual(PRESETS);
    });

    it('a table on a terminal: boxed, the close right-aligned, the header line on stderr', async () => {
      const shown = await world.folio(['prices', 'show', 'VTI', '--from', '2024-01-05', '--to', '2024-01-05'], { env, tty: true, columns: 80 });
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stderr).toContain('VTI — 1 daily close in USD, 2024-01-05 to 2024-01-05');
      expect(shown.stdout.replace(/\x1b\[[0-9;]*m/g, '')).toContain('│ 2024-01-05 │ 236.20 │');
    });

    it.each([
      [['demo', '--csv'], '`folio demo` has no CSV output (it has --json).'],
      [['register', '--csv'], '`folio register` has no CSV output (it has --json).'],
      [['watch', 'P', '--json'], '`folio watch` has no JSON output.'],
      [['prices', 'import', 'x.csv', '--csv'], '`folio prices import` has no CSV output (it has --json).'],
      [['db', 'init', '--csv'], '`folio db init` has no CSV output (it has --json).'],
    ])('%j is refused with exit 2 before it runs', async (args, message) => {
      const result = await folio(...args);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(lines(result.stderr)[0]).toBe(`folio: ${message}`);
    });

    it('export journal reads its own --format values', async () => {
      const journal = await folio('export', 'journal', 'P', '--format', 'hledger', '--to', '2024-01-05');
      expect(journal.code, journal.stderr).toBe(0);
      expect(journal.stdout).toContain('2024-01-02');
      expect(journal.stdout).toContain('AAPL');
      for (const flags of [[], ['--json'], ['--format', 'csv']]) {
        const refused = await folio('export', 'journal', 'P', ...flags);
        expect(refused.code, flags.join(' ')).toBe(2);
        expect(refused.stdout).toBe('');
        expect(refused.stderr).toContain('Missing or wrong --format: a journal is written for --format hledger, ledger or beancount.');
      }
    });

    it('password change asks again for a short new password and a mismatched repeat, instead of exiting', async () => {
      const me = world.another();
      await registerUser(me, `pw-${backend.name}@example.com`);
      const answers = [PASSWORD, 'short', 'a new long password', 'a new long passwort', 'a new long password', 'a new long password'];
      const result = await me.folio(['password', 'change'], { env, tty: true, answers });
      expect(result.code, result.stderr).toBe(0);
      const { asked, refused } = (result as unknown as { prompter: ScriptedPrompter }).prompter;
      expect(asked).toEqual(['Current password', 'New password', 'New password', 'Repeat the password', 'New password', 'Repeat the password']);
      expect(refused).toEqual(['Passwords need at least 8 characters.']);
      const login = await world.another().folio(['login', '--email', `pw-${backend.name}@example.com`, '--password-stdin'], { env, input: 'a new long password\n' });
      expect(login.code, login.stderr).toBe(0);
    });

    it('help shows the examples', async () => {
      const help = await folio('tx', 'import', '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Examples:\n  $ folio tx import trades.csv --portfolio IRA\n');
      expect(help.stdout).toMatch(/--preset <name>.*\(choices: "ibkr-flex", "degiro"/s);
    });
  });
});
