import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { loadConfig } from '../../../src/config.ts';
import type { DatabaseHandle } from '../../../src/db/database.ts';
import { DfeFeedScheduler, nextDailyRun, parseDailyTime } from '../../../src/returns/dfe-api/schedule.ts';
import { DfeSender } from '../../../src/returns/dfe-api/sender.ts';
import { freshDatabase } from '../../helpers/db.ts';
import { addChild, addCouncil } from '../fixtures.ts';
import { compileCscSchema } from './schema.ts';
import { startMockDfe, MOCK_CREDENTIALS, type MockDfe } from './mock-server.ts';

let h: DatabaseHandle;
let mock: MockDfe;

before(async () => {
  mock = await startMockDfe(compileCscSchema());
  h = await freshDatabase();
  await addCouncil(h.db, '330', 'Northshire');
  await addCouncil(h.db, '331', 'Southshire');
  for (const [la, ref] of [['330', 'SCHED-A'], ['330', 'SCHED-B'], ['331', 'SCHED-C']] as const) {
    const id = await addChild(h.db, { laCode: la, ref });
    await h.db.insertInto('referral').values({ child_id: id, la_code: la, referral_date: '2026-02-01', source: '2A' }).execute();
  }
});

after(async () => {
  await mock?.close();
  await h?.close();
});

function sender(): DfeSender {
  return new DfeSender(
    { baseUrl: mock.baseUrl, tokenUrl: mock.tokenUrl, ...MOCK_CREDENTIALS, timeoutMs: 2000, maxAttempts: 2, baseDelayMs: 1 },
    { sleep: async () => undefined },
  );
}

test('daily time: HH:MM on the 24-hour clock, anything else refused with the setting named', () => {
  assert.deepEqual(parseDailyTime('02:30'), { hour: 2, minute: 30 });
  assert.deepEqual(parseDailyTime('23:59'), { hour: 23, minute: 59 });
  for (const bad of ['2:30', '24:00', '12:60', '0230', 'half past two', '']) {
    assert.throws(() => parseDailyTime(bad), /DFE_FEED_DAILY_AT must be a time of day as HH:MM/, bad);
  }
});

test('next run: UK wall-clock time in winter and summer, across both clock changes', () => {
  const at = parseDailyTime('02:30');
  const next = (iso: string, t = at) => nextDailyRun(new Date(iso), t).toISOString();
  assert.equal(next('2026-01-10T10:00:00Z'), '2026-01-11T02:30:00.000Z'); // GMT
  assert.equal(next('2026-01-11T02:29:59Z'), '2026-01-11T02:30:00.000Z');
  assert.equal(next('2026-01-11T02:30:00Z'), '2026-01-12T02:30:00.000Z'); // strictly after
  assert.equal(next('2026-07-01T00:00:00Z'), '2026-07-01T01:30:00.000Z'); // BST: 02:30 local is 01:30 UTC
  assert.equal(next('2026-03-28T12:00:00Z'), '2026-03-29T01:30:00.000Z'); // clocks went forward at 01:00 UTC that morning
  assert.equal(next('2026-10-24T12:00:00Z'), '2026-10-25T02:30:00.000Z'); // clocks went back at 01:00 UTC
  // 01:30 does not exist on 29 March 2026 in the UK: the run falls an hour later on the wall clock (02:30 BST).
  assert.equal(next('2026-03-28T12:00:00Z', parseDailyTime('01:30')), '2026-03-29T01:30:00.000Z');
  // Midnight runs roll to the next day at the year's end.
  assert.equal(next('2026-12-31T23:59:00Z', parseDailyTime('00:00')), '2027-01-01T00:00:00.000Z');
});

