/**
 * The daily run of the DfE data feed inside `hearth serve`: at a set local
 * (UK) time each day, one run per council (changes only; the first run for a
 * council sends the full snapshot because nothing has been accepted yet).
 *
 * - Enabled by DFE_FEED_DAILY_AT=HH:MM (UK time, Europe/London, so the run
 *   stays at the same wall-clock time across the clock changes); the DFE_API_*
 *   settings are then required and checked at start-up (fail fast).
 * - Runs never overlap in one process. On a PostgreSQL server a session-level
 *   advisory lock per council makes sure that only one of several Hearth
 *   processes sends a council's feed; the others skip it.
 * - A failed batch is not retried here beyond the sender's own backoff: the
 *   next daily run re-sends it (same batch id when nothing else changed).
 * - Logs carry counts only, never a child's identifier.
 */
import { sql } from 'kysely';
import type { Db, DatabaseKind } from '../../db/database.ts';
import { UserFacingError } from '../../errors.ts';
import { DfeConfigError, type DfeSender } from './sender.ts';
import { runDfeFeed } from './run.ts';

export interface DailyTime {
  hour: number;
  minute: number;
}

export const FEED_TIME_ZONE = 'Europe/London';

/** Parses "HH:MM" (24-hour clock). */
export function parseDailyTime(raw: string): DailyTime {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(raw.trim());
  if (!m) throw new DfeConfigError(`DFE_FEED_DAILY_AT must be a time of day as HH:MM (24-hour clock), got "${raw}"`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** The local wall-clock parts of an instant in a time zone. */
function localParts(at: Date, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute'), s: get('second') };
}

/** Milliseconds the zone is ahead of UTC at an instant. */
function offsetMs(at: Date, timeZone: string): number {
  const p = localParts(at, timeZone);
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant at which the zone's clocks show the given local date and time (a time skipped by a clock change falls an hour later). */
function instantOf(y: number, mo: number, d: number, time: DailyTime, timeZone: string): Date {
  const asUtc = Date.UTC(y, mo - 1, d, time.hour, time.minute);
  const first = asUtc - offsetMs(new Date(asUtc), timeZone);
  return new Date(asUtc - offsetMs(new Date(first), timeZone));
}

/** The first daily run strictly after `after`. */
export function nextDailyRun(after: Date, time: DailyTime, timeZone = FEED_TIME_ZONE): Date {
  const p = localParts(after, timeZone);
  for (let i = 0; i < 3; i++) {
    const day = new Date(Date.UTC(p.y, p.mo - 1, p.d + i));
    const candidate = instantOf(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), time, timeZone);
    if (candidate.getTime() > after.getTime()) return candidate;
  }
  throw new Error('unreachable: no run within three days');
}

export interface CouncilRunSummary {
  laCode: string;
  status: 'sent' | 'partly failed' | 'skipped: another process holds the lock' | 'error';
  children: number;
  batches: number;
  failedBatches: number;
  message?: string;
}

export interface DfeFeedSchedulerOptions {
  db: Db;
  kind: DatabaseKind;
  sender: DfeSender;
  time: DailyTime;
  /** Councils to send (DfE LA codes); all councils in the database when absent. */
  councils?: string[];
  now?: () => Date;
  log?: (line: string) => void;
  /** Timer seam for tests. */
  setTimer?: (fn: () => void, ms: number) => { clear(): void };
}

const defaultTimer = (fn: () => void, ms: number) => {
  // setTimeout holds at most ~24.8 days; a daily run is well within that.
  const t = setTimeout(fn, ms);
  t.unref?.();
  return { clear: () => clearTimeout(t) };
};

export class DfeFeedScheduler {
  private timer: { clear(): void } | null = null;
  private running: Promise<CouncilRunSummary[]> | null = null;
  private stopped = true;
  private readonly now: () => Date;
  private readonly log: (line: string) => void;
  private readonly setTimer: NonNullable<DfeFeedSchedulerOptions['setTimer']>;

  constructor(private readonly options: DfeFeedSchedulerOptions) {
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? (() => undefined);
    this.setTimer = options.setTimer ?? defaultTimer;
  }

  /** When the next run is due (null when stopped). */
  nextRun: Date | null = null;

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    const now = this.now();
    this.nextRun = nextDailyRun(now, this.options.time);
    this.log(`DfE data feed: next run ${this.nextRun.toISOString()}`);
    this.timer = this.setTimer(() => {
      void this.runOnce().finally(() => this.schedule());
    }, Math.max(0, this.nextRun.getTime() - now.getTime()));
  }

  /** Stops the timer and waits for a run in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.nextRun = null;
    this.timer?.clear();
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One run for every council now (a second call while one is in progress joins it). */
  runOnce(): Promise<CouncilRunSummary[]> {
    this.running ??= this.runAll().finally(() => (this.running = null));
    return this.running;
  }

  private async councils(): Promise<string[]> {
    if (this.options.councils?.length) return this.options.councils;
    const rows = await this.options.db.selectFrom('local_authority').select('la_code').orderBy('la_code').execute();
    return rows.map((r) => r.la_code);
  }

  private async runAll(): Promise<CouncilRunSummary[]> {
    const out: CouncilRunSummary[] = [];
    let councils: string[];
    try {
      councils = await this.councils();
    } catch (err) {
      this.log(`DfE data feed: cannot list councils: ${(err as Error).message}`);
      return out;
    }
    for (const laCode of councils) {
      const summary = await this.runCouncil(laCode);
      this.log(`DfE data feed ${laCode}: ${summary.status}; ${summary.children} child record(s) in ${summary.batches} batch(es)` +
        `${summary.failedBatches ? `, ${summary.failedBatches} not accepted (re-sent next run)` : ''}${summary.message ? `; ${summary.message}` : ''}`);
      out.push(summary);
    }
    return out;
  }

  private async runCouncil(laCode: string): Promise<CouncilRunSummary> {
    const { db, kind, sender } = this.options;
    const send = async (): Promise<CouncilRunSummary> => {
      const result = await runDfeFeed(db, sender, { laCode });
      const failed = result.batches.filter((b) => b.result.status !== 'accepted').length;
      return {
        laCode, status: failed ? 'partly failed' : 'sent', children: result.plan.items.length, batches: result.batches.length, failedBatches: failed,
      };
    };
    try {
      if (kind === 'pglite') return await send(); // embedded: one process only
      // A session-level advisory lock held on one pinned connection while the run uses the pool.
      return await db.connection().execute(async (conn) => {
        const key = sql<number>`hashtextextended(${`hearth:dfe-feed:${laCode}`}, 0)`;
        const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${key}) as ok`.execute(conn);
        if (!got.rows[0]?.ok) {
          return { laCode, status: 'skipped: another process holds the lock', children: 0, batches: 0, failedBatches: 0 } as const;
        }
        try {
          return await send();
        } finally {
          await sql`select pg_advisory_unlock(${key})`.execute(conn);
        }
      });
    } catch (err) {
      // Only messages written for people are logged: a database error's detail could quote a record.
      const message = err instanceof UserFacingError ? err.message : `unexpected ${(err as Error).name ?? 'error'}`;
      return { laCode, status: 'error', children: 0, batches: 0, failedBatches: 0, message };
    }
  }
}
