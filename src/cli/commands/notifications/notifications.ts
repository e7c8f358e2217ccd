import { shortId } from '../../../core/ids.js';
import { notFoundError, usageError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import { openInbox } from '../../notifications.js';
import { renderRows } from '../../output.js';
import type { NotificationsClearOptions, NotificationsListOptions, NotificationsReadOptions } from './notifications.command.js';

/** `folio notifications list [--unread]`: the inbox, newest first. */
export async function runNotificationsList(ctx: CliContext, options: NotificationsListOptions): Promise<void> {
  const user = await ctx.requireUser();
  const items = (await (await openInbox(ctx)).inbox(user.id, Boolean(options.unread))).map((n) => ({
    id: n.id,
    createdAt: n.createdAt,
    kind: n.kind,
    severity: n.severity,
    subject: n.subject,
    body: n.body,
    figures: n.figures,
    read: n.readAt !== null,
  }));
  await renderRows(ctx, {
    columns: [
      { key: 'id', header: 'ID', cell: (n) => shortId(n.id) },
      { key: 'createdAt', header: 'WHEN', kind: 'timestamp' },
      {
        key: 'severity',
        header: 'SEVERITY',
        cell: (n, style) => (n.severity === 'critical' ? style.paint.loss(n.severity) : n.severity === 'warning' ? style.paint.warn(n.severity) : n.severity),
      },
      { key: 'subject', header: 'SUBJECT', cell: (n, style) => (n.read ? style.paint.muted(n.subject) : n.subject) },
    ],
    rows: items,
    csv: { keys: ['id', 'createdAt', 'kind', 'severity', 'subject', 'read'] },
    empty: options.unread ? 'No unread notifications.' : 'No notifications.',
  });
}

/** `folio notifications read ID… | --all`: marks notifications read. */
export async function runNotificationsRead(ctx: CliContext, options: NotificationsReadOptions): Promise<void> {
  const refs = options.ids.map((r) => r.trim()).filter(Boolean);
  if (!options.all && refs.length === 0) throw usageError('Name the notifications to mark read (ids from `folio notifications list`), or use --all.', 'missing_flag');
  const user = await ctx.requireUser();
  const repo = await openInbox(ctx);
  let ids: string[] | null = null;
  if (!options.all) {
    const inbox = await repo.inbox(user.id, false);
    ids = refs.map((ref) => {
      const match = inbox.filter((n) => n.id === ref || (ref.length >= 8 && n.id.endsWith(ref)));
      if (match.length !== 1) throw notFoundError(`No notification with id ${ref} in your inbox.`, 'notification_not_found');
      return match[0]!.id;
    });
  }
  const count = await repo.markRead(user.id, ids, ctx.clock.now().toISOString());
  if (ctx.format() === 'json') return ctx.json({ read: count });
  ctx.info(`Marked ${count} notification${count === 1 ? '' : 's'} read.`);
}

/** `folio notifications clear [--read]`: empties the inbox (or only of read notifications). */
export async function runNotificationsClear(ctx: CliContext, options: NotificationsClearOptions): Promise<void> {
  const user = await ctx.requireUser();
  const count = await (await openInbox(ctx)).clearInbox(user.id, Boolean(options.read));
  if (ctx.format() === 'json') return ctx.json({ cleared: count });
  ctx.info(`Cleared ${count} notification${count === 1 ? '' : 's'}.`);
}
