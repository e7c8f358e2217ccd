import { homedir } from 'node:os';
import { join } from 'node:path';

export interface Paths {
  configDir: string;
  dataDir: string;
  configFile: string;
  sessionFile: string;
  defaultDatabaseFile: string;
}

/** `$FOLIO_HOME` holds everything when set; otherwise the XDG config and data directories. */
export function resolvePaths(env: NodeJS.ProcessEnv): Paths {
  const home = env.FOLIO_HOME?.trim();
  const configDir = home || join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'folio');
  const dataDir = home || join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'folio');
  return {
    configDir,
    dataDir,
    configFile: join(configDir, 'config.json'),
    sessionFile: join(configDir, 'session.json'),
    defaultDatabaseFile: join(dataDir, 'folio.db'),
  };
}
