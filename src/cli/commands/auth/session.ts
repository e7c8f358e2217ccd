import type { IssuedSecret } from '../../../core/accounts/accounts.js';
import type { User } from '../../../core/accounts/types.js';
import { writeSessionFile } from '../../../config/session-file.js';
import type { CliContext } from '../../context.js';

/** Saves a new session for this database in `session.json` (mode 0600). */
export async function saveSession(ctx: CliContext, user: User, session: IssuedSecret): Promise<void> {
  const { description } = await ctx.db();
  writeSessionFile(ctx.paths.sessionFile, {
    token: session.secret,
    email: user.email,
    database: description,
    createdAt: ctx.clock.now().toISOString(),
  });
}
