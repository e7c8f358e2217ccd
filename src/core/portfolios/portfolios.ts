import { normalizeEmail } from '../accounts/accounts.js';
import { newId } from '../ids.js';
import type { User } from '../accounts/types.js';
import { conflictError, notFoundError, usageError } from '../errors.js';
import type { Clock, PortfolioRepository, UserRepository } from '../ports.js';
import { displayRef, noSuchPortfolio, parsePortfolioRef, requireAccess } from './access.js';
import type { MemberRole, Portfolio, PortfolioAccess, PortfolioAccessGrant, PortfolioMember } from './types.js';

export interface PortfolioDeps {
  portfolios: PortfolioRepository;
  users: UserRepository;
  clock: Clock;
}

export interface NewPortfolio {
  name: string;
  baseCurrency: string;
  description: string | null;
  targets: Record<string, string>;
}

export type ShareOutcome = 'added' | 'changed' | 'unchanged';

export type Portfolios = ReturnType<typeof createPortfolios>;

/**
 * Portfolios and sharing. Inputs arrive validated (names, currencies and targets through
 * names.ts and targets.ts); this service decides who may see and change what.
 */
export function createPortfolios(deps: PortfolioDeps) {
  const { portfolios, users, clock } = deps;
  const nowIso = () => clock.now().toISOString();

  /** Only owners create and rename, so a taken name is always the signed-in user's own. */
  async function ensureNameFree(ownerId: string, name: string): Promise<void> {
    if (await portfolios.findVisible(ownerId, { ownerId, name })) {
      throw conflictError(`You already have a portfolio named "${name}".`, 'portfolio_exists');
    }
  }

  /**
   * Resolves `ref` (the user's own portfolio name, a portfolio id, or `owner@example.com/NAME`) to a
   * portfolio the user may `access`: not visible → not found (exit 4); visible but not allowed → exit 3.
   * An own name wins over an id that happens to be spelled the same.
   */
  async function open(user: User, ref: string, access: PortfolioAccess): Promise<PortfolioAccessGrant> {
    const parsed = parsePortfolioRef(ref);
    let grant: PortfolioAccessGrant | undefined;
    if (parsed.kind === 'owned') {
      if (parsed.name !== '') grant = await portfolios.findVisible(user.id, { ownerEmail: parsed.owner, name: parsed.name });
    } else if (parsed.text !== '') {
      grant =
        (await portfolios.findVisible(user.id, { ownerId: user.id, name: parsed.text })) ??
        (await portfolios.findVisible(user.id, { id: parsed.text }));
    }
    if (!grant) throw noSuchPortfolio(ref.trim());
    return requireAccess(grant, access);
  }

  return {
    open,

    /** The user's own portfolios (by name), then those shared with them (by owner, then name). */
    list(user: User): Promise<PortfolioAccessGrant[]> {
      return portfolios.listVisible(user.id);
    },

    async create(user: User, input: NewPortfolio): Promise<Portfolio> {
      await ensureNameFree(user.id, input.name);
      const now = nowIso();
      const portfolio: Portfolio = { id: newId(), userId: user.id, ...input, createdAt: now, updatedAt: now };
      await portfolios.insert(portfolio);
      return portfolio;
    },

    async rename(grant: PortfolioAccessGrant, newName: string): Promise<Portfolio> {
      const { portfolio } = requireAccess(grant, 'manage');
      if (newName === portfolio.name) return portfolio;
      await ensureNameFree(portfolio.userId, newName);
      const updatedAt = nowIso();
      await portfolios.update(portfolio.id, { name: newName, updatedAt });
      return { ...portfolio, name: newName, updatedAt };
    },

    /** Removes the portfolio with its transactions, imports and memberships (the foreign keys cascade). */
    async remove(grant: PortfolioAccessGrant): Promise<void> {
      const { portfolio } = requireAccess(grant, 'manage');
      await portfolios.remove(portfolio.id);
    },

    transactionCount(grant: PortfolioAccessGrant): Promise<number> {
      return portfolios.countTransactions(grant.portfolio.id);
    },

    /** Replaces the target allocation (`{}` clears it). Owners and editors may. */
    async setTargets(grant: PortfolioAccessGrant, targets: Record<string, string>): Promise<Portfolio> {
      const { portfolio } = requireAccess(grant, 'write');
      const updatedAt = nowIso();
      await portfolios.update(portfolio.id, { targets, updatedAt });
      return { ...portfolio, targets, updatedAt };
    },

    members(grant: PortfolioAccessGrant): Promise<PortfolioMember[]> {
      return portfolios.listMembers(requireAccess(grant, 'read').portfolio.id);
    },

    /** Shares with the account of `email`, or changes that member's role. Owner only. */
    async share(grant: PortfolioAccessGrant, email: string, role: MemberRole): Promise<{ member: User; outcome: ShareOutcome }> {
      const { portfolio } = requireAccess(grant, 'manage');
      const address = normalizeEmail(email);
      const member = await users.findByEmail(address);
      if (!member) throw notFoundError(`No account for ${address}: they need to \`folio register\` first.`, 'user_not_found');
      if (member.id === portfolio.userId) throw usageError(`"${portfolio.name}" is yours: you cannot share it with yourself.`, 'share_with_self');
      const current = await portfolios.findMemberRole(portfolio.id, member.id);
      if (current === role) return { member, outcome: 'unchanged' };
      await portfolios.saveMember({ portfolioId: portfolio.id, userId: member.id, role, createdAt: nowIso() });
      return { member, outcome: current ? 'changed' : 'added' };
    },

    /**
     * Stops sharing with the account of `email`. The owner may remove anyone; a member may remove
     * themselves (leave). Opens `ref` itself because leaving needs only read access.
     */
    async unshare(user: User, ref: string, email: string): Promise<{ grant: PortfolioAccessGrant; member: User }> {
      const address = normalizeEmail(email);
      const leaving = address === user.email;
      const grant = await open(user, ref, leaving ? 'read' : 'manage');
      const { portfolio } = grant;
      if (leaving && grant.role === 'owner') {
        throw usageError(`"${portfolio.name}" is yours: you cannot unshare it from yourself.`, 'share_with_self');
      }
      const member = leaving ? user : await users.findByEmail(address);
      if (!member) throw notFoundError(`No account for ${address}.`, 'user_not_found');
      if (!(await portfolios.removeMember(portfolio.id, member.id))) {
        throw notFoundError(`"${displayRef(grant)}" is not shared with ${address}.`, 'member_not_found');
      }
      return { grant, member };
    },
  };
}
