/**
 * Every migration's name, in order: what the check run at every start compares with the database's
 * `kysely_migration` table, without loading the migrations themselves. index.ts maps the same names
 * to their modules (test/db/migration-names.test.ts keeps the two in step).
 */
export const MIGRATION_NAMES = [
  '0001_accounts',
  '0002_ledger',
  '0003_market',
  '0004_notifications',
  '0005_numbers',
  '0006_safety',
  '0007_market_sources',
  '0008_ledger_checkpoints',
  '0009_ledger_statement_checks',
] as const;
