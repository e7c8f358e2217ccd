import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { createWorld, registerUser, type World } from '../helpers/backends.js';

/** A terminal for `folio watch`, in process: stdin takes keys in raw mode, stdout collects the frames. */
function terminal() {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, rawMode: false as boolean, setRawMode(on: boolean) { stdin.rawMode = on; return stdin; } });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let screen = '';
  stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
  stderr.resume();
  return { io: { stdin, stdout, stderr, stdinIsTty: true, stdoutIsTty: true, stderrIsTty: true }, stdin, screen: () => screen };
}

describe('folio watch', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld({ name: 'sqlite', available: true }, { spawn: true });
    world.env.FOLIO_NOW = '2026-11-26T15:00:00Z';
    await registerUser(world, 'watcher@example.com');
    for (const args of [
      ['portfolio', 'add', 'Main', '--currency', 'USD'],
      ['tx', 'add', 'Main', '--type', 'buy', '--symbol', 'VTI', '--quantity', '10', '--price', '200', '--date', '2024-01-05'],
    ]) expect((await world.folio(args)).code).toBe(0);
  }, 60_000);
  afterAll(async () => world?.cleanup());

  it('redraws the holdings in place until q, then leaves cleanly', async () => {
    const tty = terminal();
    const frames = () => tty.screen().split('\x1b[H\x1b[2J').length - 1;
    const pressQ = setInterval(() => {
      if (frames() >= 2) {
        clearInterval(pressQ);
        tty.stdin.write('q');
      }
    }, 20);
    const code = await main(['watch', 'Main', '--interval', '1'], tty.io as never, { ...world.env, PATH: process.env.PATH });
    clearInterval(pressQ);
    expect(code).toBe(0);
    expect(frames()).toBeGreaterThanOrEqual(2);
    const last = tty.screen().split('\x1b[H\x1b[2J').at(-1)!;
    expect(last).toMatch(/^Main — live at 15:00:00 UTC/);
    expect(last).toMatch(/VTI/);
    expect(last).toMatch(/q or Ctrl-C to leave/);
    expect(tty.screen().endsWith('\x1b[?25h')).toBe(true); // the cursor is back
    expect(tty.stdin.rawMode).toBe(false);
  }, 30_000);

  it('leaves on Ctrl-C (raw mode delivers it as a key)', async () => {
    const tty = terminal();
    const press = setInterval(() => {
      if (tty.screen().includes('to leave')) {
        clearInterval(press);
        tty.stdin.write('\u0003');
      }
    }, 20);
    const code = await main(['watch', 'Main', '--interval', '60'], tty.io as never, { ...world.env, PATH: process.env.PATH });
    clearInterval(press);
    expect(code).toBe(0);
  }, 30_000);
});
