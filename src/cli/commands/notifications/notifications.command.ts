import { defineCommand, defineGroup, type OptionsOf } from '../../command.js';

const notificationsList = defineCommand({
  name: 'list',
  description: 'list notifications, newest first',
  flags: [{ flags: '--unread', description: 'only unread ones' }],
  examples: ['folio notifications list --unread', 'folio notifications list --json'],
  options: (z) => z.object({ unread: z.boolean().optional() }),
  run: async (ctx, options): Promise<void> => (await import('./notifications.js')).runNotificationsList(ctx, options),
});
export type NotificationsListOptions = OptionsOf<typeof notificationsList>;

const notificationsRead = defineCommand({
  name: 'read',
  description: 'mark notifications read',
  args: [{ name: 'ids', description: 'notification ids, or the short ids shown by notifications list', variadic: true }],
  flags: [{ flags: '--all', description: 'mark every notification read' }],
  examples: ['folio notifications read 7d01c2e9', 'folio notifications read --all'],
  formats: ['table', 'json'],
  options: (z) => z.object({ ids: z.array(z.string()).default([]), all: z.boolean().optional() }),
  run: async (ctx, options): Promise<void> => (await import('./notifications.js')).runNotificationsRead(ctx, options),
});
export type NotificationsReadOptions = OptionsOf<typeof notificationsRead>;

const notificationsClear = defineCommand({
  name: 'clear',
  description: 'remove notifications from the inbox',
  flags: [{ flags: '--read', description: 'only those already read' }],
  examples: ['folio notifications clear --read'],
  formats: ['table', 'json'],
  options: (z) => z.object({ read: z.boolean().optional() }),
  run: async (ctx, options): Promise<void> => (await import('./notifications.js')).runNotificationsClear(ctx, options),
});
export type NotificationsClearOptions = OptionsOf<typeof notificationsClear>;

export const notificationsGroup = defineGroup({
  name: 'notifications',
  description: 'your inbox of alerts and portfolio updates',
  commands: [notificationsList, notificationsRead, notificationsClear],
});
