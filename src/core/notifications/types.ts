import type { Severity } from '../alerts/types.js';

/** One key figure of a notification: shown as a list in text and a table in HTML. */
export interface Figure {
  label: string;
  value: string;
}

export type NotificationKind = 'alert' | 'digest';
export type Channel = 'email' | 'inbox';

/** A notification about to be stored: everything but its id. */
export interface NewNotification {
  userId: string;
  dedupeKey: string;
  kind: NotificationKind;
  alertId: string | null;
  severity: Severity;
  subject: string;
  body: string;
  figures: Figure[];
  /** Shown in the inbox. */
  inbox: boolean;
  createdAt: string;
}

export interface StoredNotification extends NewNotification {
  id: string;
  readAt: string | null;
}

/** An email waiting to go out (pending; possibly failed before). */
export interface PendingDelivery {
  id: string;
  notificationId: string;
  recipient: string;
  attempts: number;
  lastError: string | null;
  subject: string;
  body: string;
  figures: Figure[];
}

/** What a mailer sends: the text and HTML parts are made by the adapter from the figures. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  body: string;
  figures: Figure[];
}

export interface Mailer {
  /**
   * Sends one email; throws when the server is down or refuses it, and throws an
   * `UnconfirmedDeliveryError` when the outcome is unknown (the message went out but no answer came).
   */
  send(email: OutgoingEmail): Promise<void>;
}

/** The server may have the email (it timed out or the connection dropped after the message was sent): never send it again. */
export class UnconfirmedDeliveryError extends Error {}
