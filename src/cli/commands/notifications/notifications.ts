import * as z from 'zod';
import { shortId } from '../../../core/ids.js';
import { notFoundError, usageError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import { openInbox } from '../../notifications.js';
import { parseOptions, type CommandInput } from '../../options.js';
import { renderTable } from '../../render.js';

const ListOptions = z.object({ unread: z.boolean().optional() });

/** `folio notifications list [--unread]`: the inbox, newest first. */
export async function runNotificationsList(ctx: CliContext, { opts }: CommandInput): Promise<void> {
  const options = parseOptions(ListOptions, opts);
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
  const format = ctx.format();
  if (format === 'json') return ctx.json(items);
  if (format === 'csv') {
    const { writeCsv } = await import('../../csv.js');
    return writeCsv(ctx, ['id', 'createdAt', 'kind', 'severity', 'subject', 'read'], items);
  }
  if (items.length === 0) {
    ctx.info(options.unread ? 'No unread notifications.' : 'No notifications.');
    return;
  }
  const style = await ctx.style();
  const rows = items.map((n) => [
    shortId(n.id),
    n.createdAt.slice(0, 16).replace('T', ' '),
    n.severity === 'critical' ? style.paint.loss(n.severity) : n.severity === 'warning' ? style.paint.warn(n.severity) : n.severity,
    n.read ? style.paint.muted(n.subject) : n.subject,
  ]);
  await ctx.out(await renderTable(style, ['ID', 'WHEN', 'SEVERITY', 'SUBJECT'], rows));
}

const ReadOptions = z.object({ all: z.boolean().optional() });

/** `folio notifications read ID… | --all`: marks notifications read. */
export async function runNotificationsRead(ctx: CliContext, { args, opts }: CommandInput): Promise<void> {
  const options = parseOptions(ReadOptions, opts);
  const refs = ((args[0] as string[] | undefined) ?? []).map((r) => r.trim()).filter(Boolean);
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

const ClearOptions = z.object({ read: z.boolean().optional() });

/** `folio notifications clear [--read]`: empties the inbox (or only of read notifications). */
export async function runNotificationsClear(ctx: CliContext, { opts }: CommandInput): Promise<void> {
  const options = parseOptions(ClearOptions, opts);
  const user = await ctx.requireUser();
  const count = await (await openInbox(ctx)).clearInbox(user.id, Boolean(options.read));
  if (ctx.format() === 'json') return ctx.json({ cleared: count });
  ctx.info(`Cleared ${count} notification${count === 1 ? '' : 's'}.`);
}
