/**
 * Reads the session cookie and loads the signed-in user (or null) before any
 * route runs. The cookie holds a random 256-bit id; the database only its
 * hash (src/services/sessions.ts). In production the cookie is __Host-
 * prefixed and Secure; always HttpOnly and SameSite=Lax.
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../services/context.ts';
import { loadSession, type SessionTimeouts } from '../../services/sessions.ts';

export interface SessionCookieSettings {
  name: string;
  secure: boolean;
}

export function sessionCookieSettings(production: boolean): SessionCookieSettings {
  return production ? { name: '__Host-hearth-session', secure: true } : { name: 'hearth-session', secure: false };
}

export function setSessionCookie(reply: FastifyReply, settings: SessionCookieSettings, sessionId: string): void {
  // No Max-Age: a browser-session cookie; the server enforces the idle and absolute limits.
  reply.setCookie(settings.name, sessionId, { path: '/', httpOnly: true, sameSite: 'lax', secure: settings.secure });
}

export function clearSessionCookie(reply: FastifyReply, settings: SessionCookieSettings): void {
  reply.clearCookie(settings.name, { path: '/', httpOnly: true, sameSite: 'lax', secure: settings.secure });
}

export async function registerSession(
  app: FastifyInstance,
  options: { db: Db; clock: Clock; timeouts: SessionTimeouts; cookie: SessionCookieSettings },
): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('session', null);
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config?.asset) return;
    const raw = request.cookies[options.cookie.name];
    if (!raw) return;
    const session = await loadSession(options.db, raw, options.clock(), options.timeouts);
    if (!session) {
      clearSessionCookie(reply, options.cookie);
      return;
    }
    request.session = session;
    request.user = session.user;
  });
}
