/**
 * Every request gets a fresh id (never taken from the client), returned in
 * X-Request-Id, written to the audit trail and shown on error pages so that a
 * user's report can be matched to the log.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export const requestIdOptions = { genReqId: () => randomUUID(), requestIdHeader: false as const };

export function registerRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
}
