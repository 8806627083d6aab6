/**
 * The case record pages and their JSON API: My work, person search, the
 * recording forms (one generic GOV.UK form pattern), the team manager's page
 * and allocation. Each handler calls a service (src/services/record.ts,
 * recording.ts, team.ts), which authorises and audits; the web layer only
 * parses input and renders.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../services/context.ts';
import { authoriseChild } from '../../services/children.ts';
import { childAccess, hasCaseRole } from '../../services/policy.ts';
import { getChildRecord, getMyWork, searchChildren, type SearchQuery } from '../../services/record.ts';
import { FORM_BY_ID, FORMS, FormErrors, formDecision, recordForm, type FieldDef, type FieldError, type FormDef } from '../../services/recording.ts';
import { ALLOCATION_REASONS, allocateChild, getTeamView, managedTeams } from '../../services/team.ts';
import { sendProblem } from '../plugins/errors.ts';
import { childIdParams } from './children.ts';
import { openApiDocument } from './openapi.ts';

type Ctx = (request: FastifyRequest) => ServiceContext;

const formParams = {
  type: 'object',
  required: ['id', 'form'],
  additionalProperties: false,
  properties: { id: childIdParams.properties.id, form: { type: 'string', pattern: '^[a-z0-9-]{1,40}$' } },
} as const;

/** Form bodies: strings (or repeated fields, for checkboxes); which names are allowed is checked per form. */
const formBody = {
  type: 'object',
  additionalProperties: { anyOf: [{ type: 'string', maxLength: 5000 }, { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 100 } }] },
} as const;
const jsonBody = {
  type: 'object',
  additionalProperties: { anyOf: [{ type: 'string', maxLength: 5000 }, { type: 'boolean' }, { type: 'null' }, { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 100 } }] },
} as const;

const searchQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', maxLength: 100 },
    dob: { type: 'string', maxLength: 10 },
    id: { type: 'string', maxLength: 40 },
    upn: { type: 'string', maxLength: 13 },
  },
} as const;

type Body = Record<string, string | string[]>;

class BadRequest extends Error {
  readonly statusCode = 400;
}

function allowedNames(form: FormDef): Set<string> {
  const names = new Set(['_csrf']);
  for (const f of form.fields) {
    if (f.type === 'date') for (const p of ['day', 'month', 'year']) names.add(`${f.name}-${p}`);
    else names.add(f.name);
  }
  return names;
}

