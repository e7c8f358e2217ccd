import { authError } from '../errors.js';
import type { Clock, CredentialRepository, UserRepository } from '../ports.js';
import { hashSecret } from './secrets.js';
import type { Credential, User } from './types.js';

/** Writing `last_used_at` on every command would turn every read into a write; once a minute is enough. */
const TOUCH_INTERVAL_MS = 60_000;

export interface Authenticated {
  user: User;
  credential: Credential;
}

/** What resolving a secret reads and writes: the session check that every signed-in command runs. */
export interface SessionDeps {
  users: Pick<UserRepository, 'findById'>;
  credentials: Pick<CredentialRepository, 'findByHash' | 'touch'>;
  clock: Clock;
}

/** Resolves a session or API token to its user; expired or unknown secrets are rejected. */
export async function authenticate({ users, credentials, clock }: SessionDeps, secret: string): Promise<Authenticated> {
  const credential = await credentials.findByHash(hashSecret(secret));
  const now = clock.now();
  if (!credential) throw authError('Your session is not valid: run `folio login`.', 'not_signed_in');
  if (credential.expiresAt && Date.parse(credential.expiresAt) <= now.getTime()) {
    throw authError(
      credential.kind === 'session'
        ? 'Your session has expired: run `folio login`.'
        : 'This token has expired: create a new one with `folio token create`.',
      'not_signed_in',
    );
  }
  const user = await users.findById(credential.userId);
  if (!user) throw authError('Your account no longer exists: run `folio login`.', 'not_signed_in');
  if (!credential.lastUsedAt || now.getTime() - Date.parse(credential.lastUsedAt) > TOUCH_INTERVAL_MS) {
    await credentials.touch(credential.id, now.toISOString());
  }
  return { user, credential };
}
