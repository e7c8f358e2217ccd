import type { Kysely } from 'kysely';
import type { Schema } from '../../schema.js';
import type { Alert } from '../../../core/alerts/types.js';
import type { AlertRepository } from '../../../core/ports.js';
import { toAlert } from './rows.js';

/** The alerts of each user: their configuration and the state `notify run` keeps. */
export function alertRepository(db: Kysely<Schema>) {
  const repo: AlertRepository = {
    async alertsOf(userId) {
      const rows = await db.selectFrom('alerts').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toAlert);
    },
    async saveAlertState(id, patch) {
      await db
        .updateTable('alerts')
        .set({
          state: patch.state,
          fire_count: patch.fireCount,
          baseline: patch.baseline,
          last_value: patch.lastValue,
          last_fired_at: patch.lastFiredAt,
          last_checked_at: patch.lastCheckedAt,
        })
        .where('id', '=', id)
        .execute();
    },
  };
  return {
    ...repo,

    async insertAlert(alert: Alert): Promise<void> {
      await db
        .insertInto('alerts')
        .values({
          id: alert.id,
          user_id: alert.userId,
          type: alert.type,
          symbol: alert.symbol,
          portfolio_id: alert.portfolioId,
          threshold: alert.threshold,
          severity: alert.severity,
          paused: alert.paused ? 1 : 0,
          state: alert.state,
          fire_count: alert.fireCount,
          baseline: alert.baseline,
          last_value: alert.lastValue,
          last_fired_at: alert.lastFiredAt,
          last_checked_at: alert.lastCheckedAt,
          created_at: alert.createdAt,
          updated_at: alert.updatedAt,
        })
        .execute();
    },
    /** The user's alerts with the name of the portfolio each one watches. */
    async listAlerts(userId: string): Promise<Array<Alert & { portfolioName: string | null }>> {
      const rows = await db
        .selectFrom('alerts as a')
        .leftJoin('portfolios as p', 'p.id', 'a.portfolio_id')
        .selectAll('a')
        .select('p.name as portfolio_name')
        .where('a.user_id', '=', userId)
        .orderBy('a.created_at')
        .orderBy('a.id')
        .execute();
      return rows.map((row) => ({ ...toAlert(row), portfolioName: row.portfolio_name }));
    },
    async setPaused(id: string, paused: boolean, at: string): Promise<void> {
      // Resuming re-arms it: a condition that still holds notifies again once.
      await db
        .updateTable('alerts')
        .set({ paused: paused ? 1 : 0, updated_at: at, ...(paused ? {} : { state: 'armed' as const }) })
        .where('id', '=', id)
        .execute();
    },
    async removeAlert(id: string): Promise<void> {
      await db.deleteFrom('alerts').where('id', '=', id).execute();
    },
  };
}
