import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccounts, DEMO_EMAIL } from '../../src/core/accounts/accounts.js';
import { createAdminService } from '../../src/core/accounts/admin.js';
import { ensureMigrated, openDatabase, type Database } from '../../src/db/connect.js';
import { credentialRepository, loginAttemptRepository, userRepository } from '../../src/db/repositories/accounts.js';
import { adminRepository } from '../../src/db/repositories/admin.js';
import { BACKENDS, createPostgresDatabase, type Backend } from '../helpers/backends.js';
import { tempHome } from '../helpers/cli.js';
import { rejected } from '../helpers/errors.js';

/** The admin rules as a core service (issue 13): the last admin stays one, the demo account never is one. */
async function openBackend(backend: Backend): Promise<{ database: Database; cleanup(): Promise<void> }> {
  if (backend.name === 'sqlite') {
    const home = tempHome();
    const database = await openDatabase({ dialect: 'sqlite', path: `${home.dir}/folio.db` });
    await ensureMigrated(database);
    return { database, cleanup: async () => (await database.close(), home.cleanup()) };
  }
  const server = await createPostgresDatabase();
  const database = await openDatabase({ dialect: 'postgres', url: server.url });
  await ensureMigrated(database);
  return { database, cleanup: async () => (await database.close(), await server.drop()) };
}

describe.each(BACKENDS)('admin service on $name', (backend) => {
  describe.skipIf(!backend.available)('with three accounts', () => {
    let database: Database;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      ({ database, cleanup } = await openBackend(backend));
    });
    afterAll(async () => cleanup?.());

    it('grants and revokes, refuses the demo account, and keeps the last admin', async () => {
      const accounts = createAccounts({
        users: userRepository(database.db),
        credentials: credentialRepository(database.db),
        attempts: loginAttemptRepository(database.db),
        clock: { now: () => new Date('2024-03-01T12:00:00.000Z') },
      });
      const first = await accounts.register({ email: 'first@example.com', name: 'First', password: 'correct horse battery' });
      const second = await accounts.register({ email: 'second@example.com', name: 'Second', password: 'correct horse battery' });
      const demo = await accounts.register({ email: DEMO_EMAIL, name: 'Demo', password: 'correct horse battery' });
      const admins = adminRepository(database.db);
      const service = createAdminService(admins);
      expect(await admins.countAdmins()).toBe(1); // the first account of the database

      const demoGrant = await rejected(service.grant(demo));
      expect([demoGrant.kind, demoGrant.code]).toEqual(['usage', 'demo_not_admin']);
      expect(await admins.isAdmin(demo.id)).toBe(false);

      expect(await service.revoke(second)).toBe(false); // not an admin: nothing to take away
      const last = await rejected(service.revoke(first));
      expect([last.kind, last.code, last.message]).toEqual(['conflict', 'last_admin', 'first@example.com is the last admin: grant another account first.']);
      expect(await admins.isAdmin(first.id)).toBe(true);

      await service.grant(second);
      expect(await service.revoke(first)).toBe(true);
      expect([await admins.isAdmin(first.id), await admins.isAdmin(second.id), await admins.countAdmins()]).toEqual([false, true, 1]);
    });
  });
});
