import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/io/report/markdown.js';
import { allocationChart, downsample, escapeHtml, ticks } from '../../src/io/report/svg.js';

describe('report rendering helpers', () => {
  it.each([
    ['<script>alert("x")</script>', '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'],
    ["Tom & Jerry's", 'Tom &amp; Jerry&#39;s'],
    ['plain', 'plain'],
  ])('escapeHtml(%j)', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });

  it.each([
    ['a | b', 'a \\| b'],
    ['<b>x</b>', '&lt;b&gt;x&lt;/b&gt;'],
    ['line\nbreak', 'line break'],
    ['*not bold*', '\\*not bold\\*'],
  ])('escapeMarkdown(%j)', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('ticks are round numbers covering the range', () => {
    expect(ticks(0, 1000)).toEqual([0, 250, 500, 750, 1000]); // step 1000/4 = 250
    // raw step 0.25/4 = 0.0625; of 0.01, 0.02, 0.025, 0.05, 0.1 the first ≥ it is 0.1; from ceil(−2.5) × 0.1 = −0.2
    expect(ticks(-0.25, 0)).toEqual([-0.2, -0.1, 0]);
    // A drawdown axis: raw step 0.3543/4 ≈ 0.089 → 0.1; −0.3, −0.2, −0.1 and exactly 0 at the top
    // (adding 0.1 to −0.1 in floating point gives −2.8e-17, which an axis would print as "-0%").
    const drawdown = ticks(-0.3543, 0);
    expect(drawdown).toEqual([-0.3, -0.2, -0.1, 0]);
    expect(Object.is(drawdown[3], 0)).toBe(true);
  });

  it('downsampling keeps the first, the last and the trough', () => {
    const points = Array.from({ length: 2000 }, (_, i) => ({ date: `d${String(i).padStart(4, '0')}`, value: i === 1234 ? -50 : i, drawdown: 0 }));
    const sampled = downsample(points, 'value', 100);
    expect(sampled.length).toBeLessThanOrEqual(202);
    expect(sampled[0]).toBe(points[0]);
    expect(sampled.at(-1)).toBe(points.at(-1));
    expect(sampled.some((p) => p.value === -50)).toBe(true);
    expect(sampled.map((p) => p.date)).toEqual([...sampled.map((p) => p.date)].sort());
  });

  it('a single 100% slice still draws a ring (two half-arcs), and labels are escaped', () => {
    const svg = allocationChart([{ label: '<AAPL>', value: 10 }], (share) => `${share * 100}%`);
    expect(svg).toContain('&lt;AAPL&gt; · 100%');
    expect(svg).not.toContain('<AAPL>');
    const d = /<path class="slice s0" d="([^"]+)"/.exec(svg)![1]!;
    expect(d.match(/A/g)).toHaveLength(4);
    expect(allocationChart([{ label: 'cash', value: -5 }], String)).toBe('');
  });
});
