import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;
let pool = Buffer.alloc(0);
let poolOffset = 0;

function random(bytes: number): Buffer {
  if (poolOffset + bytes > pool.length) {
    pool = randomBytes(8192);
    poolOffset = 0;
  }
  const slice = pool.subarray(poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return slice;
}

/**
 * A UUIDv7 (RFC 9562): a millisecond timestamp, a 12-bit counter that keeps ids made in the same
 * millisecond in order, then random bits. Ids sort by creation time, so a million-row import
 * appends to the primary-key index instead of scattering writes across it.
 */
export function newId(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else if (++counter > 0xfff) {
    lastMs += 1; // more than 4096 ids in one millisecond: borrow from the next one
    counter = 0;
  }
  const bytes = Buffer.allocUnsafe(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  random(8).copy(bytes, 8);
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The random tail people see and type instead of the whole id (its head is only a timestamp). */
export const SHORT_ID_LENGTH = 12;
export const shortId = (id: string) => id.slice(-SHORT_ID_LENGTH);
