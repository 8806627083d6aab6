/**
 * Performance dashboards, indicator breakdowns, the drill-down to children and
 * the monthly report: each computed on request from the live tables
 * (compute.ts), scoped by policy.ts, small counts suppressed for
 * aggregate-only audiences, and every child listed in a drill-down audited.
 */
import { recordOrFail } from '../audit.ts';
import { pseudonymFor } from '../children.ts';
import { ForbiddenError, NotFoundError, type ServiceContext } from '../context.ts';
import { formatCount, suppressSmallCounts } from '../policy.ts';
import {
  AREAS, INDICATORS, RAG_TEXT, englandText, englandValue, formatValue, indicatorById, indicatorValue, indicatorsInArea, monthEnd, ragFor,
  type EnglandValue, type Figure, type IndicatorDefinition, type Rag,
} from '../../domain/indicators/index.ts';
import { computeIndicator, computeIndicators, indicatorUnits, populations, type ComputeOptions, type GroupFigure, type PeriodFigures } from './compute.ts';
import { performanceScope, type PerformanceScope } from './policy.ts';

export const TREND_MONTHS = 24;

export interface ShownFigure {
  value: number | null;
  text: string;
  suppressed: boolean;
  numerator: string;
  denominator: string;
  rag: Rag;
  ragText: string;
}

const isFte = (def: IndicatorDefinition) => def.area === 'workforce' && def.id !== 'caseload' ? true : def.id === 'caseload';
function amount(def: IndicatorDefinition, n: number, which: 'num' | 'den'): string {
  if (def.id === 'caseload' && which === 'num') return String(Math.round(n));
  if (isFte(def) || !Number.isInteger(n)) return n.toFixed(1);
  return String(n);
}

const small = (n: number) => suppressSmallCounts(Math.round(n)).suppressed;

/** A figure as shown to this audience: value, RAG, numerator and denominator; suppressed where a small count could identify a child. */
export function showFigure(def: IndicatorDefinition, f: Figure, population: number | null, suppress: boolean): ShownFigure {
  const value = indicatorValue(def, f, population);
  let hidden = false;
  if (suppress) {
    switch (def.unit) {
      case 'count':
      case 'rate_per_10k':
        hidden = small(f.numerator);
        break;
      case 'median_days':
        hidden = small(f.records);
        break;
      default:
        hidden = small(f.numerator) || small(f.denominator) || small(f.denominator - f.numerator);
    }
  }
  const shownValue = hidden ? null : value;
  const rag = ragFor(def, shownValue);
  const count = (n: number, which: 'num' | 'den') => (suppress ? formatCount(suppressSmallCounts(Math.round(n))) : amount(def, n, which));
  const hasDen = def.unit === 'percent' || def.unit === 'ratio';
  return {
    value: shownValue,
    text: hidden ? 'Suppressed (fewer than 5)' : formatValue(def, value),
    suppressed: hidden,
    numerator: def.unit === 'median_days' ? '' : hidden && !hasDen ? 'fewer than 5' : hidden ? 'suppressed' : count(f.numerator, 'num'),
    denominator: def.unit === 'median_days' ? (hidden ? 'fewer than 5' : count(f.records, 'den')) : hasDen ? (hidden ? 'suppressed' : count(f.denominator, 'den')) : '',
    rag,
    ragText: RAG_TEXT[rag],
  };
}

export interface TrendPoint {
  periodEnd: string;
  figure: ShownFigure;
}

