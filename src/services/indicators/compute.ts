/**
 * Computes indicators from the live tables, on request (no batch, no cache):
 * one query per indicator returns numerator, denominator and median for every
 * period of a trend (a generate_series of month ends) at once, grouped by
 * council, team and worker with GROUPING SETS. The same "units" (see
 * queries.ts) give the drill-down list of children behind any figure.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { indicatorById, trendPeriodEnds, type Figure } from '../../domain/indicators/index.ts';
import { FAMILIES, FLOW, INDICATOR_SQL, SELF_ATTRIBUTED } from './queries.ts';

export type GroupLevel = 'service' | 'council' | 'team' | 'worker';

export interface GroupFigure extends Figure {
  level: GroupLevel;
  laCode: string | null;
  /** null at team or worker level = children not allocated to anyone on the attribution date. */
  teamId: number | null;
  staffId: number | null;
}

export interface PeriodFigures {
  periodEnd: string;
  groups: GroupFigure[];
}

export interface ComputeOptions {
  /** The last period ends on this date (the current month so far). */
  asAt: string;
  /** Number of monthly points (1 = just the period ending asAt). */
  months?: number;
  /** Councils to include (null or undefined = all). Service totals are over these councils only. */
  laCodes?: string[] | null;
  /** Include team and worker rows (otherwise service and council only). */
  detail?: boolean;
  /**
   * Team rows for these teams only (no worker rows): each record is attributed to its team and worker exactly as
   * with `detail`, then only the records attributed to these teams are kept and grouped. The team rows are then
   * those of the detail query for the same teams; the service and council rows count these teams' records only,
   * so they are NOT the service's figures (never show them). Takes precedence over `detail`.
   */
  teams?: readonly number[] | null;
}

type Grain = 'service' | 'team' | 'worker';

/** The finest level of rows a query gives for `o`. */
function grainOf(o: ComputeOptions): Grain {
  return o.teams ? 'team' : o.detail ? 'worker' : 'service';
}

/**
 * The grouping sets and the team_id, staff_id and g (grouping level, see LEVEL_BY_GROUPING) columns for rows of
 * alias `a` grouped by period `pEnd` down to `grain`; `extra` is added to every set (the median histograms' value).
 */
function grouping(grain: Grain, a: string, pEnd: string, extra = '') {
  const x = extra ? `, ${extra}` : '';
  const sets = [`(${pEnd}${x})`, `(${pEnd}, ${a}.la_code${x})`];
  if (grain !== 'service') sets.push(`(${pEnd}, ${a}.la_code, ${a}.team_id${x})`);
  if (grain === 'worker') sets.push(`(${pEnd}, ${a}.la_code, ${a}.team_id, ${a}.staff_id${x})`);
  const cols =
    grain === 'worker'
      ? `${a}.team_id, ${a}.staff_id, grouping(${a}.la_code, ${a}.team_id, ${a}.staff_id)::int as g`
      : grain === 'team'
        ? `${a}.team_id, null::bigint as staff_id, (grouping(${a}.la_code, ${a}.team_id) * 2 + 1)::int as g`
        : `null::bigint as team_id, null::bigint as staff_id, (grouping(${a}.la_code) * 4 + 3)::int as g`;
  return { sets: sql.raw(sets.join(', ')), cols: sql.raw(cols) };
}

export class UnknownIndicatorError extends Error {
  readonly statusCode = 404;
  constructor(id: string) {
    super(`There is no indicator called ${id}.`);
    this.name = 'UnknownIndicatorError';
  }
}

function unitsSql(id: string): string {
  const u = INDICATOR_SQL[id];
  if (!u || !indicatorById(id)) throw new UnknownIndicatorError(id);
  return u;
}

const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** A date literal for SQL text (the value has been checked against ISO_DATE). */
const dateLit = (d: string) => `'${d}'::date`;

