export interface User {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  settings: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** A public view of a user: what `whoami --json` prints. */
export interface UserSummary {
  id: string;
  email: string;
  name: string;
}

export type CredentialKind = 'session' | 'token';

/** A login session or an API token; the secret itself is never stored, only its hash. */
export interface Credential {
  id: string;
  userId: string;
  kind: CredentialKind;
  label: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

export interface LoginAttempt {
  succeeded: boolean;
  attemptedAt: string;
}

export interface RecordedLoginAttempt extends LoginAttempt {
  id: number;
}

export const summarize = (user: User): UserSummary => ({ id: user.id, email: user.email, name: user.name });
