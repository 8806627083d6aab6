/**
 * The security rules on a small synthetic borough (src/synth) with its demo
 * accounts, signed in through the real sign-in form: each role's allowed and
 * refused reads on real synthetic data, and aggregate-only roles never
 * receiving any child's name or reference.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { createDemoAccounts, type DemoAccount } from '../../src/synth/demo-accounts.ts';
import { generateBorough } from '../../src/synth/generate.ts';
import { loadBorough } from '../../src/synth/load.ts';
import { buildApp } from '../../src/web/app.ts';
import { setCookies, TEST_CONFIG, testClock } from '../helpers/app.ts';
import { freshDatabase } from '../helpers/db.ts';

const AS_OF = '2026-02-27';
let h: DatabaseHandle;
let app: FastifyInstance;
let accounts: DemoAccount[];
let children: { id: number; given_name: string; family_name: string; person_ref: string; team_id: number | null; staff_id: number | null }[];
const cookies = new Map<string, string>();

before(async () => {
  h = await freshDatabase();
  const borough = generateBorough({ size: 'small', years: 1, seed: 21, asOf: AS_OF, scale: 0.1, councils: ['318', '314'] });
  await loadBorough(h.db, borough);
  accounts = await createDemoAccounts(h.db, ['318'], { password: 'synthetic-pass-1' });
  children = await h.db
    .selectFrom('child as c')
    .leftJoin('allocation as a', (j) => j.onRef('a.child_id', '=', 'c.id').on('a.end_date', 'is', null))
    .select(['c.id', 'c.given_name', 'c.family_name', 'c.person_ref', 'a.team_id', 'a.staff_id'])
    .where('c.restricted', '=', false)
    .orderBy('c.id')
    .execute();
  app = await buildApp({ db: h.db, config: TEST_CONFIG, clock: testClock(`${AS_OF}T10:00:00Z`) });
  await app.ready();
});
after(async () => {
  await app?.close();
  await h?.close();
});

async function signIn(role: string): Promise<string> {
  const cached = cookies.get(role);
  if (cached) return cached;
  const account = accounts.find((a) => a.role === role);
  assert.ok(account, role);
  const page = await app.inject({ url: '/sign-in' });
  const csrfCookie = setCookies(page).get('hearth-csrf')!.split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const res = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    payload: new URLSearchParams({ _csrf: token, username: account.username, password: account.password }).toString(),
  });
  assert.equal(res.statusCode, 303, `${role} signs in`);
  const cookie = setCookies(res).get('hearth-session')!.split(';')[0]!;
  cookies.set(role, cookie);
  return cookie;
}

test('the synthetic borough has children to test on', () => {
  assert.ok(children.length > 20, `${children.length} children`);
});

test('practitioner: own allocated children allowed, another team’s refused; every look audited', async () => {
  const cookie = await signIn('practitioner');
  const me = await h.db.selectFrom('user_account').select(['id', 'staff_id']).where('username', '=', 'practitioner').executeTakeFirstOrThrow();
  const staff = await h.db.selectFrom('staff').select('team_id').where('id', '=', me.staff_id!).executeTakeFirstOrThrow();
  const mine = children.filter((c) => c.staff_id === me.staff_id).slice(0, 5);
  const others = children.filter((c) => c.team_id !== null && c.team_id !== staff.team_id).slice(0, 5);
  assert.ok(mine.length > 0 && others.length > 0);
  for (const c of mine) {
    const r = await app.inject({ url: `/children/${c.id}`, headers: { cookie } });
    assert.equal(r.statusCode, 200);
    assert.ok(r.body.includes(c.family_name));
  }
  for (const c of others) {
    const r = await app.inject({ url: `/api/children/${c.id}`, headers: { cookie } });
    assert.equal(r.statusCode, 403);
    assert.ok(!r.body.includes(c.family_name));
  }
  const rows = await h.db.selectFrom('audit_event').select(['action', 'child_id']).where('user_id', '=', Number(me.id)).where('action', 'in', ['read', 'denied']).execute();
  assert.equal(rows.length, mine.length + others.length);
});

test('head of service reads anyone; sysadmin and QA officer read no one', async () => {
  const sample = children.filter((_, i) => i % Math.ceil(children.length / 8) === 0);
  const hos = await signIn('head_of_service');
  const admin = await signIn('sysadmin');
  for (const c of sample) {
    assert.equal((await app.inject({ url: `/children/${c.id}`, headers: { cookie: hos } })).statusCode, 200);
    assert.equal((await app.inject({ url: `/children/${c.id}`, headers: { cookie: admin } })).statusCode, 403);
  }
});

test('aggregate-only roles never receive any synthetic child’s name or reference', async () => {
  const sample = children.filter((_, i) => i % Math.ceil(children.length / 15) === 0);
  for (const role of ['board_member', 'council_commissioner', 'partnership_chair']) {
    const cookie = await signIn(role);
    const bodies: string[] = [];
    for (const url of ['/', '/aggregates']) {
      const r = await app.inject({ url, headers: { cookie } });
      assert.equal(r.statusCode, 200, `${role} ${url}`);
      bodies.push(r.body);
    }
    for (const c of sample) {
      for (const url of [`/children/${c.id}`, `/api/children/${c.id}`, `/children/${c.id}/audit`, `/children/${c.id}/export`]) {
        const r = await app.inject({ url, headers: { cookie } });
        assert.ok(r.statusCode === 403 || r.statusCode === 404, `${role} ${url} → ${r.statusCode}`);
        bodies.push(r.body + JSON.stringify(r.headers));
      }
    }
    const all = bodies.join('\n');
    for (const c of children) {
      assert.ok(!all.includes(c.person_ref), `${role} received ${c.person_ref}`);
      assert.ok(!all.includes(`${c.given_name} ${c.family_name}`), `${role} received a child's name`);
      assert.ok(!all.includes(`/children/${c.id}`), `${role} received a link to a child`);
    }
  }
  const commissioner = await signIn('council_commissioner');
  const agg = await app.inject({ url: '/aggregates', headers: { cookie: commissioner } });
  assert.match(agg.body, /Richmond/);
  assert.doesNotMatch(agg.body, /Kingston/);
});