/**
 * The units SQL of an indicator with its placeholders filled in: {{first_start}}
 * (the p_start of the earliest period), {{first_end}} and {{last_end}} (the
 * earliest and latest p_end) as date literals. The queries use them to select
 * the records that can fall in any period before joining them to the periods,
 * so the planner knows how many rows each table gives.
 */
function unitsText(units: string, ends: string[], daily: boolean): string {
  const text = units.replace(/\{\{in_period:([a-z0-9_.]+)\}\}/g, (_m, col: string) =>
    daily ? `${col} = p.p_end and ${col} between {{first_start}} and {{last_end}}` : `${col} between p.p_start and p.p_end`,
  );
  return fillBounds(text, ends);
}

function fillBounds(text: string, ends: string[]): string {
  const first = ends[0]!;
  const last = ends[ends.length - 1]!;
  return text
    .replaceAll('{{first_start}}', `(${dateLit(first)} - interval '12 months' + interval '1 day')::date`)
    .replaceAll('{{first_end}}', dateLit(first))
    .replaceAll('{{last_end}}', dateLit(last));
}

/**
 * The CTEs every indicator query starts with: the periods (the month ends, as
 * literal values so that the planner knows them), the units, and, when team
 * and worker rows are wanted, the units attributed to the allocation open on
 * their attribution date: one join of the units to the allocations by child
 * and date range, keeping the latest-starting allocation per unit (rather
 * than an index probe per unit row). Every unit's attribution date lies in
 * its period (queries.ts), so only allocations overlapping the periods are read.
 */
function withUnits(id: string, o: ComputeOptions, attribute: boolean, daily = false) {
  return withUnitsOf(unitsSql(id), SELF_ATTRIBUTED.has(id), ['num', 'den', 'val'], o, attribute, daily);
}

/** withUnits for a units query (an indicator's or a family's) whose measure columns are `measures`. */
function withUnitsOf(units: string, selfAttributed: boolean, measures: readonly string[], o: ComputeOptions, attribute: boolean, daily = false) {
  if (!ISO_DATE.test(o.asAt)) throw new Error(`asAt must be an ISO date, got ${o.asAt}`);
  const ends = periodEnds(o);
  const scope = o.laCodes ? (o.laCodes.length ? sql`u.la_code in (${sql.join(o.laCodes)})` : sql`false`) : sql`true`;
  const carried = sql.raw(measures.map((m) => `n.${m}`).join(', '));
  const teamList = o.teams?.length ? sql.join(o.teams.map(Number)) : null;
  // With a team filter, units that cannot be attributed to those teams are left out before the attribution join:
  // a unit goes to its own team when it has one, else to the team of an allocation of its child overlapping the
  // periods (the join below), so a unit whose own team is another, or whose child had no allocation in these teams
  // overlapping the periods, cannot end in them. The units kept are attributed exactly as without the filter (to
  // the latest-starting of ALL their child's allocations, any team), and the filter on the attributed team follows.
  const candidates = !o.teams
    ? sql`true`
    : teamList
      ? sql`(u.team_id in (${teamList}) or (u.team_id is null and u.child_id in (select al.child_id from allocation al where al.team_id in (${teamList})
          ${sql.raw(fillBounds('and al.start_date <= {{last_end}} and (al.end_date is null or al.end_date >= {{first_start}})', ends))})))`
      : sql`false`;
  const att = (attribute || o.teams) && !selfAttributed
    ? sql`select distinct on (n.uid) n.p_end, n.la_code, n.child_id, ${carried},
        coalesce(n.team_id, al.team_id) as team_id,
        case when n.team_id is not null then n.staff_id else al.staff_id end as staff_id
      from (select u.*, row_number() over () as uid from units u where ${scope} and ${candidates}) n
      left join allocation al on n.team_id is null and al.child_id = n.child_id
        and al.start_date <= n.at and (al.end_date is null or al.end_date >= n.at)
        ${sql.raw(fillBounds('and al.start_date <= {{last_end}} and (al.end_date is null or al.end_date >= {{first_start}})', ends))}
      order by n.uid, al.start_date desc, al.id desc`
    : sql`select u.p_end, u.la_code, u.child_id, ${sql.raw(measures.map((m) => `u.${m}`).join(', '))}, u.team_id, u.staff_id from units u where ${scope}`;
  // A team filter applies to the attributed rows (never before the attribution, which would change it).
  const teamOnly = o.teams
    ? sql`select * from (${att}) a where ${teamList ? sql`a.team_id in (${teamList})` : sql`false`}`
    : att;
  const values = sql.raw(ends.map((d) => `(${dateLit(d)})`).join(', '));
  const report = sql`select p_end, (p_end - interval '12 months' + interval '1 day')::date as p_start
      from (values ${values}) x (p_end)`;
  // Daily: the units' periods are the days from the first period's start to the last period's end, one day each
  // (p_start = p_end); report_periods holds the real ones.
  const periods = daily
    ? sql`report_periods as (${report}),
    periods as (
      select (${sql.raw(fillBounds('{{first_start}}', ends))} + i)::date as p_end, (${sql.raw(fillBounds('{{first_start}}', ends))} + i)::date as p_start
      from generate_series(0, ${sql.raw(fillBounds('{{last_end}} - {{first_start}}', ends))}) i
    )`
    : sql`periods as (${report})`;
  return sql`
    with ${periods},
    units as (${sql.raw(unitsText(units, ends, daily))}),
    att as (${teamOnly})`;
}

