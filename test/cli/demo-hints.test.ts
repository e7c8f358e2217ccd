import { afterAll, describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/cli.js';
import { runInProcess } from '../helpers/context.js';

// A fresh checkout has no `folio` on PATH: run through npx (npm sets npm_command=exec), the demo's
// hints must say `npx folio`, or pasting them fails with "command not found".
describe('the demo hints', () => {
  const home = tempHome();
  afterAll(() => home.cleanup());
  const env = { FOLIO_HOME: home.dir };

  it.each([
    [{ npm_command: 'exec' }, '  npx folio login --email demo@folio.example'],
    [{}, '  folio login --email demo@folio.example'],
  ])('with %j say %j', async (extra, hint) => {
    const result = await runInProcess(['demo'], { ...env, ...extra }, { now: '2026-11-25T21:00:00Z' });
    expect(result.code).toBe(0);
    const hints = result.stderr.split('\n').filter((line) => line.includes('login --email'));
    expect(hints).toEqual([`${hint}            (password: folio-demo)`]);
  });
});
