import { parseDuration } from '../../../core/dates.js';
import { usageError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import type { TokenCreateOptions } from './token.command.js';
import { millisecondsInDay } from 'date-fns/constants';

/** 100 years: beyond it an expiry date overflows what a date can hold (99999999y would). */
const MAX_LIFETIME_MS = 100 * 366 * millisecondsInDay;

function lifetime(text: string): number | null {
  if (text === 'never') return null;
  const ms = parseDuration(text);
  if (ms === null) throw usageError(`--expires: "${text}" is not a duration such as 30d, 12w, 6m, 1y or never.`);
  if (ms > MAX_LIFETIME_MS) throw usageError(`--expires: "${text}" is too long: at most 100y, or never.`);
  return ms;
}

export async function runTokenCreate(ctx: CliContext, options: TokenCreateOptions): Promise<void> {
  const ttl = lifetime(options.expires);
  const label = await ctx.need(options.label, '--label', (p) =>
    p.input('What is this token for?', { validate: (v) => (v.trim() ? true : 'Give it a label') }),
  );
  const user = await ctx.requireUser();
  const token = await (await ctx.accounts()).createToken(user, label.trim(), ttl);

  if (ctx.format() === 'json') {
    return ctx.json({ id: token.id, label: token.label, token: token.secret, expiresAt: token.expiresAt });
  }
  await ctx.out(`${token.secret}\n`);
  ctx.info(
    `Created token "${token.label}" (${token.id}), ${token.expiresAt ? `expires ${token.expiresAt}` : 'never expires'}.\n` +
      'Copy it now: it is not shown again. Use it as FOLIO_TOKEN=… folio …',
  );
}
