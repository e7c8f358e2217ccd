import { readSessionFile, removeSessionFile } from '../../../config/session-file.js';
import type { CliContext } from '../../context.js';

export async function runLogout(ctx: CliContext): Promise<void> {
  const saved = readSessionFile(ctx.paths.sessionFile);
  if (!saved) {
    ctx.info('Not signed in.');
    return;
  }
  // The local file goes even when the database cannot be reached; the server-side session then expires on its own.
  try {
    await (await ctx.accounts()).logout(saved.token);
  } finally {
    removeSessionFile(ctx.paths.sessionFile);
  }
  ctx.info(`Signed out ${saved.email}.`);
}
