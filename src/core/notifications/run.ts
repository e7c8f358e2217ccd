import { resolveSettings } from '../accounts/settings.js';
import { evaluateAlert } from '../alerts/evaluate.js';
import { severityAtLeast, type Alert, type AlertState } from '../alerts/types.js';
import type { Clock } from '../ports.js';
import { composeDigest, type DigestLine } from './digest.js';
import type { Observer } from './observe.js';
import { alertKey, digestComparisonDate, digestKey } from './schedule.js';
import { UnconfirmedDeliveryError, type Mailer, type NewNotification, type PendingDelivery } from './types.js';

/** Storage of alerts, notifications, deliveries and locks (db/repositories/notifications.ts). */
export interface NotificationStore {
  alertsOf(userId: string): Promise<Alert[]>;
  saveAlertState(
    id: string,
    patch: { state: AlertState; fireCount: number; baseline: string | null; lastValue: string | null; lastFiredAt: string | null; lastCheckedAt: string },
  ): Promise<void>;
  /**
   * Stores a notification unless one with its dedupe key exists, and makes sure it has its email
   * delivery (when `emailTo` is given). Idempotent: true when this call created the notification.
   */
  saveNotification(notification: NewNotification, emailTo: string | null): Promise<boolean>;
  hasNotification(dedupeKey: string): Promise<boolean>;
  pendingDeliveries(userId: string): Promise<PendingDelivery[]>;
  /**
   * Claims a pending delivery for `owner` until `until` and marks it in flight (`sending`) before
   * anything is sent, unless another run holds an unexpired claim; true when claimed.
   */
  claimDelivery(id: string, owner: string, now: string, until: string): Promise<boolean>;
  markSent(id: string, owner: string, at: string): Promise<void>;
  /** A refusal: back to pending for the next run, or `failed` for good when `giveUp`. */
  markFailed(id: string, owner: string, error: string, giveUp: boolean): Promise<void>;
  /** No answer after the message went out: `unconfirmed`, never sent again. */
  markUnconfirmed(id: string, owner: string, error: string): Promise<void>;
  /** Deliveries of the user left in flight past their claim (a run killed mid-send): made `unconfirmed`, returned. */
  settleInFlight(userId: string, now: string): Promise<Array<{ id: string; recipient: string; attempts: number }>>;
  /** Takes the named lock, or takes it over when it expired; false when another owner holds it. */
  acquireLock(name: string, owner: string, now: string, expiresAt: string): Promise<boolean>;
  releaseLock(name: string, owner: string): Promise<void>;
}

export interface Recipient {
  id: string;
  email: string;
  settings: Record<string, unknown>;
}

export interface RunDeps {
  store: NotificationStore;
  observer: Observer;
  /** Made on first use only, so a run with nothing to email never loads the SMTP client. */
  mailer: () => Promise<Mailer>;
  clock: Clock;
  /** Unique per run: the owner of its lock and its delivery claims. */
  owner: string;
}

export interface RunOptions {
  asOf: string;
  dryRun: boolean;
}

export interface FiredAlert {
  alertId: string;
  type: string;
  subject: string;
  /** false when the notification already existed (made by an earlier or concurrent run). */
  created: boolean;
  delivered: boolean;
}

export interface UserRunReport {
  user: string;
  /** 'locked': another run was working on this user, so this one left it alone. */
  skipped: 'locked' | null;
  alertsChecked: number;
  fired: FiredAlert[];
  rearmed: number;
  digest: { subject: string; created: boolean } | null;
  inbox: number;
  emailsSent: number;
  emailsFailed: number;
  errors: Array<{ alertId: string | null; message: string }>;
  failures: Array<{ deliveryId: string; recipient: string; attempts: number; error: string }>;
}

export const LOCK_TTL_MS = 10 * 60_000;
export const CLAIM_TTL_MS = 2 * 60_000;
/** A refused email is tried on this many runs at most, then marked failed. */
export const MAX_DELIVERY_ATTEMPTS = 5;

/**
 * One user's notify run: evaluate their alerts, make the digest when due, then send every pending
 * email (new ones and those that failed before). Safe to run concurrently and to retry:
 * - a per-user lock (a row with an owner and an expiry; an expired one is taken over) keeps two runs
 *   from working on the same user at once; the second one skips the user;
 * - each notification's dedupe key is inserted before anything is sent, so it is made once;
 * - each delivery is claimed before it is sent, so it is sent by one run; a failure leaves it
 *   pending with its error, for the next run.
 * A dry run evaluates and reports, and writes and sends nothing.
 */
