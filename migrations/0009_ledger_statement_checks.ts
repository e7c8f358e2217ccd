import { sql, type Kysely } from 'kysely';
import { columnTypes } from './dialect.js';

/**
 * Issue 15, Postgres only: the two foreign keys of `transactions` (portfolio_id → portfolios ON DELETE
 * CASCADE, import_id → imports ON DELETE SET NULL) become triggers that check once per statement
 * (transition tables). A foreign key checks each inserted row with a query of its own (`SELECT … FOR
 * KEY SHARE` per row): on a million-row COPY those per-row checks were two thirds of the server's
 * time (18 s against 6 s with one check per statement). The triggers keep the same guarantees:
 * - an insert or update whose portfolio_id (or non-null import_id) has no parent row is refused with
 *   SQLSTATE 23503, as the foreign key did; the parent rows are locked FOR KEY SHARE until the end
 *   of the transaction, so a concurrent delete of a portfolio waits for the writer (and then deletes
 *   its rows too), or the writer, when the delete came first, finds no parent and is refused;
 * - deleting portfolios deletes their transactions; deleting imports sets their import_id null;
 * - changing the id of a portfolio or import that transactions refer to is refused (ids never change);
 * - TRUNCATE of imports is refused, as a foreign key would refuse it (portfolios has other foreign keys).
 * Like the foreign keys' own queries, each statement of the triggers sees what is committed when it
 * starts (READ COMMITTED, folio's isolation level), so a cascade sees rows committed while it waited.
 * SQLite keeps its foreign keys: there each check is one index lookup inside the same process.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!columnTypes(db).postgres) return;
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!columnTypes(db).postgres) return;
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}

/** Raises what the foreign key `constraint` raised for a missing parent `key` of `column`. */
const raiseMissing = (constraint: string, column: string, key: string, parent: string) => `
    raise foreign_key_violation using
      message = 'insert or update on table "transactions" violates foreign key constraint "${constraint}"',
      detail = format('Key (${column})=(%s) is not present in table "${parent}".', ${key}),
      table = 'transactions', column = '${column}', constraint = '${constraint}'`;

/**
 * After an INSERT statement: the parents of every inserted row exist, and are locked FOR KEY SHARE.
 * EXECUTE plans the query each time, for the rows at hand: a plan cached by a one-row insert would
 * be reused for a million-row COPY (and a plan cached by a one-row statement over a transition table
 * can be nested loops: hours on a million rows).
 */
const CHECK_INSERTED = `
create function transactions_check_parents() returns trigger language plpgsql as $$
declare
  portfolio_ids text[];
  import_ids text[];
  missing text;
begin
  execute 'select array_agg(distinct portfolio_id), array_agg(distinct import_id) filter (where import_id is not null)
    from (select portfolio_id, import_id from new_rows group by 1, 2) keys'
    into portfolio_ids, import_ids;
  if cardinality(portfolio_ids) > 0 then
    perform 1 from portfolios where id = any(portfolio_ids) order by id for key share;
    select k into missing from unnest(portfolio_ids) k where not exists (select 1 from portfolios p where p.id = k) limit 1;
    if found then${raiseMissing('transactions_portfolio_id_fkey', 'portfolio_id', 'missing', 'portfolios')};
    end if;
  end if;
  if cardinality(import_ids) > 0 then
    perform 1 from imports where id = any(import_ids) order by id for key share;
    select k into missing from unnest(import_ids) k where not exists (select 1 from imports i where i.id = k) limit 1;
    if found then${raiseMissing('transactions_import_id_fkey', 'import_id', 'missing', 'imports')};
    end if;
  end if;
  return null;
end $$`;

/**
 * After an UPDATE that changes a row's portfolio_id or sets another import_id (folio never does;
 * setting import_id null is no change to check): one row at a time, as the foreign key did, so the
 * updates folio makes (notes, seqs, import_id set null) pay nothing, not even a transition table.
 * Locking the parent FOR KEY SHARE finds no row when it is gone.
 */
const CHECK_UPDATED = `
create function transactions_check_changed_parents() returns trigger language plpgsql as $$
begin
  if new.portfolio_id is distinct from old.portfolio_id then
    perform 1 from portfolios where id = new.portfolio_id for key share;
    if not found then${raiseMissing('transactions_portfolio_id_fkey', 'portfolio_id', 'new.portfolio_id', 'portfolios')};
    end if;
  end if;
  if new.import_id is not null and new.import_id is distinct from old.import_id then
    perform 1 from imports where id = new.import_id for key share;
    if not found then${raiseMissing('transactions_import_id_fkey', 'import_id', 'new.import_id', 'imports')};
    end if;
  end if;
  return null;
end $$`;

