/**
 * One place that turns every failure into an answer: a GOV.UK error page for
 * browsers, RFC 9457 problem+json under /api/. Client errors (4xx) say
 * clearly what was wrong; server errors (5xx) say only that something went
 * wrong, with the request id, and never a stack trace or SQL.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const TITLES: Record<number, string> = {
  400: 'There is a problem with the request',
  401: 'You need to sign in',
  403: 'You do not have access',
  404: 'Page not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  413: 'The request was too large',
  415: 'Unsupported content type',
  429: 'Too many attempts',
  500: 'Sorry, there is a problem with the service',
  503: 'Sorry, the service is unavailable',
};

export function isApi(request: FastifyRequest): boolean {
  return request.url === '/api' || request.url.startsWith('/api/');
}

function clientMessage(error: FastifyError, status: number): string {
  if (error.validation) {
    const where = error.validationContext;
    if (where === 'params') return 'The address is not valid: an id must be a whole number.';
    if (where === 'querystring') return 'The address has query parameters that are not valid.';
    if (where === 'headers') return 'The request headers are not valid.';
    return `The form or request body is not valid: ${error.message.replace(/^body\/?/, '')}`;
  }
  if (status === 413) return 'The request body is larger than this service accepts.';
  if (status === 415) return 'The request body has a content type this service does not accept. Send a form (application/x-www-form-urlencoded) or JSON.';
  return error.message || TITLES[status] || 'The request could not be handled.';
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, status: number, detail: string): FastifyReply {
  reply.code(status);
  if (isApi(request)) {
    reply.type('application/problem+json');
    return reply.send(
      JSON.stringify({ type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, instance: `urn:hearth:request:${request.id}` }),
    );
  }
  return reply.view('error.njk', { status, title: TITLES[status] ?? 'There is a problem', detail });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    let status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (error.validation) status = 400;
    if (status >= 500) {
      request.log.error({ err: error, reqId: request.id }, 'request failed');
      const detail =
        status === 503
          ? `${error.name === 'AuditUnavailableError' ? error.message : 'The service is temporarily unavailable.'} Quote reference ${request.id} if you contact support.`
          : `Something went wrong. Try again later. Quote reference ${request.id} if you contact support.`;
      return sendProblem(request, reply, status, detail);
    }
    return sendProblem(request, reply, status, clientMessage(error, status));
  });
  app.setNotFoundHandler(async (request, reply) => sendProblem(request, reply, 404, 'If you typed the web address, check it is correct.'));
}
