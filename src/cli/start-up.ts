/**
 * What a signed-in command reads before its own work (config, session file, database target, the
 * SQLite file, the session check, default settings), in one module so the bundle loads it as one
 * file rather than one small file each: every file an ES module import reads costs a start-up
 * about half a millisecond.
 */
export { readConfigFile } from '../config/config-file.js';
export { readSessionFile } from '../config/session-file.js';
export { authenticate } from '../core/accounts/authenticate.js';
export { defaultSettings } from '../core/accounts/setting-defaults.js';
export { sqliteSessionRepositories } from '../db/repositories/sqlite-sessions.js';
export { DEFAULT_LOCK_TIMEOUT_MS, isMigrated, openSqliteHandle } from '../db/sqlite-handle.js';
export { parseDatabaseUrl } from '../db/url.js';
