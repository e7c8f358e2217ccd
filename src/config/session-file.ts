import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** `session.json`. Checked by hand, not with zod: every signed-in command reads it at start-up. */
export interface SessionFile {
  token: string;
  email: string;
  database: string;
  createdAt: string;
}

/** The four fields, each a string and the token not empty; any other keys are dropped. */
function asSessionFile(value: unknown): SessionFile | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { token, email, database, createdAt } = value as Record<string, unknown>;
  if (typeof token !== 'string' || token.length === 0) return null;
  if (typeof email !== 'string' || typeof database !== 'string' || typeof createdAt !== 'string') return null;
  return { token, email, database, createdAt };
}

/** The saved session, or null when there is none (a damaged file counts as none). */
export function readSessionFile(path: string): SessionFile | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    return asSessionFile(JSON.parse(text));
  } catch {
    return null;
  }
}

/** Written with mode 0600 from the first byte: the file holds a bearer secret. */
export function writeSessionFile(path: string, session: SessionFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  rmSync(path, { force: true });
  writeFileSync(path, JSON.stringify(session, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}

export function removeSessionFile(path: string): void {
  rmSync(path, { force: true });
}
