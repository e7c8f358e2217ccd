import { resolve } from 'node:path';
import { usageError } from '../core/errors.js';

export type DatabaseTarget =
  | { dialect: 'sqlite'; path: string }
  | { dialect: 'postgres'; url: string };

/** `postgres://` / `postgresql://` select Postgres; `sqlite:PATH` or a plain path selects SQLite. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const value = url.trim();
  if (/^postgres(ql)?:\/\//i.test(value)) return { dialect: 'postgres', url: value };
  if (/^sqlite:/i.test(value)) {
    const path = value.replace(/^sqlite:(\/\/)?/i, '');
    if (!path) throw usageError('A sqlite: URL needs a file path, e.g. sqlite:/home/me/folio.db');
    return { dialect: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw usageError(`Unsupported database URL scheme in "${redactUrl(value)}": use postgres://, postgresql:// or sqlite:PATH.`);
  }
  return { dialect: 'sqlite', path: resolve(value) };
}

/** Hides the password of a connection string, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

export function describeTarget(target: DatabaseTarget): string {
  return target.dialect === 'sqlite' ? `sqlite:${target.path}` : redactUrl(target.url);
}

/**
 * The pg pool options for a connection string. libpq's `sslmode` (Neon documents `?sslmode=require`)
 * is turned into pg's own `ssl` option here: pg would read it too, but prints a multi-line security
 * warning on every command for `require`. The meaning is the one pg gives it today: `require`,
 * `prefer`, `verify-ca` and `verify-full` encrypt and verify the server's certificate; `disable` and
 * `allow` connect in clear. Anything with certificate files (`sslrootcert`, …) is left to pg.
 */
export function postgresPoolOptions(url: string): { connectionString: string; ssl?: boolean | object } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { connectionString: url };
  }
  const mode = parsed.searchParams.get('sslmode');
  const certificates = ['sslrootcert', 'sslcert', 'sslkey'].some((key) => parsed.searchParams.has(key));
  if (!mode || certificates) return { connectionString: url };
  parsed.searchParams.delete('sslmode');
  const ssl = mode === 'disable' || mode === 'allow' ? false : {};
  return { connectionString: parsed.toString(), ssl };
}
