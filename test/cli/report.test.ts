import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createWorld, registerUser, type World } from '../helpers/backends.js';

/**
 * `folio report`: text and Markdown on both backends (sections, hand-worked figures, the same
 * figures as `analyze --json`), --output/--force, escaping of user text, and the HTML report
 * opened in a real headless Chromium (Debian's package, driven by playwright-core).
 *
 * Hand-made closes (`folio prices import`), all USD (the fixture feed is pointed at an FX file only):
 *   TSTA: 2023-12-28 100 · 12-29 110 · 2024-01-02 120 · 01-03 90 · 02-01 99
 *   TSTB: 2024-01-02 50 · 02-01 40
 */
const PRICES = [
  'symbol,date,close,currency',
  'TSTA,2023-12-28,100,USD',
  'TSTA,2023-12-29,110,USD',
  'TSTA,2024-01-02,120,USD',
  'TSTA,2024-01-03,90,USD',
  'TSTA,2024-02-01,99,USD',
  'TSTB,2024-01-02,50,USD',
  'TSTB,2024-02-01,40,USD',
].join('\n');
const FX = ['base,quote,date,rate', 'EUR,USD,2023-01-02,1.1'].join('\n');
const HEADER = 'date,type,symbol,quantity,price,amount,fee,currency,note';
const NOTE = '<script>alert("x")</script> & <b>bold</b>';
const MAIN = [
  HEADER,
  '2023-12-28,deposit,,,,5000,,USD,',
  '2023-12-28,buy,TSTA,10,100,,,USD,first buy',
  `2023-12-29,dividend,TSTA,,,5,,USD,"${NOTE.replace(/"/g, '""')}"`,
  '2024-01-02,sell,TSTA,4,120,,1,USD,take some profit',
].join('\n');
const OTHER = [HEADER, '2024-01-02,buy,TSTB,10,50,,,USD,'].join('\n');

/*
 * Main, holdings scope, everything (max): valuation days 12-28, 12-29, 01-02, 01-03, 02-01.
 *   12-28 V 1000, F +1000 (the buy) — nothing held before: no return
 *   12-29 V 1100, F −5 (dividend out):   r = (1100 + 5) / 1000 − 1 = 0.105
 *   01-02 V 6 × 120 = 720, F −479 (4 × 120 − 1 fee): r = (720 + 479) / 1100 − 1 = 0.09
 *   01-03 V 540: r = 540 / 720 − 1 = −0.25
 *   02-01 V 6 × 99 = 594: r = 594 / 540 − 1 = 0.1
 * TWR = 1.105 × 1.09 × 0.75 × 1.1 − 1 = −0.00632875 (−0.63%).
 * Months: 2023-12 +10.50%, gain 1100 − 0 − 995 = 105 · 2024-01 1.09 × 0.75 − 1 = −18.25%, gain 540 − 1100 + 479 = −81
 *         · 2024-02 +10.00%, gain 54.  Years: 2023 +10.50% (105) · 2024 1.09 × 0.75 × 1.1 − 1 = −10.075% (−27).
 * Total gain 594 − (1000 − 5 − 479) = 78 = 105 − 27. Realised (FIFO) 479 − 400 = 79, in 2024; dividends 5, in 2023.
 * Unrealised 594 − 600 = −6. TSTA as a mover: −6 + 79 + 5 = 78.
 */
// Money shows in the default display settings: en-US, 2 decimals.

