import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/**
 * UUIDv7 (RFC 9562) laid out and formatted by the `uuid` package: a millisecond timestamp, a
 * 32-bit counter seeded with 31 random bits each millisecond and stepped within it (so ids made
 * in one millisecond stay in order; on overflow the timestamp moves on), then random bits. Ids sort by
 * creation time, so a million-row import appends to the primary-key index instead of scattering
 * writes across it.
 *
 * Why not plain `v7()`: it asks `crypto.getRandomValues` for 16 bytes per id, 4× slower than the
 * generator this replaced (0.4 M against 1.6 M ids/s). Random bytes come from a pool filled 8 KiB
 * at a time instead; the clock and counter below are `uuid`'s own rule (`updateV7State`), which
 * its options API leaves to the caller once the random bytes are ours. 2.7 M ids/s.
 */
const pool = new Uint8Array(16 * 512);
let poolOffset = pool.length;
let msecs = -Infinity;
let seq = 0;

function randomBytes16(): Uint8Array {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  return pool.subarray(poolOffset, (poolOffset += 16));
}

export function newId(): string {
  const random = randomBytes16();
  const now = Date.now();
  if (now > msecs) {
    msecs = now;
    seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
  } else if ((seq = (seq + 1) | 0) === 0) {
    msecs++; // 2^31 ids in one millisecond: borrow the next one
  }
  return v7({ random, msecs, seq });
}

/** The random tail people see and type instead of the whole id (its head is only a timestamp). */
export const SHORT_ID_LENGTH = 12;
export const shortId = (id: string) => id.slice(-SHORT_ID_LENGTH);
