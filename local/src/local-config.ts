import { z } from 'zod';
import { env, parseEnv } from '@videoforge/platform';

/** Documented default for local development only; never used outside `npm start`. */
export const DEFAULT_LOCAL_ADMIN_PASSWORD = 'Local-Admin-Pass-1';

export type LocalConfig = ReturnType<typeof loadLocalConfig>;

export function loadLocalConfig(source: NodeJS.ProcessEnv) {
  const e = parseEnv(
    'local',
    {
      LOG_LEVEL: env.logLevel(),
      LOCAL_ADMIN_PASSWORD: z.string().min(8).optional(),
      /** Worker processes, on health ports 9100, 9101, … */
      LOCAL_TRANSCODERS: env.int(1, 1, 8),
    },
    source,
  );
  return {
    logLevel: e.LOG_LEVEL,
    adminEmail: 'admin@videoforge.local',
    adminPassword: e.LOCAL_ADMIN_PASSWORD ?? DEFAULT_LOCAL_ADMIN_PASSWORD,
    adminPasswordIsDefault: e.LOCAL_ADMIN_PASSWORD === undefined,
    transcoders: e.LOCAL_TRANSCODERS,
  };
}
