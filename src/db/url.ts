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
