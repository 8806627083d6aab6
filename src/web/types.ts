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
 */
export type RoutePolicy = 'public' | 'signedIn' | 'childRead' | 'childAudit' | 'childExport' | 'aggregates' | 'admin';
export const ROUTE_POLICIES: readonly RoutePolicy[] = ['public', 'signedIn', 'childRead', 'childAudit', 'childExport', 'aggregates', 'admin'];

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
