import { authError, conflictError, notFoundError, usageError } from '../errors.js';
import { controlCharacterProblem } from '../text.js';
import type { Clock, CredentialRepository, LoginAttemptRepository, UserRepository } from '../ports.js';
import { newId } from '../ids.js';
import { hashPassword, hashSecret, newSecret, verifyPassword } from './secrets.js';
import { authenticate, type Authenticated } from './authenticate.js';
import { lockedUntil, THROTTLE_LOOKBACK_MS } from './throttle.js';
import type { Credential, User } from './types.js';
import { millisecondsInDay } from 'date-fns/constants';

export const SESSION_TTL_MS = 30 * millisecondsInDay;

export interface AccountDeps {
  users: UserRepository;
  credentials: CredentialRepository;
  attempts: LoginAttemptRepository;
  clock: Clock;
}

export interface IssuedSecret {
  id: string;
  secret: string;
  expiresAt: string | null;
}

export type { Authenticated } from './authenticate.js';

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** The account `folio demo` makes. Its password is public, so it is never an admin. */
export const DEMO_EMAIL = 'demo@folio.example';

export const MAX_DISPLAY_NAME_LENGTH = 100;

/** A display name: trimmed, at most 100 characters, no control characters (others see it in their terminal). */
export function validateDisplayName(raw: string): string {
  const name = raw.trim();
  const problem = controlCharacterProblem('The name', name, 'none');
  if (problem) throw usageError(`${problem}.`, 'bad_name');
  if ([...name].length > MAX_DISPLAY_NAME_LENGTH) throw usageError(`A name may have at most ${MAX_DISPLAY_NAME_LENGTH} characters.`, 'bad_name');
  return name;
}

/** Issuing secrets, finding a credential's user and checking passwords (throttled): what the parts below share. */
function credentialKit(deps: AccountDeps) {
  const { users, credentials, attempts, clock } = deps;

  async function issue(userId: string, kind: Credential['kind'], label: string | null, ttlMs: number | null): Promise<IssuedSecret> {
    const now = clock.now();
    const secret = newSecret(kind === 'session' ? 'fos' : 'fot');
    const expiresAt = ttlMs === null ? null : new Date(now.getTime() + ttlMs).toISOString();
    const id = newId();
    await credentials.insert({
      id,
      userId,
      kind,
      label,
      expiresAt,
      lastUsedAt: null,
      createdAt: now.toISOString(),
      tokenHash: hashSecret(secret),
    });
    return { id, secret, expiresAt };
  }

  async function requireUser(id: string): Promise<User> {
    const user = await users.findById(id);
    if (!user) throw authError('Your account no longer exists: run `folio login`.', 'not_signed_in');
    return user;
  }

  /**
   * Checks a password, throttled per email. The attempt is recorded as a failure before the lock is
   * checked, so concurrent attempts (many processes at once) see each other: each one is judged by
   * the attempts recorded before it, and the sixth is refused.
   */
  async function passwordMatches(email: string, user: User | undefined, password: string, failures = 'failed logins'): Promise<boolean> {
    const now = clock.now();
    const attemptId = await attempts.record(email, false, now.toISOString());
    const recent = await attempts.since(email, new Date(now.getTime() - THROTTLE_LOOKBACK_MS).toISOString());
    const until = lockedUntil(
      recent.filter((attempt) => attempt.id < attemptId),
      now,
    );
    if (until) {
      await attempts.remove(attemptId);
      throw authError(`Too many ${failures} for ${email}: try again after ${until.toISOString().replace(/\.\d+Z$/, 'Z')}.`, 'login_locked');
    }
    const ok = user ? await verifyPassword(password, user.passwordHash) : false;
    if (ok) await attempts.markSucceeded(attemptId);
    return ok;
  }

  return { issue, requireUser, passwordMatches };
}

type CredentialKit = ReturnType<typeof credentialKit>;

