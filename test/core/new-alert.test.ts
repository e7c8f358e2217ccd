import { describe, expect, it } from 'vitest';
import { checkAlertTarget, checkWatchablePortfolio, newAlert } from '../../src/core/alerts/new-alert.js';
import type { Portfolio } from '../../src/core/portfolios/types.js';
import { thrown } from '../helpers/errors.js';

/** Alert construction as a core function (issue 13): defaults, canonical thresholds, and the target rules. */
const NOW = new Date('2024-03-01T12:00:00.000Z');

describe('newAlert', () => {
  it('makes an armed alert with the canonical threshold and the type default severity', () => {
    const alert = newAlert({ userId: 'u1', type: 'drift', symbol: null, portfolioId: 'p1', threshold: ' 05.50 ' }, NOW);
    expect(alert).toMatchObject({
      userId: 'u1',
      type: 'drift',
      symbol: null,
      portfolioId: 'p1',
      threshold: '5.5', // " 05.50 " trimmed, leading and trailing zeros dropped
      severity: 'info', // a drift alert is informational unless told otherwise
      paused: false,
      state: 'armed',
      fireCount: 0,
      baseline: null,
      lastValue: null,
      lastFiredAt: null,
      lastCheckedAt: null,
      createdAt: '2024-03-01T12:00:00.000Z',
      updatedAt: '2024-03-01T12:00:00.000Z',
    });
    expect(newAlert({ userId: 'u1', type: 'move', symbol: 'AAPL', portfolioId: null, threshold: '3', severity: 'critical' }, NOW).severity).toBe('critical');
  });

  it('refuses a threshold that is not a positive decimal (exit 2)', () => {
    for (const threshold of ['0', '-1', 'abc', '']) {
      const error = thrown(() => newAlert({ userId: 'u1', type: 'price-above', symbol: 'AAPL', portfolioId: null, threshold }, NOW));
      expect([error.kind, error.message]).toEqual(['usage', '--threshold: expected a positive decimal number such as 5 or 187.5']);
    }
  });
});

describe('alert targets', () => {
  it('takes --symbol for a symbol alert and --portfolio for a portfolio alert', () => {
    expect(thrown(() => checkAlertTarget('price-below', { portfolio: 'Main' })).message).toBe('A price-below alert watches a symbol: use --symbol, not --portfolio.');
    expect(thrown(() => checkAlertTarget('drift', { symbol: 'AAPL' })).message).toBe('A drift alert watches a portfolio: use --portfolio, not --symbol.');
    expect(() => checkAlertTarget('move', { symbol: 'AAPL' })).not.toThrow();
    expect(() => checkAlertTarget('portfolio-change', { portfolio: 'Main' })).not.toThrow();
  });

  it('needs targets before a drift alert', () => {
    const portfolio = { id: 'p1', userId: 'u1', name: 'Main', baseCurrency: 'USD', description: null, targets: {}, createdAt: '', updatedAt: '' } as Portfolio;
    expect(thrown(() => checkWatchablePortfolio('drift', portfolio)).code).toBe('no_targets');
    expect(() => checkWatchablePortfolio('portfolio-change', portfolio)).not.toThrow();
    expect(() => checkWatchablePortfolio('drift', { ...portfolio, targets: { VTI: '100' } })).not.toThrow();
  });
});
