import type { Selectable } from 'kysely';
import type { Alert, AlertType, Severity } from '../../../core/alerts/types.js';
import type { Figure, NotificationKind, StoredNotification } from '../../../core/notifications/types.js';
import type { AlertsTable, NotificationsTable } from '../../schema.js';

export function toAlert(row: Selectable<AlertsTable>): Alert {
  return {
    id: row.id,
    userId: row.user_id,
    type: row.type as AlertType,
    symbol: row.symbol,
    portfolioId: row.portfolio_id,
    threshold: String(row.threshold),
    severity: row.severity as Severity,
    paused: Boolean(row.paused),
    state: row.state,
    fireCount: Number(row.fire_count),
    baseline: row.baseline === null ? null : String(row.baseline),
    lastValue: row.last_value,
    lastFiredAt: row.last_fired_at,
    lastCheckedAt: row.last_checked_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toNotification(row: Selectable<NotificationsTable>): StoredNotification {
  return {
    id: row.id,
    userId: row.user_id,
    dedupeKey: row.dedupe_key,
    kind: row.kind as NotificationKind,
    alertId: row.alert_id,
    severity: row.severity as Severity,
    subject: row.subject,
    body: row.body,
    figures: JSON.parse(row.figures) as Figure[],
    inbox: Boolean(row.inbox),
    readAt: row.read_at,
    createdAt: row.created_at,
  };
}
