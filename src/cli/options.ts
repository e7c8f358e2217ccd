import type { z } from 'zod';
import { usageError } from '../core/errors.js';

export interface CommandInput {
  /** Positional arguments, in declaration order. */
  args: unknown[];
  /** Commander's parsed options (camelCase keys). */
  opts: Record<string, unknown>;
}

const toFlag = (key: string) => '--' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** Validates a command's flags with zod; a failure is a usage error that names the flag. */
export function parseOptions<T extends z.ZodType>(schema: T, opts: Record<string, unknown>): z.infer<T> {
  const parsed = schema.safeParse(opts);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = issue.path[0];
  const where = typeof key === 'string' ? `${toFlag(key)}: ` : '';
  throw usageError(`${where}${issue.message}`, 'bad_flag');
}
