import type { Migration } from 'kysely';
import * as accounts from './0001_accounts.js';
import * as ledger from './0002_ledger.js';
import * as market from './0003_market.js';
import * as notifications from './0004_notifications.js';
import * as numbers from './0005_numbers.js';
import * as safety from './0006_safety.js';
import * as marketSources from './0007_market_sources.js';
import * as checkpoints from './0008_ledger_checkpoints.js';
import * as statementChecks from './0009_ledger_statement_checks.js';

/** Every migration, in order. A static list works from the bundle, from tests and from ts sources alike. */
export const migrations: Record<string, Migration> = {
  '0001_accounts': accounts,
  '0002_ledger': ledger,
  '0003_market': market,
  '0004_notifications': notifications,
  '0005_numbers': numbers,
  '0006_safety': safety,
  '0007_market_sources': marketSources,
  '0008_ledger_checkpoints': checkpoints,
  '0009_ledger_statement_checks': statementChecks,
};
