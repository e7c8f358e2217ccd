import { describe, expect, it } from 'vitest';
import { newId, shortId } from '../../src/core/ids.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ids', () => {
  it('are UUIDv7: version 7, variant 10, the creation millisecond in the first 48 bits', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(id).toMatch(UUID_V7);
    const ms = Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after + 1); // +1: a counter overflow may borrow the next millisecond
  });

  it('sort by creation order, also many in one millisecond', () => {
    // 50,000 ids in a tight loop: hundreds share each millisecond, so the counter decides their order.
    const ids = Array.from({ length: 50_000 }, () => newId());
    const sameMillisecond = ids.filter((id, i) => i > 0 && id.slice(0, 13) === ids[i - 1]!.slice(0, 13)).length;
    expect(sameMillisecond).toBeGreaterThan(0);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shortId is the random tail of 12 hex digits', () => {
    expect(shortId('0190b5c2-7d3e-7abc-8def-0123456789ab')).toBe('0123456789ab');
  });
});
