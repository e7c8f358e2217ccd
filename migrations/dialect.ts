import { PostgresAdapter, type Kysely } from 'kysely';

/** Column types that differ between the dialects; everything else in a migration is portable. */
export function columnTypes(db: Kysely<unknown>) {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return {
    /** Exact decimal: NUMERIC on Postgres; TEXT on SQLite, whose NUMERIC affinity would turn values into floats. */
    decimal: postgres ? ('numeric' as const) : ('text' as const),
    autoIncrement: postgres ? ('serial' as const) : ('integer' as const),
    postgres,
  };
}
