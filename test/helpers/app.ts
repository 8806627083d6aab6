/**
 * Test harness for the web app: a fresh database (test/helpers/db.ts) with the
 * hand-made fixtures, the app built on it with a controllable clock and
 * injectable services, and a way to act as any fixture user (a real session
 * row and cookie, as the sign-in form would create).
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/config.ts';
import type { DatabaseHandle, Db } from '../../src/db/database.ts';
import { createSession } from '../../src/services/sessions.ts';
import { buildApp, type AppServices } from '../../src/web/app.ts';
import { freshDatabase } from './db.ts';
import { seedFixtures, type Fixtures, type UserKey } from './fixtures.ts';

export interface TestClock {
  (): Date;
  set(iso: string): void;
  advanceMinutes(n: number): void;
}

export function testClock(start = '2026-03-02T10:00:00.000Z'): TestClock {
  let now = new Date(start).getTime();
  const clock = (() => new Date(now)) as TestClock;
  clock.set = (iso) => (now = new Date(iso).getTime());
  clock.advanceMinutes = (n) => (now += n * 60_000);
  return clock;
}

export interface SignedIn {
  cookie: string;
  csrf: string;
  /** Headers for app.inject: the session cookie. */
  headers: Record<string, string>;
}

export interface TestApp extends Fixtures {
  app: FastifyInstance;
  handle: DatabaseHandle;
  db: Db;
  config: Config;
  clock: TestClock;
  signInAs(user: UserKey): Promise<SignedIn>;
  /** app.inject as a user (or signed out with null). */
  as(user: UserKey | null, options: InjectOptions | string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export const TEST_CONFIG: Config = { ...loadConfig({}), sessionSecret: 'test-secret-0123456789abcdef0123456789' };

export async function createTestApp(options: { services?: AppServices; config?: Partial<Config>; handle?: DatabaseHandle } = {}): Promise<TestApp> {
  const handle = options.handle ?? (await freshDatabase());
  const fixtures = await seedFixtures(handle.db);
  const clock = testClock();
  const config = { ...TEST_CONFIG, ...options.config };
  const app = await buildApp({ db: handle.db, config, clock, ...(options.services ? { services: options.services } : {}) });
  await app.ready();
  const cookieName = config.production ? '__Host-hearth-session' : 'hearth-session';
  const sessions = new Map<UserKey, SignedIn>();
  const signInAs = async (user: UserKey): Promise<SignedIn> => {
    const { id, csrfToken } = await createSession(handle.db, fixtures.users[user].id, clock());
    const cookie = `${cookieName}=${id}`;
    return { cookie, csrf: csrfToken, headers: { cookie } };
  };
  return {
    ...fixtures,
    app,
    handle,
    db: handle.db,
    config,
    clock,
    signInAs,
    async as(user, opts) {
      const o: InjectOptions = typeof opts === 'string' ? { url: opts } : opts;
      if (user === null) return app.inject(o);
      let s = sessions.get(user);
      if (!s) {
        s = await signInAs(user);
        sessions.set(user, s);
      }
      return app.inject({ ...o, headers: { ...(o.headers ?? {}), cookie: s.cookie } });
    },
    async close() {
      await app.close();
      if (!options.handle) await handle.close();
    },
  };
}

/** The cookies a response sets, by name (value and attributes as sent). */
export function setCookies(res: LightMyRequestResponse): Map<string, string> {
  const raw = res.headers['set-cookie'];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return new Map(list.map((c) => [c.slice(0, c.indexOf('=')), c]));
}