/** Registering, signing in and out, and resolving a secret to its user. */
function sessionService(deps: AccountDeps, { issue, requireUser, passwordMatches }: CredentialKit) {
  const { users, credentials, clock } = deps;
  const nowIso = () => clock.now().toISOString();
  return {
    async register(input: { email: string; name: string; password: string }): Promise<User> {
      const email = normalizeEmail(input.email);
      if (await users.findByEmail(email)) throw conflictError(`An account for ${email} already exists.`, 'email_taken');
      const now = nowIso();
      const user: User = {
        id: newId(),
        email,
        name: validateDisplayName(input.name),
        passwordHash: await hashPassword(input.password),
        settings: {},
        createdAt: now,
        updatedAt: now,
      };
      await users.insert(user);
      await users.markAdminIfFirst?.(user.id); // the first account of a database is its admin
      return user;
    },

    /** Opens a session for a user who just proved who they are (by registering); no throttle applies. */
    openSession(user: User): Promise<IssuedSecret> {
      return issue(user.id, 'session', null, SESSION_TTL_MS);
    },

    /**
     * Checks the password (throttled per email) and opens a session. The attempt is recorded as a
     * failure before the lock is checked, so concurrent logins (many processes at once) see each
     * other: each one is judged by the attempts recorded before it, and the sixth is refused.
     */
    async login(input: { email: string; password: string }): Promise<{ user: User; session: IssuedSecret }> {
      const email = normalizeEmail(input.email);
      const user = await users.findByEmail(email);
      if (!(await passwordMatches(email, user, input.password)) || !user) throw authError('Wrong email or password.', 'bad_credentials');
      return { user, session: await issue(user.id, 'session', null, SESSION_TTL_MS) };
    },

    /** Resolves a session or API token to its user; expired or unknown secrets are rejected. */
    authenticate: (secret: string): Promise<Authenticated> => authenticate(deps, secret),

    async logout(secret: string): Promise<boolean> {
      const credential = await credentials.findByHash(hashSecret(secret));
      if (!credential || credential.kind !== 'session') return false;
      await credentials.remove(credential.id);
      return true;
    },
  };
}

/** Changes to the signed-in user's own account: profile, password, settings. */
function profileService(deps: AccountDeps, { passwordMatches }: CredentialKit) {
  const { users, credentials, clock } = deps;
  const nowIso = () => clock.now().toISOString();
  return {
    async updateProfile(user: User, patch: { name?: string; email?: string }): Promise<User> {
      const next = { ...user };
      if (patch.email !== undefined) {
        const email = normalizeEmail(patch.email);
        const owner = await users.findByEmail(email);
        if (owner && owner.id !== user.id) throw conflictError(`An account for ${email} already exists.`, 'email_taken');
        next.email = email;
      }
      if (patch.name !== undefined) next.name = validateDisplayName(patch.name);
      next.updatedAt = nowIso();
      await users.update(user.id, { email: next.email, name: next.name, updatedAt: next.updatedAt });
      return next;
    },

    /**
     * Changes the password and signs out every other session of the user.
     * Only from a signed-in session (`keepSessionId`, which stays signed in): an API token is for
     * scripts, and must not be able to test passwords or take the account over. Wrong current
     * passwords count against the same throttle as failed logins.
     */
    async changePassword(user: User, current: string, next: string, keepSessionId: string | null): Promise<void> {
      if (keepSessionId === null) {
        throw authError('Changing the password needs a signed-in session (`folio login`), not an API token (FOLIO_TOKEN).', 'token_not_allowed');
      }
      if (!(await passwordMatches(user.email, user, current, 'wrong passwords'))) {
        throw authError('The current password is wrong.', 'bad_credentials');
      }
      await users.update(user.id, { passwordHash: await hashPassword(next), updatedAt: nowIso() });
      await credentials.removeSessionsExcept(user.id, keepSessionId);
    },

    async saveSettings(user: User, settings: Record<string, unknown>): Promise<User> {
      const updatedAt = nowIso();
      await users.update(user.id, { settings, updatedAt });
      return { ...user, settings, updatedAt };
    },
  };
}

/** API tokens for scripts. */
function tokenService(deps: AccountDeps, { issue }: CredentialKit) {
  const { credentials } = deps;
  return {
    async createToken(user: User, label: string, ttlMs: number | null): Promise<IssuedSecret & { label: string }> {
      return { ...(await issue(user.id, 'token', label, ttlMs)), label };
    },

    listTokens(user: User): Promise<Credential[]> {
      return credentials.listForUser(user.id, 'token');
    },

    async revokeToken(user: User, id: string): Promise<void> {
      if (!(await credentials.removeForUser(user.id, id, 'token'))) {
        throw notFoundError(`No token with id ${id}.`, 'token_not_found');
      }
    },
  };
}

export function createAccounts(deps: AccountDeps) {
  const kit = credentialKit(deps);
  return { ...sessionService(deps, kit), ...profileService(deps, kit), ...tokenService(deps, kit) };
}

export type Accounts = ReturnType<typeof createAccounts>;
