/**
 * Bad input never breaks the server or changes data: 200 random requests
 * (methods, paths with malformed ids, content types, oversized and random
 * bodies, random form fields, with and without a session and a valid CSRF
 * token) must each get a 2xx/3xx/4xx answer — never 5xx — and leave every
 * table except the audit trail and session bookkeeping unchanged.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'kysely';
import { createTestApp, type SignedIn, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let sessions: SignedIn[];
before(async () => {
  t = await createTestApp();
  sessions = [await t.signInAs('headOfService'), await t.signInAs('practitioner'), await t.signInAs('boardMember')];
});
after(() => t.close());

async function fingerprint(): Promise<Record<string, string>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
      and table_name not in ('audit_event', 'user_session') and table_name not like 'kysely_%'
    order by table_name`.execute(t.db);
  const out: Record<string, string> = {};
  for (const { table_name } of tables.rows) {
    const r = await sql<{ h: string | null }>`select md5(string_agg(x::text, '|' order by x::text)) as h from ${sql.table(table_name)} x`.execute(t.db);
    out[table_name] = r.rows[0]?.h ?? '';
  }
  return out;
}

const paths = ['/', '/sign-in', '/sign-out', '/aggregates', '/children/:id', '/children/:id/audit', '/children/:id/export', '/api/children/:id', '/api/children', '/children', '/static/:id', '/assets/:id', '/govuk/:id'];
const ids = fc.oneof(
  fc.constantFrom('1', '2', '0', '-1', '01', '1.5', '1e3', 'NaN', '99999999999999999999', '%00', '..%2F..%2Fetc%2Fpasswd', "1'%20or%201=1--", '%F0%9F%92%A5', 'a'.repeat(200)),
  fc.string({ maxLength: 30 }).map((s) => encodeURIComponent(s)),
  fc.integer({ min: -5, max: 10_000 }).map(String),
);
const contentTypes = fc.constantFrom(
  'application/x-www-form-urlencoded',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/x-www-form-urlencoded; charset=utf-16',
  '',
  'garbage/;;;',
);
const fieldNames = fc.oneof(fc.constantFrom('username', 'password', '_csrf', '__proto__', 'constructor', 'role', 'username[]', 'a[b][c]'), fc.string({ maxLength: 12 }));
const formBody = fc.dictionary(fieldNames, fc.oneof(fc.string({ maxLength: 40 }), fc.constant('x'.repeat(3000))), { maxKeys: 6 }).map((d) => new URLSearchParams(d as Record<string, string>).toString());
const body = fc.oneof(
  formBody,
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 200 }),
  fc.constant('x'.repeat(70 * 1024)),
  fc.constant('{"unterminated":'),
  fc.constant(''),
);

test('200 random bad requests: never a 5xx, never a change to the data', { timeout: 120_000 }, async () => {
  const before = await fingerprint();
  const deadline = Date.now() + 60_000;
  const seen = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
        path: fc.constantFrom(...paths),
        id: ids,
        query: fc.option(fc.string({ maxLength: 30 }).map((q) => '?' + encodeURIComponent(q) + '=' + encodeURIComponent(q)), { nil: '' }),
        contentType: contentTypes,
        body,
        session: fc.integer({ min: -1, max: sessions.length - 1 }),
        validCsrf: fc.boolean(),
      }),
      async (r) => {
        if (Date.now() > deadline) return; // bounded in time on a slow machine
        const s = r.session >= 0 ? sessions[r.session] : undefined;
        let payload = r.body;
        if (s && r.validCsrf && r.contentType.startsWith('application/x-www-form-urlencoded')) payload = `${payload}${payload ? '&' : ''}_csrf=${s.csrf}`;
        const headers: Record<string, string> = {};
        if (r.contentType) headers['content-type'] = r.contentType;
        if (s) headers['cookie'] = s.cookie;
        if (s && r.validCsrf) headers['x-csrf-token'] = s.csrf;
        const hasBody = !['GET', 'HEAD', 'OPTIONS'].includes(r.method);
        const res = await t.app.inject({
          method: r.method as 'GET',
          url: r.path.replace(':id', r.id) + r.query,
          headers,
          ...(hasBody ? { payload } : {}),
        });
        seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
        assert.ok(res.statusCode < 500, `${r.method} ${r.path.replace(':id', r.id)} (${r.contentType}) → ${res.statusCode}: ${res.body.slice(0, 300)}`);
        if (res.statusCode >= 400 && r.method !== 'HEAD') {
          assert.ok(res.body.length > 0, 'a 4xx answer explains itself');
          assert.doesNotMatch(res.body, /at .*\.ts:\d+|stack|SELECT |syntax error/i, 'no internals in an error');
        }
      },
    ),
    { numRuns: 200, seed: 4242, endOnFailure: true },
  );
  assert.deepEqual(await fingerprint(), before, 'no table changed');
  assert.ok([...seen.keys()].some((k) => k >= 400), 'the fuzz reached error paths');
});

test('specific bad inputs get clear 4xx messages', async () => {
  const s = sessions[0]!;
  const big = await t.app.inject({ method: 'POST', url: '/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'username=' + 'x'.repeat(70 * 1024) });
  assert.equal(big.statusCode, 413);
  assert.match(big.body, /larger than this service accepts/);
  const badId = await t.app.inject({ url: '/api/children/abc', headers: { cookie: s.cookie } });
  assert.equal(badId.statusCode, 400);
  assert.match(JSON.parse(badId.body).detail, /id must be a whole number/);
  const badIdPage = await t.app.inject({ url: '/children/1;drop', headers: { cookie: s.cookie } });
  assert.equal(badIdPage.statusCode, 400);
  assert.match(badIdPage.body, /id must be a whole number/);
  const type = await t.app.inject({ method: 'POST', url: '/sign-in', headers: { 'content-type': 'application/xml' }, payload: '<x/>' });
  assert.equal(type.statusCode, 415);
  assert.match(type.body, /content type this service does not accept/);
  const extra = await t.app.inject({ method: 'POST', url: '/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'username=a&password=b&is_admin=1' });
  assert.equal(extra.statusCode, 400);
  assert.match(extra.body, /must NOT have additional properties/);
  const arr = await t.app.inject({ method: 'POST', url: '/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'username=a&username=b&password=c' });
  assert.equal(arr.statusCode, 400);
});

test('administration forms: 150 random requests from a signed-in administrator with a valid token never give a 5xx, and the last administrator survives', { timeout: 120_000 }, async () => {
  const admin = await t.signInAs('sysadmin');
  const adminRoutes = t.app.hearthRoutes.filter((r) => r.url.startsWith('/admin'));
  assert.ok(adminRoutes.length > 5, 'the administration routes are registered');
  const userIds = (await t.db.selectFrom('user_account').select('id').execute()).map((u) => String(u.id));
  const adminFields = fc.constantFrom('username', 'displayName', 'password', 'passwordChoice', 'role', 'laCode', 'teamId', 'staffId', 'name', 'kind', 'parentId',
    'caseloadAmber', 'caseloadRed', 'fte', 'effectiveFrom-day', 'effectiveFrom-month', 'effectiveFrom-year', 'q', 'page', 'confirm');
  const adminValues = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', '0', '-1', '1e9', 'sysadmin', 'practitioner', '872', '318', '2026', '31', '13', 'x'.repeat(3000)));
  const deadline = Date.now() + 60_000;
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        route: fc.constantFrom(...adminRoutes),
        id: fc.oneof(fc.constantFrom(...userIds), ids),
        fields: fc.dictionary(adminFields, adminValues, { maxKeys: 8 }),
        query: fc.option(fc.string({ maxLength: 20 }).map((q) => '?page=' + encodeURIComponent(q)), { nil: '' }),
      }),
      async (r) => {
        if (Date.now() > deadline) return;
        const url = r.route.url.replace(/:[a-zA-Z]+/g, r.id) + r.query;
        const payload = new URLSearchParams({ ...(r.fields as Record<string, string>), _csrf: admin.csrf }).toString();
        const res = await t.app.inject({
          method: r.route.method as 'GET',
          url,
          headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
          ...(r.route.method === 'POST' ? { payload } : {}),
        });
        assert.ok(res.statusCode < 500, `${r.route.method} ${url} ${payload.slice(0, 200)} → ${res.statusCode}: ${res.body.slice(0, 300)}`);
        if (res.statusCode >= 400) assert.ok(!/^\s+at .+:\d+:\d+\)?$/m.test(res.body) && !/select \S+ from |syntax error at/i.test(res.body), `no internals in an error: ${url}`);
      },
    ),
    { numRuns: 150, seed: 2026, endOnFailure: true },
  );
  const admins = await t.db.selectFrom('user_account').innerJoin('user_role', 'user_role.user_id', 'user_account.id')
    .select('user_account.id').where('user_role.role', '=', 'sysadmin').where('user_account.disabled', '=', false).execute();
  assert.ok(admins.length >= 1, 'at least one enabled administrator remains');
});
