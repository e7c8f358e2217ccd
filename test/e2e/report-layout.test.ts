import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, registerUser, type World } from '../helpers/backends.js';

/**
 * The HTML report's layout in a real headless Chromium at a phone (390 px), a tablet (768 px) and a
 * desktop (1280 px) width, on a portfolio made to be wide: ten symbols worth millions, five up and
 * five down, so the top gains and losses tables are full. The report is written in process; the
 * browser opens the file.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const WIDTHS = [390, 768, 1280] as const;
const SYMBOLS = ['WIDEA', 'WIDEB', 'WIDEC', 'WIDED', 'WIDEE', 'WIDEF', 'WIDEG', 'WIDEH', 'WIDEI', 'WIDEJ'];

const prices = () => {
  const lines = ['symbol,date,close,currency'];
  SYMBOLS.forEach((symbol, i) => {
    const up = i < 5;
    lines.push(`${symbol},2024-01-02,1000,USD`, `${symbol},2024-06-28,${up ? 1100 : 950},USD`, `${symbol},2024-12-31,${up ? 1234.56 + i : 876.54 - i},USD`);
  });
  return lines.join('\n') + '\n';
};
const transactions = () => {
  const lines = ['date,type,symbol,quantity,price,amount,fee,currency,note', '2024-01-02,deposit,,,,99000000,,USD,'];
  for (const symbol of SYMBOLS) lines.push(`2024-01-02,buy,${symbol},9000,1000,,9.99,USD,`);
  lines.push('2024-03-01,sell,WIDEA,1000,1000,,9.99,USD,a note long enough to wrap inside its table cell on a phone');
  return lines.join('\n') + '\n';
};

describe.skipIf(!hasChromium)('the HTML report at 390, 768 and 1280 px', () => {
  let world: World;
  let periodReport: string;
  let maxReport: string;
  beforeAll(async () => {
    world = await createWorld({ name: 'sqlite', available: true }, { inProcess: true });
    const fixtures = join(world.home, 'fixtures');
    mkdirSync(fixtures);
    world.env.FOLIO_FIXTURES_DIR = fixtures; // no mock feed: only the closes imported here
    await registerUser(world, 'wide@example.com');
    writeFileSync(join(world.home, 'prices.csv'), prices());
    writeFileSync(join(world.home, 'wide.csv'), transactions());
    periodReport = join(world.home, 'period.html');
    maxReport = join(world.home, 'max.html');
    for (const args of [
      ['prices', 'import', join(world.home, 'prices.csv')],
      ['portfolio', 'add', 'Wide', '--currency', 'USD'],
      ['tx', 'import', join(world.home, 'wide.csv'), '--portfolio', 'Wide'],
      ['report', 'Wide', '--format', 'html', '--from', '2024-07-01', '--to', '2024-12-31', '--output', periodReport],
      ['report', 'Wide', '--format', 'html', '--to', '2024-12-31', '--output', maxReport],
    ]) {
      const result = await world.folio(args);
      if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
    }
  }, 60_000);
  afterAll(async () => world?.cleanup());

  it('fits every table, keeps rows compact and chart labels legible at each width', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      for (const width of WIDTHS) {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        await page.goto(`file://${periodReport}`, { waitUntil: 'load' });
        expect(await page.locator('#gains tbody tr').count()).toBe(5);
        expect(await page.locator('#losses tbody tr').count()).toBe(5);

        // No page overflow, and no table hides its last column (the transactions list may scroll on a phone or tablet).
        expect((await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number, `${width}`).toBeLessThanOrEqual(0);
        const clipped = await page.$$eval('.scroll', (boxes) =>
          boxes.filter((box) => box.scrollWidth > box.clientWidth + 1).map((box) => box.closest('section')?.id ?? '?'),
        );
        expect(clipped.filter((id) => id !== 'transactions' || width === 1280), `${width}px`).toEqual([]);

        // No tall blank rows: a summary row is at most three text lines high.
        const lineHeight = (await page.evaluate(`parseFloat(getComputedStyle(document.querySelector('#summary td')).lineHeight)`)) as number;
        const rowHeights = await page.$$eval('#summary tbody tr', (rows) => rows.map((row) => row.getBoundingClientRect().height));
        expect(Math.max(...rowHeights), `${width}px`).toBeLessThanOrEqual(3 * lineHeight + 12);

        // Chart labels at least 10 px on screen: the font size times the SVG's scale.
        const sizes = (await page.evaluate(
          `[...document.querySelectorAll('svg text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)`,
        )) as number[];
        expect(sizes.length).toBeGreaterThan(5);
        expect(Math.min(...sizes), `${width}px`).toBeGreaterThanOrEqual(10);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('says which figures are all-time in a report of a shorter period, and not in an all-time one', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`file://${periodReport}`);
      expect(await page.locator('#gains thead').innerText()).toContain('Unrealised (all-time)');
      expect(await page.locator('#gains').innerText()).toMatch(/Unrealised gains are all-time/);
      const unrealised = await page.locator('#summary tr', { hasText: 'Unrealised gain' }).innerText();
      expect(unrealised).toContain('all-time');
      await page.goto(`file://${maxReport}`);
      expect(await page.locator('body').innerText()).not.toContain('all-time');
    } finally {
      await browser.close();
    }
  }, 60_000);
});
