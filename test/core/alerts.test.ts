import { describe, expect, it } from 'vitest';
import { evaluateAlert } from '../../src/core/alerts/evaluate.js';
import type { Alert, Observation } from '../../src/core/alerts/types.js';
import { composeDigest } from '../../src/core/notifications/digest.js';
import { alertKey, digestComparisonDate, digestKey, isoWeek } from '../../src/core/notifications/schedule.js';

const alert = (patch: Partial<Alert>): Alert => ({
  id: 'a1',
  userId: 'u1',
  type: 'price-above',
  symbol: 'AAA',
  portfolioId: null,
  threshold: '105',
  severity: 'warning',
  paused: false,
  state: 'armed',
  fireCount: 0,
  baseline: null,
  lastValue: null,
  lastFiredAt: null,
  lastCheckedAt: null,
  createdAt: '2024-03-01T00:00:00.000Z',
  updatedAt: '2024-03-01T00:00:00.000Z',
  ...patch,
});
const price = (close: string): Observation => ({ kind: 'price', symbol: 'AAA', date: '2024-03-15', close, currency: 'USD' });
const move = (close: string, previousClose: string): Observation => ({
  kind: 'move',
  symbol: 'AAA',
  date: '2024-03-15',
  close,
  previousDate: '2024-03-14',
  previousClose,
  currency: 'USD',
});

/** Runs a sequence of observations through an alert, carrying its state like `notify run` does; the firings. */
function fireSequence(start: Alert, observations: Observation[]): boolean[] {
  let current = start;
  return observations.map((observation) => {
    const decision = evaluateAlert(current, observation);
    current = { ...current, state: decision.state, baseline: decision.baseline, fireCount: current.fireCount + (decision.fire ? 1 : 0) };
    return decision.fire;
  });
}

describe('alert evaluation', () => {
  it.each([
    // price-above 105: 100 no · 105 fires (≥) · 110 still above: no · 104 clears (re-arms) · 106 fires again
    ['price-above', '105', ['100', '105', '110', '104', '106'], [false, true, false, false, true]],
    // price-below 95: 100 no · 95 fires (≤) · 90 no · 96 clears · 94 fires
    ['price-below', '95', ['100', '95', '90', '96', '94'], [false, true, false, false, true]],
  ] as const)('%s %s fires once per crossing and re-arms when it clears', (type, threshold, closes, fired) => {
    expect(fireSequence(alert({ type, threshold }), closes.map(price))).toEqual(fired);
  });

  it('says what crossed, with the key figures', () => {
    const decision = evaluateAlert(alert({}), price('110'));
    expect(decision).toMatchObject({ fire: true, state: 'fired', lastValue: '110' });
    expect(decision.message!.subject).toBe('AAA closed at 110 USD, above 105');
    expect(decision.message!.figures).toContainEqual({ label: 'Close', value: '110 USD' });
  });

  it('fires a move alert beyond ±X% either way', () => {
    const moveAlert = alert({ type: 'move', threshold: '5' });
    // 110/100 − 1 = +10% ≥ 5 · 108/110 − 1 = −1.82% clears · 95/108 − 1 = −12.04% fires · 100/95 − 1 = +5.26%: still fired
    expect(fireSequence(moveAlert, [move('110', '100'), move('108', '110'), move('95', '108'), move('100', '95')])).toEqual([true, false, true, false]);
    expect(evaluateAlert(moveAlert, move('95', '108')).message!.subject).toBe('AAA moved -12.04% on 2024-03-15');
    // exactly 5%: 105/100 − 1 = 0.05 → fires (beyond or at the level)
    expect(evaluateAlert(moveAlert, move('105', '100')).fire).toBe(true);
  });

  it('measures portfolio change from the last update, and moves the baseline when it fires', () => {
    const value = (v: string): Observation => ({ kind: 'portfolio', portfolio: 'P', date: '2024-03-15', value: v, currency: 'USD' });
    const changeAlert = alert({ type: 'portfolio-change', symbol: null, portfolioId: 'p1', threshold: '5' });
    const first = evaluateAlert(changeAlert, value('1000'));
    expect(first).toMatchObject({ fire: false, baseline: '1000' }); // the first look sets the baseline
    // 1040/1000 − 1 = +4%: no, baseline stays 1000
    expect(evaluateAlert({ ...changeAlert, baseline: '1000' }, value('1040'))).toMatchObject({ fire: false, baseline: '1000' });
    // 1060/1000 − 1 = +6%: fires, baseline → 1060
    const fired = evaluateAlert({ ...changeAlert, baseline: '1000' }, value('1060'));
    expect(fired).toMatchObject({ fire: true, baseline: '1060', state: 'armed' });
    expect(fired.message!.subject).toBe('P +6.00%: now 1060 USD');
    // from 1060, 1000 is 1000/1060 − 1 = −5.66%: fires again
    expect(evaluateAlert({ ...changeAlert, baseline: '1060' }, value('1000')).fire).toBe(true);
  });

  it('fires a drift alert at X percentage points and re-arms below', () => {
    const drift = (d: number): Observation => ({ kind: 'drift', portfolio: 'D', date: '2024-03-15', key: 'AAA', drift: d, weight: 0.5 + d, target: 0.5 });
    const driftAlert = alert({ type: 'drift', symbol: null, portfolioId: 'p1', threshold: '2' });
    // +2.38 pp fires · +2.1 pp still fired · +1.92 pp re-arms · −2.5 pp fires
    expect(fireSequence(driftAlert, [drift(0.0238), drift(0.021), drift(0.0192), drift(-0.025)])).toEqual([true, false, false, true]);
  });
});

