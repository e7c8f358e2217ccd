import type { Kysely } from 'kysely';
import type { NotificationStore } from '../../../core/ports.js';
import type { Schema } from '../../schema.js';
import { alertRepository } from './alerts.js';
import { deliveryRepository } from './deliveries.js';
import { inboxRepository } from './inbox.js';
import { runLockRepository } from './run-locks.js';

/** The repositories a notify run works with, on one database (or one transaction). */
export function notificationStore(db: Kysely<Schema>): NotificationStore {
  return { ...alertRepository(db), ...inboxRepository(db), ...deliveryRepository(db), ...runLockRepository(db) };
}
