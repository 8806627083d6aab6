/**
 * Performance pages: each dashboard renders (SVG chart with a title and a data
 * table, RAG in words), who may see them, small-count suppression and no
 * identifiers for aggregate-only roles, the audited drill-down by role, CSV,
 * the monthly report and its PDF, and live time (a change recorded shows at once).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { AREAS, INDICATORS } from '../../src/domain/indicators/index.ts';
import { chromiumPath } from '../../src/services/indicators/pdf.ts';
import { computeIndicators, populations } from '../../src/services/indicators/compute.ts';
import { showFigure, TREND_MONTHS } from '../../src/services/indicators/performance.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import type { UserKey } from '../helpers/fixtures.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
  // Children in need in Richmond (318): the fixtures' allocated child, plus three more (4 in all: a small count).
  for (const key of ['teamChild', 'otherTeam', 'restricted'] as const) {
    await t.db.insertInto('referral').values({ child_id: t.children[key].id, la_code: '318', referral_date: '2025-06-02', source: '1A' }).execute();
  }
  await t.db.insertInto('referral').values({ child_id: t.children.kingston.id, la_code: '314', referral_date: '2025-06-02', source: '1A' }).execute();
});
after(() => t.close());

const AGGREGATE_ONLY: UserKey[] = ['boardMember', 'commissioner', 'commissionerKingston', 'partnershipChair'];
const NO_ACCESS: UserKey[] = ['practitioner', 'practitionerOtherTeam', 'frontDoor', 'iro', 'qaOfficer', 'sysadmin', 'dataProtection', 'namedOnRestricted'];

function identifiers(): string[] {
  return Object.values(t.children).flatMap((c) => [c.givenName, c.familyName, c.personRef, c.dateOfBirth]);
}

test('every dashboard renders for a head of service: SVG chart with title and description, data table, RAG in words', async () => {
  for (const a of AREAS) {
    const r = await t.as('headOfService', `/performance/${a.slug}`);
    assert.equal(r.statusCode, 200, a.slug);
    const n = INDICATORS.filter((d) => d.area === a.id).length;
    assert.equal((r.body.match(/<svg class="hearth-chart__svg" role="img" aria-labelledby="/g) ?? []).length, n, `${a.slug}: one chart per indicator`);
    assert.equal((r.body.match(/<title id="[^"]+-title">/g) ?? []).length, n);
    assert.equal((r.body.match(/<desc id="[^"]+-desc">/g) ?? []).length, n);
    assert.equal((r.body.match(/by month<\/caption>/g) ?? []).length, n, 'a data table beside each chart');
    assert.match(r.body, /On target|Near target|Off target|No target/);
    assert.doesNotMatch(r.body, /style="/, 'no inline styles (CSP)');
  }
  const cin = await t.as('headOfService', '/performance/front-door');
  // Richmond 4 + Kingston 1 = 5 children in need over 80,000 children = 0.6 per 10,000.
  assert.match(cin.body, /Children in need per 10,000[\s\S]*?<span class="govuk-!-font-weight-bold govuk-!-font-size-24">0\.6<\/span>/);
});

test('who may see the dashboards: case roles without a performance view are refused', async () => {
  for (const u of NO_ACCESS) {
    assert.equal((await t.as(u, '/performance')).statusCode, 403, u);
    assert.equal((await t.as(u, '/performance/child-protection')).statusCode, 403, u);
  }
  for (const u of ['headOfService', 'performanceOfficer', 'teamManager', ...AGGREGATE_ONLY] as UserKey[]) {
    assert.equal((await t.as(u, '/performance')).statusCode, 200, u);
  }
  assert.equal((await t.as(null, '/performance')).statusCode, 303);
});

test('aggregate-only roles: counts of 1–4 suppressed, no worker rows, no identifiers anywhere, no drill-down', async () => {
  const ids = identifiers();
  const staffNames = ['Quill', 'Oakes', 'Ferns', 'Marsh'];
  for (const u of AGGREGATE_ONLY) {
    const pages = ['/performance', ...AREAS.map((a) => `/performance/${a.slug}`), '/performance/indicators/cin-rate', '/performance/indicators/cin-rate/csv?table=breakdown', '/performance/report?month=2026-02', '/performance/report.csv?month=2026-02'];
    for (const url of pages) {
      const r = await t.as(u, url);
      assert.equal(r.statusCode, 200, `${u} ${url}`);
      for (const s of ids) assert.ok(!r.body.includes(s), `${u} ${url} must not contain ${s}`);
      for (const s of staffNames) assert.ok(!r.body.includes(s), `${u} ${url} must not name worker ${s}`);
      assert.ok(!/\/children\/\d/.test(r.body), `${u} ${url} links to no child`);
    }
    const drill = await t.as(u, '/performance/indicators/cin-rate/children');
    assert.equal(drill.statusCode, 403, u);
  }
  // The commissioner for Richmond sees 4 children in need: suppressed.
  const rich = await t.as('commissioner', '/performance/indicators/cin-rate');
  assert.match(rich.body, /Suppressed \(fewer than 5\)/);
  assert.match(rich.body, /Council 318/);
  assert.doesNotMatch(rich.body, /Council 314/, 'a commissioner sees their own council only');
  const king = await t.as('commissionerKingston', '/performance/indicators/cin-rate');
  assert.doesNotMatch(king.body, /Council 318/);
});

test('drill-down: heads of service see names (each child audited), performance officers pseudonyms, team managers their team only', async () => {
  const hos = await t.as('headOfService', '/performance/indicators/cin-rate/children?la=318');
  assert.equal(hos.statusCode, 200);
  for (const k of ['allocated', 'teamChild', 'otherTeam'] as const) assert.ok(hos.body.includes(t.children[k].familyName), k);
  assert.ok(!hos.body.includes(t.children.restricted.familyName), 'restricted record not listed');
  assert.match(hos.body, /1 child is counted but not listed/);
  const audit = await t.db.selectFrom('audit_event').select(['child_id', 'role', 'action']).where('record_type', '=', 'performance_drilldown').where('user_id', '=', t.users.headOfService.id).execute();
  assert.deepEqual(audit.map((a) => Number(a.child_id)).sort((a, b) => a - b), [t.children.allocated.id, t.children.teamChild.id, t.children.otherTeam.id].sort((a, b) => a - b));
  assert.ok(audit.every((a) => a.action === 'read' && a.role === 'head_of_service'));

  const po = await t.as('performanceOfficer', '/performance/indicators/cin-rate/children?la=318');
  assert.equal(po.statusCode, 200);
  assert.match(po.body, /Child [0-9A-F]{8}/);
  for (const k of ['allocated', 'teamChild', 'otherTeam'] as const) {
    assert.ok(!po.body.includes(t.children[k].familyName) && !po.body.includes(t.children[k].personRef) && !po.body.includes(t.children[k].dateOfBirth));
  }

  const tm = await t.as('teamManager', '/performance/indicators/cin-rate/children');
  assert.equal(tm.statusCode, 200);
  assert.ok(tm.body.includes(t.children.allocated.familyName) && tm.body.includes(t.children.teamChild.familyName));
  assert.ok(!tm.body.includes(t.children.otherTeam.familyName), 'another team’s child');
  const other = await t.as('teamManager', `/performance/indicators/cin-rate/children?team=${t.teams.richmondLongTerm}`);
  assert.equal(other.statusCode, 403);
  const tmDetail = await t.as('teamManager', '/performance/indicators/cin-rate');
  assert.ok(tmDetail.body.includes('Richmond Assessment') && !tmDetail.body.includes('Richmond Long Term') && !tmDetail.body.includes('Kingston'));
});

test('live time: a change recorded in the case record shows on the dashboard at once', async () => {
  const before = await t.as('commissioner', '/performance/indicators/cin-rate');
  assert.match(before.body, /Suppressed \(fewer than 5\)/);
  await t.db.insertInto('referral').values({ child_id: t.children.frontDoor.id, la_code: '318', referral_date: '2026-03-02', source: '1A' }).execute();
  const after = await t.as('commissioner', '/performance/indicators/cin-rate');
  // 5 children in need among Richmond's 42,000: 1.2 per 10,000, no longer suppressed.
  assert.match(after.body, /<span class="govuk-!-font-weight-bold govuk-!-font-size-24">1\.2<\/span>/);
  const hos = await t.as('headOfService', '/performance/indicators/referrals/csv?table=trend');
  assert.match(hos.body, /\r\n2026-03-02,5,5,,No target\r\n$/, "the new referral counts (with the four from June 2025; the January 2025 one has left the 12 months)");
});

test('CSV of every table: trend, breakdown and the report', async () => {
  const trend = await t.as('headOfService', '/performance/indicators/cin-rate/csv?table=trend');
  assert.equal(trend.statusCode, 200);
  assert.match(String(trend.headers['content-type']), /^text\/csv/);
  const lines = trend.body.trim().split('\r\n');
  assert.equal(lines[0], 'period_end,value,numerator,denominator,rag');
  assert.equal(lines.length, 25);
  const breakdown = await t.as('headOfService', '/performance/indicators/cin-rate/csv?table=breakdown');
  assert.match(breakdown.body, /^level,name,council,value,numerator,denominator,rag\r\n/);
  assert.match(breakdown.body, /worker,Ada Quill,318,/);
  const report = await t.as('headOfService', '/performance/report.csv?month=2026-02');
  assert.equal(report.body.trim().split('\r\n').length, INDICATORS.length + 1);
  const reportLines = report.body.trim().split('\r\n');
  assert.equal(reportLines[0], 'area,indicator_id,indicator,period_end,value,numerator,denominator,target,rag,england,england_year,commentary');
  assert.ok(reportLines.some((l) => l.includes(',turnover,') && l.includes(',15.9,2023,')), 'the England value carries its year');
  assert.equal((await t.as('headOfService', '/performance/indicators/cin-rate/csv?table=other')).statusCode, 400);
});

test('monthly report: every indicator with its trend and commentary; commentary saved with CSRF', async () => {
  const r = await t.as('headOfService', '/performance/report?month=2026-02');
  assert.equal(r.statusCode, 200);
  for (const d of INDICATORS) assert.ok(r.body.includes(`id="${d.id}"`), d.id);
  assert.match(r.body, /Monthly performance report: Feb 2026/);
  assert.match(r.body, /at 2026-02-28/);
  // England comparators carry the year they are for; values not checked against a source are not shown.
  assert.ok(r.body.includes('22.6% (England 2025)'));
  assert.ok(r.body.includes('15.9% (England 2023)'));
  assert.ok(r.body.includes('Not yet checked'));
  assert.doesNotMatch(r.body, /England 2025<\/th>|\(unchecked\)/);
  const s = await t.signInAs('headOfService');
  const post = await t.app.inject({
    method: 'POST', url: '/performance/report/commentary',
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: `_csrf=${s.csrf}&month=2026-02&indicator=cp-rate&commentary=${encodeURIComponent('Plans fell after the March audit.')}`,
  });
  assert.equal(post.statusCode, 303);
  const again = await t.as('boardMember', '/performance/report?month=2026-02');
  assert.match(again.body, /Plans fell after the March audit\./);
  const noCsrf = await t.app.inject({ method: 'POST', url: '/performance/report/commentary', headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'month=2026-02&indicator=cp-rate&commentary=x' });
  assert.equal(noCsrf.statusCode, 403);
  const b = await t.signInAs('boardMember');
  const board = await t.app.inject({ method: 'POST', url: '/performance/report/commentary', headers: { cookie: b.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${b.csrf}&month=2026-02&indicator=cp-rate&commentary=x` });
  assert.equal(board.statusCode, 403, 'board members read the commentary but do not write it');
  assert.equal((await t.as('headOfService', '/performance/report?month=2026-13')).statusCode, 400);
});

test('monthly report as PDF, rendered by headless Chromium', { skip: !existsSync(chromiumPath()) && 'no Chromium installed' }, async () => {
  const r = await t.as('boardMember', '/performance/report.pdf?month=2026-02');
  assert.equal(r.statusCode, 200);
  assert.equal(r.headers['content-type'], 'application/pdf');
  assert.equal(r.rawPayload.subarray(0, 5).toString(), '%PDF-');
  assert.ok(r.rawPayload.length > 10_000);
});

test('a team manager\'s dashboards (computed for their team only) show, month by month, the figures of the full team-and-worker breakdown for their team', async () => {
  // More of the manager's team's work, and a child with two open allocations: the team's (since June 2024) and a later
  // one in another team, which is the one counted (the breakdown attributes a record to the latest-starting allocation).
  await t.db.insertInto('allocation').values({ child_id: t.children.otherTeam.id, staff_id: (await t.db.selectFrom('allocation').select('staff_id').where('child_id', '=', t.children.allocated.id).executeTakeFirstOrThrow()).staff_id, team_id: t.teams.richmondAssessment, start_date: '2024-06-01', start_reason: 'referral' }).execute();
  for (const [key, d] of [['allocated', '2025-03-03'], ['teamChild', '2025-11-20'], ['otherTeam', '2025-07-01'], ['allocated', '2026-01-15']] as const) {
    await t.db.insertInto('contact').values({ child_id: t.children[key].id, la_code: '318', contact_date: d, decision_date: d, decision: 'referral', source: '1A' }).execute();
  }
  const asAt = t.clock().toISOString().slice(0, 10);
  const population = (await populations(t.db)).get('318')!;
  const team = t.teams.richmondAssessment;
  let teamOwn = 0;
  for (const a of AREAS) {
    const r = await t.as('teamManager', `/performance/${a.slug}`);
    assert.equal(r.statusCode, 200, a.slug);
    const defs = INDICATORS.filter((d) => d.area === a.id);
    // The oracle: the full breakdown (every team and worker), the team's rows summed (rates per 10,000: the service figure).
    const full = await computeIndicators(t.db, defs.map((d) => d.id), { asAt, months: TREND_MONTHS, laCodes: ['318'], detail: true });
    for (const [k, def] of defs.entries()) {
      const table = new RegExp(`<table[^>]*id="${def.id}-table">([\\s\\S]*?)</table>`).exec(r.body)?.[1];
      assert.ok(table, `${a.slug}: ${def.id} trend table`);
      const body = table.slice(table.indexOf('<tbody'));
      const cells = [...body.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => m[1]!.trim());
      const want = full[k]!.flatMap((p) => {
        const service = p.groups.find((g) => g.level === 'service') ?? { numerator: 0, denominator: 0, median: null, records: 0 };
        const rows = p.groups.filter((g) => g.level === 'team' && g.teamId === team);
        const f = def.unit === 'rate_per_10k' ? service : (rows[0] ?? { numerator: 0, denominator: 0, median: null, records: 0 });
        if (def.unit !== 'rate_per_10k' && f.records > 0 && JSON.stringify(f) !== JSON.stringify(service)) teamOwn++;
        const s = showFigure(def, f, population, false);
        const of = def.unit === 'count' || def.unit === 'rate_per_10k' ? [] : def.unit === 'median_days' ? [s.denominator] : [`${s.numerator} / ${s.denominator}`];
        return [p.periodEnd, s.text, ...of, s.ragText];
      });
      assert.deepEqual(cells, want, `${a.slug}: ${def.id}`);
    }
  }
  assert.ok(teamOwn > 20, `the team's figures differ from the service's in many months (${teamOwn})`);
});