export async function runForUser(deps: RunDeps, user: Recipient, options: RunOptions): Promise<UserRunReport> {
  const { store, observer, clock, owner } = deps;
  const report: UserRunReport = {
    user: user.email,
    skipped: null,
    alertsChecked: 0,
    fired: [],
    rearmed: 0,
    digest: null,
    inbox: 0,
    emailsSent: 0,
    emailsFailed: 0,
    errors: [],
    failures: [],
  };
  const lockName = `notify:user:${user.id}`;
  if (!options.dryRun) {
    const now = clock.now();
    const acquired = await store.acquireLock(lockName, owner, now.toISOString(), new Date(now.getTime() + LOCK_TTL_MS).toISOString());
    if (!acquired) return { ...report, skipped: 'locked' };
  }
  try {
    const settings = resolveSettings(user.settings);
    const channels = settings['notifications.channels'];
    const emailTo = channels.includes('email') ? settings['notifications.email'] || user.email : null;
    const inbox = channels.includes('inbox');

    for (const alert of await store.alertsOf(user.id)) {
      if (alert.paused) continue;
      report.alertsChecked += 1;
      let decision;
      try {
        decision = evaluateAlert(alert, await observer.observe(alert, options.asOf));
      } catch (error) {
        report.errors.push({ alertId: alert.id, message: (error as Error).message });
        continue;
      }
      if (alert.state === 'fired' && decision.state === 'armed') report.rearmed += 1;
      const checkedAt = clock.now().toISOString();
      let created = false;
      const deliver = decision.fire && severityAtLeast(alert.severity, settings['notifications.minSeverity']);
      if (decision.fire && decision.message) {
        if (!options.dryRun && deliver) {
          created = await store.saveNotification(
            {
              userId: user.id,
              dedupeKey: alertKey(alert.id, alert.fireCount + 1),
              kind: 'alert',
              alertId: alert.id,
              severity: alert.severity,
              ...decision.message,
              inbox,
              createdAt: checkedAt,
            },
            emailTo,
          );
          if (created && inbox) report.inbox += 1;
        }
        report.fired.push({ alertId: alert.id, type: alert.type, subject: decision.message.subject, created, delivered: deliver });
      }
      if (!options.dryRun) {
        await store.saveAlertState(alert.id, {
          state: decision.state,
          fireCount: alert.fireCount + (decision.fire ? 1 : 0),
          baseline: decision.baseline,
          lastValue: decision.lastValue,
          lastFiredAt: decision.fire ? checkedAt : alert.lastFiredAt,
          lastCheckedAt: checkedAt,
        });
      }
    }

    const frequency = settings['notifications.digest'];
    if (frequency !== 'off') {
      const key = digestKey(user.id, frequency, options.asOf);
      if (!(await store.hasNotification(key))) {
        const since = digestComparisonDate(frequency, options.asOf);
        const lines: DigestLine[] = [];
        for (const portfolio of await observer.ownPortfolios(user.id)) {
          const line: DigestLine = { portfolio: portfolio.name, currency: portfolio.baseCurrency, value: null, previousValue: null };
          try {
            line.value = await observer.portfolioValue(portfolio, options.asOf);
            line.previousValue = await observer.portfolioValue(portfolio, since).catch(() => null);
          } catch (error) {
            line.error = (error as Error).message;
          }
          lines.push(line);
        }
        const message = composeDigest(frequency, options.asOf, since, lines);
        let created = false;
        if (!options.dryRun) {
          created = await store.saveNotification(
            { userId: user.id, dedupeKey: key, kind: 'digest', alertId: null, severity: 'info', ...message, inbox, createdAt: clock.now().toISOString() },
            emailTo,
          );
          if (created && inbox) report.inbox += 1;
        }
        report.digest = { subject: message.subject, created };
      }
    }

    if (!options.dryRun) await deliverPending(deps, user.id, report);
    return report;
  } finally {
    if (!options.dryRun) await store.releaseLock(lockName, owner);
  }
}

/**
 * Sends the user's pending emails, each at most once: a delivery is marked in flight before it is
 * sent, and one whose outcome is unknown (no answer from the server, or a run killed mid-send) is
 * never sent again. Only a clear refusal (server down, address rejected) is retried, on later runs,
 * up to MAX_DELIVERY_ATTEMPTS times.
 */
async function deliverPending(deps: RunDeps, userId: string, report: UserRunReport): Promise<void> {
  const { store, clock, owner } = deps;
  const failed = (delivery: { id: string; recipient: string }, attempts: number, error: string) => {
    report.emailsFailed += 1;
    report.failures.push({ deliveryId: delivery.id, recipient: delivery.recipient, attempts, error });
  };
  for (const stale of await store.settleInFlight(userId, clock.now().toISOString())) {
    failed(stale, stale.attempts + 1, 'unconfirmed: a run stopped while sending it; not sent again');
  }
  let mailer: Mailer | null = null;
  for (const delivery of await store.pendingDeliveries(userId)) {
    const now = clock.now();
    if (!(await store.claimDelivery(delivery.id, owner, now.toISOString(), new Date(now.getTime() + CLAIM_TTL_MS).toISOString()))) continue;
    const attempts = delivery.attempts + 1;
    try {
      mailer ??= await deps.mailer();
      await mailer.send({ to: delivery.recipient, subject: delivery.subject, body: delivery.body, figures: delivery.figures });
    } catch (error) {
      const message = (error as Error).message || String(error);
      if (error instanceof UnconfirmedDeliveryError) {
        await store.markUnconfirmed(delivery.id, owner, message);
        failed(delivery, attempts, `unconfirmed: ${message}; not sent again`);
      } else {
        const giveUp = attempts >= MAX_DELIVERY_ATTEMPTS;
        await store.markFailed(delivery.id, owner, message, giveUp);
        failed(delivery, attempts, giveUp ? `${message} (gave up after ${attempts} attempts)` : message);
      }
      continue;
    }
    await store.markSent(delivery.id, owner, clock.now().toISOString());
    report.emailsSent += 1;
  }
}
