/**
 * Sign-in and sign-out. Failed sign-ins all get the same answer, whether or
 * not the username exists and whether or not the account is locked.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import { recordOrFail, type AuditWriter } from '../../services/audit.ts';
import type { Clock } from '../../services/context.ts';
import { signIn, type IdentityProvider, type SignInThrottle } from '../../services/identity.ts';
import { endSessionByHash } from '../../services/sessions.ts';
import { anonymousCsrfCookieName } from '../plugins/csrf.ts';
import { clearSessionCookie, setSessionCookie, type SessionCookieSettings } from '../plugins/session.ts';

export interface AuthRouteDeps {
  db: Db;
  clock: Clock;
  audit: AuditWriter;
  provider: IdentityProvider;
  throttle: SignInThrottle;
  cookie: SessionCookieSettings;
  production: boolean;
}

const signInBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    username: { type: 'string', maxLength: 200 },
    password: { type: 'string', maxLength: 1000 },
    _csrf: { type: 'string', maxLength: 100 },
  },
} as const;

interface SignInFields {
  username?: string;
  password?: string;
  _csrf?: string;
}

const WRONG = 'Enter a correct username and password. After 5 wrong attempts an account is locked for 15 minutes.';

/**
 * Where a user lands after signing in: a practitioner with a caseload (and no
 * other role) starts on My work, everyone else on the home page of links.
 */
async function landingPage(db: Db, userId: number): Promise<string> {
  const [account, roles] = await Promise.all([
    db.selectFrom('user_account').select('staff_id').where('id', '=', userId).executeTakeFirst(),
    db.selectFrom('user_role').select('role').where('user_id', '=', userId).execute(),
  ]);
  const practitionerOnly = roles.length > 0 && roles.every((r) => r.role === 'practitioner');
  return practitionerOnly && account?.staff_id != null ? '/my-work' : '/';
}

export function registerAuthRoutes(app: FastifyInstance, deps: AuthRouteDeps): void {
  app.get('/sign-in', { config: { policy: 'public' } }, async (request, reply) => {
    if (request.user) return reply.redirect('/', 303);
    return reply.view('sign-in.njk', { errors: [], fieldErrors: {} });
  });

  app.post<{ Body: SignInFields }>('/sign-in', { config: { policy: 'public' }, schema: { body: signInBody } }, async (request, reply) => {
    const username = (request.body?.username ?? '').trim();
    const password = request.body?.password ?? '';
    const fieldErrors: Record<string, string> = {};
    if (!username) fieldErrors['username'] = 'Enter your username';
    if (!password) fieldErrors['password'] = 'Enter your password';
    if (Object.keys(fieldErrors).length) {
      const errors = Object.entries(fieldErrors).map(([k, text]) => ({ text, href: `#${k}` }));
      return reply.code(400).view('sign-in.njk', { errors, fieldErrors, username });
    }
    const now = deps.clock();
    const outcome = await signIn({
      db: deps.db,
      provider: deps.provider,
      throttle: deps.throttle,
      audit: deps.audit,
      credentials: { username, password },
      clientKey: request.ip,
      requestId: request.id,
      now,
    });
    if (!outcome.ok) {
      const text = outcome.throttled ? 'Too many failed sign-in attempts from this device. Wait 15 minutes and try again.' : WRONG;
      return reply.code(outcome.throttled ? 429 : 401).view('sign-in.njk', { errors: [{ text, href: '#username' }], fieldErrors: { username: text }, username });
    }
    // Whatever session the browser had before is ended: the signed-in user always gets a new id.
    if (request.session) await endSessionByHash(deps.db, request.session.idHash, now);
    setSessionCookie(reply, deps.cookie, outcome.sessionId);
    reply.clearCookie(anonymousCsrfCookieName(deps.production), { path: '/' });
    return reply.redirect(await landingPage(deps.db, outcome.userId), 303);
  });

  app.post('/sign-out', { config: { policy: 'signedIn' } }, async (request, reply) => {
    const session = request.session;
    if (session) {
      const now = deps.clock();
      await endSessionByHash(deps.db, session.idHash, now);
      await recordOrFail(deps.audit, {
        occurredAt: now,
        userId: session.user.id,
        username: session.user.username,
        role: null,
        action: 'sign_out',
        childId: null,
        recordType: 'session',
        recordId: null,
        requestId: request.id,
        outcome: 'allowed',
      });
    }
    clearSessionCookie(reply, deps.cookie);
    return reply.redirect('/sign-in', 303);
  });
}
