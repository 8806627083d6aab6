/**
 * The guard against gaps. Every route must declare `config.policy`; a route
 * without one (or with an unknown one) stops the app at start-up (onReady).
 * At request time the declared policy is enforced before the handler runs.
 * The per-child decisions (role and relationship, restricted records) are
 * made again, and audited, in the service layer: this guard is the outer
 * wall, not the only one.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { aggregateScope, canAdminister } from '../../services/policy.ts';
import type { SessionUser } from '../../services/context.ts';
import { canViewPerformance } from '../../services/indicators/policy.ts';
import { canCheckReturns } from '../../services/returns-check.ts';
import { ROUTE_POLICIES, type RoutePolicy } from '../types.ts';

export interface RegisteredRoute {
  method: string;
  url: string;
  policy: RoutePolicy | undefined;
}

export class MissingRoutePolicyError extends Error {
  constructor(routes: RegisteredRoute[]) {
    super(`Every route must declare config.policy; missing or unknown on: ${routes.map((r) => `${r.method} ${r.url}`).join(', ')}`);
    this.name = 'MissingRoutePolicyError';
  }
}

export class SignInRequiredError extends Error {
  readonly statusCode = 401;
  constructor() {
    super('You need to sign in to see this page.');
    this.name = 'SignInRequiredError';
  }
}

export class RouteForbiddenError extends Error {
  readonly statusCode = 403;
  constructor() {
    super('You do not have access to this page.');
    this.name = 'RouteForbiddenError';
  }
}

/** Whether a user may reach a route with this policy: 'ok', 'sign-in' (not signed in) or 'forbidden'. */
export function routeAllows(policy: RoutePolicy, user: SessionUser | null): 'ok' | 'sign-in' | 'forbidden' {
  if (policy === 'public') return 'ok';
  if (!user) return 'sign-in';
  switch (policy) {
    case 'signedIn':
    case 'childRead':
    case 'childAudit':
    case 'childExport':
      return 'ok';
    case 'aggregates': {
      const scope = aggregateScope(user);
      return scope === 'all' || scope.length > 0 ? 'ok' : 'forbidden';
    }
    case 'admin':
      return canAdminister(user) ? 'ok' : 'forbidden';
    case 'performance':
      return canViewPerformance(user) ? 'ok' : 'forbidden';
    case 'returns':
      return canCheckReturns(user) ? 'ok' : 'forbidden';
  }
}

/** Registers the start-up check (call before any route is added) and returns the live list of routes. */
export function registerRoutePolicyCheck(app: FastifyInstance): RegisteredRoute[] {
  const seen: { method: string | string[]; url: string; options: { config?: { policy?: RoutePolicy } } }[] = [];
  app.addHook('onRoute', (routeOptions) => {
    seen.push({ method: routeOptions.method, url: routeOptions.url ?? '', options: routeOptions as { config?: { policy?: RoutePolicy } } });
  });
  const routes: RegisteredRoute[] = [];
  app.addHook('onReady', async () => {
    routes.length = 0;
    for (const r of seen) {
      for (const method of Array.isArray(r.method) ? r.method : [r.method]) {
        routes.push({ method, url: r.url, policy: r.options.config?.policy });
      }
    }
    const bad = routes.filter((r) => !r.policy || !ROUTE_POLICIES.includes(r.policy));
    if (bad.length) throw new MissingRoutePolicyError(bad);
  });
  return routes;
}

/** Enforces each route's declared policy before its handler (and before its body is parsed). */
export function registerRouteGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.is404) return;
    const policy = request.routeOptions.config?.policy;
    if (!policy) throw new RouteForbiddenError(); // unreachable: onReady refuses such routes
    const verdict = routeAllows(policy, request.user);
    if (verdict === 'ok') return;
    if (verdict === 'sign-in') {
      if (request.method === 'GET' && !request.url.startsWith('/api/')) {
        return reply.redirect('/sign-in', 303);
      }
      throw new SignInRequiredError();
    }
    throw new RouteForbiddenError();
  });
}
