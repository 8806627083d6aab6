import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../src/web/app.ts';
import { createTestApp, setCookies, type TestApp } from '../helpers/app.ts';
import { FIXTURE_PASSWORD } from '../helpers/fixtures.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

/** Loads the sign-in page as a browser would: returns the CSRF cookie and the form's token. */
async function signInForm(): Promise<{ cookie: string; token: string }> {
  const res = await t.app.inject({ url: '/sign-in' });
  const c = setCookies(res).get('hearth-csrf');
  assert.ok(c, 'anonymous CSRF cookie set');
  const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
  assert.ok(token);
  return { cookie: c.split(';')[0]!, token };
}

function postSignIn(form: { cookie: string; token: string }, fields: Record<string, string>, extraCookie = '') {
  return t.app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [form.cookie, extraCookie].filter(Boolean).join('; ') },
    payload: new URLSearchParams({ _csrf: form.token, ...fields }).toString(),
  });
}

test('CSP with a fresh per-request nonce, no unsafe-inline/eval; the nonce is on every script', async () => {
  const a = await t.app.inject({ url: '/sign-in' });
  const b = await t.app.inject({ url: '/sign-in' });
  const csp = String(a.headers['content-security-policy']);
  const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  assert.ok(nonce, csp);
  assert.notEqual(nonce, /'nonce-([^']+)'/.exec(String(b.headers['content-security-policy']))?.[1]);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /object-src 'none'/);
  const scripts = [...a.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  assert.ok(scripts.length >= 2);
  for (const s of scripts) assert.ok(s.includes(`nonce="${nonce}"`), s);
  assert.match(a.body, /<script type="module" src="\/static\/init.js"/);
  assert.doesNotMatch(a.body, /\sstyle="/, 'no inline styles (style-src has no unsafe-inline)');
});

test('security headers and no-store on pages, errors and API answers; assets cacheable', async () => {
  for (const url of ['/sign-in', '/does-not-exist', '/api/children/1', '/api/nothing']) {
    const r = await t.app.inject({ url });
    assert.equal(r.headers['cache-control'], 'no-store', url);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', url);
    assert.equal(r.headers['x-frame-options'], 'DENY', url);
    assert.equal(r.headers['referrer-policy'], 'no-referrer', url);
    assert.ok(r.headers['content-security-policy'], url);
    assert.match(String(r.headers['x-request-id']), /^[0-9a-f-]{36}$/, url);
  }
  const api = await t.as('practitioner', `/api/children/${t.children.allocated.id}`);
  assert.equal(api.statusCode, 200);
  assert.equal(api.headers['cache-control'], 'no-store');
  const css = await t.app.inject({ url: '/govuk/govuk-frontend.min.css' });
  assert.equal(css.statusCode, 200);
  assert.match(String(css.headers['cache-control']), /max-age/);
  assert.equal((await t.app.inject({ url: '/govuk/index.scss' })).statusCode, 404, 'only the compiled files are served');
  assert.equal((await t.app.inject({ url: '/static/../app.ts' })).statusCode, 404);
  assert.equal((await t.app.inject({ url: '/static/init.js' })).statusCode, 200);
});

test('sign in through the real form: new session cookie (HttpOnly, SameSite=Lax), home shows the user and a sign-out form', async () => {
  const form = await signInForm();
  const res = await postSignIn(form, { username: t.users.teamManager.username, password: FIXTURE_PASSWORD });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/');
  const practitioner = await postSignIn(await signInForm(), { username: t.users.practitioner.username, password: FIXTURE_PASSWORD });
  assert.equal(practitioner.headers.location, '/my-work', 'a practitioner starts on My work');
  const c = setCookies(res).get('hearth-session');
  assert.ok(c);
  assert.match(c, /HttpOnly/);
  assert.match(c, /SameSite=Lax/);
  assert.match(c, /Path=\//);
  assert.doesNotMatch(c, /Secure/, 'not Secure over plain http in development');
  const cookie = c.split(';')[0]!;
  assert.match(cookie, /^hearth-session=[A-Za-z0-9_-]{43}$/);
  const home = await t.app.inject({ url: '/', headers: { cookie } });
  assert.equal(home.statusCode, 200);
  assert.match(home.body, /Test teamManager/);
  assert.match(home.body, /Hearth/);
  assert.match(home.body, /<form method="post" action="\/sign-out"/);
  assert.doesNotMatch(home.body, /Juniper|Wrenfield/, 'the home page lists no child');
});

test('a session id present before sign-in is ended, not reused (no fixation)', async () => {
  const before = await t.signInAs('iro');
  const form = await signInForm();
  const res = await postSignIn(form, { username: t.users.iro.username, password: FIXTURE_PASSWORD }, before.cookie);
  assert.equal(res.statusCode, 303);
  const fresh = setCookies(res).get('hearth-session')!.split(';')[0]!;
  assert.notEqual(fresh, before.cookie);
  assert.equal((await t.app.inject({ url: '/', headers: { cookie: before.cookie } })).statusCode, 303, 'the old id no longer works');
  assert.equal((await t.app.inject({ url: '/', headers: { cookie: fresh } })).statusCode, 200);
});

test('wrong password and unknown user get the same answer, with a GOV.UK error summary', async () => {
  const form = await signInForm();
  const wrong = await postSignIn(form, { username: t.users.partnershipChair.username, password: 'nope' });
  const unknown = await postSignIn(form, { username: 'nobody.here', password: 'nope' });
  assert.equal(wrong.statusCode, 401);
  assert.equal(unknown.statusCode, 401);
  const summary = (b: string) => /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(b)?.[0]?.replace(/\s+/g, ' ');
  assert.ok(summary(wrong.body));
  assert.equal(summary(wrong.body), summary(unknown.body));
  const empty = await postSignIn(form, { username: '', password: '' });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Enter your username/);
  assert.match(empty.body, /Enter your password/);
});

test('lockout through the form: after 5 failures the right password is refused for 15 minutes', async () => {
  const form = await signInForm();
  const username = t.users.commissionerKingston.username;
  for (let i = 0; i < 5; i++) assert.equal((await postSignIn(form, { username, password: `bad${i}` })).statusCode, 401);
  assert.equal((await postSignIn(form, { username, password: FIXTURE_PASSWORD })).statusCode, 401);
  const lockouts = await t.db.selectFrom('audit_event').select('action').where('user_id', '=', t.users.commissionerKingston.id).where('action', '=', 'lockout').execute();
  assert.equal(lockouts.length, 1);
  t.clock.advanceMinutes(16);
  assert.equal((await postSignIn(form, { username, password: FIXTURE_PASSWORD })).statusCode, 303);
});

test('CSRF: state-changing requests without the right token are refused and change nothing', async () => {
  const form = await signInForm();
  // No token, wrong token, token without its cookie.
  const noToken = await t.app.inject({ method: 'POST', url: '/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie }, payload: `username=${t.users.iro.username}&password=${encodeURIComponent(FIXTURE_PASSWORD)}` });
  assert.equal(noToken.statusCode, 403);
  assert.match(noToken.body, /could not be verified/);
  assert.equal(setCookies(noToken).get('hearth-session'), undefined);
  const wrongToken = await postSignIn({ cookie: form.cookie, token: 'A'.repeat(43) }, { username: t.users.iro.username, password: FIXTURE_PASSWORD });
  assert.equal(wrongToken.statusCode, 403);
  const noCookie = await postSignIn({ cookie: '', token: form.token }, { username: t.users.iro.username, password: FIXTURE_PASSWORD });
  assert.equal(noCookie.statusCode, 403);

  // Signed in: sign-out needs the session's token.
  const s = await t.signInAs('headOfService');
  const out1 = await t.app.inject({ method: 'POST', url: '/sign-out', headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: '_csrf=' + form.token });
  assert.equal(out1.statusCode, 403);
  assert.equal((await t.app.inject({ url: '/', headers: { cookie: s.cookie } })).statusCode, 200, 'still signed in');
});

test('sign-out really ends the session', async () => {
  const s = await t.signInAs('headOfService');
  const out = await t.app.inject({ method: 'POST', url: '/sign-out', headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: '_csrf=' + s.csrf });
  assert.equal(out.statusCode, 303);
  assert.equal(out.headers.location, '/sign-in');
  assert.match(setCookies(out).get('hearth-session') ?? '', /Expires=Thu, 01 Jan 1970/);
  const again = await t.app.inject({ url: '/', headers: { cookie: s.cookie } });
  assert.equal(again.statusCode, 303, 'replaying the old cookie does not work');
  assert.equal(again.headers.location, '/sign-in');
});

test('session expiry: idle timeout sends the user back to sign in; API answers 401', async () => {
  const s = await t.signInAs('dataProtection');
  assert.equal((await t.app.inject({ url: '/', headers: { cookie: s.cookie } })).statusCode, 200);
  t.clock.advanceMinutes(t.config.sessionIdleMinutes + 1);
  const r = await t.app.inject({ url: '/', headers: { cookie: s.cookie } });
  assert.equal(r.statusCode, 303);
  const api = await t.app.inject({ url: `/api/children/${t.children.allocated.id}`, headers: { cookie: s.cookie } });
  assert.equal(api.statusCode, 401);
  assert.match(String(api.headers['content-type']), /application\/problem\+json/);
  assert.equal(JSON.parse(api.body).status, 401);
});

test('production settings: __Host- cookie, Secure, HSTS, upgrade-insecure-requests', async () => {
  const app = await buildApp({ db: t.db, config: { ...t.config, production: true }, clock: t.clock });
  try {
    const page = await app.inject({ url: '/sign-in' });
    assert.match(String(page.headers['strict-transport-security']), /max-age=\d+/);
    assert.match(String(page.headers['content-security-policy']), /upgrade-insecure-requests/);
    const csrfCookie = setCookies(page).get('__Host-hearth-csrf');
    assert.ok(csrfCookie);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie.split(';')[0]! },
      payload: new URLSearchParams({ _csrf: token, username: t.users.sysadmin.username, password: FIXTURE_PASSWORD }).toString(),
    });
    assert.equal(res.statusCode, 303);
    const c = setCookies(res).get('__Host-hearth-session');
    assert.ok(c);
    assert.match(c, /Secure/);
    assert.match(c, /HttpOnly/);
    assert.match(c, /Path=\//);
    assert.doesNotMatch(c, /Domain=/);
  } finally {
    await app.close();
  }
});