/** The columns a flow trend's daily totals are grouped by, down to each grain. */
const FINE: Record<Grain, string> = { service: 'att.la_code', team: 'att.la_code, att.team_id', worker: 'att.la_code, att.team_id, att.staff_id' };

const LEVEL_BY_GROUPING: Record<number, GroupLevel> = { 7: 'service', 3: 'council', 1: 'team', 0: 'worker' };

interface Row {
  p_end: string;
  la_code: string | null;
  team_id: number | null;
  staff_id: number | null;
  g: number;
  num: number | null;
  den: number | null;
  median: number | null;
  n: number;
}

/** The query behind computeIndicator (exported for EXPLAIN in bench/indicators.ts). */
export function indicatorQuery(id: string, o: ComputeOptions) {
  const grain = grainOf(o);
  const { sets, cols } = grouping(grain, 'att', 'att.p_end');
  // Only the median indicators have per-record values; the others skip the ordered-set aggregate, which
  // needs the rows sorted, so that PostgreSQL can group them by hashing.
  const median = indicatorById(id)?.unit === 'median_days' ? sql`percentile_cont(0.5) within group (order by att.val)` : sql`null::float8`;
  if (periodEnds(o).length > 1 && FLOW.has(id)) {
    // A flow indicator's trend: each record counted once, in the day it is dated (attributed once), summed by day
    // and group, then the days added up over each period's 12 months. The same figures as joining every record to
    // every period (test/services/indicators/compute.test.ts checks it), with one row per record instead of up to 12.
    const fine = sql.raw(FINE[grain]);
    const { sets: dsets, cols: dcols } = grouping(grain, 'd', 'rp.p_end');
    if (indicatorById(id)?.unit === 'median_days') return medianTrendQuery(id, o);
    return sql<Row>`${withUnits(id, o, grain !== 'service', true)},
    days as (select att.p_end as day, ${fine}, sum(att.num) as num, sum(att.den) as den, count(*) as n from att group by att.p_end, ${fine})
    select rp.p_end::text as p_end, d.la_code, ${dcols},
      sum(d.num)::float8 as num, sum(d.den)::float8 as den, null::float8 as median, sum(d.n)::int as n
    from report_periods rp join days d on d.day between rp.p_start and rp.p_end
    group by grouping sets (${dsets})`;
  }
  const q = sql<Row>`${withUnits(id, o, grain !== 'service')}
    select att.p_end::text as p_end, att.la_code, ${cols},
      sum(att.num)::float8 as num, sum(att.den)::float8 as den,
      ${median} as median,
      count(*)::int as n
    from att
    group by grouping sets (${sets})`;
  return q;
}

