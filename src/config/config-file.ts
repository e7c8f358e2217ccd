import { readFileSync } from 'node:fs';
import { usageError } from '../core/errors.js';

/** `config.json`: `{ "database": "…" }`, nothing else. */
export interface ConfigFile {
  database?: string;
}

/** Reads `config.json`; a missing file is an empty config, a malformed one a usage error. */
export async function readConfigFile(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw usageError(`${path} is not valid JSON.`, 'bad_config');
  }
  // Every command reads this file at start-up: a well-formed one is taken without loading zod,
  // which is loaded only to word what is wrong with any other.
  if (isWellFormed(raw)) return raw.database === undefined ? {} : { database: raw.database };
  const z = await import('zod');
  const parsed = z.object({ database: z.string().min(1).optional() }).strict().safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw usageError(`${path}: ${issue.path.join('.') || 'file'}: ${issue.message}`, 'bad_config');
  }
  return parsed.data;
}

/** What the schema above accepts: an object with at most a non-empty `database` string. */
function isWellFormed(raw: unknown): raw is ConfigFile {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const keys = Object.keys(raw);
  if (keys.some((key) => key !== 'database')) return false;
  const { database } = raw as { database?: unknown };
  return !keys.includes('database') || (typeof database === 'string' && database.length > 0);
}
