import type { Kysely } from 'kysely';
import { conflictError, unavailableError } from '../core/errors.js';
import type { Database } from './connect.js';
import type { Schema } from './schema.js';

/** Every table, parents before children, so foreign keys hold at each insert. */
const TABLES: Array<{ name: keyof Schema; order: string; skip?: string[] }> = [
  { name: 'users', order: 'id' },
  { name: 'sessions', order: 'id' },
  // Its ids come from an auto-increment sequence: the target numbers the rows itself.
  { name: 'login_attempts', order: 'id', skip: ['id'] },
  { name: 'portfolios', order: 'id' },
  { name: 'portfolio_members', order: 'portfolio_id' },
  { name: 'imports', order: 'id' },
  { name: 'transactions', order: 'id' },
  // Market data: imported prices are the user's own; fixture rows come along with the version that made them.
  { name: 'instruments', order: 'symbol' },
  { name: 'prices', order: 'symbol' },
  { name: 'fx_rates', order: 'base' },
  { name: 'splits', order: 'symbol' },
  { name: 'market_data_state', order: 'key' },
  { name: 'market_events', order: 'symbol' },
  { name: 'account_prices', order: 'user_id' },
  { name: 'account_fx_rates', order: 'user_id' },
  // Notifications (after users and portfolios, which alerts reference).
  { name: 'alerts', order: 'id' },
  { name: 'notifications', order: 'id' },
  { name: 'deliveries', order: 'id' },
  { name: 'notify_locks', order: 'name' },
];

type AnyDb = Kysely<any>;

async function count(db: AnyDb, table: string): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface CopyReport {
  table: string;
  rows: number;
}

/**
 * Copies every row of `source` into `target`, which must be migrated and empty, in one target
 * transaction: either everything arrives and the row counts match, or nothing does.
 */
export async function copyDatabase(source: Database, target: Database, onTable?: (table: string, rows: number) => void): Promise<CopyReport[]> {
  for (const table of TABLES) {
    const rows = await count(target.db, table.name);
    if (rows > 0) {
      throw conflictError(`The target database is not empty (${table.name} has ${rows} rows): copy only into a new, empty database.`, 'target_not_empty');
    }
  }
  const expected = new Map<string, number>();
  for (const table of TABLES) expected.set(table.name, await count(source.db, table.name));

  return (target.db as AnyDb).transaction().execute(async (trx) => {
    const report: CopyReport[] = [];
    for (const table of TABLES) {
      let batch: Record<string, unknown>[] = [];
      let perStatement = 0;
      const flush = async () => {
        if (batch.length) await trx.insertInto(table.name).values(batch).execute();
        batch = [];
      };
      for await (const row of (source.db as AnyDb).selectFrom(table.name).selectAll().orderBy(table.order).stream(2000)) {
        const record = { ...(row as Record<string, unknown>) };
        for (const column of table.skip ?? []) delete record[column];
        perStatement ||= Math.max(1, Math.min(1000, Math.floor(target.capabilities.maxParameters / Object.keys(record).length)));
        batch.push(record);
        if (batch.length >= perStatement) await flush();
      }
      await flush();
      const copied = await count(trx, table.name);
      if (copied !== expected.get(table.name)) {
        throw unavailableError(
          `Copy of ${table.name} is incomplete (${copied} of ${expected.get(table.name)} rows; the source changed during the copy?). Nothing was copied.`,
        );
      }
      onTable?.(table.name, copied);
      report.push({ table: table.name, rows: copied });
    }
    return report;
  });
}