describe.each(BACKENDS)('report on $name', (backend) => {
  let world: World;
  const run = (...args: string[]) => world.folio(args);

  beforeAll(async () => {
    if (!backend.available) return;
    world = await setUpWorld(backend);
  }, 60_000);

  afterAll(async () => {
    await world?.cleanup();
  });

  describe.skipIf(!backend.available)('text and markdown', () => {
    it('markdown: every section, hand-worked figures', async () => {
      const result = await run('report', 'Main', '--format', 'markdown', '--to', '2024-02-01');
      expect(result.code, result.stderr).toBe(0);
      const md = result.stdout;
      for (const heading of [
        '# Performance report — Main',
        '## Summary',
        '## Returns by month',
        '## Returns by year',
        '## Allocation by symbol on 2024-02-01',
        '## Top gains',
        '## Dividends received',
        '## Realised gains and income by year',
        '## Transactions',
      ]) {
        expect(md).toContain(heading);
      }
      expect(md).toContain('| Value | 594.00 USD |');
      expect(md).toContain('| Total gain | +78.00 USD |');
      expect(md).toContain('| Realised gain | +79.00 USD |');
      expect(md).toContain('| Unrealised gain | -6.00 USD |');
      expect(md).toContain('| Time-weighted return | -0.63% |');
      expect(md).toContain('| 2023-12 | 1,100.00 | +995.00 | +105.00 | +10.50% |');
      expect(md).toContain('| 2024-01 | 540.00 | -479.00 | -81.00 | -18.25% |');
      expect(md).toContain('| 2024-02 | 594.00 | 0.00 | +54.00 | +10.00% |');
      expect(md).toContain('| 2023 | 1,100.00 | +995.00 | +105.00 | +10.50% |');
      // −10.075% sits on the rounding edge (a float a hair either side of it): either 2-place rounding is right.
      expect(md).toMatch(/\| 2024 \| 594\.00 \| -479\.00 \| -27\.00 \| -10\.0[78]% \|/);
      expect(md).toContain('| TSTA | 594.00 | -6.00 | +79.00 | 5.00 | +78.00 |');
      expect(md).toContain('| 2023 | 0.00 | 5.00 | 0.00 | 0.00 |');
      expect(md).toContain('| 2024 | +79.00 | 0.00 | 0.00 | 0.00 |');
      expect(md).toContain('| TSTA | 594.00 | 100.00% |');
      // The note is escaped: no raw tag, no broken table row.
      expect(md).not.toContain('<script>');
      expect(md).toContain('&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    });

    it('the summary matches `analyze --json` for the same period, and the months chain to its TWR', async () => {
      const period = ['--from', '2024-01-01', '--to', '2024-02-01'];
      const analyzed = await run('analyze', 'Main', ...period, '--json');
      expect(analyzed.code, analyzed.stderr).toBe(0);
      const a = JSON.parse(analyzed.stdout) as { totalGain: string; realizedGain: string; netFlows: string; twr: number };
      // From the close of 12-29 (1100): gain 594 − 1100 + 479 = −27; TWR 1.09 × 0.75 × 1.1 − 1.
      expect(a).toMatchObject({ startDate: '2023-12-29', startValue: '1100', value: '594', totalGain: '-27', realizedGain: '79' });
      const md = (await run('report', 'Main', ...period, '--format', 'markdown')).stdout;
      const two = (v: string) => new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' }).format(Number(v));
      expect(md).toContain(`| Total gain | ${two(a.totalGain)} USD |`);
      expect(md).toContain(`| Realised gain | ${two(a.realizedGain)} USD |`);
      expect(md).toContain(`| Net flows | ${two(a.netFlows)} USD |`);
      const pct = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 2, signDisplay: 'exceptZero' }).format(a.twr);
      expect(md).toContain(`| Time-weighted return | ${pct} |`);
      expect(md).toContain('_2024-01-01 → 2024-02-01 · holdings');
      // Only the period: January and February, the sell, no dividend.
      expect(md).not.toContain('| 2023-12 |');
      expect(md).toContain('| 2024-01 | 540.00 | -479.00 | -81.00 | -18.25% |');
      expect(md).toContain('None in the period.'); // dividends
      expect(md).toContain('take some profit');
      expect(md).not.toContain('first buy');
    });

    it('text: boxed tables and a value chart, even when piped', async () => {
      const result = await run('report', 'Main', '--to', '2024-02-01');
      expect(result.code, result.stderr).toBe(0);
      const text = result.stdout;
      for (const section of ['Summary', 'Value over time (USD)', 'Returns by month', 'Returns by year', 'Allocation by symbol', 'Top gains', 'Dividends received', 'Realised gains and income by year', 'Transactions']) {
        expect(text).toContain(section);
      }
      expect(text).toMatch(/Total gain\s+\+78\.00 USD/);
      expect(text).toMatch(/│ 2024-01 │\s+540\.00 │\s+-479\.00 │\s+-81\.00 │\s+-18\.25% │/);
      expect(text).toContain('┤'); // the chart's axis
      expect(text).not.toContain('\u001b['); // no colour when piped
    });

    it('losses: a position below its cost', async () => {
      const md = (await run('report', 'Other', '--format', 'markdown', '--to', '2024-02-01')).stdout;
      // 10 TSTB bought at 50, worth 40: −100.
      expect(md).toContain('## Top losses');
      expect(md).toContain('| TSTB | 400.00 | -100.00 | 0.00 | 0.00 | -100.00 |');
      expect(md).not.toContain('## Top gains');
    });

    it('--output writes the file, refuses to replace it without --force (exit 5), replaces it with --force', async () => {
      const dir = join(world.home, 'out');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'report.md');
      const first = await run('report', 'Main', '--format', 'markdown', '--to', '2024-02-01', '--output', file);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toBe('');
      expect(first.stderr).toContain(file);
      expect(readFileSync(file, 'utf8')).toContain('# Performance report — Main');

      writeFileSync(file, 'keep me');
      const refused = await run('report', 'Main', '--format', 'markdown', '--output', file);
      expect(refused.code).toBe(5);
      expect(refused.stderr).toMatch(/--force/);
      expect(readFileSync(file, 'utf8')).toBe('keep me');

      const forced = await run('report', 'Main', '--format', 'html', '--to', '2024-02-01', '--output', file, '--force');
      expect(forced.code, forced.stderr).toBe(0);
      expect(readFileSync(file, 'utf8')).toMatch(/^<!doctype html>/);
      expect(readdirSync(dir)).toEqual(['report.md']); // no temp file left behind
    });

    it('html: one self-contained file, user text escaped', async () => {
      const result = await run('report', 'Main', '--format', 'html', '--to', '2024-02-01');
      expect(result.code, result.stderr).toBe(0);
      const html = result.stdout;
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/(src|href)=/i); // nothing to load
      expect(html).not.toContain('<b>bold</b>');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
      expect(html).toContain('<p>Main &amp; Co &lt;i&gt;</p>'); // the description
      expect(html).toContain('<meta name="viewport"');
      expect(html).toContain('@media print');
      expect(html).toMatch(/<svg class="chart"/);
    });

    it.each([
      [['report', 'Main', '--format', 'json'], 2],
      [['report', 'Main', '--json'], 2],
      [['report', 'Main', '--period', '2w'], 2],
      [['report', 'Main', '--from', '2024-03-01', '--to', '2024-01-01'], 2],
      [['report', 'Nope'], 4],
    ])('%j exits %i', async (args, code) => {
      const result = await run(...args);
      expect(result.code, result.stderr).toBe(code);
      // one line; under --json (or --format json) the JSON error object follows it on stderr
      const json = args.includes('--json') || args.join(' ').includes('--format json');
      expect(result.stderr.trim().split('\n')).toHaveLength(json ? 2 : 1);
      if (json) expect(JSON.parse(result.stderr.trim().split('\n')[1]!)).toMatchObject({ error: { code: expect.any(String) } });
    });
  });
});

