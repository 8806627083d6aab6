/**
 * What the web layer adds to Fastify's request, reply and route config.
 */
import type { ActiveSession } from '../services/sessions.ts';
import type { SessionUser } from '../services/context.ts';

/**
 * The policy every route must declare (route `config.policy`), checked before the handler runs:
 *  - public: anyone, signed in or not (sign-in page, static assets)
 *  - signedIn: any signed-in user (home page, sign-out)
 *  - childRead / childAudit / childExport: a signed-in user; the service call then decides,
 *    per child, by role and relationship, and audits the attempt (src/services/children.ts)
 *  - aggregates: a user whose roles give aggregate figures (src/services/policy.ts aggregateScope)
 *  - admin: system administrators
 *  - performance: a user with a view of the performance dashboards (src/services/indicators/policy.ts);
 *    the service then scopes councils, teams and the drill-down, and audits each child listed
 *  - returns: performance officers and heads of service (src/services/returns-check.ts canCheckReturns):
 *    the statutory-return checks, whose reports hold child identifiers (never aggregate-only roles)
 */
export type RoutePolicy = 'public' | 'signedIn' | 'childRead' | 'childAudit' | 'childExport' | 'aggregates' | 'admin' | 'performance' | 'returns';
export const ROUTE_POLICIES: readonly RoutePolicy[] = ['public', 'signedIn', 'childRead', 'childAudit', 'childExport', 'aggregates', 'admin', 'performance', 'returns'];

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: RoutePolicy;
    /** Static files: cacheable, no personal data. */
    asset?: boolean;
  }
  interface FastifyRequest {
    cspNonce: string;
    session: ActiveSession | null;
    user: SessionUser | null;
  }
  interface FastifyReply {
    view(template: string, context?: Record<string, unknown>): FastifyReply;
  }
}
