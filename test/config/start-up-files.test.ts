import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfigFile } from '../../src/config/config-file.js';
import { readSessionFile } from '../../src/config/session-file.js';
import { rejected } from '../helpers/errors.js';

/** session.json and config.json are read on every start, by hand checks (zod only words a config error). */
const dir = mkdtempSync(join(tmpdir(), 'folio-start-up-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
const fileWith = (text: string) => {
  const path = join(dir, `file-${++count}.json`);
  writeFileSync(path, text);
  return path;
};

const SESSION = { token: 'fos_abc', email: 'ann@example.com', database: 'sqlite:/tmp/f.db', createdAt: '2026-01-02T03:04:05.000Z' };

describe('readSessionFile', () => {
  it('returns the four fields of a saved session, dropping any others', () => {
    expect(readSessionFile(fileWith(JSON.stringify({ ...SESSION, extra: 1 })))).toEqual(SESSION);
  });

  it.each([
    ['not JSON', '{token'],
    ['an array', JSON.stringify([SESSION])],
    ['null', 'null'],
    ['a string', '"fos_abc"'],
    ['an empty token', JSON.stringify({ ...SESSION, token: '' })],
    ['a number as token', JSON.stringify({ ...SESSION, token: 5 })],
    ['no email', JSON.stringify({ token: 'fos_abc', database: 'x', createdAt: 'y' })],
    ['a null database', JSON.stringify({ ...SESSION, database: null })],
    ['a numeric createdAt', JSON.stringify({ ...SESSION, createdAt: 0 })],
  ])('counts a damaged file (%s) as no session', (_case, text) => {
    expect(readSessionFile(fileWith(text))).toBeNull();
  });

  it('returns null when there is no file', () => {
    expect(readSessionFile(join(dir, 'missing.json'))).toBeNull();
  });
});

describe('readConfigFile', () => {
  it.each([
    ['{}', {}],
    ['{"database":"postgres://db/folio"}', { database: 'postgres://db/folio' }],
  ])('takes a well-formed file %s', async (text, expected) => {
    expect(await readConfigFile(fileWith(text))).toEqual(expected);
  });

  it('reads a missing file as an empty config', async () => {
    expect(await readConfigFile(join(dir, 'none.json'))).toEqual({});
  });

  it.each([
    ['{"database":""}', 'database: Too small: expected string to have >=1 characters'],
    ['{"database":5}', 'database: Invalid input: expected string, received number'],
    ['{"databse":"x"}', 'file: Unrecognized key: "databse"'],
    ['[]', 'file: Invalid input: expected object, received array'],
    ['null', 'file: Invalid input: expected object, received null'],
  ])('refuses %s, saying what is wrong', async (text, problem) => {
    const path = fileWith(text);
    const error = await rejected(readConfigFile(path));
    expect([error.kind, error.code, error.message]).toEqual(['usage', 'bad_config', `${path}: ${problem}`]);
  });

  it('refuses a file that is not JSON', async () => {
    const path = fileWith('{database');
    expect((await rejected(readConfigFile(path))).message).toBe(`${path} is not valid JSON.`);
  });
});
