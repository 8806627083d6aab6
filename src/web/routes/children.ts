/**
 * A child's record: the summary page (the case-record pages grow from it),
 * who has viewed it, the subject access export and the JSON API. Every
 * handler goes through a service call, which authorises and audits.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { listRecordViews, RECORD_VIEWS_LIMIT } from '../../services/audit-views.ts';
import { exportChildRecord, getChildSummary, type ChildSummary } from '../../services/children.ts';
import type { ServiceContext } from '../../services/context.ts';
import { canExportChild, canViewAudit } from '../../services/policy.ts';
import { loadChildFacts } from '../../services/access.ts';

/** A child id in the address: a positive whole number (anything else is a 400, never a database error). */
export const childIdParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,14}$' } },
} as const;

type WithId = { Params: { id: string } };

const SEX: Record<ChildSummary['sex'], string> = { M: 'Male', F: 'Female', U: 'Not known' };

export function registerChildRoutes(app: FastifyInstance, contextFor: (request: FastifyRequest) => ServiceContext): void {
  app.get<WithId>('/children/:id', { config: { policy: 'childRead' }, schema: { params: childIdParams } }, async (request, reply) => {
    const ctx = contextFor(request);
    const id = Number(request.params.id);
    const child = await getChildSummary(ctx, id);
    const facts = await loadChildFacts(ctx.db, id);
    const links: { href: string; text: string }[] = [];
    if (facts && canViewAudit(ctx.user, facts).level !== 'none') links.push({ href: `/children/${id}/audit`, text: 'Who has viewed this record' });
    if (facts && canExportChild(ctx.user, facts).level !== 'none') links.push({ href: `/children/${id}/export`, text: 'Export the whole record (subject access request)' });
    const text = (t: string) => ({ text: t });
    const rows = [
      { key: text('Name'), value: text(child.displayName) },
      { key: text(child.pseudonymised ? 'Month of birth' : 'Date of birth'), value: text(child.dateOfBirth ?? (child.expectedDateOfBirth ? `Expected ${child.expectedDateOfBirth}` : 'Not known')) },
      { key: text('Sex'), value: text(SEX[child.sex]) },
      { key: text('Council'), value: text(`${child.laName} (${child.laCode})`) },
      { key: text('Allocated worker'), value: text(child.allocatedWorker ? `${child.allocatedWorker.name}, ${child.allocatedWorker.team}` : 'Not allocated') },
      { key: text('Current status'), value: text(child.status) },
    ];
    return reply.view('child-summary.njk', { child, rows, links });
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
