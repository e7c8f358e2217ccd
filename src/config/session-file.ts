import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';

const SessionFileSchema = z.object({
  token: z.string().min(1),
  email: z.string(),
  database: z.string(),
  createdAt: z.string(),
});

export type SessionFile = z.infer<typeof SessionFileSchema>;

/** The saved session, or null when there is none (a damaged file counts as none). */
export function readSessionFile(path: string): SessionFile | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = SessionFileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
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