export interface Chart {
  width: number;
  height: number;
  /** Polyline segments (a break where a value is missing or suppressed). */
  segments: string[];
  dots: { x: number; y: number }[];
  targetY: number | null;
  englandY: number | null;
  yTicks: { y: number; label: string }[];
  xTicks: { x: number; label: string }[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export function monthLabel(iso: string): string {
  return `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}

/** Coordinates of a line chart of the trend, with target and England lines (rendered as SVG by the view). */
export function buildChart(def: IndicatorDefinition, points: TrendPoint[], england: EnglandValue | null): Chart {
  const width = 640;
  const height = 220;
  const left = 56;
  const right = 12;
  const top = 12;
  const bottom = 30;
  const values = points.map((p) => p.figure.value).filter((v): v is number => v !== null);
  const refs = [def.target, england?.value ?? null].filter((v): v is number => v !== null);
  let lo = Math.min(...values, ...refs);
  let hi = Math.max(...values, ...refs);
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  if (def.unit === 'percent') [lo, hi] = [Math.max(0, Math.floor((lo - 5) / 10) * 10), Math.min(100, Math.ceil((hi + 5) / 10) * 10)];
  else [lo, hi] = [Math.max(0, lo - (hi - lo) * 0.1 - 1), hi + (hi - lo) * 0.1 + 1];
  if (hi <= lo) hi = lo + 1;
  const x = (i: number) => left + (points.length <= 1 ? 0 : (i * (width - left - right)) / (points.length - 1));
  const y = (v: number) => top + ((hi - v) * (height - top - bottom)) / (hi - lo);
  const r1 = (n: number) => Math.round(n * 10) / 10;
  const segments: string[] = [];
  let current: string[] = [];
  const dots: { x: number; y: number }[] = [];
  points.forEach((p, i) => {
    if (p.figure.value === null) {
      if (current.length) segments.push(current.join(' '));
      current = [];
      return;
    }
    const px = r1(x(i));
    const py = r1(y(p.figure.value));
    current.push(`${px},${py}`);
    dots.push({ x: px, y: py });
  });
  if (current.length) segments.push(current.join(' '));
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = lo + (hi - lo) * f;
    return { y: r1(y(v)), label: def.unit === 'percent' ? `${Math.round(v)}%` : v >= 100 ? String(Math.round(v)) : v.toFixed(1) };
  });
  const xTicks = points.map((p, i) => ({ i, p })).filter(({ i }) => i % 6 === 0 || i === points.length - 1).map(({ i, p }) => ({ x: r1(x(i)), label: monthLabel(p.periodEnd) }));
  return {
    width,
    height,
    segments,
    dots,
    targetY: def.target === null ? null : r1(y(def.target)),
    englandY: england ? r1(y(england.value)) : null,
    yTicks,
    xTicks,
  };
}

export interface IndicatorPanel {
  def: IndicatorDefinition;
  england: EnglandValue | null;
  englandText: string;
  targetText: string;
  polarityText: string;
  current: ShownFigure;
  periodEnd: string;
  trend: TrendPoint[];
  chart: Chart;
  commentary?: string;
}

function scopeOrThrow(ctx: ServiceContext): PerformanceScope {
  const scope = performanceScope(ctx.user);
  if (!scope) throw new ForbiddenError('You do not have access to the performance dashboards.');
  return scope;
}

function today(ctx: ServiceContext): string {
  return ctx.clock().toISOString().slice(0, 10);
}

/** Population of children aged 0–17 over the councils in scope. */
function scopePopulation(pops: Map<string, number>, laCodes: string[] | null): number {
  let n = 0;
  for (const [la, p] of pops) if (laCodes === null || laCodes.includes(la)) n += p;
  return n;
}

/**
 * The figure a scope's headline shows: for a team manager, their team (team
 * rows, from the detail or the team-filtered query); otherwise the service total over the councils in scope.
 */
function headline(scope: PerformanceScope, p: PeriodFigures): Figure {
  if (scope.teamIds) {
    const rows = p.groups.filter((g) => g.level === 'team' && g.teamId !== null && scope.teamIds!.includes(g.teamId));
    return rows.reduce<Figure>(
      (a, g) => ({ numerator: a.numerator + g.numerator, denominator: a.denominator + g.denominator, median: rows.length === 1 ? g.median : null, records: a.records + g.records }),
      { numerator: 0, denominator: 0, median: null, records: 0 },
    );
  }
  return p.groups.find((g) => g.level === 'service') ?? { numerator: 0, denominator: 0, median: null, records: 0 };
}

/**
 * The options of a scope's trends (TREND_MONTHS points), per indicator: service and council rows; for a team
 * manager, team rows for their teams only (`teams`: every record attributed as in the full breakdown, then only
 * their teams' records grouped), except rates per 10,000, which panel() shows at service level and so are computed
 * without the team filter (the service rows of a team-filtered query count the team's records only).
 * Exported for bench/indicators.ts.
 */
export function trendOptions(scope: Pick<PerformanceScope, 'laCodes' | 'teamIds'>, defs: readonly IndicatorDefinition[], asAt: string): (id: string) => ComputeOptions {
  const service: ComputeOptions = { asAt, months: TREND_MONTHS, laCodes: scope.laCodes };
  if (scope.teamIds === null) return () => service;
  const team: ComputeOptions = { ...service, teams: scope.teamIds };
  const rates = new Set(defs.filter((d) => d.unit === 'rate_per_10k').map((d) => d.id));
  return (id) => (rates.has(id) ? service : team);
}

/** The trends of several indicators for a scope (trendOptions), two queries at a time (computeIndicators). */
function trends(ctx: ServiceContext, scope: PerformanceScope, defs: IndicatorDefinition[], asAt: string): Promise<PeriodFigures[][]> {
  return computeIndicators(ctx.db, defs.map((d) => d.id), trendOptions(scope, defs, asAt));
}

function panel(scope: PerformanceScope, def: IndicatorDefinition, periods: PeriodFigures[], pops: Map<string, number>): IndicatorPanel {
  // Rates per 10,000 are of the councils' populations; a team's share of a rate is not meaningful, so team managers see the service rate.
  const teamView = scope.teamIds !== null && def.unit !== 'rate_per_10k';
  const population = scopePopulation(pops, scope.laCodes);
  const trend = periods.map((p) => ({
    periodEnd: p.periodEnd,
    figure: showFigure(def, teamView ? headline(scope, p) : (p.groups.find((g) => g.level === 'service') ?? { numerator: 0, denominator: 0, median: null, records: 0 }), population, scope.suppress),
  }));
  const england = englandValue(def.id);
  const last = trend[trend.length - 1]!;
  return {
    def,
    england,
    englandText: englandText(def),
    targetText: def.target === null ? 'No target' : formatValue(def, def.target),
    polarityText: def.higherIsBetter === null ? 'Neither (a volume to watch)' : def.higherIsBetter ? 'Higher is better' : 'Lower is better',
    current: last.figure,
    periodEnd: last.periodEnd,
    trend,
    chart: buildChart(def, trend, england),
  };
}

export interface Dashboard {
  area: (typeof AREAS)[number];
  asAt: string;
  audience: string;
  panels: IndicatorPanel[];
}

function audienceText(scope: PerformanceScope): string {
  if (scope.teamIds) return 'your team';
  if (scope.laCodes) return `councils ${scope.laCodes.join(', ')}`;
  return 'the whole service';
}

export async function getDashboard(ctx: ServiceContext, areaSlug: string, asAt = today(ctx)): Promise<Dashboard> {
  const scope = scopeOrThrow(ctx);
  const area = AREAS.find((a) => a.slug === areaSlug);
  if (!area) throw new NotFoundError('There is no dashboard with that name.');
  const pops = await populations(ctx.db);
  const defs = indicatorsInArea(area.id);
  const figures = await trends(ctx, scope, defs, asAt);
  const panels = defs.map((def, i) => panel(scope, def, figures[i]!, pops));
  return { area, asAt, audience: audienceText(scope), panels };
}

export interface BreakdownRow {
  level: 'council' | 'team' | 'worker';
  label: string;
  laCode: string;
  teamId: number | null;
  staffId: number | null;
  figure: ShownFigure;
  /** Query string of the drill-down, when this user may drill down. */
  drill: string | null;
}

export interface IndicatorDetail {
  def: IndicatorDefinition;
  panel: IndicatorPanel;
  rows: BreakdownRow[];
  canDrill: boolean;
}

export async function getIndicatorDetail(ctx: ServiceContext, id: string, asAt = today(ctx)): Promise<IndicatorDetail> {
  const scope = scopeOrThrow(ctx);
  const def = indicatorById(id);
  if (!def) throw new NotFoundError('There is no indicator with that name.');
  const pops = await populations(ctx.db);
  const [trend, [current]] = await Promise.all([
    trends(ctx, scope, [def], asAt).then(([f]) => f!),
    computeIndicator(ctx.db, id, { asAt, laCodes: scope.laCodes, detail: true }),
  ]);
  const p = panel(scope, def, trend, pops);
  const teams = new Map((await ctx.db.selectFrom('team').select(['id', 'name']).execute()).map((t) => [Number(t.id), t.name]));
  const staff = scope.workers
    ? new Map((await ctx.db.selectFrom('staff').select(['id', 'given_name', 'family_name']).execute()).map((s) => [Number(s.id), `${s.given_name} ${s.family_name}`]))
    : new Map<number, string>();
  const canDrill = scope.drill !== 'none' && INDICATOR_HAS_CHILDREN(def);
  const rows: BreakdownRow[] = [];
  const groups = (current?.groups ?? []).filter((g): g is GroupFigure & { laCode: string } => g.laCode !== null);
  const sorted = groups.sort((a, b) => a.laCode.localeCompare(b.laCode) || (a.teamId ?? 0) - (b.teamId ?? 0) || (a.staffId ?? 0) - (b.staffId ?? 0));
  for (const g of sorted) {
    if (g.level === 'service') continue;
    if (g.level === 'council' && scope.teamIds) continue;
    if (g.level !== 'council' && scope.teamIds && (g.teamId === null || !scope.teamIds.includes(g.teamId))) continue;
    if (g.level === 'worker' && !scope.workers) continue;
    const population = g.level === 'council' ? (pops.get(g.laCode) ?? null) : null;
    const figDef = def.unit === 'rate_per_10k' && g.level !== 'council' ? { ...def, unit: 'count' as const, target: null } : def;
    const label =
      g.level === 'council' ? `Council ${g.laCode}` : g.level === 'team' ? (g.teamId === null ? 'Not allocated' : (teams.get(g.teamId) ?? `Team ${g.teamId}`)) : g.staffId === null ? 'Not allocated' : (staff.get(g.staffId) ?? `Worker ${g.staffId}`);
    const q = new URLSearchParams({ la: g.laCode });
    if (g.level !== 'council') q.set('team', g.teamId === null ? 'none' : String(g.teamId));
    if (g.level === 'worker') q.set('worker', g.staffId === null ? 'none' : String(g.staffId));
    rows.push({ level: g.level, label, laCode: g.laCode, teamId: g.teamId, staffId: g.staffId, figure: showFigure(figDef, g, population, scope.suppress), drill: canDrill ? q.toString() : null });
  }
  return { def, panel: p, rows, canDrill };
}

/** Workforce figures are about staff, not children: nothing to drill down to. */
function INDICATOR_HAS_CHILDREN(def: IndicatorDefinition): boolean {
  return def.area !== 'workforce' || def.id === 'caseload';
}

export interface DrillChild {
  id: number;
  name: string;
  reference: string | null;
  dateOfBirth: string | null;
  inNumerator: boolean;
  value: number | null;
  link: boolean;
}

export interface Drilldown {
  def: IndicatorDefinition;
  asAt: string;
  pseudonymised: boolean;
  children: DrillChild[];
  /** Children behind the figure the user may not see listed (restricted records, or no longer in a team manager's team). */
  notListed: number;
  total: number;
  page: number;
  pages: number;
}

export const DRILL_PAGE_SIZE = 100;

export interface DrillFilter {
  laCode?: string;
  teamId?: number | null;
  staffId?: number | null;
  /** numerator: in the numerator; not_met: in the denominator but not the numerator; all (default). */
  set?: 'all' | 'numerator' | 'not_met';
  page?: number;
}

/** The children behind a figure, for roles allowed to see them; each child listed is audited as a read. */
export async function getDrilldown(ctx: ServiceContext, id: string, filter: DrillFilter, asAt = today(ctx)): Promise<Drilldown> {
  const scope = scopeOrThrow(ctx);
  const def = indicatorById(id);
  if (!def) throw new NotFoundError('There is no indicator with that name.');
  if (scope.drill === 'none' || !INDICATOR_HAS_CHILDREN(def)) throw new ForbiddenError('You can see figures but not the children behind them.');
  if (scope.laCodes && filter.laCode !== undefined && !scope.laCodes.includes(filter.laCode)) throw new ForbiddenError('That council is outside your access.');
  let teamId = filter.teamId;
  if (scope.teamIds) {
    if (teamId === undefined) teamId = scope.teamIds[0]!;
    if (teamId === null || !scope.teamIds.includes(teamId)) throw new ForbiddenError('You can list the children of your own team only.');
  }
  let units = await indicatorUnits(ctx.db, id, {
    asAt,
    laCodes: scope.laCodes,
    ...(filter.laCode !== undefined ? { laCode: filter.laCode } : {}),
    ...(teamId !== undefined ? { teamId } : {}),
    ...(filter.staffId !== undefined ? { staffId: filter.staffId } : {}),
  });
  const set = filter.set ?? 'all';
  const isCount = def.unit === 'count' || def.unit === 'rate_per_10k' || def.unit === 'median_days';
  if (set === 'numerator') units = units.filter((u) => u.num > 0);
  if (set === 'not_met') units = units.filter((u) => !isCount && u.num === 0 && u.den > 0);
  const ids = units.map((u) => u.childId);
  const facts = ids.length
    ? await ctx.db
        .selectFrom('child as c')
        .leftJoin('allocation as a', (j) => j.onRef('a.child_id', '=', 'c.id').on('a.end_date', 'is', null))
        .select(['c.id', 'c.given_name', 'c.family_name', 'c.person_ref', 'c.date_of_birth', 'c.restricted', 'a.team_id'])
        .where('c.id', 'in', ids)
        .execute()
    : [];
  const grants = new Set(
    ids.length
      ? (await ctx.db.selectFrom('child_access_grant').select('child_id').where('user_id', '=', ctx.user.id).where('child_id', 'in', ids).execute()).map((g) => Number(g.child_id))
      : [],
  );
  const byId = new Map<number, (typeof facts)[number][]>();
  for (const f of facts) {
    const l = byId.get(Number(f.id)) ?? [];
    l.push(f);
    byId.set(Number(f.id), l);
  }
  const allowed = units.filter((u) => {
    const rows = byId.get(u.childId) ?? [];
    const c = rows[0];
    if (!c) return false;
    if (c.restricted && !grants.has(u.childId)) return false;
    if (scope.teamIds) return rows.some((r) => r.team_id !== null && scope.teamIds!.includes(Number(r.team_id)));
    return true;
  });
  const pages = Math.max(1, Math.ceil(allowed.length / DRILL_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(filter.page ?? 1)), pages);
  const shown = allowed.slice((page - 1) * DRILL_PAGE_SIZE, page * DRILL_PAGE_SIZE);
  const pseudonymised = scope.drill === 'pseudonymised';
  // Audit before any child is returned: one read per child listed.
  for (const u of shown) {
    await recordOrFail(ctx.audit, {
      occurredAt: ctx.clock(),
      userId: ctx.user.id,
      username: ctx.user.username,
      role: scope.role,
      action: 'read',
      childId: u.childId,
      recordType: 'performance_drilldown',
      recordId: id,
      requestId: ctx.requestId,
      outcome: 'allowed',
      detail: { indicator: id, periodEnd: asAt, ...(pseudonymised ? { pseudonymised } : {}) },
    });
  }
  const children = shown.map((u) => {
    const c = byId.get(u.childId)![0]!;
    return {
      id: u.childId,
      name: pseudonymised ? pseudonymFor(ctx.pseudonymKey, u.childId) : `${c.given_name} ${c.family_name}`,
      reference: pseudonymised ? null : c.person_ref,
      dateOfBirth: c.date_of_birth === null ? null : pseudonymised ? c.date_of_birth.slice(0, 7) : c.date_of_birth,
      inNumerator: u.num > 0,
      value: u.val,
      link: true,
    };
  });
  return { def, asAt, pseudonymised, children, notListed: units.length - allowed.length, total: allowed.length, page, pages };
}

export interface MonthlyReport {
  month: string;
  periodEnd: string;
  audience: string;
  sections: { area: (typeof AREAS)[number]; panels: IndicatorPanel[] }[];
}

/** Every indicator at the end of the month, with its 24-month trend and commentary. */
export async function getMonthlyReport(ctx: ServiceContext, month: string): Promise<MonthlyReport> {
  const scope = scopeOrThrow(ctx);
  const now = today(ctx);
  const end = monthEnd(month);
  const periodEnd = end > now ? now : end;
  const pops = await populations(ctx.db);
  const commentary = new Map(
    (await ctx.db.selectFrom('performance_commentary').select(['indicator_id', 'commentary']).where('month', '=', month).execute()).map((c) => [c.indicator_id, c.commentary]),
  );
  const defs = [...INDICATORS];
  const figures = new Map((await trends(ctx, scope, defs, periodEnd)).map((f, i) => [defs[i]!.id, f]));
  const sections: MonthlyReport['sections'] = [];
  for (const area of AREAS) {
    const panels: IndicatorPanel[] = [];
    for (const def of INDICATORS.filter((d) => d.area === area.id)) {
      const p = panel(scope, def, figures.get(def.id)!, pops);
      const text = commentary.get(def.id);
      panels.push(text ? { ...p, commentary: text } : p);
    }
    sections.push({ area, panels });
  }
  return { month, periodEnd, audience: audienceText(scope), sections };
}

/** Saves the commentary on one indicator for a month (heads of service and performance officers). */
export async function saveCommentary(ctx: ServiceContext, month: string, indicatorId: string, text: string): Promise<void> {
  const scope = scopeOrThrow(ctx);
  if (scope.role !== 'head_of_service' && scope.role !== 'performance_officer') throw new ForbiddenError('Only heads of service and performance officers write the report commentary.');
  if (!indicatorById(indicatorId)) throw new NotFoundError('There is no indicator with that name.');
  await ctx.db
    .insertInto('performance_commentary')
    .values({ month, indicator_id: indicatorId, commentary: text, updated_by: ctx.user.id, updated_at: ctx.clock() })
    .onConflict((oc) => oc.columns(['month', 'indicator_id']).doUpdateSet({ commentary: text, updated_by: ctx.user.id, updated_at: ctx.clock() }))
    .execute();
}

/** CSV text (RFC 4180), with cells that a spreadsheet would run as a formula made inert. */
export function toCsv(rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => {
    let s = v === null ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
