/**
 * Security headers on every response, including errors and 404s, and a
 * Content-Security-Policy with a fresh nonce per request. No 'unsafe-inline'
 * and no 'unsafe-eval': the only inline script is GOV.UK's one-line
 * js-enabled class in template.njk, which carries the nonce; govuk-frontend is
 * started from an external module (/static/init.js).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export function contentSecurityPolicy(nonce: string, production: boolean): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (production) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

export function registerSecurityHeaders(app: FastifyInstance, options: { production: boolean }): void {
  app.decorateRequest('cspNonce', '');
  app.addHook('onRequest', async (request, reply) => {
    request.cspNonce = randomBytes(16).toString('base64');
    reply.header('content-security-policy', contentSecurityPolicy(request.cspNonce, options.production));
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
    if (options.production) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
}
