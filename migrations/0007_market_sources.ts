import type { Kysely } from 'kysely';
import { columnTypes } from './dialect.js';

/**
 * Real market data (issue 12) and closes that belong to one account (issue 11, point 3).
 * - `prices.fetched_at`: when a provider's series was stored (null for fixture and imported rows).
 * - `instruments.exchange` / `instruments.type`: what a provider's metadata says (null otherwise).
 * - `market_events`: splits and dividends a provider reported, by source.
 * - `account_prices` / `account_fx_rates`: what an account imported with `folio prices import`;
 *   they override the shared feed for that account only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const { decimal } = columnTypes(db);
  await db.schema.alterTable('prices').addColumn('fetched_at', 'text').execute();
  await db.schema.alterTable('instruments').addColumn('exchange', 'text').execute();
  await db.schema.alterTable('instruments').addColumn('type', 'text').execute();

  await db.schema
    .createTable('market_events')
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', decimal, (c) => c.notNull())
    .addColumn('currency', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('market_events_symbol_source_kind_date_unique', ['symbol', 'source', 'kind', 'date'])
    .execute();

  await db.schema
    .createTable('account_prices')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('close', decimal, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('account_prices_user_symbol_date_unique', ['user_id', 'symbol', 'date'])
    .execute();

  await db.schema
    .createTable('account_fx_rates')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('base', 'text', (c) => c.notNull())
    .addColumn('quote', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('rate', decimal, (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('account_fx_rates_user_pair_date_unique', ['user_id', 'base', 'quote', 'date'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('account_fx_rates').execute();
  await db.schema.dropTable('account_prices').execute();
  await db.schema.dropTable('market_events').execute();
  await db.schema.alterTable('instruments').dropColumn('type').execute();
  await db.schema.alterTable('instruments').dropColumn('exchange').execute();
  await db.schema.alterTable('prices').dropColumn('fetched_at').execute();
}
