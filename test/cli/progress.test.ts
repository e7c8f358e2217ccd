import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TerminalProgress } from '../../src/cli/progress.js';
import { terminalStream } from '../helpers/context.js';

const HIDE_CURSOR = '\u001B[?25l';
const SHOW_CURSOR = '\u001B[?25h';

function onTerminal(columns = 100) {
  const chunks: string[] = [];
  const progress = new TerminalProgress({ stderr: terminalStream((chunk) => chunks.push(chunk), columns), stderrIsTty: true }, {});
  return { progress, text: () => chunks.join('') };
}

describe('TerminalProgress', () => {
  it('draws the line at once on each show and clears it on stop', async () => {
    const { progress, text } = onTerminal();
    await progress.show('Replaying transactions… 20,000');
    progress.show('Replaying transactions… 22,000');
    expect(text()).toContain('Replaying transactions… 22,000');
    progress.stop();
    expect(text().endsWith(`\u001B[1G\u001B[0K${SHOW_CURSOR}`)).toBe(true);
  });

  it('starts one spinner when stopped and shown again while ora loads', async () => {
    const { progress, text } = onTerminal();
    const first = progress.show('first');
    progress.stop();
    await Promise.all([first, progress.show('second')]);
    progress.stop();
    expect(text().split(HIDE_CURSOR).length - 1).toBe(1);
    expect(text()).not.toContain('first');
  });

  it.each([
    ['a pipe', { stderrIsTty: false, columns: 100, env: {} }],
    ['a dumb terminal', { stderrIsTty: true, columns: 100, env: { TERM: 'dumb' } }],
    ['a terminal of width 0', { stderrIsTty: true, columns: 0, env: {} }],
  ])('shows nothing on %s', async (_case, { stderrIsTty, columns, env }) => {
    const chunks: string[] = [];
    const stderr = stderrIsTty ? terminalStream((chunk) => chunks.push(chunk), columns) : new Writable({ write: (chunk, _e, done) => (chunks.push(String(chunk)), done()) });
    const progress = new TerminalProgress({ stderr, stderrIsTty }, env);
    await progress.show('Replaying transactions… 20,000');
    progress.stop();
    expect(chunks).toEqual([]);
  });
});
