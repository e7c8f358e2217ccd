import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createWorld, registerUser, type World } from '../helpers/backends.js';

/**
 * `folio report --frontier`: the efficient frontier of the holdings as an SVG chart in the HTML
 * report, checked in a real headless Chromium like the rest of the report (test/cli/report.test.ts).
 * The holdings are the five symbols of the numpy/scipy reference case `five-usd-sample`
 * (test/analytics/optimize/reference.json), over the same window, so the marked maximum-Sharpe
 * point must sit where the reference puts it.
 */
const CHROMIUM = '/usr/bin/chromium';
const HEADER = 'date,type,symbol,quantity,price,amount,fee,currency,note';
const reference = JSON.parse(readFileSync(new URL('../analytics/optimize/reference.json', import.meta.url), 'utf8')) as {
  cases: Array<{ name: string; results: Record<string, { expectedReturn: number; volatility: number }> }>;
};
const fiveUsd = reference.cases.find((c) => c.name === 'five-usd-sample')!;

describe.skipIf(!existsSync(CHROMIUM))('report --frontier in headless Chromium', () => {
  let world: World;
  let file: string;

  beforeAll(async () => {
    world = await createWorld(BACKENDS[0]!, { inProcess: true });
    await registerUser(world, 'ann@example.com', 'Ann');
    const csv = join(world.home, 'five.csv');
    const buys = ['AAPL,10,75', 'BND,50,85', 'GLD,10,150', 'JNJ,10,145', 'MSFT,10,160'].map((b) => `2020-01-02,buy,${b},,,USD,`);
    writeFileSync(csv, [HEADER, '2020-01-02,deposit,,,,20000,,USD,', ...buys].join('\n') + '\n');
    for (const args of [
      ['portfolio', 'add', 'Five', '--currency', 'USD'],
      ['tx', 'import', csv, '--portfolio', 'Five'],
      ['settings', 'set', 'analytics.riskFreeRate', '0.02'],
    ]) {
      const result = await world.folio(args);
      if (result.code !== 0) throw new Error(result.stderr);
    }
    file = join(world.home, 'report.html');
    const result = await world.folio(['report', 'Five', '--format', 'html', '--from', '2020-01-01', '--to', '2022-12-31', '--frontier', '--output', file]);
    if (result.code !== 0) throw new Error(result.stderr);
  }, 120_000);
  afterAll(async () => world?.cleanup());

  it('is only for the HTML report', async () => {
    const result = await world.folio(['report', 'Five', '--frontier']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--frontier adds a chart to the HTML report: use it with --format html/);
  });

  it('draws the frontier, the current portfolio and the maximum-Sharpe point, loading nothing', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`file://${file}`, { waitUntil: 'load' });
      expect(errors).toEqual([]);
      expect(requests).toEqual([`file://${file}`]);

      const chart = page.locator('#chart-frontier');
      expect(await chart.locator('figcaption').innerText()).toContain('AAPL, BND, GLD, JNJ, MSFT): 783 daily closes from 2020-01-01 to 2022-12-30');
      expect((await chart.locator('path.line.frontier').getAttribute('d'))!.split('L')).toHaveLength(30);
      expect(await chart.locator('circle.frontier-point').count()).toBe(30);
      const box = await chart.locator('svg').boundingBox();
      expect(box!.width).toBeGreaterThan(300);

      // The marks say where they are: the maximum-Sharpe point where the reference puts it (rf 0.02).
      const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
      const best = fiveUsd.results['max-sharpe']!;
      expect(await chart.locator('.mark.max-sharpe title').textContent()).toBe(
        `Maximum Sharpe ratio: return ${percent.format(best.expectedReturn)}, volatility ${percent.format(best.volatility)}`,
      );
      expect(await chart.locator('.mark.current title').textContent()).toMatch(/^Current portfolio: return -?\d+(\.\d)?%, volatility \d+(\.\d)?%$/);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