/** A GOV.UK date input's three boxes to 'YYYY-MM-DD' ('' when all empty; something invalid when not a date). */
function dateFromParts(day: string, month: string, year: string): string {
  if (!day && !month && !year) return '';
  if (!/^[0-9]{1,2}$/.test(day) || !/^[0-9]{1,2}$/.test(month) || !/^[0-9]{4}$/.test(year)) return 'invalid';
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** The raw values a web form sent, as the service expects them. */
function webValues(form: FormDef, body: Body): Record<string, unknown> {
  const allowed = allowedNames(form);
  for (const k of Object.keys(body)) if (!allowed.has(k)) throw new BadRequest(`The form has a field this form does not take: ${k.slice(0, 40)}`);
  const raw: Record<string, unknown> = {};
  const one = (k: string) => {
    const v = body[k];
    return ((Array.isArray(v) ? v[0] : v) ?? '').trim();
  };
  for (const f of form.fields) {
    if (f.type === 'date') raw[f.name] = dateFromParts(one(`${f.name}-day`), one(`${f.name}-month`), one(`${f.name}-year`));
    else if (f.type === 'checkboxes') raw[f.name] = body[f.name] === undefined ? [] : ([] as string[]).concat(body[f.name]!);
    else raw[f.name] = one(f.name);
  }
  return raw;
}

/** The GOV.UK component settings for each field, with the user's input and any error. */
function fieldViews(form: FormDef, body: Body, errors: FieldError[]) {
  const errorFor = (name: string) => errors.find((e) => e.field === name);
  const val = (k: string) => {
    const v = body[k];
    return Array.isArray(v) ? v[0] ?? '' : v ?? '';
  };
  return form.fields.map((f: FieldDef) => {
    const e = errorFor(f.name);
    const base = { field: f, error: e ? { text: e.message } : undefined, hint: f.hint ? { text: f.hint } : undefined };
    if (f.type === 'date') {
      const cls = (w: string) => `govuk-input--width-${w}${e ? ' govuk-input--error' : ''}`;
      return { ...base, items: [
        { name: 'day', label: 'Day', classes: cls('2'), value: val(`${f.name}-day`) },
        { name: 'month', label: 'Month', classes: cls('2'), value: val(`${f.name}-month`) },
        { name: 'year', label: 'Year', classes: cls('4'), value: val(`${f.name}-year`) },
      ] };
    }
    if (f.type === 'select') return { ...base, items: [{ value: '', text: 'Select an option' }, ...f.options!.map((o) => ({ ...o, selected: val(f.name) === o.value }))] };
    if (f.type === 'radios') return { ...base, items: f.options!.map((o) => ({ ...o, checked: val(f.name) === o.value })) };
    if (f.type === 'yesno') return { ...base, items: [{ value: 'yes', text: 'Yes', checked: val(f.name) === 'yes' }, { value: 'no', text: 'No', checked: val(f.name) === 'no' }] };
    if (f.type === 'checkboxes') {
      const chosen = ([] as string[]).concat(body[f.name] ?? []);
      return { ...base, items: f.options!.map((o) => ({ ...o, checked: chosen.includes(o.value) })) };
    }
    return { ...base, value: val(f.name) };
  });
}

function errorSummary(form: FormDef, errors: FieldError[]) {
  return errors.map((e) => {
    const f = form.fields.find((x) => x.name === e.field);
    return { text: e.message, href: `#${f?.type === 'date' ? `${e.field}-day` : e.field}` };
  });
}

/** The user may record on this child (edit access, or a manager's sign-off): refusals are audited, as for any access. */
async function authoriseForm(ctx: ServiceContext, childId: number, form: FormDef): Promise<void> {
  await authoriseChild(ctx, childId, `form:${form.id}`, (facts) => formDecision(ctx.user, facts, form));
}

function formOr404(id: string): FormDef {
  const form = FORM_BY_ID.get(id);
  if (!form) throw Object.assign(new Error('There is no such form.'), { statusCode: 404 });
  return form;
}

const RECORDED = /^[a-z0-9-]{1,40}$/;

export function registerRecordRoutes(app: FastifyInstance, contextFor: Ctx): void {
  // ---- My work ------------------------------------------------------------
  app.get('/my-work', { config: { policy: 'signedIn' } }, async (request, reply) => {
    const work = await getMyWork(contextFor(request));
    return reply.view('my-work.njk', { work });
  });

  // ---- Search -------------------------------------------------------------
  app.get<{ Querystring: SearchQuery }>('/search', { config: { policy: 'signedIn' }, schema: { querystring: searchQuery } }, async (request, reply) => {
    const q = request.query;
    const ctx = contextFor(request);
    if (!hasCaseRole(ctx.user)) throw Object.assign(new Error('Your roles do not include access to children’s records.'), { statusCode: 403 });
    const searched = Object.values(q).some((v) => v && v.trim());
    const errors: { text: string; href: string }[] = [];
    if (q.dob && !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(q.dob)) errors.push({ text: 'Date of birth must be written like 2015-04-11', href: '#dob' });
    const results = searched && !errors.length ? await searchChildren(ctx, q) : [];
    if (errors.length) reply.code(400);
    return reply.view('search.njk', { q, searched, results, errors });
  });

  // ---- Recording forms ----------------------------------------------------
  app.get<{ Params: { id: string; form: string } }>('/children/:id/record/:form', { config: { policy: 'childRead' }, schema: { params: formParams } }, async (request, reply) => {
    const ctx = contextFor(request);
    const id = Number(request.params.id);
    const form = formOr404(request.params.form);
    await authoriseForm(ctx, id, form);
    return reply.view('record-form.njk', { form, childId: id, fields: fieldViews(form, {}, []), errors: [] });
  });

  app.post<{ Params: { id: string; form: string }; Body: Body }>(
    '/children/:id/record/:form',
    { config: { policy: 'childRead' }, schema: { params: formParams, body: formBody } },
    async (request, reply) => {
      const ctx = contextFor(request);
      const id = Number(request.params.id);
      const form = formOr404(request.params.form);
      const body = request.body ?? {};
      try {
        await recordForm(ctx, id, form.id, webValues(form, body));
      } catch (e) {
        if (!(e instanceof FormErrors)) throw e;
        reply.code(422);
        return reply.view('record-form.njk', { form, childId: id, fields: fieldViews(form, body, e.errors), errors: errorSummary(form, e.errors) });
      }
      return reply.redirect(`/children/${id}?recorded=${form.id}`, 303);
    },
  );

  // ---- Team manager -------------------------------------------------------
  app.get('/team', { config: { policy: 'signedIn' } }, async (request, reply) => {
    const team = await getTeamView(contextFor(request));
    return reply.view('team.njk', { team });
  });

  const allocationPage = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, body: Body, errors: FieldError[]) => {
    const ctx = contextFor(request);
    const id = Number(request.params.id);
    const team = managedTeams(ctx);
    const staff = team.length ? await ctx.db.selectFrom('staff').select(['id', 'given_name', 'family_name']).where('team_id', 'in', team).where('leave_date', 'is', null).orderBy('family_name').execute() : [];
    const v = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    return reply.view('allocate.njk', {
      childId: id,
      errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      staffError: errors.find((e) => e.field === 'staffId'),
      reasonError: errors.find((e) => e.field === 'reason'),
      staffItems: [{ value: '', text: 'Select a worker' }, ...staff.map((s) => ({ value: String(s.id), text: `${s.given_name} ${s.family_name}`, selected: v('staffId') === String(s.id) }))],
      reasonItems: ALLOCATION_REASONS.map((r) => ({ ...r, checked: v('reason') === r.value })),
    });
  };
  app.get<{ Params: { id: string } }>('/children/:id/allocate', { config: { policy: 'childRead' }, schema: { params: childIdParams } }, async (request, reply) => {
    const ctx = contextFor(request);
    await authoriseChild(ctx, Number(request.params.id), 'allocation', (f) => {
      const d = childAccess(ctx.user, f);
      return d.level === 'edit' && d.role === 'team_manager' ? d : { level: 'none', role: null, reason: 'only the team manager allocates' };
    });
    return allocationPage(request, reply, {}, []);
  });
  const allocBody = { type: 'object', additionalProperties: false, properties: { _csrf: { type: 'string' }, staffId: { type: 'string', maxLength: 15 }, reason: { type: 'string', maxLength: 40 } } } as const;
  app.post<{ Params: { id: string }; Body: Body }>('/children/:id/allocate', { config: { policy: 'childRead' }, schema: { params: childIdParams, body: allocBody } }, async (request, reply) => {
    const id = Number(request.params.id);
    try {
      await allocateChild(contextFor(request), id, { staffId: request.body['staffId'], reason: request.body['reason'] });
    } catch (e) {
      if (!(e instanceof FormErrors)) throw e;
      reply.code(422);
      return allocationPage(request, reply, request.body, e.errors);
    }
    return reply.redirect(`/children/${id}?recorded=allocation`, 303);
  });

  // ---- JSON API -----------------------------------------------------------
  const json = (reply: FastifyReply, data: unknown, status = 200) => reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(data));
  const problem422 = (request: FastifyRequest, reply: FastifyReply, e: FormErrors) =>
    reply.code(422).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title: 'There is a problem', status: 422, detail: e.message, errors: e.errors, instance: `urn:hearth:request:${request.id}` }));

  app.get('/api/openapi.json', { config: { policy: 'public' } }, async (_request, reply) => json(reply, openApiDocument()));
  app.get('/api/my-work', { config: { policy: 'signedIn' } }, async (request, reply) => json(reply, await getMyWork(contextFor(request))));
  app.get<{ Querystring: SearchQuery }>('/api/search', { config: { policy: 'signedIn' }, schema: { querystring: searchQuery } }, async (request, reply) => {
    const ctx = contextFor(request);
    if (!hasCaseRole(ctx.user)) return sendProblem(request, reply, 403, 'Your roles do not include access to children’s records.');
    return json(reply, { results: await searchChildren(ctx, request.query) });
  });
  app.get<{ Params: { id: string } }>('/api/children/:id/record', { config: { policy: 'childRead' }, schema: { params: childIdParams } }, async (request, reply) =>
    json(reply, await getChildRecord(contextFor(request), Number(request.params.id))),
  );
  app.get('/api/forms', { config: { policy: 'signedIn' } }, async (_request, reply) =>
    json(reply, { forms: FORMS.map((f) => ({ id: f.id, title: f.title, managerOnly: Boolean(f.managerOnly), fields: f.fields })) }),
  );
  app.post<{ Params: { id: string; form: string }; Body: Record<string, unknown> }>(
    '/api/children/:id/records/:form',
    { config: { policy: 'childRead' }, schema: { params: formParams, body: jsonBody } },
    async (request, reply) => {
      const form = formOr404(request.params.form);
      const allowed = new Set([...form.fields.map((f) => f.name), '_csrf']);
      const extra = Object.keys(request.body ?? {}).find((k) => !allowed.has(k));
      if (extra) return sendProblem(request, reply, 400, `The request has a field this form does not take: ${extra.slice(0, 40)}`);
      const { _csrf: _ignored, ...values } = request.body ?? {};
      try {
        return json(reply, await recordForm(contextFor(request), Number(request.params.id), form.id, values), 201);
      } catch (e) {
        if (e instanceof FormErrors) return problem422(request, reply, e);
        throw e;
      }
    },
  );
  app.get('/api/team', { config: { policy: 'signedIn' } }, async (request, reply) => json(reply, await getTeamView(contextFor(request))));
  app.post<{ Params: { id: string }; Body: Body }>('/api/children/:id/allocation', { config: { policy: 'childRead' }, schema: { params: childIdParams, body: allocBody } }, async (request, reply) => {
    try {
      return json(reply, await allocateChild(contextFor(request), Number(request.params.id), { staffId: request.body['staffId'], reason: request.body['reason'] }), 201);
    } catch (e) {
      if (e instanceof FormErrors) return problem422(request, reply, e);
      throw e;
    }
  });
}

export { RECORDED };
