import { displayRef } from '../../../core/portfolios/access.js';
import type { CliContext } from '../../context.js';
import { writeCsv } from '../../csv.js';
import { renderTable } from '../../render.js';
import { portfolioService } from '../../portfolio-ref.js';

export async function runPortfolioList(ctx: CliContext): Promise<void> {
  const user = await ctx.requireUser();
  const grants = await (await portfolioService(ctx)).list(user);
  const rows = grants.map((grant) => ({
    id: grant.portfolio.id,
    name: grant.portfolio.name,
    currency: grant.portfolio.baseCurrency,
    owner: grant.ownerEmail,
    role: grant.role,
  }));
  const format = ctx.format();
  if (format === 'json') return ctx.json(rows);
  if (format === 'csv') return writeCsv(ctx, ['id', 'name', 'currency', 'owner', 'role'], rows);
  if (rows.length === 0) {
    ctx.info('No portfolios yet. Create one with `folio portfolio add NAME`.');
    return;
  }
  const style = await ctx.style();
  // Shared portfolios are listed under the name that opens them: owner@example.com/NAME.
  const table = grants.map((grant) => [
    grant.role === 'owner' ? grant.portfolio.name : style.paint.accent(displayRef(grant)),
    grant.portfolio.baseCurrency,
    grant.role === 'owner' ? 'owner' : `${grant.role} (shared)`,
    grant.role === 'owner' ? style.paint.muted('you') : grant.ownerEmail,
    grant.portfolio.id,
  ]);
  await ctx.out(await renderTable(style, ['NAME', 'CURRENCY', 'ROLE', 'OWNER', 'ID'], table));
}
