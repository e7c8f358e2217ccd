import type { CliContext } from '../../context.js';
import { renderRecord } from '../../output.js';

export async function runProfileShow(ctx: CliContext): Promise<void> {
  const user = await ctx.requireUser();
  const profile = { id: user.id, email: user.email, name: user.name, createdAt: user.createdAt, updatedAt: user.updatedAt };
  await renderRecord(ctx, {
    fields: [
      { key: 'name', header: 'Name' },
      { key: 'email', header: 'Email' },
      { key: 'id', header: 'Id' },
      { key: 'createdAt', header: 'Member since', kind: 'date' },
      ...(ctx.format() === 'csv' ? [{ key: 'updatedAt' as const, header: 'Updated' }] : []),
    ],
    value: profile,
  });
}
