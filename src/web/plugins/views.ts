/**
 * Nunjucks views with the GOV.UK Frontend templates and macros. Every page
 * gets the CSP nonce, the signed-in user, a CSRF token for its forms and the
 * service name. Autoescaping is on.
 */
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import type { FastifyInstance } from 'fastify';
import { csrfTokenFor } from './csrf.ts';
import { govukDate, govukDateTime } from '../format.ts';
import type { SessionUser } from '../../services/context.ts';
import { canAdminister, hasCaseRole } from '../../services/policy.ts';
import { canCheckReturns } from '../../services/returns-check.ts';

const require = createRequire(import.meta.url);
/** node_modules/govuk-frontend/dist (templates are referenced as "govuk/..."). */
export const govukDist = dirname(dirname(require.resolve('govuk-frontend')));
export const viewsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'views');

export function createViewEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([viewsDir, govukDist]), { autoescape: true, throwOnUndefined: false });
  env.addFilter('govukDate', govukDate);
  env.addFilter('govukDateTime', govukDateTime);
  return env;
}

export const SERVICE_NAME = 'Hearth';

/** The service navigation for the signed-in user: the case record's pages their roles can use. */
function navigationFor(user: SessionUser | null, url: string): { href: string; text: string; active: boolean }[] {
  if (!user || !hasCaseRole(user)) return [];
  const items: { href: string; text: string }[] = [];
  if (user.staffId !== null) items.push({ href: '/my-work', text: 'My work' });
  items.push({ href: '/search', text: 'Find a child' });
  if (user.roles.some((r) => r.role === 'team_manager')) items.push({ href: '/team', text: 'My team' });
  if (canCheckReturns(user)) items.push({ href: '/returns/validate', text: 'Check a return' });
  return items.map((i) => ({ ...i, active: url === i.href || url.startsWith(`${i.href}?`) || (i.href === '/returns/validate' && url.startsWith(`${i.href}/`)) }));
}

/** System administrators (who may hold no case role) also get Administration. */
function withAdministration(items: { href: string; text: string; active: boolean }[], user: SessionUser | null, url: string) {
  if (!user || !canAdminister(user)) return items;
  return [...items, { href: '/admin', text: 'Administration', active: url === '/admin' || url.startsWith('/admin/') || url.startsWith('/admin?') }];
}

export function registerViews(app: FastifyInstance, options: { production: boolean }): void {
  const env = createViewEnvironment();
  app.decorateReply('view', function (this, template: string, context: Record<string, unknown> = {}) {
    const request = this.request;
    const html = env.render(template, {
      serviceName: SERVICE_NAME,
      serviceUrl: '/',
      cspNonce: request.cspNonce,
      user: request.user,
      csrfToken: csrfTokenFor(request, this, options.production),
      requestId: request.id,
      navigation: withAdministration(navigationFor(request.user, request.url), request.user, request.url),
      ...context,
    });
    this.type('text/html; charset=utf-8');
    return this.send(html);
  });
}
