import type { Kysely, Transaction as KyselyTransaction } from 'kysely';
import type { Checkpoint, CheckpointStore } from '../../core/ports.js';
import type { Schema } from '../schema.js';

type Db = Kysely<Schema> | KyselyTransaction<Schema>;

/**
 * Checkpoints in `ledger_checkpoints`, guarded by `ledger_versions`. A writer bumps its portfolio's
 * version first thing (which row-locks it on Postgres until the write commits); a read saves in a
 * transaction of its own that first "touches" the version row only if it still holds the version the
 * read started from, so a save waits behind a running write and is then dropped.
 */
export function checkpointStore(db: Db): CheckpointStore {
  const inTransaction = <T>(work: (trx: Db) => Promise<T>): Promise<T> =>
    db.isTransaction ? work(db) : (db as Kysely<Schema>).transaction().execute(work);

  const ofKind = (portfolioId: string, kind: string, onOrBefore: string) =>
    db
      .selectFrom('ledger_checkpoints')
      .select(['date', 'entries', 'state'])
      .where('portfolio_id', '=', portfolioId)
      .where('method', '=', kind)
      .where('date', '<=', onOrBefore);

  return {
    async version(portfolioId) {
      const row = await db.selectFrom('ledger_versions').select('version').where('portfolio_id', '=', portfolioId).executeTakeFirst();
      return row ? Number(row.version) : 0;
    },

    async latest<S>(portfolioId: string, method: string, onOrBefore: string) {
      const row = await ofKind(portfolioId, method, onOrBefore).orderBy('date', 'desc').limit(1).executeTakeFirst();
      return row && { date: row.date, entries: Number(row.entries), state: JSON.parse(row.state) as S };
    },

    async list<S>(portfolioId: string, kind: string, onOrBefore: string) {
      const rows = await ofKind(portfolioId, kind, onOrBefore).orderBy('date').execute();
      return rows.map((row) => ({ date: row.date, entries: Number(row.entries), state: JSON.parse(row.state) as S }));
    },

    async save<S>(portfolioId: string, method: string, version: number, checkpoints: Checkpoint<S>[]) {
      if (checkpoints.length === 0) return true;
      return inTransaction(async (trx) => {
        await trx.insertInto('ledger_versions').values({ portfolio_id: portfolioId, version: 0 }).onConflict((oc) => oc.column('portfolio_id').doNothing()).execute();
        const touched = await trx
          .updateTable('ledger_versions')
          .set((eb) => ({ version: eb.ref('version') }))
          .where('portfolio_id', '=', portfolioId)
          .where('version', '=', version)
          .executeTakeFirst();
        if (Number(touched.numUpdatedRows) !== 1) return false;
        const createdAt = new Date().toISOString();
        for (const checkpoint of checkpoints) {
          const row = {
            portfolio_id: portfolioId,
            method,
            year: checkpoint.date.slice(0, 4),
            date: checkpoint.date,
            entries: checkpoint.entries,
            state: JSON.stringify(checkpoint.state),
            created_at: createdAt,
          };
          await trx
            .insertInto('ledger_checkpoints')
            .values(row)
            .onConflict((oc) =>
              // excluded.*: the state (up to megabytes of JSON) is bound once, not twice.
              oc.columns(['portfolio_id', 'method', 'year']).doUpdateSet((eb) => ({
                date: eb.ref('excluded.date'),
                entries: eb.ref('excluded.entries'),
                state: eb.ref('excluded.state'),
                created_at: eb.ref('excluded.created_at'),
              })),
            )
            .execute();
        }
        return true;
      });
    },

    async invalidate(portfolioId, date) {
      await db
        .insertInto('ledger_versions')
        .values({ portfolio_id: portfolioId, version: 1 })
        .onConflict((oc) => oc.column('portfolio_id').doUpdateSet((eb) => ({ version: eb(eb.ref('ledger_versions.version'), '+', 1) })))
        .execute();
      await db.deleteFrom('ledger_checkpoints').where('portfolio_id', '=', portfolioId).where('date', '>=', date).execute();
    },
  };
}
