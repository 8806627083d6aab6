/**
 * The OpenAPI 3.1 document for the case record API, built from the same form
 * definitions the pages use, so a form's fields and the API's request schema
 * cannot drift apart.
 */
import { FORMS, type FieldDef } from '../../services/recording.ts';

function fieldSchema(f: FieldDef): Record<string, unknown> {
  const base: Record<string, unknown> = { description: f.label + (f.hint ? ` (${f.hint})` : '') };
  switch (f.type) {
    case 'date': return { ...base, type: 'string', format: 'date' };
    case 'yesno': return { ...base, type: 'boolean' };
    case 'checkboxes': return { ...base, type: 'array', items: { type: 'string', enum: f.options!.map((o) => o.value) } };
    case 'select':
    case 'radios': return { ...base, type: 'string', enum: f.options!.map((o) => o.value) };
    default: return { ...base, type: 'string', maxLength: 4000 };
  }
}

const problem = { $ref: '#/components/schemas/Problem' };
const errs = (codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { description: { 400: 'Bad request', 401: 'Not signed in', 403: 'No access', 404: 'No such child (or hidden)', 422: 'Field errors', 503: 'Audit trail unavailable' }[c], content: { 'application/problem+json': { schema: problem } } }]));
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[1-9][0-9]{0,14}$' }, description: 'Hearth child id' };

export function openApiDocument(): Record<string, unknown> {
  const formSchemas = Object.fromEntries(
    FORMS.map((f) => [
      `form-${f.id}`,
      { title: f.title, type: 'object', additionalProperties: false, required: f.fields.filter((x) => !x.optional && x.type !== 'checkboxes').map((x) => x.name), properties: Object.fromEntries(f.fields.map((x) => [x.name, fieldSchema(x)])) },
    ]),
  );
  return {
    openapi: '3.1.0',
    info: { title: 'Hearth case record API', version: '1.0.0', description: 'The same reads and writes as the case record pages, with the same authorisation and audit. Sign in to get a session cookie; state-changing requests need the session’s CSRF token in the X-CSRF-Token header. Errors are RFC 9457 problem+json; field errors (422) carry `errors: [{field, message}]`. All data is synthetic.' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'hearth-session' }, csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' } },
      schemas: {
        Problem: { type: 'object', properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, instance: { type: 'string' }, errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } } } },
        ...formSchemas,
      },
    },
    security: [{ session: [] }],
    paths: {
      '/api/my-work': { get: { summary: 'The signed-in worker’s caseload with due and overdue items, most urgent first', responses: { 200: { description: 'Caseload' }, ...errs([401, 503]) } } },
      '/api/search': { get: { summary: 'Person search (typo-tolerant name, date of birth, Hearth id or reference, UPN); only children the searcher may see', parameters: ['name', 'dob', 'id', 'upn'].map((n) => ({ name: n, in: 'query', schema: { type: 'string' } })), responses: { 200: { description: 'Results' }, ...errs([400, 401, 403]) } } },
      '/api/children/{id}': { get: { summary: 'Child summary', parameters: [idParam], responses: { 200: { description: 'Summary' }, ...errs([401, 403, 404, 503]) } } },
      '/api/children/{id}/record': { get: { summary: 'The whole child record: banner, due items, timeline, current episode, worker history, family, transfers', parameters: [idParam], responses: { 200: { description: 'Record' }, ...errs([401, 403, 404, 503]) } } },
      '/api/forms': { get: { summary: 'The recording forms and their fields', responses: { 200: { description: 'Forms' } } } },
      '/api/children/{id}/records/{form}': {
        post: {
          summary: 'Record a form for a child (checked by the journey rules, audited, written in one transaction)',
          security: [{ session: [], csrf: [] }],
          parameters: [idParam, { name: 'form', in: 'path', required: true, schema: { type: 'string', enum: FORMS.map((f) => f.id) } }],
          requestBody: { required: true, content: { 'application/json': { schema: { oneOf: FORMS.map((f) => ({ $ref: `#/components/schemas/form-${f.id}` })) } } } },
          responses: { 201: { description: 'Recorded: { form, records: [{ table, id }] }' }, ...errs([400, 401, 403, 404, 422, 503]) },
        },
      },
      '/api/team': { get: { summary: 'The team manager’s team: caseloads against the range, alerts, children, sign-off queue', responses: { 200: { description: 'Team' }, ...errs([401, 403]) } } },
      '/api/children/{id}/allocation': {
        post: {
          summary: 'Allocate or reallocate a child (team manager): closes the open allocation, opens a new one',
          security: [{ session: [], csrf: [] }],
          parameters: [idParam],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', additionalProperties: false, required: ['staffId', 'reason'], properties: { staffId: { type: 'string' }, reason: { type: 'string' } } } } } },
          responses: { 201: { description: 'Allocated' }, ...errs([400, 401, 403, 404, 422, 503]) },
        },
      },
    },
  };
}
