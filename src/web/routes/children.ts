/**
 * A child's record: the summary page (the case-record pages grow from it),
 * who has viewed it, the subject access export and the JSON API. Every
 * handler goes through a service call, which authorises and audits.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { listRecordViews, RECORD_VIEWS_LIMIT } from '../../services/audit-views.ts';
import { exportChildRecord, getChildSummary, type ChildSummary } from '../../services/children.ts';
import { getChildRecord } from '../../services/record.ts';
import { FORMS } from '../../services/recording.ts';
import type { ServiceContext } from '../../services/context.ts';
import { canExportChild, canViewAudit } from '../../services/policy.ts';
import { loadChildFacts } from '../../services/access.ts';
import { govukDate } from '../format.ts';

/** A child id in the address: a positive whole number (anything else is a 400, never a database error). */
export const childIdParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,14}$' } },
} as const;

type WithId = { Params: { id: string } };

const recordedQuery = { type: 'object', additionalProperties: false, properties: { recorded: { type: 'string', pattern: '^[a-z0-9-]{1,40}$' } } } as const;

const SEX: Record<ChildSummary['sex'], string> = { M: 'Male', F: 'Female', U: 'Not known' };

export function registerChildRoutes(app: FastifyInstance, contextFor: (request: FastifyRequest) => ServiceContext): void {
  app.get<WithId & { Querystring: { recorded?: string } }>('/children/:id', { config: { policy: 'childRead' }, schema: { params: childIdParams, querystring: recordedQuery } }, async (request, reply) => {
    const ctx = contextFor(request);
    const id = Number(request.params.id);
    const child = await getChildRecord(ctx, id);
    const facts = await loadChildFacts(ctx.db, id);
    const links: { href: string; text: string }[] = [];
    if (facts && canViewAudit(ctx.user, facts).level !== 'none') links.push({ href: `/children/${id}/audit`, text: 'Who has viewed this record' });
    if (facts && canExportChild(ctx.user, facts).level !== 'none') links.push({ href: `/children/${id}/export`, text: 'Export the whole record (subject access request)' });
    const text = (t: string) => ({ text: t });
    const rows = [
      { key: text('Name'), value: text(child.displayName) },
      { key: text(child.pseudonymised ? 'Month of birth' : 'Date of birth'), value: text((child.dateOfBirth ? String(govukDate(child.dateOfBirth)) : child.expectedDateOfBirth ? `Expected ${String(govukDate(child.expectedDateOfBirth))}` : 'Not known') + (child.age !== null && !child.pseudonymised ? ` (age ${child.age})` : '')) },
      { key: text('Sex'), value: text(SEX[child.sex as ChildSummary['sex']] ?? child.sex) },
      { key: text('Council'), value: text(`${child.laName} (${child.laCode})`) },
      { key: text('Allocated worker'), value: text(child.allocatedWorker ? `${child.allocatedWorker.name}, ${child.allocatedWorker.team}` : 'Not allocated') },
      { key: text('Current status'), value: text(child.status) },
      { key: text('Current plan'), value: text(child.currentPlan ?? 'None') },
      { key: text('Legal status'), value: text(child.legalStatus ?? 'Not looked after') },
    ];
    if (child.upn) rows.splice(1, 0, { key: text('UPN'), value: text(child.upn) });
    const forms = child.canEdit ? FORMS.filter((f) => !f.managerOnly || child.isManager).map((f) => ({ href: `/children/${id}/record/${f.id}`, text: f.title })) : [];
    const recorded = request.query.recorded ? (FORMS.find((f) => f.id === request.query.recorded)?.title ?? (request.query.recorded === 'allocation' ? 'Allocation' : null)) : null;
    return reply.view('child-summary.njk', { child, rows, links, forms, recorded, canAllocate: child.isManager });
  });

  app.get<WithId>('/children/:id/audit', { config: { policy: 'childAudit' }, schema: { params: childIdParams } }, async (request, reply) => {
    const ctx = contextFor(request);
    const id = Number(request.params.id);
    const views = await listRecordViews(ctx, id);
    const rows = views.map((v) => [
      { text: v.occurredAt.replace('T', ' ').slice(0, 19) },
      { text: v.username ?? '' },
      { text: v.role ?? '' },
      { text: v.action },
      { text: v.recordType ?? '' },
      { text: v.outcome },
    ]);
    return reply.view('child-audit.njk', { rows, childId: id, truncated: views.length >= RECORD_VIEWS_LIMIT, limit: RECORD_VIEWS_LIMIT });
  });

  app.get<WithId>('/children/:id/export', { config: { policy: 'childExport' }, schema: { params: childIdParams } }, async (request, reply) => {
    const ctx = contextFor(request);
    const id = Number(request.params.id);
    const data = await exportChildRecord(ctx, id);
    reply.header('content-disposition', `attachment; filename="hearth-child-${id}-subject-access.json"`);
    reply.type('application/json; charset=utf-8');
    return reply.send(JSON.stringify(data, null, 2));
  });

  app.get<WithId>('/api/children/:id', { config: { policy: 'childRead' }, schema: { params: childIdParams } }, async (request, reply) => {
    const child = await getChildSummary(contextFor(request), Number(request.params.id));
    reply.type('application/json; charset=utf-8');
    return reply.send(JSON.stringify(child));
  });
}
