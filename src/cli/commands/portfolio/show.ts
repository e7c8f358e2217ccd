import { displayRef } from '../../../core/portfolios/access.js';
import type { CliContext } from '../../context.js';
import { renderFields, renderTable } from '../../../io/text/render.js';
import { openPortfolio, portfolioService } from '../../portfolio-ref.js';
import type { PortfolioRefOptions } from './portfolio.command.js';
import { memberJson, portfolioJson } from './view.js';

export async function runPortfolioShow(ctx: CliContext, options: PortfolioRefOptions): Promise<void> {
  const grant = await openPortfolio(ctx, options.portfolio, 'read');
  const members = await (await portfolioService(ctx)).members(grant);
  if (ctx.format() === 'json') return ctx.json({ ...portfolioJson(grant), members: members.map(memberJson) });

  const style = await ctx.style();
  const { portfolio } = grant;
  const fields: Array<[string, string]> = [
    ['Name', portfolio.name],
    ['Owner', grant.role === 'owner' ? `${grant.ownerEmail} ${style.paint.muted('(you)')}` : grant.ownerEmail],
  ];
  if (grant.role !== 'owner') fields.push(['Your role', `${grant.role} (shared with you; open it as ${displayRef(grant)})`]);
  fields.push(
    ['Currency', portfolio.baseCurrency],
    ['Description', portfolio.description ?? style.paint.muted('none')],
    ['Id', portfolio.id],
    ['Created', style.date(portfolio.createdAt.slice(0, 10))],
    ['Updated', style.date(portfolio.updatedAt.slice(0, 10))],
  );
  let text = renderFields(style, fields);

  const targets = Object.entries(portfolio.targets);
  text += `\n${style.paint.heading('Targets')}\n`;
  text += targets.length
    ? await renderTable(style, ['SYMBOL', 'TARGET %'], targets.map(([symbol, weight]) => [symbol, weight]), ['left', 'right'])
    : `${style.paint.muted('none')}\n`;

  text += `\n${style.paint.heading('Shared with')}\n`;
  text += members.length
    ? await renderTable(
        style,
        ['EMAIL', 'NAME', 'ROLE', 'SINCE'],
        members.map((m) => [m.email, m.name, m.role, style.date(m.createdAt.slice(0, 10))]),
      )
    : `${style.paint.muted('nobody')}\n`;
  await ctx.out(text);
}
