/**
 * CSRF protection for every state-changing request (anything but GET, HEAD
 * and OPTIONS). Signed-in users: the synchroniser token stored with their
 * session. Signed-out users (the sign-in form): a random token in an
 * HttpOnly, SameSite=Strict cookie that the form must echo (double submit),
 * accepted only on public routes once a session exists.
 * The token comes from the `_csrf` form field or the X-CSRF-Token header;
 * for a file upload (multipart), from the `_csrf` field that must be the
 * form's first part, read from the stream before any file (./multipart.ts).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isMultipartRequest, multipartCsrfToken } from './multipart.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export class CsrfError extends Error {
  readonly statusCode = 403;
  readonly code = 'HEARTH_CSRF';
  constructor() {
    super('This form could not be verified (it may have expired). Go back, reload the page and try again.');
    this.name = 'CsrfError';
  }
}

export function anonymousCsrfCookieName(production: boolean): string {
  return production ? '__Host-hearth-csrf' : 'hearth-csrf';
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token to put in a form for this request (setting the anonymous cookie when needed). */
export function csrfTokenFor(request: FastifyRequest, reply: FastifyReply, production: boolean): string {
  if (request.session) return request.session.csrfToken;
  const name = anonymousCsrfCookieName(production);
  const existing = request.cookies[name];
  if (existing && TOKEN.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  reply.setCookie(name, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: production });
  return token;
}

export function registerCsrf(app: FastifyInstance, options: { production: boolean }): void {
  app.addHook('preHandler', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    const body = request.body;
    const fromBody = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)['_csrf'] : undefined;
    const fromHeader = request.headers['x-csrf-token'];
    let supplied = typeof fromBody === 'string' ? fromBody : typeof fromHeader === 'string' ? fromHeader : undefined;
    if (supplied === undefined && isMultipartRequest(request)) supplied = await multipartCsrfToken(request);
    // The session's token; on public routes (the sign-in form) also the anonymous double-submit token,
    // so that a stale or planted session cookie cannot stop someone signing in.
    const expected: string[] = [];
    if (request.session) expected.push(request.session.csrfToken);
    const anonymous = request.cookies[anonymousCsrfCookieName(options.production)];
    if (anonymous && (!request.session || request.routeOptions.config?.policy === 'public')) expected.push(anonymous);
    if (!supplied || !expected.some((e) => TOKEN.test(e) && equal(supplied, e))) throw new CsrfError();
  });
}
