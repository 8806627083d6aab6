/**
 * The demo sysadmin account (src/synth/demo-accounts.ts) can sign in through
 * the real form and use the administration pages, and is refused children.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { createDemoAccounts } from '../../src/synth/demo-accounts.ts';
import { buildApp } from '../../src/web/app.ts';
import { setCookies, TEST_CONFIG } from '../helpers/app.ts';
import { freshDatabase } from '../helpers/db.ts';

let h: DatabaseHandle;
let app: FastifyInstance;
const password = 'hearth-demo-test-2026';

before(async () => {
  h = await freshDatabase();
  await h.db.insertInto('local_authority').values({ la_code: '872', name: 'Wokingham', population_0_17: 40000 }).execute();
  await h.db.insertInto('team').values({ la_code: '872', name: 'Wokingham Service', kind: 'service' }).execute();
  const accounts = await createDemoAccounts(h.db, ['872'], { password });
  assert.ok(accounts.some((a) => a.username === 'sysadmin' && a.role === 'sysadmin'));
  app = await buildApp({ db: h.db, config: TEST_CONFIG });
  await app.ready();
});
after(async () => {
  await app.close();
  await h.close();
});

test('the demo sysadmin signs in and uses Users and Teams; children stay out of reach', async () => {
  const form = await app.inject({ url: '/sign-in' });
  const anon = setCookies(form).get('hearth-csrf')!.split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const signIn = await app.inject({ method: 'POST', url: '/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: anon }, payload: new URLSearchParams({ _csrf: token, username: 'sysadmin', password }).toString() });
  assert.equal(signIn.statusCode, 303);
  assert.equal(signIn.headers.location, '/', 'no password change demanded of the demo account');
  const cookie = setCookies(signIn).get('hearth-session')!.split(';')[0]!;
  const home = await app.inject({ url: '/', headers: { cookie } });
  assert.match(home.body, /href="\/admin\/users">Users and roles/);
  const users = await app.inject({ url: '/admin/users', headers: { cookie } });
  assert.equal(users.statusCode, 200);
  assert.match(users.body, /board-member/);
  const teams = await app.inject({ url: '/admin/teams', headers: { cookie } });
  assert.equal(teams.statusCode, 200);
  assert.match(teams.body, /Wokingham Service/);
  assert.equal((await app.inject({ url: '/search?name=a', headers: { cookie } })).statusCode, 403);
});
