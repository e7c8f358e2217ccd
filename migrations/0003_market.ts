import type { Kysely } from 'kysely';
import { columnTypes } from './dialect.js';

/**
 * Market data shared by every user of the database: instruments, daily closes and FX rates, each
 * row tagged with its source ('fixture': the mock feed shipped in fixtures/, reloaded whenever
 * those files change; 'import': `folio prices import`). `market_data_state` remembers which
 * fixture files are loaded (their sha256), so the feed is read once, not on every command.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const { decimal } = columnTypes(db);
  await db.schema
    .createTable('instruments')
    .addColumn('symbol', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('class', 'text')
    .addColumn('sector', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .execute();

  // The unique index (symbol, source, date) serves every lookup: a symbol's closes of one source
  // over a date range, and its last close on or before a date.
  await db.schema
    .createTable('prices')
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('close', decimal, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addUniqueConstraint('prices_symbol_source_date_unique', ['symbol', 'source', 'date'])
    .execute();

  await db.schema
    .createTable('fx_rates')
    .addColumn('base', 'text', (c) => c.notNull())
    .addColumn('quote', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('rate', decimal, (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addUniqueConstraint('fx_rates_pair_source_date_unique', ['base', 'quote', 'source', 'date'])
    .execute();

  await db.schema
    .createTable('splits')
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('ratio', decimal, (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addUniqueConstraint('splits_symbol_source_date_unique', ['symbol', 'source', 'date'])
    .execute();

  await db.schema
    .createTable('market_data_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('market_data_state').execute();
  await db.schema.dropTable('splits').execute();
  await db.schema.dropTable('fx_rates').execute();
  await db.schema.dropTable('prices').execute();
  await db.schema.dropTable('instruments').execute();
}
