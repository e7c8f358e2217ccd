import type { LoginAttempt } from './types.js';

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

/** How far back `lockedUntil` needs to look: the whole window plus the lock after it. */
export const THROTTLE_LOOKBACK_MS = FAILURE_WINDOW_MS + LOCK_MS;

/**
 * Five failed logins within fifteen minutes (with no success in between) lock the email for
 * fifteen minutes after the fifth failure. Attempts come newest first. Returns the end of the
 * lock, or null when logging in is allowed.
 */
export function lockedUntil(attempts: LoginAttempt[], now: Date): Date | null {
  const failures: number[] = [];
  for (const attempt of attempts) {
    if (attempt.succeeded) break;
    failures.push(Date.parse(attempt.attemptedAt));
    if (failures.length === MAX_FAILURES) break;
  }
  if (failures.length < MAX_FAILURES) return null;
  const newest = failures[0]!;
  const oldest = failures[MAX_FAILURES - 1]!;
  if (newest - oldest > FAILURE_WINDOW_MS) return null;
  const until = newest + LOCK_MS;
  return until > now.getTime() ? new Date(until) : null;
}
