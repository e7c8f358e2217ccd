import type { Kysely } from 'kysely';
import { columnTypes } from './dialect.js';

/**
 * Issue 10: tax withheld on a dividend or interest row, and split ratios that are not finite
 * decimals (`1:3`), kept as text because a NUMERIC column cannot hold a third exactly.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const { decimal } = columnTypes(db);
  await db.schema.alterTable('transactions').addColumn('tax', decimal).execute();
  await db.schema.alterTable('transactions').addColumn('ratio', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('transactions').dropColumn('ratio').execute();
  await db.schema.alterTable('transactions').dropColumn('tax').execute();
}
