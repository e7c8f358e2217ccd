import { sql, type Kysely } from 'kysely';

/**
 * Safety (issue 11): the demo account is never an admin, and constraints make concurrent writers safe:
 * - `transactions (portfolio_id, seq)` is UNIQUE. A database written by two racing processes before
 *   this migration may hold repeated seqs: those portfolios are renumbered first, keeping the order
 *   the rows replayed in (seq, then when they were written, then id), so nothing is lost.
 * - `imports.unique_fingerprint` is the file's fingerprint for an import that claims it (every import
 *   made without --allow-duplicates), NULL otherwise; UNIQUE per portfolio, so the same file cannot
 *   be imported twice even by two processes at once. Of existing repeats, the earliest keeps it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // The demo account (public password) is never an admin: the earliest real account is, if none is.
  await sql`update users set is_admin = 0 where email = 'demo@folio.example'`.execute(db);
  await sql`
    update users set is_admin = 1
    where not exists (select 1 from users admins where admins.is_admin = 1)
      and id = (select id from users where email <> 'demo@folio.example' order by created_at, id limit 1)`.execute(db);

  await renumberRepeatedSeqs(db);
  await db.schema
    .createIndex('transactions_portfolio_seq_unique')
    .unique()
    .on('transactions')
    .columns(['portfolio_id', 'seq'])
    .execute();

  await db.schema.alterTable('imports').addColumn('unique_fingerprint', 'text').execute();
  await sql`
    update imports set unique_fingerprint = fingerprint
    where fingerprint <> '' and not exists (
      select 1 from imports earlier
      where earlier.portfolio_id = imports.portfolio_id and earlier.fingerprint = imports.fingerprint
        and (earlier.created_at < imports.created_at or (earlier.created_at = imports.created_at and earlier.id < imports.id))
    )`.execute(db);
  await db.schema
    .createIndex('imports_unique_fingerprint')
    .unique()
    .on('imports')
    .columns(['portfolio_id', 'unique_fingerprint'])
    .execute();
}

async function renumberRepeatedSeqs(db: Kysely<unknown>): Promise<void> {
  const { rows: portfolios } = await sql<{ portfolio_id: string }>`
    select portfolio_id from transactions group by portfolio_id having count(*) <> count(distinct seq)`.execute(db);
  for (const { portfolio_id } of portfolios) {
    const { rows } = await sql<{ id: string }>`
      select id from transactions where portfolio_id = ${portfolio_id} order by seq, created_at, id`.execute(db);
    for (const [index, row] of rows.entries()) {
      await sql`update transactions set seq = ${index + 1} where id = ${row.id}`.execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('imports_unique_fingerprint').execute();
  await db.schema.alterTable('imports').dropColumn('unique_fingerprint').execute();
  await db.schema.dropIndex('transactions_portfolio_seq_unique').execute();
}
