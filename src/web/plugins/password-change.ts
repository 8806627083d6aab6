/**
 * A user whose password an administrator set (a new account, or a reset)
 * must choose their own before using anything else: every other page
 * redirects to /account/password (GET) or is refused (403), until they do.
 * Public routes (sign-in, static assets) and sign-out stay open.
 */
import type { FastifyInstance } from 'fastify';

const OPEN = new Set(['/account/password', '/sign-out']);

export class PasswordChangeRequiredError extends Error {
  readonly statusCode = 403;
  constructor() {
    super('You must choose a new password before you can continue: go to /account/password.');
    this.name = 'PasswordChangeRequiredError';
  }
}

/** Register after the route guard (it relies on request.user from the session plugin). */
export function registerPasswordChange(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.is404 || !request.user?.mustChangePassword) return;
    if (request.routeOptions.config?.policy === 'public' || OPEN.has(request.routeOptions.url ?? '')) return;
    if (request.method === 'GET' && !request.url.startsWith('/api/')) return reply.redirect('/account/password', 303);
    throw new PasswordChangeRequiredError();
  });
}
