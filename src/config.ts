/**
 * Configuration, read once from the environment. In production, missing
 * secrets stop the process at start-up rather than falling back to defaults.
 */
import { resolve } from 'node:path';
import { UserFacingError } from './errors.ts';

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
}

export class ConfigError extends UserFacingError {}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${name} must be a positive whole number, got "${raw}"`);
  return n;
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
  };
}