/**
 * The trend of a median flow indicator from daily histograms: records counted by day, group and value; the days
 * added up over each period's 12 months into a histogram per period and group (every grouping level); then the
 * median read off the cumulative counts, as percentile_cont(0.5) does: the middle value, or the mean of the two
 * middle values when the count is even (values that are null are not counted, as percentile_cont skips them).
 */
function medianTrendQuery(id: string, o: ComputeOptions) {
  const grain = grainOf(o);
  const fine = sql.raw(
    grain === 'worker' ? 'att.la_code, att.team_id, att.staff_id' : grain === 'team' ? 'att.la_code, att.team_id, null::bigint as staff_id' : 'att.la_code, null::bigint as team_id, null::bigint as staff_id',
  );
  const fineGroup = sql.raw(FINE[grain]);
  const { sets, cols } = grouping(grain, 'h', 'h.p_end', 'h.val');
  return sql<Row>`${withUnits(id, o, grain !== 'service', true)},
    days as (select att.p_end as day, ${fine}, att.val, sum(att.num) as num, sum(att.den) as den, count(*) as n
      from att group by att.p_end, ${fineGroup}, att.val),
    hist as (select rp.p_end, d.la_code, d.team_id, d.staff_id, d.val, sum(d.num) as num, sum(d.den) as den, sum(d.n) as n
      from report_periods rp join days d on d.day between rp.p_start and rp.p_end
      group by rp.p_end, d.la_code, d.team_id, d.staff_id, d.val),
    lv as (select h.p_end, h.la_code, ${cols}, h.val, sum(h.num) as num, sum(h.den) as den, sum(h.n) as n
      from hist h group by grouping sets (${sets})),
    cum as (select lv.*,
        sum(case when lv.val is null then 0 else lv.n end) over w_run as c,
        sum(case when lv.val is null then 0 else lv.n end) over w_all as total
      from lv
      window w_run as (partition by lv.g, lv.p_end, lv.la_code, lv.team_id, lv.staff_id order by lv.val nulls last rows unbounded preceding),
        w_all as (partition by lv.g, lv.p_end, lv.la_code, lv.team_id, lv.staff_id))
    select cum.p_end::text as p_end, cum.la_code, cum.team_id, cum.staff_id, cum.g,
      sum(cum.num)::float8 as num, sum(cum.den)::float8 as den,
      ((min(cum.val) filter (where cum.c >= floor((cum.total + 1) / 2.0)) + min(cum.val) filter (where cum.c >= ceil((cum.total + 1) / 2.0))) / 2.0)::float8 as median,
      sum(cum.n)::int as n
    from cum group by cum.g, cum.p_end, cum.la_code, cum.team_id, cum.staff_id`;
}

/**
 * Runs a query with PostgreSQL's JIT compiler off. The indicator queries have
 * high cost estimates (correlated subqueries) but run in milliseconds; JIT
 * compilation would add seconds to each (see bench/RESULTS.md). work_mem is
 * raised for the query's sorts. SET LOCAL
 * needs a transaction; PGlite accepts the setting too.
 */
