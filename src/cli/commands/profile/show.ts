import type { CliContext } from '../../context.js';
import { renderFields } from '../../render.js';

export async function runProfileShow(ctx: CliContext): Promise<void> {
  const user = await ctx.requireUser();
  const profile = { id: user.id, email: user.email, name: user.name, createdAt: user.createdAt, updatedAt: user.updatedAt };
  if (ctx.format() === 'json') return ctx.json(profile);
  const style = await ctx.style();
  await ctx.out(
    renderFields(style, [
      ['Name', profile.name],
      ['Email', profile.email],
      ['Id', profile.id],
      ['Member since', style.date(profile.createdAt.slice(0, 10))],
    ]),
  );
}