describe('digest schedule and dedupe keys', () => {
  it.each([
    ['2024-03-15', '2024-W11'], // a Friday
    ['2024-03-17', '2024-W11'], // Sunday ends the ISO week
    ['2024-03-18', '2024-W12'], // Monday starts the next
    ['2021-01-03', '2020-W53'], // early January can belong to the previous year's last week
    ['2024-12-30', '2025-W01'], // late December can belong to the next year's first week
  ])('%s is in ISO week %s', (date, week) => {
    expect(isoWeek(date)).toBe(week);
  });

  it('makes one digest key per day or per week', () => {
    expect(digestKey('u1', 'daily', '2024-03-15')).toBe('digest:u1:daily:2024-03-15');
    expect(digestKey('u1', 'weekly', '2024-03-15')).toBe(digestKey('u1', 'weekly', '2024-03-17'));
    expect(digestKey('u1', 'weekly', '2024-03-18')).not.toBe(digestKey('u1', 'weekly', '2024-03-17'));
    expect(digestComparisonDate('daily', '2024-03-01')).toBe('2024-02-29');
    expect(digestComparisonDate('weekly', '2024-03-18')).toBe('2024-03-11');
    expect(alertKey('a1', 3)).toBe('alert:a1:3');
  });

  it('composes the digest with each change', () => {
    const digest = composeDigest('daily', '2024-03-15', '2024-03-14', [
      { portfolio: 'Main', currency: 'USD', value: '1100', previousValue: '1000' }, // +100, 100/1000 = +10.00%
      { portfolio: 'Euro', currency: 'EUR', value: '950', previousValue: '1000' }, // −50, −5.00%
      { portfolio: 'Odd', currency: 'USD', value: null, previousValue: null, error: 'No prices for ZZZ' },
    ]);
    expect(digest.subject).toBe('Daily portfolio update for 2024-03-15');
    expect(digest.figures).toEqual([
      { label: 'Main', value: '1100 USD, +100 USD (+10.00%) since 2024-03-14' },
      { label: 'Euro', value: '950 EUR, -50 EUR (-5.00%) since 2024-03-14' },
      { label: 'Odd', value: 'not valued (No prices for ZZZ)' },
    ]);
  });
});