async function setUpWorld(backend: (typeof BACKENDS)[number]): Promise<World> {
  const world = await createWorld(backend, { inProcess: true });
  const fixtures = join(world.home, 'fixtures');
  mkdirSync(fixtures);
  writeFileSync(join(fixtures, 'fx.csv'), FX + '\n');
  world.env.FOLIO_FIXTURES_DIR = fixtures;
  await registerUser(world, 'ann@example.com', 'Ann');
  const files = { 'prices.csv': PRICES, 'main.csv': MAIN, 'other.csv': OTHER };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(world.home, name), text + '\n');
  for (const args of [
    ['prices', 'import', join(world.home, 'prices.csv')],
    ['portfolio', 'add', 'Main', '--currency', 'USD', '--description', 'Main & Co <i>'],
    ['portfolio', 'add', 'Other', '--currency', 'USD'],
    ['tx', 'import', join(world.home, 'main.csv'), '--portfolio', 'Main'],
    ['tx', 'import', join(world.home, 'other.csv'), '--portfolio', 'Other'],
  ]) {
    const result = await world.folio(args);
    if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  }
  return world;
}

// ---- the HTML report in a real browser ---------------------------------------------------------

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`${CHROMIUM} is not installed: the browser check of the HTML report is skipped (apt-get install chromium).`);

