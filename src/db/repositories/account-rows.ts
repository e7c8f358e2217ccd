import type { Selectable } from 'kysely';
import type { Credential, User } from '../../core/accounts/types.js';
import type { SessionsTable, UsersTable } from '../schema.js';

/** Rows of `users` and `sessions` as the core's types (snake_case to camelCase), for Kysely and raw statements alike. */
export function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    passwordHash: row.password_hash,
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toCredential(row: Selectable<SessionsTable>): Credential {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind,
    label: row.label,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    createdAt: row.created_at,
  };
}
