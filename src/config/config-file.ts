import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { usageError } from '../core/errors.js';

const ConfigFileSchema = z
  .object({
    database: z.string().min(1).optional(),
  })
  .strict();

export type ConfigFile = z.infer<typeof ConfigFileSchema>;

/** Reads `config.json`; a missing file is an empty config, a malformed one a usage error. */
export function readConfigFile(path: string): ConfigFile {
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
  const parsed = ConfigFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw usageError(`${path}: ${issue.path.join('.') || 'file'}: ${issue.message}`, 'bad_config');
  }
  return parsed.data;
}
