import { displayRef } from '../../../core/portfolios/access.js';
import type { CliContext } from '../../context.js';
import { renderRows } from '../../output.js';
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
    // Shared portfolios are listed under the name that opens them: owner@example.com/NAME.
    ref: displayRef(grant),
  }));
  const owned = (row: (typeof rows)[number]) => row.role === 'owner';
  await renderRows(ctx, {
    columns: [
      { key: 'name', header: 'NAME', cell: (r, style) => (owned(r) ? r.name : style.paint.accent(r.ref)) },
      { key: 'currency', header: 'CURRENCY' },
      { key: 'role', header: 'ROLE', cell: (r) => (owned(r) ? 'owner' : `${r.role} (shared)`) },
      { key: 'owner', header: 'OWNER', cell: (r, style) => (owned(r) ? style.paint.muted('you') : r.owner) },
      { key: 'id', header: 'ID' },
    ],
    rows,
    json: ({ ref: _ref, ...row }) => row,
    csv: { keys: ['id', 'name', 'currency', 'owner', 'role'] },
    empty: 'No portfolios yet. Create one with `folio portfolio add NAME`.',
  });
}
