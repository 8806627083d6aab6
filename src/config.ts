/**
 * Configuration, read once from the environment. In production, missing
 * secrets stop the process at start-up rather than falling back to defaults.
 */
import { resolve } from 'node:path';
import { UserFacingError } from './errors.ts';
import { parseDailyTime, type DailyTime } from './returns/dfe-api/schedule.ts';
import { dfeApiConfigFromEnv, type DfeApiConfig } from './returns/dfe-api/sender.ts';

export interface Config {
  production: boolean;
  port: number;
  host: string;
  /** PostgreSQL server URL; when absent Hearth uses embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  sessionSecret: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** The DfE data feed's daily run inside `hearth serve` (DFE_FEED_DAILY_AT, UK time); off when absent. */
  dfeFeed: { time: DailyTime; api: DfeApiConfig; councils: string[] } | undefined;
}

export class ConfigError extends UserFacingError {}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${name} must be a positive whole number, got "${raw}"`);
  return n;
}

function dfeFeedFrom(env: NodeJS.ProcessEnv): Config['dfeFeed'] {
  const at = env.DFE_FEED_DAILY_AT;
  if (!at) return undefined;
  const councils = (env.DFE_FEED_COUNCILS ?? '').split(',').map((c) => c.trim()).filter(Boolean);
  for (const c of councils) if (!/^\d{3}$/.test(c)) throw new ConfigError(`DFE_FEED_COUNCILS must be DfE LA codes separated by commas, got "${c}"`);
  // Both throw a UserFacingError naming the setting, so a mis-set feed stops start-up.
  return { time: parseDailyTime(at), api: dfeApiConfigFromEnv(env), councils };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const sessionSecret = env.SESSION_SECRET ?? '';
  if (production && sessionSecret.length < 32) {
    throw new ConfigError('SESSION_SECRET must be set to at least 32 characters in production');
  }
  if (production && !env.DATABASE_URL) {
    throw new ConfigError('DATABASE_URL must be set in production (the embedded database is for evaluation and development)');
  }
  return {
    production,
    port: intFrom(env, 'PORT', 3000),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.HEARTH_DATA_DIR ?? 'data/pglite'),
    sessionSecret: sessionSecret || 'development-only-secret-not-for-production-use',
    sessionIdleMinutes: intFrom(env, 'SESSION_IDLE_MINUTES', 30),
    sessionAbsoluteHours: intFrom(env, 'SESSION_ABSOLUTE_HOURS', 10),
    dfeFeed: dfeFeedFrom(env),
  };
}
