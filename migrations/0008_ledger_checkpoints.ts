import type { Kysely } from 'kysely';

/**
 * Ledger checkpoints: the ledger engine's state after every transaction of a portfolio up to a date,
 * so a read replays only what came after (see core/ledger/checkpoints.ts). At most one per
 * portfolio, cost basis method and calendar year. `ledger_versions` counts a portfolio's ledger
 * writes: a checkpoint worked out by a read is stored only if no write came in between.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ledger_versions')
    .addColumn('portfolio_id', 'text', (c) => c.primaryKey().references('portfolios.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('ledger_checkpoints')
    .addColumn('portfolio_id', 'text', (c) => c.notNull().references('portfolios.id').onDelete('cascade'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('year', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_checkpoints_pk', ['portfolio_id', 'method', 'year'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ledger_checkpoints').execute();
  await db.schema.dropTable('ledger_versions').execute();
}
