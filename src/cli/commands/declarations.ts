/**
 * Every command declaration but the account ones (auth/auth.command.ts), in one module: the CLI
 * loads them as one chunk, only when a run names one of them (see program.ts).
 */
export { adminGroup } from './admin/admin.command.js';
export { alertsGroup } from './alerts/alerts.command.js';
export { allocationCommand } from './allocation/allocation.command.js';
export { analyzeCommand } from './analyze/analyze.command.js';
export { completeCommand, completionCommand } from './completion/completion.command.js';
export { dbGroup } from './db/db.command.js';
export { demoCommand } from './demo/demo.command.js';
export { exportGroup } from './export/export.command.js';
export { fxGroup } from './fx/fx.command.js';
export { historyCommand } from './history/history.command.js';
export { holdingsCommand } from './holdings/holdings.command.js';
export { lotsCommand } from './holdings/lots.command.js';
export { importMapGroup } from './import-map/import-map.command.js';
export { importGroup } from './import/import.command.js';
export { indicatorsCommand } from './indicators/indicators.command.js';
export { instrumentsGroup } from './instruments/instruments.command.js';
export { notificationsGroup } from './notifications/notifications.command.js';
export { notifyGroup } from './notify/notify.command.js';
export { optimizeCommand } from './optimize/optimize.command.js';
export { passwordGroup } from './password/password.command.js';
export { portfolioGroup } from './portfolio/portfolio.command.js';
export { pricesGroup } from './prices/prices.command.js';
export { profileGroup } from './profile/profile.command.js';
export { eventsCommand, quoteCommand, watchCommand } from './quote/quote.command.js';
export { reportCommand } from './report/report.command.js';
export { settingsGroup } from './settings/settings.command.js';
export { tokenGroup } from './token/token.command.js';
export { txGroup } from './tx/tx.command.js';