describe.skipIf(!hasChromium)('the HTML report in headless Chromium', () => {
  let world: World;
  let file: string;

  beforeAll(async () => {
    world = await setUpWorld(BACKENDS[0]!);
    file = join(world.home, 'report.html');
    const result = await world.folio(['report', 'Main', '--format', 'html', '--to', '2024-02-01', '--output', file]);
    if (result.code !== 0) throw new Error(result.stderr);
  }, 60_000);

  afterAll(async () => {
    await world?.cleanup();
  });

  it('loads with no errors and no requests, draws the charts and shows the figures; screenshots at desktop and phone widths', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const shots = join(world.home, 'screenshots');
      mkdirSync(shots);
      const url = `file://${file}`;
      for (const [name, viewport] of [
        ['desktop', { width: 1280, height: 800 }],
        ['phone', { width: 390, height: 844 }],
      ] as const) {
        const page = await browser.newPage({ viewport });
        const errors: string[] = [];
        const requests: string[] = [];
        const failed: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(message.text());
        });
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('request', (request) => requests.push(request.url()));
        page.on('requestfailed', (request) => failed.push(request.url()));
        await page.goto(url, { waitUntil: 'load' });

        expect(errors, name).toEqual([]);
        expect(failed, name).toEqual([]);
        expect(requests, name).toEqual([url]); // the document itself, nothing else

        // Each chart has drawn shapes: paths with a real `d`, and a visible size.
        for (const id of ['chart-value', 'chart-drawdown', 'chart-allocation']) {
          const drawn = await page.$$eval(`#${id} svg path`, (paths) => paths.map((p) => (p.getAttribute('d') ?? '').length));
          expect(drawn.length, id).toBeGreaterThan(0);
          expect(Math.min(...drawn), id).toBeGreaterThan(10);
          const box = await page.locator(`#${id} svg`).boundingBox();
          expect(box!.width, id).toBeGreaterThan(100);
          expect(box!.height, id).toBeGreaterThan(50);
        }
        const cards = await page.locator('#summary-cards').innerText();
        expect(cards).toContain('594.00 USD');
        expect(cards).toContain('+78.00 USD');
        expect(cards).toContain('-0.63%');
        // The note shows as text, not as markup.
        expect(await page.locator('#transactions').innerText()).toContain('<script>alert("x")</script> & <b>bold</b>');
        expect(await page.locator('#transactions b').count()).toBe(0);
        // Nothing wider than the screen: wide tables scroll inside their box.
        const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
        expect(overflow, name).toBeLessThanOrEqual(0);

        const png = join(shots, `report-${name}.png`);
        await page.screenshot({ path: png, fullPage: true });
        expect(statSync(png).size, png).toBeGreaterThan(20_000);
        await page.close();
      }
      // Printing works too (print CSS): a PDF of a few pages.
      const page = await browser.newPage();
      await page.goto(url);
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.length).toBeGreaterThan(10_000);
      if (process.env.FOLIO_KEEP_SCREENSHOTS) {
        for (const f of readdirSync(shots)) writeFileSync(join(process.env.FOLIO_KEEP_SCREENSHOTS, f), readFileSync(join(shots, f)));
      }
    } finally {
      await browser.close();
    }
  }, 60_000);
});