export async function withoutJit<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    // One round trip: jit off, and, since the attribution and grouping sorts hold tens of thousands of rows
    // (hundreds of thousands for a 24-month trend), enough memory to sort them without spilling to disk.
    // set_config(..., true) is SET LOCAL.
    await sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`.execute(trx);
    return fn(trx);
  });
}

/** One indicator, every period and group, in one query. */
export async function computeIndicator(db: Db, id: string, o: ComputeOptions): Promise<PeriodFigures[]> {
  return withoutJit(db, (trx) => runIndicator(trx, id, o));
}

/** One indicator's query on a transaction that withoutJit has set up. */
async function runIndicator(trx: Db, id: string, o: ComputeOptions): Promise<PeriodFigures[]> {
  return toFigures((await indicatorQuery(id, o).execute(trx)).rows as unknown as Record<string, unknown>[], o);
}

/**
 * A family's query (queries.ts FAMILIES): the members' shared rows attributed and grouped once, each member's
 * numerator, denominator and median side by side (num_i, den_i, median_i). Not for a flow member's trend (those
 * are summed from daily totals, per indicator): familyApplies says when it is used.
 */
export function familyQuery(fam: (typeof FAMILIES)[number], o: ComputeOptions) {
  const measures = fam.ids.flatMap((_id, i) => [`num_${i}`, `den_${i}`, `val_${i}`]);
  const grain = grainOf(o);
  const { sets, cols } = grouping(grain, 'att', 'att.p_end');
  const figures = sql.raw(
    fam.ids
      .map((id, i) => {
        const median = indicatorById(id)?.unit === 'median_days' ? `percentile_cont(0.5) within group (order by att.val_${i})` : 'null::float8';
        return `sum(att.num_${i})::float8 as num_${i}, sum(att.den_${i})::float8 as den_${i}, ${median} as median_${i}`;
      })
      .join(', '),
  );
  return sql<Record<string, unknown> & Row>`${withUnitsOf(fam.sql, false, measures, o, grain !== 'service')}
    select att.p_end::text as p_end, att.la_code, ${cols}, ${figures}, count(*)::int as n
    from att
    group by grouping sets (${sets})`;
}

/** Whether a family's shared query gives `o`'s figures: one date, or a trend of snapshots (no daily sums). */
function familyApplies(fam: (typeof FAMILIES)[number], o: ComputeOptions): boolean {
  return periodEnds(o).length === 1 || !fam.ids.some((id) => FLOW.has(id));
}

/** Rows of a grouping query as each period's figures (member i's columns of a family query when `i` is given). */
function toFigures(rows: readonly Record<string, unknown>[], o: ComputeOptions, i?: number): PeriodFigures[] {
  const col = (name: string) => (i === undefined ? name : `${name}_${i}`);
  const byPeriod = new Map<string, GroupFigure[]>();
  for (const r of rows) {
    const level = LEVEL_BY_GROUPING[Number(r.g)];
    if (!level) continue;
    const periodEnd = String(r.p_end);
    let list = byPeriod.get(periodEnd);
    if (!list) byPeriod.set(periodEnd, (list = []));
    const median = r[col('median')];
    list.push({
      level,
      laCode: r.la_code === null ? null : String(r.la_code),
      teamId: r.team_id === null ? null : Number(r.team_id),
      staffId: r.staff_id === null ? null : Number(r.staff_id),
      numerator: Number(r[col('num')] ?? 0),
      denominator: Number(r[col('den')] ?? 0),
      median: median === null || median === undefined ? null : Number(median),
      records: Number(r.n),
    });
  }
  return periodEnds(o).map((periodEnd) => ({ periodEnd, groups: byPeriod.get(periodEnd) ?? [] }));
}

/**
 * Several indicators (a dashboard's panels, the monthly report, a full recompute), each one query as
 * computeIndicator, run `concurrency` at a time: on a PostgreSQL server each worker has its own pooled
 * connection (one transaction, set up once, for all the queries it runs), so two use both cores of a small
 * server; PGlite runs them one after another whatever the setting. Results in the order of `ids`.
 * Two or more members of a family (queries.ts FAMILIES) are computed by the family's one query when it
 * applies (familyApplies), with the same figures as each member's own query.
 */
export async function computeIndicators(
  db: Db,
  ids: readonly string[],
  options: ComputeOptions | ((id: string) => ComputeOptions),
  concurrency = 2,
): Promise<PeriodFigures[][]> {
  for (const id of ids) unitsSql(id); // an unknown id fails before any query runs
  // Options per indicator (a function gives each its own: a team manager's dashboard asks for rates without the team filter).
  const opts = ids.map((id) => (typeof options === 'function' ? options(id) : options));
  const out: PeriodFigures[][] = new Array(ids.length);
  // Jobs: one family query for the members of a family asked for together with the same options (two or more),
  // else one query each.
  const jobs: ((trx: Db) => Promise<void>)[] = [];
  const done = new Set<number>();
  for (const fam of FAMILIES) {
    for (const o of new Set(opts)) {
      const slots = ids.flatMap((id, k) => (fam.ids.includes(id) && !done.has(k) && opts[k] === o ? [k] : []));
      const members = new Set(slots.map((k) => ids[k]));
      if (members.size < 2 || !familyApplies(fam, o)) continue;
      for (const k of slots) done.add(k);
      jobs.push(async (trx) => {
        const rows = (await familyQuery(fam, o).execute(trx)).rows;
        for (const k of slots) out[k] = toFigures(rows, o, fam.ids.indexOf(ids[k]!));
      });
    }
  }
  for (const [k, id] of ids.entries()) if (!done.has(k)) jobs.push(async (trx) => void (out[k] = await runIndicator(trx, id, opts[k]!)));
  let next = 0;
  const worker = () =>
    withoutJit(db, async (trx) => {
      for (let i = next++; i < jobs.length; i = next++) await jobs[i]!(trx);
    });
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, jobs.length)) }, worker));
  return out;
}

/** The period ends the query produces (month ends before asAt's month, then asAt). */
export function periodEnds(o: ComputeOptions): string[] {
  return trendPeriodEnds(o.asAt, Math.max(1, Math.min(120, Math.floor(o.months ?? 1))));
}

/** The service-level figure (over the councils in scope) for a period, or an empty figure. */
export function serviceFigure(p: PeriodFigures): Figure {
  return p.groups.find((g) => g.level === 'service') ?? { numerator: 0, denominator: 0, median: null, records: 0 };
}

export interface UnitRow {
  childId: number;
  laCode: string;
  teamId: number | null;
  staffId: number | null;
  num: number;
  den: number;
  val: number | null;
}

/** The child-level rows behind an indicator for one period (the drill-down), optionally for one council, team or worker. */
export async function indicatorUnits(
  db: Db,
  id: string,
  o: { asAt: string; laCodes?: string[] | null; laCode?: string; teamId?: number | null; staffId?: number | null },
): Promise<UnitRow[]> {
  const filters = [sql`att.child_id is not null`];
  if (o.laCode !== undefined) filters.push(sql`att.la_code = ${o.laCode}`);
  if (o.teamId !== undefined) filters.push(o.teamId === null ? sql`att.team_id is null` : sql`att.team_id = ${o.teamId}`);
  if (o.staffId !== undefined) filters.push(o.staffId === null ? sql`att.staff_id is null` : sql`att.staff_id = ${o.staffId}`);
  const q = sql<{ child_id: number; la_code: string; team_id: number | null; staff_id: number | null; num: number; den: number; val: number | null }>`
    ${withUnits(id, { asAt: o.asAt, months: 1, laCodes: o.laCodes ?? null }, true)}
    select att.child_id, att.la_code, att.team_id, att.staff_id, sum(att.num)::float8 as num, sum(att.den)::float8 as den, max(att.val)::float8 as val
    from att where ${sql.join(filters, sql` and `)}
    group by att.child_id, att.la_code, att.team_id, att.staff_id
    order by att.child_id`;
  const r = await withoutJit(db, (trx) => q.execute(trx));
  return r.rows.map((x) => ({
    childId: Number(x.child_id),
    laCode: x.la_code,
    teamId: x.team_id === null ? null : Number(x.team_id),
    staffId: x.staff_id === null ? null : Number(x.staff_id),
    num: Number(x.num),
    den: Number(x.den),
    val: x.val === null ? null : Number(x.val),
  }));
}

/** Children aged 0–17 per council (the denominator of rates per 10,000). */
export async function populations(db: Db): Promise<Map<string, number>> {
  const rows = await db.selectFrom('local_authority').select(['la_code', 'population_0_17']).execute();
  return new Map(rows.map((r) => [r.la_code, Number(r.population_0_17)]));
}
