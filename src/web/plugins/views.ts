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

const require = createRequire(import.meta.url);
/** node_modules/govuk-frontend/dist (templates are referenced as "govuk/..."). */
export const govukDist = dirname(dirname(require.resolve('govuk-frontend')));
export const viewsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'views');

export function createViewEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([viewsDir, govukDist]), { autoescape: true, throwOnUndefined: false });
  return env;
}

export const SERVICE_NAME = 'Hearth';

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
      ...context,
    });
    this.type('text/html; charset=utf-8');
    return this.send(html);
  });
}
