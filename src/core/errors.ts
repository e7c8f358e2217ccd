/**
 * The one error type of folio. `cli/main.ts` maps each kind to an exit code (DESIGN.md):
 * usage 2 · auth 3 · notFound 4 · conflict 5 · unavailable 6 · cancelled 130 · anything else 1.
 */
export type ErrorKind = 'usage' | 'auth' | 'notFound' | 'conflict' | 'unavailable' | 'cancelled';

export class FolioError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly code: string = kind,
    /** Structured detail for `--json` error output (e.g. every bad row of an import). */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'FolioError';
  }
}

export const usageError = (message: string, code = 'usage', details?: unknown) =>
  new FolioError('usage', message, code, details);
export const authError = (message: string, code = 'auth') => new FolioError('auth', message, code);
export const notFoundError = (message: string, code = 'not_found') => new FolioError('notFound', message, code);
export const conflictError = (message: string, code = 'conflict') => new FolioError('conflict', message, code);
export const unavailableError = (message: string, code = 'unavailable') =>
  new FolioError('unavailable', message, code);
export const cancelledError = (message = 'Cancelled.') => new FolioError('cancelled', message, 'cancelled');

export const notSignedIn = () => authError('Not signed in: run `folio login` (or set FOLIO_TOKEN).', 'not_signed_in');
