/** Who a user is to a portfolio: its owner, or a member it was shared with. */
export type PortfolioRole = 'owner' | 'editor' | 'viewer';

/** The roles stored in `portfolio_members` (the owner is the portfolio's `user_id`). */
export type MemberRole = Exclude<PortfolioRole, 'owner'>;

/**
 * What a command needs to do with a portfolio.
 * read: any member · write: owner or editor (transactions, targets) · manage: owner only (rename, remove, share, unshare).
 */
export type PortfolioAccess = 'read' | 'write' | 'manage';

export interface Portfolio {
  id: string;
  userId: string;
  name: string;
  /** ISO 4217 code, upper-case. */
  baseCurrency: string;
  description: string | null;
  /** Target allocation: symbol → percentage as an exact decimal string; the weights add up to exactly 100 (or there are none). */
  targets: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

/** A portfolio opened by a user, with the role that user has on it. */
export interface PortfolioAccessGrant {
  portfolio: Portfolio;
  role: PortfolioRole;
  ownerEmail: string;
}

/** A person a portfolio is shared with. */
export interface PortfolioMember {
  portfolioId: string;
  userId: string;
  email: string;
  name: string;
  role: MemberRole;
  createdAt: string;
}
