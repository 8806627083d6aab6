/**
 * Hearth's web application: builds (but does not start) the Fastify
 * instance, so tests drive it with app.inject() and `hearth serve` listens.
 * Each cross-cutting concern is one file in ./plugins; routes live in
 * ./routes and every route declares its policy (./plugins/route-policy.ts).
 *
 * Hook order for a request: request id → security headers + CSP nonce →
 * session → route policy → (body parsed, validated) → CSRF → handler;
 * then no-store on the way out, and errors to a GOV.UK page or problem+json.
 */
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { databaseAuditWriter, type AuditWriter } from '../services/audit.ts';
import type { Clock, ServiceContext } from '../services/context.ts';
import { localPasswordProvider, SignInThrottle, type IdentityProvider } from '../services/identity.ts';
import { BODY_LIMIT_BYTES, registerBodyLimits } from './plugins/body-limits.ts';
import { registerCsrf } from './plugins/csrf.ts';
import { registerErrorHandling } from './plugins/errors.ts';
import { registerNoStore } from './plugins/no-store.ts';
import { registerRequestId, requestIdOptions } from './plugins/request-id.ts';
import { registerRouteGuard, registerRoutePolicyCheck, type RegisteredRoute } from './plugins/route-policy.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';
import { registerSession, sessionCookieSettings } from './plugins/session.ts';
import { registerViews } from './plugins/views.ts';
import { registerPasswordChange } from './plugins/password-change.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerAggregateRoutes } from './routes/aggregates.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerChildRoutes } from './routes/children.ts';
import { registerHomeRoutes } from './routes/home.ts';
import { registerPerformanceRoutes } from './routes/performance.ts';
import { registerRecordRoutes } from './routes/record.ts';
import { registerReturnsValidateRoutes } from './routes/returns-validate.ts';
import { registerStaticRoutes } from './routes/static.ts';
import './types.ts';

export interface AppServices {
  /** Where audit events go (default: the audit_event table). Tests inject a failing one. */
  audit?: AuditWriter;
  identityProvider?: IdentityProvider;
  throttle?: SignInThrottle;
}

export interface BuildAppOptions {
  db: Db;
  config: Config;
  clock?: Clock;
  services?: AppServices;
  /** Fastify logger options; default off (tests and development stay quiet). */
  logger?: FastifyServerOptions['logger'];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its declared policy (filled when the app is ready). */
    hearthRoutes: RegisteredRoute[];
  }
}

/**
 * Logger settings that never write a URL (which can contain a child's id),
 * a body, a cookie or a header: only the method, the route pattern and the request id.
 */
export function safeLoggerOptions(level = 'info'): FastifyServerOptions['logger'] {
  return {
    level,
    serializers: {
      req: (req: FastifyRequest) => ({ method: req.method, route: req.routeOptions?.url, id: req.id }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  } as FastifyServerOptions['logger'];
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { db, config } = options;
  const clock: Clock = options.clock ?? (() => new Date());
  const audit = options.services?.audit ?? databaseAuditWriter(db);
  const provider = options.services?.identityProvider ?? localPasswordProvider(db);
  const throttle = options.services?.throttle ?? new SignInThrottle();
  const cookie = sessionCookieSettings(config.production);

  const app = Fastify({
    ...requestIdOptions,
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: false,
    // Reject extra fields rather than silently dropping them; no type coercion of bodies.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    routerOptions: { maxParamLength: 100 },
  });

  const routes = registerRoutePolicyCheck(app);
  app.decorate('hearthRoutes', routes);
  registerRequestId(app);
  registerSecurityHeaders(app, { production: config.production });
  await registerSession(app, { db, clock, timeouts: { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours }, cookie });
  registerRouteGuard(app);
  registerPasswordChange(app);
  await registerBodyLimits(app);
  registerCsrf(app, { production: config.production });
  registerNoStore(app);
  registerViews(app, { production: config.production });
  registerErrorHandling(app);

  const contextFor = (request: FastifyRequest): ServiceContext => {
    if (!request.user) throw new Error('service context needs a signed-in user');
    return { db, user: request.user, requestId: request.id, clock, audit, pseudonymKey: config.sessionSecret };
  };

  await registerStaticRoutes(app);
  registerAuthRoutes(app, { db, clock, audit, provider, throttle, cookie, production: config.production });
  registerHomeRoutes(app);
  registerChildRoutes(app, contextFor);
  registerAggregateRoutes(app, contextFor);
  registerPerformanceRoutes(app, contextFor);
  registerRecordRoutes(app, contextFor);
  registerAdminRoutes(app, contextFor);
  registerReturnsValidateRoutes(app, contextFor);
  return app;
}
