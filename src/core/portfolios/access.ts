import { authError, notFoundError } from '../errors.js';
import type { PortfolioAccess, PortfolioAccessGrant, PortfolioRole } from './types.js';

/** How a command names a portfolio. */
export type PortfolioRef =
  | { kind: 'owned'; owner: string; name: string } // owner@example.com/NAME
  | { kind: 'plain'; text: string }; // the user's own portfolio name, or a portfolio id

/**
 * `owner@example.com/NAME` names a portfolio by its owner's email (names never contain `/`);
 * anything else is the signed-in user's own portfolio name or a portfolio id.
 */
export function parsePortfolioRef(raw: string): PortfolioRef {
  const text = raw.trim();
  const slash = text.indexOf('/');
  if (slash > 0) {
    const owner = text.slice(0, slash).trim().toLowerCase();
    if (owner.includes('@')) return { kind: 'owned', owner, name: text.slice(slash + 1).trim() };
  }
  return { kind: 'plain', text };
}

const ALLOWED: Record<PortfolioRole, readonly PortfolioAccess[]> = {
  owner: ['read', 'write', 'manage'],
  editor: ['read', 'write'],
  viewer: ['read'],
};

export function roleAllows(role: PortfolioRole, access: PortfolioAccess): boolean {
  return ALLOWED[role].includes(access);
}

/** What to call a portfolio in messages to a user: its name, or `owner/NAME` when it is someone else's. */
export function displayRef(grant: Pick<PortfolioAccessGrant, 'portfolio' | 'role' | 'ownerEmail'>): string {
  return grant.role === 'owner' ? grant.portfolio.name : `${grant.ownerEmail}/${grant.portfolio.name}`;
}

/** The error for a portfolio the user cannot see: worded as if it did not exist. */
export const noSuchPortfolio = (ref: string) => notFoundError(`No portfolio "${ref}".`, 'portfolio_not_found');

/** Throws an auth error (exit 3) when the grant's role does not allow `access`; returns the grant otherwise. */
export function requireAccess<T extends PortfolioAccessGrant>(grant: T, access: PortfolioAccess): T {
  if (roleAllows(grant.role, access)) return grant;
  const { name } = grant.portfolio;
  if (grant.role === 'viewer') {
    throw authError(`You can only view "${name}" (shared by ${grant.ownerEmail}).`, 'read_only');
  }
  throw authError(
    `Only the owner of "${name}" (${grant.ownerEmail}) can rename, remove or share it; you can edit it.`,
    'not_owner',
  );
}
