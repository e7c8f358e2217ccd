import type { Credential, LoginAttempt, User } from './accounts/types.js';

/** Repository interfaces the domain needs; `db/repositories` implements them with Kysely. */
export interface UserRepository {
  findById(id: string): Promise<User | undefined>;
  findByEmail(email: string): Promise<User | undefined>;
  insert(user: User): Promise<void>;
  update(id: string, patch: Partial<Pick<User, 'email' | 'name' | 'passwordHash' | 'settings' | 'updatedAt'>>): Promise<void>;
}

export interface CredentialRepository {
  insert(credential: Credential & { tokenHash: string }): Promise<void>;
  findByHash(tokenHash: string): Promise<Credential | undefined>;
  touch(id: string, at: string): Promise<void>;
  remove(id: string): Promise<void>;
  listForUser(userId: string, kind: Credential['kind']): Promise<Credential[]>;
  /** Removes a user's credential; false when the user has none with that id. */
  removeForUser(userId: string, id: string, kind: Credential['kind']): Promise<boolean>;
  removeSessionsExcept(userId: string, keepId: string | null): Promise<void>;
}

export interface LoginAttemptRepository {
  record(email: string, succeeded: boolean, at: string): Promise<void>;
  /** Attempts for an email at or after `since`, newest first. */
  since(email: string, since: string): Promise<LoginAttempt[]>;
}

export interface Clock {
  now(): Date;
}
