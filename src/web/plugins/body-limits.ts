/**
 * What the server will accept as a request body: small HTML forms
 * (application/x-www-form-urlencoded) and small JSON documents, nothing
 * else. Oversized bodies are refused with 413 before they are parsed, and
 * other content types with 415 (Fastify's own behaviour for unknown types).
 * Routes that need uploads (multipart) register their own parser and limit.
 */
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';

/** The largest body any route accepts by default. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export async function registerBodyLimits(app: FastifyInstance): Promise<void> {
  await app.register(formbody, { bodyLimit: BODY_LIMIT_BYTES });
  // Fastify also parses text/plain by default; no route takes it, so refuse it like any unknown type.
  app.removeContentTypeParser('text/plain');
}