const CASCADE_PORTFOLIOS = `
create function transactions_portfolios_deleted() returns trigger language plpgsql as $$
begin
  -- planned for the rows at hand, as in transactions_check_parents
  execute 'delete from transactions where portfolio_id in (select id from old_rows)';
  return null;
end $$`;

const SET_NULL_IMPORTS = `
create function transactions_imports_deleted() returns trigger language plpgsql as $$
begin
  -- Rows of a portfolio being deleted are left to its cascade (imports of a portfolio go with it):
  -- setting a million import_ids null only to delete the rows next would double the work.
  -- Planned for the rows at hand, as in transactions_check_parents.
  execute 'update transactions t set import_id = null
    where import_id in (select id from old_rows) and exists (select 1 from portfolios p where p.id = t.portfolio_id)';
  return null;
end $$`;

/** A row trigger on portfolios and imports (fired only when the id changes): refused while transactions refer to the old id. */
const REFUSE_KEY_CHANGE = `
create function transactions_parent_key_changed() returns trigger language plpgsql as $$
begin
  if (tg_table_name = 'portfolios' and exists (select 1 from transactions where portfolio_id = old.id))
     or (tg_table_name = 'imports' and exists (select 1 from transactions where import_id = old.id)) then
    raise foreign_key_violation using
      message = format('update on table "%s" violates foreign key constraint "transactions_%s_id_fkey" on table "transactions"',
        tg_table_name, case tg_table_name when 'portfolios' then 'portfolio' else 'import' end),
      detail = format('Key (id)=(%s) is still referenced from table "transactions".', old.id);
  end if;
  return new;
end $$`;

const REFUSE_TRUNCATE = `
create function transactions_parent_truncated() returns trigger language plpgsql as $$
begin
  raise feature_not_supported using
    message = 'cannot truncate a table referenced in a foreign key constraint',
    detail = format('Table "transactions" references "%s".', tg_table_name);
end $$`;

const UP = [
  'alter table transactions drop constraint transactions_portfolio_id_fkey',
  'alter table transactions drop constraint transactions_import_id_fkey',
  CHECK_INSERTED,
  `create trigger transactions_parents_on_insert after insert on transactions
     referencing new table as new_rows for each statement execute function transactions_check_parents()`,
  CHECK_UPDATED,
  `create trigger transactions_parents_on_update after update of portfolio_id, import_id on transactions for each row
     when (new.portfolio_id is distinct from old.portfolio_id or (new.import_id is not null and new.import_id is distinct from old.import_id))
     execute function transactions_check_changed_parents()`,
  CASCADE_PORTFOLIOS,
  `create trigger transactions_cascade after delete on portfolios
     referencing old table as old_rows for each statement execute function transactions_portfolios_deleted()`,
  SET_NULL_IMPORTS,
  `create trigger transactions_set_null after delete on imports
     referencing old table as old_rows for each statement execute function transactions_imports_deleted()`,
  REFUSE_KEY_CHANGE,
  `create trigger transactions_key_change before update of id on portfolios
     for each row when (old.id is distinct from new.id) execute function transactions_parent_key_changed()`,
  `create trigger transactions_key_change before update of id on imports
     for each row when (old.id is distinct from new.id) execute function transactions_parent_key_changed()`,
  REFUSE_TRUNCATE,
  `create trigger transactions_truncate before truncate on imports for each statement execute function transactions_parent_truncated()`,
];

const DOWN = [
  'drop trigger transactions_truncate on imports',
  'drop trigger transactions_key_change on imports',
  'drop trigger transactions_key_change on portfolios',
  'drop trigger transactions_set_null on imports',
  'drop trigger transactions_cascade on portfolios',
  'drop trigger transactions_parents_on_update on transactions',
  'drop trigger transactions_parents_on_insert on transactions',
  'drop function transactions_parent_truncated()',
  'drop function transactions_parent_key_changed()',
  'drop function transactions_check_changed_parents()',
  'drop function transactions_imports_deleted()',
  'drop function transactions_portfolios_deleted()',
  'drop function transactions_check_parents()',
  `alter table transactions add constraint transactions_portfolio_id_fkey
     foreign key (portfolio_id) references portfolios (id) on delete cascade`,
  `alter table transactions add constraint transactions_import_id_fkey
     foreign key (import_id) references imports (id) on delete set null`,
];