test('configuration: the daily feed needs the DfE API settings and fails fast without them', () => {
  assert.equal(loadConfig({}).dfeFeed, undefined);
  assert.throws(() => loadConfig({ DFE_FEED_DAILY_AT: '02:30' }), /DFE_API_BASE_URL must be set/);
  assert.throws(() => loadConfig({ DFE_FEED_DAILY_AT: '2.30' }), /DFE_FEED_DAILY_AT must be a time of day/);
  const api = { DFE_API_BASE_URL: 'https://dfe.example/api', DFE_API_TOKEN_URL: 'https://dfe.example/token', DFE_API_CLIENT_ID: 'c', DFE_API_CLIENT_SECRET: 's' };
  assert.throws(() => loadConfig({ ...api, DFE_FEED_DAILY_AT: '02:30', DFE_FEED_COUNCILS: '330,Kent' }), /DFE_FEED_COUNCILS must be DfE LA codes/);
  const cfg = loadConfig({ ...api, DFE_FEED_DAILY_AT: '02:30', DFE_FEED_COUNCILS: '330, 331' });
  assert.deepEqual(cfg.dfeFeed?.time, { hour: 2, minute: 30 });
  assert.deepEqual(cfg.dfeFeed?.councils, ['330', '331']);
});

test('the scheduler waits for the daily time, runs every council, logs counts only and schedules the next day', { timeout: 30_000 }, async () => {
  let now = new Date('2026-03-02T10:00:00Z');
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const lines: string[] = [];
  const scheduler = new DfeFeedScheduler({
    db: h.db, kind: h.kind, sender: sender(), time: parseDailyTime('02:30'), now: () => now, log: (l) => lines.push(l),
    setTimer: (fn, ms) => {
      const t = { fn, ms, cleared: false };
      timers.push(t);
      return { clear: () => (t.cleared = true) };
    },
  });
  scheduler.start();
  assert.equal(timers.length, 1);
  assert.equal(timers[0]!.ms, 16.5 * 3600_000); // 10:00 GMT to 02:30 next day
  assert.equal(scheduler.nextRun?.toISOString(), '2026-03-03T02:30:00.000Z');
  assert.equal(mock.requests.length, 0, 'nothing is sent before the time');

  now = new Date('2026-03-03T02:30:00Z');
  timers[0]!.fn();
  await scheduler.runOnce(); // joins the run the timer started
  await new Promise((r) => setImmediate(r));
  const byCouncil = new Map<string, number>();
  for (const r of mock.requests) byCouncil.set(r.laCode, (byCouncil.get(r.laCode) ?? 0) + r.body.length);
  assert.deepEqual(Object.fromEntries(byCouncil), { '330': 2, '331': 1 }, 'first run: full snapshot of each council');
  assert.equal(timers.length, 2, 'the next run is scheduled after this one');
  assert.equal(timers[1]!.ms, 24 * 3600_000);
  const receipts = await h.db.selectFrom('dfe_feed_receipt').select(['la_code', 'status']).orderBy('la_code').execute();
  assert.deepEqual(receipts, [{ la_code: '330', status: 'accepted' }, { la_code: '331', status: 'accepted' }]);
  assert.ok(lines.some((l) => /DfE data feed 330: sent; 2 child record\(s\) in 1 batch\(es\)/.test(l)), lines.join('\n'));
  assert.ok(!lines.some((l) => /SCHED-/.test(l)), 'no child identifier in the log');

  // The next day nothing has changed: the run sends nothing.
  const before = mock.requests.length;
  now = new Date('2026-03-04T02:30:00Z');
  timers[1]!.fn();
  await scheduler.runOnce();
  assert.equal(mock.requests.length, before);
  assert.ok(lines.some((l) => /DfE data feed 331: sent; 0 child record\(s\) in 0 batch\(es\)/.test(l)));

  await scheduler.stop();
  assert.equal(scheduler.nextRun, null);
  assert.ok(timers.at(-1)!.cleared, 'stop clears the pending timer');
});

test('on a PostgreSQL server a council whose feed another process holds is skipped, not sent twice', async (t) => {
  if (h.kind === 'pglite') return t.skip('embedded database: one process');
  const scheduler = new DfeFeedScheduler({ db: h.db, kind: h.kind, sender: sender(), time: parseDailyTime('02:30'), councils: ['330'] });
  await h.db.connection().execute(async (other) => {
    const key = sql`hashtextextended(${'hearth:dfe-feed:330'}, 0)`;
    await sql`select pg_advisory_lock(${key})`.execute(other);
    try {
      const [summary] = await scheduler.runOnce();
      assert.equal(summary?.status, 'skipped: another process holds the lock');
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(other);
    }
  });
  const [summary] = await scheduler.runOnce();
  assert.equal(summary?.status, 'sent');
});
