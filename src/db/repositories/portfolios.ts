import type { Kysely, Selectable } from 'kysely';
import type { PortfolioRepository } from '../../core/ports.js';
import type { Portfolio, PortfolioAccessGrant, PortfolioMember } from '../../core/portfolios/types.js';
import type { PortfoliosTable, Schema } from '../schema.js';

/**
 * The `assets` JSON document of a portfolio: `{"targets":{"AAPL":"40","VTI":"60"}}`. Weights stay
 * strings so they are exact. Keys other than `targets` are kept as they are on update.
 */
interface AssetsDocument {
  targets?: Record<string, string>;
  [key: string]: unknown;
}

function parseAssets(text: string): AssetsDocument {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as AssetsDocument) : {};
  } catch {
    return {};
  }
}

function targetsOf(assets: AssetsDocument): Record<string, string> {
  const targets: Record<string, string> = {};
  if (!assets.targets || typeof assets.targets !== 'object') return targets;
  for (const [symbol, weight] of Object.entries(assets.targets)) if (typeof weight === 'string') targets[symbol] = weight;
  return targets;
}

function toPortfolio(row: Selectable<PortfoliosTable>): Portfolio {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    baseCurrency: row.base_currency,
    description: row.description,
    targets: targetsOf(parseAssets(row.assets)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

type VisibleRow = Selectable<PortfoliosTable> & { owner_email: string; member_role: 'viewer' | 'editor' | null };

function toGrant(userId: string, row: VisibleRow): PortfolioAccessGrant {
  const { owner_email, member_role, ...portfolio } = row;
  return {
    portfolio: toPortfolio(portfolio),
    role: portfolio.user_id === userId ? 'owner' : (member_role ?? 'viewer'),
    ownerEmail: owner_email,
  };
}

/** Code-unit order, the same on every dialect (Postgres would sort by its locale's collation). */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type MemberMethods = 'findMemberRole' | 'listMembers' | 'saveMember' | 'removeMember';

/** The portfolios themselves: what a user sees, and changes to one. */
function portfolioRecords(db: Kysely<Schema>): Omit<PortfolioRepository, MemberMethods> {
  /** Portfolios the user owns or is a member of, with the owner's email and the user's membership. */
  const visible = (userId: string) =>
    db
      .selectFrom('portfolios as p')
      .innerJoin('users as o', 'o.id', 'p.user_id')
      .leftJoin('portfolio_members as m', (join) => join.onRef('m.portfolio_id', '=', 'p.id').on('m.user_id', '=', userId))
      .selectAll('p')
      .select(['o.email as owner_email', 'm.role as member_role'])
      .where((eb) => eb.or([eb('p.user_id', '=', userId), eb('m.user_id', 'is not', null)]));

  return {
    async insert(portfolio) {
      await db
        .insertInto('portfolios')
        .values({
          id: portfolio.id,
          user_id: portfolio.userId,
          name: portfolio.name,
          base_currency: portfolio.baseCurrency,
          description: portfolio.description,
          assets: JSON.stringify({ targets: portfolio.targets }),
          created_at: portfolio.createdAt,
          updated_at: portfolio.updatedAt,
        })
        .execute();
    },

    async findVisible(userId, lookup) {
      let query = visible(userId);
      if ('id' in lookup) query = query.where('p.id', '=', lookup.id);
      else if ('ownerId' in lookup) query = query.where('p.user_id', '=', lookup.ownerId).where('p.name', '=', lookup.name);
      else query = query.where('o.email', '=', lookup.ownerEmail).where('p.name', '=', lookup.name);
      const row = await query.executeTakeFirst();
      return row && toGrant(userId, row);
    },

    async listVisible(userId) {
      const grants = (await visible(userId).execute()).map((row) => toGrant(userId, row));
      const rank = (g: PortfolioAccessGrant) => (g.role === 'owner' ? 0 : 1);
      return grants.sort(
        (a, b) => rank(a) - rank(b) || byText(a.ownerEmail, b.ownerEmail) || byText(a.portfolio.name, b.portfolio.name),
      );
    },

    async update(id, patch) {
      let assets: string | undefined;
      if (patch.targets !== undefined) {
        const row = await db.selectFrom('portfolios').select('assets').where('id', '=', id).executeTakeFirst();
        assets = JSON.stringify({ ...parseAssets(row?.assets ?? '{}'), targets: patch.targets });
      }
      await db
        .updateTable('portfolios')
        .set({
          ...(patch.name !== undefined && { name: patch.name }),
          ...(assets !== undefined && { assets }),
          ...(patch.updatedAt !== undefined && { updated_at: patch.updatedAt }),
        })
        .where('id', '=', id)
        .execute();
    },

    async remove(id) {
      await db.deleteFrom('portfolios').where('id', '=', id).execute();
    },

    async countTransactions(portfolioId) {
      const row = await db
        .selectFrom('transactions')
        .select((eb) => eb.fn.countAll().as('count'))
        .where('portfolio_id', '=', portfolioId)
        .executeTakeFirst();
      return Number(row?.count ?? 0);
    },
  };
}

/** Who else may see or edit a portfolio. */
function portfolioMembers(db: Kysely<Schema>): Pick<PortfolioRepository, MemberMethods> {
  return {
    async findMemberRole(portfolioId, userId) {
      const row = await db
        .selectFrom('portfolio_members')
        .select('role')
        .where('portfolio_id', '=', portfolioId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row?.role;
    },

    async listMembers(portfolioId) {
      const rows = await db
        .selectFrom('portfolio_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.portfolio_id', 'm.user_id', 'm.role', 'm.created_at', 'u.email', 'u.name'])
        .where('m.portfolio_id', '=', portfolioId)
        .execute();
      return rows
        .map(
          (row): PortfolioMember => ({
            portfolioId: row.portfolio_id,
            userId: row.user_id,
            email: row.email,
            name: row.name,
            role: row.role,
            createdAt: row.created_at,
          }),
        )
        .sort((a, b) => byText(a.email, b.email));
    },

    async saveMember(member) {
      const updated = await db
        .updateTable('portfolio_members')
        .set({ role: member.role })
        .where('portfolio_id', '=', member.portfolioId)
        .where('user_id', '=', member.userId)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) > 0) return;
      await db
        .insertInto('portfolio_members')
        .values({ portfolio_id: member.portfolioId, user_id: member.userId, role: member.role, created_at: member.createdAt })
        .execute();
    },

    async removeMember(portfolioId, userId) {
      const result = await db
        .deleteFrom('portfolio_members')
        .where('portfolio_id', '=', portfolioId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

export function portfolioRepository(db: Kysely<Schema>): PortfolioRepository {
  return { ...portfolioRecords(db), ...portfolioMembers(db) };
}
