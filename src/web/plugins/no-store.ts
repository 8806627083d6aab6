/**
 * Nothing but static assets may be kept by a browser or a proxy: every page
 * and API answer may hold personal data, so all of them are `no-store`.
 */
import type { FastifyInstance } from 'fastify';

export function registerNoStore(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.routeOptions.config?.asset && reply.statusCode < 400) return payload;
    reply.header('cache-control', 'no-store');
    reply.header('pragma', 'no-cache');
    return payload;
  });
}
