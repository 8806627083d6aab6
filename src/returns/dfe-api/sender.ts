/**
 * Sends DfE data feed batches: OAuth2 client-credentials (token cached until
 * shortly before it expires), POST to
 * {baseUrl}/children_social_care_data/{la_code}/children, retries with
 * exponential backoff and full jitter on 429, 5xx, timeouts and network
 * errors (honouring Retry-After), a bounded number of attempts, and the
 * batch id as Idempotency-Key so a re-send after a timeout is recognised by
 * the receiver. Uses Node's global fetch. Never logs payloads.
 */
import { UserFacingError } from '../../errors.ts';
import type { DfeChild } from './payload.ts';

export interface DfeApiConfig {
  /** e.g. https://…/api (the path /children_social_care_data/{la}/children is appended). */
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string | undefined;
  /** Extra header some gateways require (e.g. an API-management subscription key). */
  subscriptionKey?: string | undefined;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  /** Attempts per batch including the first (default 5). */
  maxAttempts?: number;
  /** First backoff step (default 500 ms); doubles each retry, capped at maxDelayMs (default 30 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export class DfeConfigError extends UserFacingError {}

/** Reads the sender's settings from the environment (DFE_API_*). */
export function dfeApiConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DfeApiConfig {
  const need = (name: string): string => {
    const v = env[name];
    if (!v) throw new DfeConfigError(`${name} must be set to send the DfE data feed (or use --dry-run)`);
    return v;
  };
  const cfg: DfeApiConfig = {
    baseUrl: need('DFE_API_BASE_URL'),
    tokenUrl: need('DFE_API_TOKEN_URL'),
    clientId: need('DFE_API_CLIENT_ID'),
    clientSecret: need('DFE_API_CLIENT_SECRET'),
    scope: env.DFE_API_SCOPE || undefined,
    subscriptionKey: env.DFE_API_SUBSCRIPTION_KEY || undefined,
  };
  for (const u of [cfg.baseUrl, cfg.tokenUrl]) {
    let url: URL;
    try { url = new URL(u); } catch { throw new DfeConfigError(`not a URL: ${u}`); }
    if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      throw new DfeConfigError(`DfE API URLs must use https (got ${url.origin})`);
    }
  }
  return cfg;
}

export interface SendResult {
  status: 'accepted' | 'failed';
  httpStatus: number | null;
  attempts: number;
  /** The DfE receipt (a UUID) when one was returned. */
  receipt: string | null;
  /** Response body (truncated) or the error message. */
  response: string;
}

export interface SenderDeps {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

const RETRYABLE = (s: number) => s === 429 || s === 408 || s >= 500;

/** Retry-After: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  const t = header.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const at = Date.parse(t);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export class DfeSender {
  private token: { value: string; expiresAt: number } | null = null;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  tokenRequests = 0;

  constructor(private readonly config: DfeApiConfig, deps: SenderDeps = {}) {
    this.fetch = deps.fetch ?? globalThis.fetch;
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = deps.random ?? Math.random;
    this.now = deps.now ?? Date.now;
  }

  private get timeoutMs() { return this.config.timeoutMs ?? 30_000; }

  /** A bearer token, fetched with client credentials and cached until 60 s before it expires. */
  async accessToken(force = false): Promise<string> {
    if (!force && this.token && this.now() < this.token.expiresAt) return this.token.value;
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.config.clientId, client_secret: this.config.clientSecret });
    if (this.config.scope) body.set('scope', this.config.scope);
    this.tokenRequests++;
    const res = await this.fetch(this.config.tokenUrl, {
      method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) throw new DfeTokenError(`token endpoint answered ${res.status}`, res.status);
    let json: { access_token?: unknown; expires_in?: unknown };
    try { json = JSON.parse(text); } catch { throw new DfeTokenError('token endpoint did not return JSON', res.status); }
    if (typeof json.access_token !== 'string' || !json.access_token) throw new DfeTokenError('token endpoint returned no access_token', res.status);
    const life = Number(json.expires_in ?? 3600);
    this.token = { value: json.access_token, expiresAt: this.now() + Math.max(0, (Number.isFinite(life) ? life : 3600) - 60) * 1000 };
    return this.token.value;
  }

  private backoff(attempt: number, retryAfter: number | null): number {
    const cap = this.config.maxDelayMs ?? 30_000;
    const exp = Math.min(cap, (this.config.baseDelayMs ?? 500) * 2 ** (attempt - 1));
    const jittered = Math.floor(this.random() * exp);
    return retryAfter != null ? Math.min(cap, Math.max(retryAfter, jittered)) : jittered;
  }

  /** Posts one batch (≤100 children), retrying as described above. Never throws for HTTP outcomes. */
  async send(laCode: string, batchId: string, children: readonly DfeChild[]): Promise<SendResult> {
    const url = `${this.config.baseUrl.replace(/\/+$/, '')}/children_social_care_data/${Number(laCode)}/children`;
    const body = JSON.stringify(children);
    const maxAttempts = Math.max(1, this.config.maxAttempts ?? 5);
    let last: SendResult = { status: 'failed', httpStatus: null, attempts: 0, receipt: null, response: '' };
    let refreshedAfter401 = false;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      let retryAfter: number | null = null;
      try {
        const token = await this.accessToken();
        const headers: Record<string, string> = {
          authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json',
          'idempotency-key': batchId, 'x-request-id': batchId,
        };
        if (this.config.subscriptionKey) headers['ocp-apim-subscription-key'] = this.config.subscriptionKey;
        const res = await this.fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(this.timeoutMs) });
        const text = (await res.text()).slice(0, 2000);
        if (res.ok) {
          let receipt: string | null = null;
          try { const j = JSON.parse(text); if (typeof j === 'string') receipt = j; } catch { /* 204 or a non-JSON body */ }
          return { status: 'accepted', httpStatus: res.status, attempts: attempt, receipt, response: text };
        }
        last = { status: 'failed', httpStatus: res.status, attempts: attempt, receipt: null, response: text };
        if (res.status === 401 && !refreshedAfter401) {
          refreshedAfter401 = true;
          this.token = null; // the token may have been revoked early: fetch a new one and try again at once
          continue;
        }
        if (!RETRYABLE(res.status)) return last;
        retryAfter = retryAfterMs(res.headers.get('retry-after'), this.now());
      } catch (err) {
        if (err instanceof DfeTokenError && err.httpStatus != null && !RETRYABLE(err.httpStatus)) {
          return { status: 'failed', httpStatus: err.httpStatus, attempts: attempt, receipt: null, response: err.message };
        }
        const e = err as Error;
        last = { status: 'failed', httpStatus: null, attempts: attempt, receipt: null, response: e.name === 'TimeoutError' ? 'timed out' : e.message };
      }
      if (attempt < maxAttempts) await this.sleep(this.backoff(attempt, retryAfter));
    }
    return last;
  }
}

export class DfeTokenError extends Error {
  constructor(message: string, readonly httpStatus: number | null) {
    super(message);
    this.name = 'DfeTokenError';
  }
}
