/**
 * Performance in live time: dashboards per area, each indicator's breakdown by
 * council, team and worker, the drill-down to the children behind a figure
 * (audited; named, pseudonymised or refused by role), CSV of every table, and
 * the monthly performance report (HTML with print styles, and PDF rendered by
 * headless Chromium). Every figure is computed on request from the live tables.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AREAS, INDICATORS } from '../../domain/indicators/index.ts';
import type { ServiceContext } from '../../services/context.ts';
import {
  getDashboard, getDrilldown, getIndicatorDetail, getMonthlyReport, monthLabel, saveCommentary, toCsv, type IndicatorPanel, type MonthlyReport,
} from '../../services/indicators/performance.ts';
import { performanceScope } from '../../services/indicators/policy.ts';
import { closePdfBrowser, renderPdf } from '../../services/indicators/pdf.ts';
import { createViewEnvironment, govukDist, SERVICE_NAME } from '../plugins/views.ts';

const SLUGS = AREAS.map((a) => a.slug);
const IDS = INDICATORS.map((d) => d.id);
const MONTH = '^[0-9]{4}-(0[1-9]|1[0-2])$';

const areaParams = { type: 'object', required: ['area'], additionalProperties: false, properties: { area: { type: 'string', enum: SLUGS } } } as const;
const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string', enum: IDS } } } as const;
const noQuery = { type: 'object', additionalProperties: false, properties: {} } as const;
const drillQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    la: { type: 'string', pattern: '^[0-9]{3}$' },
    team: { type: 'string', pattern: '^([1-9][0-9]{0,14}|none)$' },
    worker: { type: 'string', pattern: '^([1-9][0-9]{0,14}|none)$' },
    set: { type: 'string', enum: ['all', 'numerator', 'not_met'] },
    page: { type: 'string', pattern: '^[1-9][0-9]{0,5}$' },
  },
} as const;
const csvQuery = { type: 'object', additionalProperties: false, properties: { table: { type: 'string', enum: ['trend', 'breakdown'] } } } as const;
const monthQuery = { type: 'object', additionalProperties: false, properties: { month: { type: 'string', pattern: MONTH } } } as const;
const commentaryBody = {
  type: 'object',
  required: ['month', 'indicator', 'commentary'],
  additionalProperties: false,
  properties: {
    _csrf: { type: 'string' },
    month: { type: 'string', pattern: MONTH },
    indicator: { type: 'string', enum: IDS },
    commentary: { type: 'string', maxLength: 4000 },
  },
} as const;

const idOrNone = (s: string | undefined): number | null | undefined => (s === undefined ? undefined : s === 'none' ? null : Number(s));

function trendRows(p: IndicatorPanel): (string | number | null)[][] {
  return p.trend.map((t) => [t.periodEnd, t.figure.value === null ? null : Math.round(t.figure.value * 10) / 10, t.figure.numerator, t.figure.denominator, t.figure.ragText]);
}

function sendCsv(reply: FastifyReply, name: string, rows: (string | number | null)[][]) {
  reply.header('content-disposition', `attachment; filename="${name}.csv"`);
  reply.type('text/csv; charset=utf-8');
  return reply.send(toCsv(rows));
}

function defaultMonth(ctx: ServiceContext): string {
  // The last complete month.
  const d = ctx.clock();
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth(); // 0-based: the previous month's number
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}

let reportCss: string | undefined;
function inlineCss(): string {
  reportCss ??= [join(govukDist, 'govuk', 'govuk-frontend.min.css'), new URL('../public/hearth.css', import.meta.url).pathname, new URL('../public/performance.css', import.meta.url).pathname]
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n')
    // Fonts and images are not available to a page rendered from a string; fall back to system fonts.
    .replace(/url\([^)]*\)/g, 'none');
  return reportCss;
}

export function registerPerformanceRoutes(app: FastifyInstance, contextFor: (request: FastifyRequest) => ServiceContext): void {
  const env = createViewEnvironment();
  app.addHook('onClose', async () => closePdfBrowser());

  app.get('/performance', { config: { policy: 'performance' }, schema: { querystring: noQuery } }, async (request, reply) => {
    const ctx = contextFor(request);
    const scope = performanceScope(ctx.user)!;
    return reply.view('performance/index.njk', { areas: AREAS, indicators: INDICATORS, scope, month: defaultMonth(ctx) });
  });

  app.get<{ Querystring: { month?: string } }>('/performance/report', { config: { policy: 'performance' }, schema: { querystring: monthQuery } }, async (request, reply) => {
    const ctx = contextFor(request);
    const month = request.query.month ?? defaultMonth(ctx);
    const report = await getMonthlyReport(ctx, month);
    const scope = performanceScope(ctx.user)!;
    return reply.view('performance/report.njk', { report, monthLabel: monthLabel(`${month}-01`), canComment: scope.role === 'head_of_service' || scope.role === 'performance_officer' });
  });

  app.get<{ Querystring: { month?: string } }>('/performance/report.pdf', { config: { policy: 'performance' }, schema: { querystring: monthQuery } }, async (request, reply) => {
    const ctx = contextFor(request);
    const month = request.query.month ?? defaultMonth(ctx);
    const report = await getMonthlyReport(ctx, month);
    const html = env.render('performance/report.njk', {
      serviceName: SERVICE_NAME, serviceUrl: '/', cspNonce: '', user: request.user, csrfToken: '', requestId: request.id,
      report, monthLabel: monthLabel(`${month}-01`), canComment: false, inlineCss: inlineCss(), forPdf: true,
    });
    const pdf = await renderPdf(html);
    reply.header('content-disposition', `attachment; filename="performance-report-${month}.pdf"`);
    reply.type('application/pdf');
    return reply.send(pdf);
  });

  app.get<{ Querystring: { month?: string } }>('/performance/report.csv', { config: { policy: 'performance' }, schema: { querystring: monthQuery } }, async (request, reply) => {
    const ctx = contextFor(request);
    const month = request.query.month ?? defaultMonth(ctx);
    const report: MonthlyReport = await getMonthlyReport(ctx, month);
    const rows: (string | number | null)[][] = [['area', 'indicator_id', 'indicator', 'period_end', 'value', 'numerator', 'denominator', 'target', 'rag', 'england', 'england_year', 'commentary']];
    for (const s of report.sections) {
      for (const p of s.panels) {
        rows.push([s.area.title, p.def.id, p.def.title, p.periodEnd, p.current.value === null ? null : Math.round(p.current.value * 10) / 10, p.current.numerator, p.current.denominator, p.def.target, p.current.ragText, p.england?.value ?? null, p.england?.year ?? null, p.commentary ?? '']);
      }
    }
    return sendCsv(reply, `performance-report-${month}`, rows);
  });

  app.post<{ Body: { month: string; indicator: string; commentary: string } }>(
    '/performance/report/commentary',
    { config: { policy: 'performance' }, schema: { body: commentaryBody } },
    async (request, reply) => {
      const ctx = contextFor(request);
      await saveCommentary(ctx, request.body.month, request.body.indicator, request.body.commentary.trim());
      return reply.redirect(`/performance/report?month=${request.body.month}#${request.body.indicator}`, 303);
    },
  );

  app.get<{ Params: { area: string } }>('/performance/:area', { config: { policy: 'performance' }, schema: { params: areaParams, querystring: noQuery } }, async (request, reply) => {
    const dashboard = await getDashboard(contextFor(request), request.params.area);
    return reply.view('performance/dashboard.njk', { dashboard });
  });

  app.get<{ Params: { id: string } }>('/performance/indicators/:id', { config: { policy: 'performance' }, schema: { params: idParams, querystring: noQuery } }, async (request, reply) => {
    const detail = await getIndicatorDetail(contextFor(request), request.params.id);
    const area = AREAS.find((a) => a.id === detail.def.area)!;
    return reply.view('performance/indicator.njk', { detail, area, p: detail.panel });
  });

  app.get<{ Params: { id: string }; Querystring: { table?: 'trend' | 'breakdown' } }>(
    '/performance/indicators/:id/csv',
    { config: { policy: 'performance' }, schema: { params: idParams, querystring: csvQuery } },
    async (request, reply) => {
      const detail = await getIndicatorDetail(contextFor(request), request.params.id);
      if (request.query.table === 'breakdown') {
        const rows: (string | number | null)[][] = [['level', 'name', 'council', 'value', 'numerator', 'denominator', 'rag']];
        for (const r of detail.rows) rows.push([r.level, r.label, r.laCode, r.figure.value === null ? null : Math.round(r.figure.value * 10) / 10, r.figure.numerator, r.figure.denominator, r.figure.ragText]);
        return sendCsv(reply, `${detail.def.id}-breakdown`, rows);
      }
      return sendCsv(reply, `${detail.def.id}-trend`, [['period_end', 'value', 'numerator', 'denominator', 'rag'], ...trendRows(detail.panel)]);
    },
  );

  app.get<{ Params: { id: string }; Querystring: { la?: string; team?: string; worker?: string; set?: 'all' | 'numerator' | 'not_met'; page?: string } }>(
    '/performance/indicators/:id/children',
    { config: { policy: 'performance' }, schema: { params: idParams, querystring: drillQuery } },
    async (request, reply) => {
      const q = request.query;
      const teamId = idOrNone(q.team);
      const staffId = idOrNone(q.worker);
      const drill = await getDrilldown(contextFor(request), request.params.id, {
        ...(q.la ? { laCode: q.la } : {}),
        ...(teamId !== undefined ? { teamId } : {}),
        ...(staffId !== undefined ? { staffId } : {}),
        set: q.set ?? 'all',
        page: q.page ? Number(q.page) : 1,
      });
      const base = new URLSearchParams();
      if (q.la) base.set('la', q.la);
      if (q.team) base.set('team', q.team);
      if (q.worker) base.set('worker', q.worker);
      const link = (set: string, page = 1) => {
        const u = new URLSearchParams(base);
        u.set('set', set);
        if (page > 1) u.set('page', String(page));
        return `/performance/indicators/${drill.def.id}/children?${u.toString()}`;
      };
      return reply.view('performance/children.njk', { drill, set: q.set ?? 'all', links: { all: link('all'), numerator: link('numerator'), notMet: link('not_met'), prev: drill.page > 1 ? link(q.set ?? 'all', drill.page - 1) : null, next: drill.page < drill.pages ? link(q.set ?? 'all', drill.page + 1) : null } });
    },
  );
}
