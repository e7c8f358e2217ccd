import { FolioError } from '../../src/core/errors.js';

/** Runs `fn` and returns the FolioError it throws, so its kind (→ exit code) and message can be checked. */
export function thrown(fn: () => unknown): FolioError {
  try {
    fn();
  } catch (error) {
    if (error instanceof FolioError) return error;
    throw error;
  }
  throw new Error('expected a FolioError');
}

/** Awaits `promise` and returns the FolioError it rejects with. */
export async function rejected(promise: Promise<unknown>): Promise<FolioError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FolioError) return error;
    throw error;
  }
  throw new Error('expected a FolioError');
}
