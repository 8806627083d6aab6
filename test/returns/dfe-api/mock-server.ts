/**
 * A local stand-in for the DfE API (127.0.0.1, ephemeral port): an OAuth2
 * client-credentials token endpoint and the children endpoint, which checks
 * the bearer token, validates the body against the CSC schema, and follows a
 * script of failures (429/503/400/slow) before accepting. Keeps one accepted
 * record per idempotency key, like a receiver that de-duplicates re-sends.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { ValidateFunction } from 'ajv';

export type Step = { status: number; retryAfter?: string } | { delayMs: number };

export interface ReceivedRequest {
  laCode: string;
  idempotencyKey: string | undefined;
  body: unknown[];
  status: number;
}

export interface MockDfe {
  baseUrl: string;
  tokenUrl: string;
  tokensIssued: number;
  requests: ReceivedRequest[];
  /** Accepted batches by idempotency key (re-sends with the same key are not stored twice). */
  accepted: Map<string, { receipt: string; body: unknown[] }>;
  /** Responses to use, in order, before accepting; consumed one per request. */
  script: Step[];
  close(): Promise<void>;
}

const CLIENT_ID = 'hearth-test';
const CLIENT_SECRET = 'not-a-real-secret';
export const MOCK_CREDENTIALS = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scope: 'csc.write' };

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startMockDfe(validate: ValidateFunction): Promise<MockDfe> {
  const tokens = new Set<string>();
  const state: Omit<MockDfe, 'baseUrl' | 'tokenUrl' | 'close'> = { tokensIssued: 0, requests: [], accepted: new Map(), script: [] };
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    if (req.method === 'POST' && req.url === '/oauth2/token') {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== CLIENT_ID
        || form.get('client_secret') !== CLIENT_SECRET || form.get('scope') !== 'csc.write') return send(401, { error: 'invalid_client' });
      const token = randomUUID();
      tokens.add(token);
      state.tokensIssued++;
      return send(200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
    }
    const m = /^\/api\/children_social_care_data\/(\d{1,3})\/children$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) return send(404);
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !tokens.has(auth.slice(7))) return send(401);
    let json: unknown;
    try { json = JSON.parse(body); } catch { return send(400); }
    const key = req.headers['idempotency-key'] as string | undefined;
    const record = (status: number) => state.requests.push({ laCode: m[1]!, idempotencyKey: key, body: json as unknown[], status });
    const step = state.script.shift();
    if (step && 'delayMs' in step) {
      record(0);
      // Simulates a response lost to a client timeout: the request arrived but the answer comes too late.
      await new Promise((r) => setTimeout(r, step.delayMs));
      if (!res.destroyed) send(503);
      return;
    }
    if (step) {
      record(step.status);
      return send(step.status, { error: 'scripted' }, step.retryAfter !== undefined ? { 'retry-after': step.retryAfter } : {});
    }
    if (!validate(json)) {
      record(400);
      return send(400, { errors: validate.errors });
    }
    record(200);
    const existing = key ? state.accepted.get(key) : undefined;
    if (existing) return send(200, existing.receipt);
    const receipt = randomUUID();
    if (key) state.accepted.set(key, { receipt, body: json as unknown[] });
    return send(200, receipt);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const mock = state as MockDfe;
  mock.baseUrl = `http://127.0.0.1:${port}/api`;
  mock.tokenUrl = `http://127.0.0.1:${port}/oauth2/token`;
  mock.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return mock;
}
