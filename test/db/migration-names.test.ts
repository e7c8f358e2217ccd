import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { MIGRATION_NAMES } from '../../migrations/names.js';

describe('migration names', () => {
  it('lists every migration of index.ts, in the same order (the start-up check reads only the names)', () => {
    expect([...MIGRATION_NAMES]).toEqual(Object.keys(migrations));
  });
});
