import { describe, expect, it } from 'vitest';
import type { LoginAttempt } from '../../src/core/accounts/types.js';
import { FAILURE_WINDOW_MS, LOCK_MS, lockedUntil, MAX_FAILURES, THROTTLE_LOOKBACK_MS } from '../../src/core/accounts/throttle.js';

const T0 = Date.parse('2024-03-01T12:00:00.000Z');
const MINUTE = 60_000;
/** An instant `minutes` after T0 (fractions allowed). */
const at = (minutes: number) => new Date(T0 + minutes * MINUTE);

/** Attempts given oldest first, as people think of them; the repository hands them over newest first. */
function attempts(...list: Array<[minutes: number, outcome: 'fail' | 'ok']>): LoginAttempt[] {
  return list
    .map(([minutes, outcome]) => ({ attemptedAt: at(minutes).toISOString(), succeeded: outcome === 'ok' }))
    .reverse();
}

const fails = (...minutes: number[]) => attempts(...minutes.map((m): [number, 'fail'] => [m, 'fail']));

describe('throttle constants', () => {
  it('are five failures in fifteen minutes, then a fifteen-minute lock', () => {
    expect(MAX_FAILURES).toBe(5);
    expect(FAILURE_WINDOW_MS).toBe(15 * MINUTE);
    expect(LOCK_MS).toBe(15 * MINUTE);
    // the lookback must reach the oldest failure of a lock that is still running: 15 + 15 minutes
    expect(THROTTLE_LOOKBACK_MS).toBe(30 * MINUTE);
  });
});

describe('lockedUntil', () => {
  it.each([
    { name: 'no attempts at all', list: [], now: 0, until: null },
    { name: 'four failures', list: fails(0, 1, 2, 3), now: 4, until: null },
    // newest failure at 4 → locked until 4 + 15 = 19
    { name: 'five failures in four minutes', list: fails(0, 1, 2, 3, 4), now: 4, until: 19 },
    { name: 'five failures, a minute before the lock ends', list: fails(0, 1, 2, 3, 4), now: 18, until: 19 },
    { name: 'five failures, a millisecond before the lock ends', list: fails(0, 1, 2, 3, 4), now: 19 - 1 / MINUTE, until: 19 },
    { name: 'five failures, the lock has just ended', list: fails(0, 1, 2, 3, 4), now: 19, until: null },
    { name: 'five failures, long after the lock', list: fails(0, 1, 2, 3, 4), now: 60, until: null },
    // window edge: newest − oldest = 15 minutes exactly still counts → locked until 15 + 15 = 30
    { name: 'five failures spread over exactly fifteen minutes', list: fails(0, 5, 10, 12, 15), now: 16, until: 30 },
    // 15.5 − 0 = 15.5 minutes > 15: too slow to lock
    { name: 'five failures spread over fifteen and a half minutes', list: fails(0, 5, 10, 12, 15.5), now: 16, until: null },
    // only the newest five count: 1..5 span 4 minutes → locked until 5 + 15 = 20
    { name: 'six failures, the newest five close together', list: fails(-40, 1, 2, 3, 4, 5), now: 6, until: 20 },
    // a success after four failures resets the count: only 3 failures since it
    { name: 'a success resets the count', list: attempts([0, 'fail'], [1, 'fail'], [2, 'fail'], [3, 'fail'], [4, 'ok'], [5, 'fail'], [6, 'fail'], [7, 'fail']), now: 8, until: null },
    // ... and five failures after the success lock again: newest at 9 → until 24
    { name: 'five failures after a success', list: attempts([0, 'fail'], [4, 'ok'], [5, 'fail'], [6, 'fail'], [7, 'fail'], [8, 'fail'], [9, 'fail']), now: 10, until: 24 },
    // a success (after the lock ended) resets: only the one failure at 21 counts
    { name: 'a success after the lock ended', list: attempts([0, 'fail'], [1, 'fail'], [2, 'fail'], [3, 'fail'], [4, 'fail'], [20, 'ok'], [21, 'fail']), now: 22, until: null },
    // after the lock ended one more failure: the newest five are 1,2,3,4,21 → 20 minutes apart, no new lock
    { name: 'one failure after the lock ended', list: fails(0, 1, 2, 3, 4, 21), now: 22, until: null },
    // five fresh failures after an old lock lock again: 20..24 → until 39
    { name: 'a second burst after the lock ended', list: fails(0, 1, 2, 3, 4, 20, 21, 22, 23, 24), now: 25, until: 39 },
  ])('$name', ({ list, now, until }) => {
    const result = lockedUntil(list, at(now));
    expect(result?.toISOString() ?? null).toBe(until === null ? null : at(until).toISOString());
  });
});
