import { conflictError, usageError } from '../errors.js';
import type { AdminRepository } from '../ports.js';
import { DEMO_EMAIL } from './accounts.js';
import type { User } from './types.js';

/** Granting and revoking admin rights; the rules hold here, whoever calls. */
export function createAdminService(admins: AdminRepository) {
  return {
    /** Makes an account an admin; never the demo account, whose password is public. */
    async grant(target: User): Promise<void> {
      if (target.email === DEMO_EMAIL) throw usageError('The demo account has a public password: it can never be an admin.', 'demo_not_admin');
      await admins.setAdmin(target.id, true);
    },
    /** Takes admin rights away; false when the account had none. The last admin stays one (exit 5). */
    async revoke(target: User): Promise<boolean> {
      if (!(await admins.isAdmin(target.id))) return false;
      if ((await admins.countAdmins()) <= 1) throw conflictError(`${target.email} is the last admin: grant another account first.`, 'last_admin');
      await admins.setAdmin(target.id, false);
      return true;
    },
  };
}
