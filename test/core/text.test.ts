import { describe, expect, it } from 'vitest';
import { spreadsheetCell } from '../../src/cli/csv.js';
import { messageSafe, terminalSafe } from '../../src/cli/terminal-text.js';
import { controlCharacterIn } from '../../src/core/text.js';
import { postgresPoolOptions } from '../../src/db/url.js';

/** Issue 11, points 10, 11 and 17: the small rules behind refusing, escaping and mapping text. */
describe('control characters in free text', () => {
  it.each([
    ['plain', 'tab', null],
    ['a\tb', 'tab', null],
    ['a\tb', 'none', 'U+0009'],
    ['a\x00b', 'tab', 'U+0000'],
    ['two\nlines', 'tab', 'U+000A'],
    ['two\nlines', 'tab and line breaks', null],
    ['two\r\nlines', 'tab and line breaks', null],
    ['carriage\rreturn', 'tab and line breaks', 'U+000D'],
    ['\x1b]52;c;x\x07', 'tab and line breaks', 'U+001B'],
    ['c1 \u009b2J', 'tab', 'U+009B'],
    ['del \x7f', 'tab', 'U+007F'],
    ['café ✓ 日本', 'none', null],
  ] as const)('%j allowing %s → %s', (text, allowed, found) => {
    expect(controlCharacterIn(text, allowed)).toBe(found);
  });
});

describe('terminal output', () => {
  it('escapes every control character but keeps colours, tabs and line ends', () => {
    const red = '\x1b[31m-5\x1b[39m';
    expect(terminalSafe(`${red}\tnote \x1b]52;c;cm0=\x07 \x1b[2J\r\nnext\rover`)).toBe(`${red}\tnote \\x1b]52;c;cm0=\\x07 \\x1b[2J\r\nnext\\x0dover`);
  });

  it('cuts an overlong line of a message to its start and end, and escapes colours too', () => {
    const message = `unknown type "${'x'.repeat(10_000)}": use buy, sell`;
    const safe = messageSafe(message);
    // 300 characters, " … ", the last 80
    expect(safe).toHaveLength(300 + 3 + 80);
    expect(safe.endsWith('xxx": use buy, sell')).toBe(true);
    expect(messageSafe('\x1b[31mred')).toBe('\\x1b[31mred');
  });
});

describe('CSV cells for spreadsheets (OWASP)', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+1+2', `'+1+2`],
    ['-1+2', `'-1+2`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tindented', `'\tindented`],
    ['-12.5', '-12.5'],
    ['+3', '+3'],
    ['plain note', 'plain note'],
    ['', ''],
  ])('%j → %j', (cell, expected) => {
    expect(spreadsheetCell(cell)).toBe(expected);
  });
});

describe('sslmode in a Postgres URL', () => {
  it.each([
    ['postgres://u:p@h/db?sslmode=require&channel_binding=require', { connectionString: 'postgres://u:p@h/db?channel_binding=require', ssl: {} }],
    ['postgres://u:p@h/db?sslmode=verify-full', { connectionString: 'postgres://u:p@h/db', ssl: {} }],
    ['postgres://u:p@h/db?sslmode=disable', { connectionString: 'postgres://u:p@h/db', ssl: false }],
    ['postgres://u:p@h/db', { connectionString: 'postgres://u:p@h/db' }],
    ['postgres://u:p@h/db?sslmode=verify-ca&sslrootcert=/ca.pem', { connectionString: 'postgres://u:p@h/db?sslmode=verify-ca&sslrootcert=/ca.pem' }],
  ])('%s', (url, expected) => {
    expect(postgresPoolOptions(url)).toEqual(expected);
  });
});
