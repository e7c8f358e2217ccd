import type { PortfolioAccessGrant, PortfolioMember } from '../../../core/portfolios/types.js';

/** The JSON shape of one portfolio (`portfolio show`, `add`, `rename`, `set-targets`): stable camelCase keys. */
export function portfolioJson(grant: PortfolioAccessGrant) {
  const { portfolio } = grant;
  return {
    id: portfolio.id,
    name: portfolio.name,
    currency: portfolio.baseCurrency,
    description: portfolio.description,
    owner: grant.ownerEmail,
    role: grant.role,
    targets: portfolio.targets,
    createdAt: portfolio.createdAt,
    updatedAt: portfolio.updatedAt,
  };
}

export function memberJson(member: PortfolioMember) {
  return { email: member.email, name: member.name, role: member.role, since: member.createdAt };
}

/** `AAPL 40%, VTI 60%` for messages. */
export function describeTargets(targets: Record<string, string>): string {
  return Object.entries(targets)
    .map(([symbol, weight]) => `${symbol} ${weight}%`)
    .join(', ');
}
