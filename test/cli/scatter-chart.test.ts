import { describe, expect, it } from 'vitest';
import { renderScatter } from '../../src/cli/scatter-chart.js';

describe('the terminal x–y chart', () => {
  it('draws a rising line corner to corner with the marks on top, labels on both axes', () => {
    // x and y from 0 to 1, padded by 4% each side: 0 lands on column 0 and row 4 (the bottom), 1 on column 4 and row 0,
    // 0.5 in the middle (column 2, row 2).
    const lines = renderScatter(
      [
        { points: [{ x: 0, y: 0 }, { x: 1, y: 1 }], glyph: '.', line: true },
        { points: [{ x: 0.5, y: 0.5 }], glyph: '@' },
      ],
      { width: 5, height: 5, xLabel: (v) => v.toFixed(2), yLabel: (v) => v.toFixed(2) },
    );
    // The axes are labelled with the padded limits, −0.04 and 1.04; labels never run together.
    expect(lines).toEqual([
      ' 1.04 ┤    .',
      '      ┤   . ',
      '      ┤  @  ',
      '      ┤ .   ',
      '-0.04 ┤.    ',
      '      └─────',
      '       -0.04 1.04',
    ]);
  });

  it('draws nothing without a finite point', () => {
    expect(renderScatter([{ points: [{ x: Number.NaN, y: 1 }], glyph: '.' }], { width: 5, height: 5, xLabel: String, yLabel: String })).toEqual([]);
  });
});
