/**
 * Administration pages (issue #4): users, role grants and teams, for system
 * administrators (route policy `admin`), and the change-password page every
 * user whose password an administrator set must pass through.
 *
 * The route policy is the outer wall; each service call (src/services/admin.ts)
 * checks canAdminister again, applies the separation-of-duties rules, writes
 * in a transaction with its audit event, and never touches a child's record.
 * Forms post back to themselves: errors re-render the form (422) with the
 * input kept; success redirects (303) to a page with a notification banner.
 * A generated one-time password is the one exception: it is shown once, in
 * the response to the POST itself, and never stored or redirected with.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TEAM_KINDS, TEAM_SCOPED_ROLES } from '../../services/admin-rules.ts';
import {
  addGrant, adminReferenceLists, changeOwnPassword, createTeam, createUser, disableUser, enableUser, getTeam, getUser, listTeams, listUsers,
  recordEstablishment, removeGrant, resetPassword, unlockUser, updateTeam, updateUserDetails, type UserFilters,
} from '../../services/admin.ts';
import type { ServiceContext } from '../../services/context.ts';
import { ROLES } from '../../services/policy.ts';
import { FormErrors, type FieldError } from '../../services/recording.ts';
import { ROLE_LABELS } from './home.ts';

type Ctx = (request: FastifyRequest) => ServiceContext;
type Body = Record<string, string>;

const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,11}$' } } } as const;
/** A form body with exactly these string fields (and the CSRF token); anything else is refused (400). */
function formBody(...fields: string[]) {
  const properties: Record<string, { type: 'string'; maxLength: number }> = { _csrf: { type: 'string', maxLength: 100 } };
  for (const f of fields) properties[f] = { type: 'string', maxLength: f.toLowerCase().includes('password') || f === 'current' || f === 'confirm' ? 1000 : 200 };
  return { type: 'object', additionalProperties: false, properties } as const;
}
const usersQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    q: { type: 'string', maxLength: 100 }, role: { type: 'string', maxLength: 40 }, laCode: { type: 'string', maxLength: 3 },
    state: { type: 'string', maxLength: 20 }, page: { type: 'string', pattern: '^[1-9][0-9]{0,5}$' }, done: { type: 'string', maxLength: 40 },
  },
} as const;
const doneQuery = { type: 'object', additionalProperties: false, properties: { done: { type: 'string', maxLength: 40 }, laCode: { type: 'string', maxLength: 3 } } } as const;

const USER_DONE: Record<string, string> = {
  created: 'Account created. The user must choose a new password when they first sign in.',
  'role-added': 'Role added. It applies from the user’s next page.',
  'role-removed': 'Role removed. It no longer applies, from the user’s next page.',
  disabled: 'Account disabled. The user has been signed out everywhere.',
  enabled: 'Account enabled. The user can sign in again.',
  unlocked: 'Account unlocked. The user can sign in again.',
  details: 'Name and staff record saved.',
  'password-reset': 'Password reset. The user has been signed out and must choose a new password when they next sign in.',
};
const TEAM_DONE: Record<string, string> = {
  created: 'Team created.',
  updated: 'Team details saved.',
  establishment: 'Establishment recorded. Earlier figures are kept in the history.',
};

export const TEAM_KIND_LABELS: Record<string, string> = {
  service: 'Service (head of service)', front_door: 'Front door / MASH', assessment: 'Assessment', long_term: 'Long-term / child in need and protection',
  children_in_care: 'Children in care', leaving_care: 'Leaving care', disabled_children: 'Disabled children', early_help: 'Early help',
  iro: 'Independent reviewing / CP chairs', quality_assurance: 'Quality assurance', performance: 'Performance', administration: 'Administration',
};

function errorsView(errors: FieldError[], dateFields: string[] = []) {
  const byField: Record<string, { text: string }> = {};
  for (const e of errors) byField[e.field] ??= { text: e.message };
  return { errors: errors.map((e) => ({ text: e.message, href: `#${dateFields.includes(e.field) ? `${e.field}-day` : e.field}` })), fieldErrors: byField };
}

const str = (b: Body | undefined, k: string) => (typeof b?.[k] === 'string' ? b[k]! : '');

/** The user page with a banner for the action just done (post/redirect/get). */
const toUser = (reply: FastifyReply, id: number, done: string) => reply.redirect(`/admin/users/${id}?done=${done}`, 303);
const toTeam = (reply: FastifyReply, id: number, done: string) => reply.redirect(`/admin/teams/${id}?done=${done}`, 303);

function dateFromParts(body: Body, name: string): string {
  const d = str(body, `${name}-day`).trim();
  const m = str(body, `${name}-month`).trim();
  const y = str(body, `${name}-year`).trim();
  if (!d && !m && !y) return '';
  if (!/^[0-9]{1,2}$/.test(d) || !/^[0-9]{1,2}$/.test(m) || !/^[0-9]{4}$/.test(y)) return 'invalid';
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

export function registerAdminRoutes(app: FastifyInstance, contextFor: Ctx): void {
  const admin = { config: { policy: 'admin' as const } };
  const roleItems = (selected: string, blank: string) => [{ value: '', text: blank }, ...ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r], selected: r === selected }))];

  app.get('/admin', admin, async (request, reply) => {
    contextFor(request);
    return reply.view('admin/index.njk', {});
  });

  // ---- Users ---------------------------------------------------------------------
  app.get<{ Querystring: Record<string, string> }>('/admin/users', { ...admin, schema: { querystring: usersQuery } }, async (request, reply) => {
    const ctx = contextFor(request);
    const q = request.query;
    const filters: UserFilters = { q: q['q'] ?? '', role: q['role'] ?? '', laCode: q['laCode'] ?? '', state: q['state'] ?? '', page: q['page'] ? Number(q['page']) : 1 };
    const { councils } = await adminReferenceLists(ctx);
    let list;
    let errors: FieldError[] = [];
    try {
      list = await listUsers(ctx, filters);
    } catch (e) {
      if (!(e instanceof FormErrors)) throw e;
      errors = e.errors;
      reply.code(400);
    }
    const f = list?.filters ?? { q: filters.q ?? '', role: filters.role ?? '', laCode: filters.laCode ?? '', state: filters.state ?? '' };
    const qs = (page: number) => {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(f)) if (v) p.set(k, v);
      if (page > 1) p.set('page', String(page));
      const s = p.toString();
      return `/admin/users${s ? `?${s}` : ''}`;
    };
    const pagination = list && list.pages > 1 ? {
      previous: list.page > 1 ? { href: qs(list.page - 1) } : undefined,
      next: list.page < list.pages ? { href: qs(list.page + 1) } : undefined,
      items: Array.from({ length: list.pages }, (_, i) => i + 1)
        .filter((n) => n === 1 || n === list.pages || Math.abs(n - list.page) <= 2)
        .flatMap((n, i, arr) => (i > 0 && n - arr[i - 1]! > 1 ? [{ ellipsis: true }, { number: n, href: qs(n), current: n === list.page }] : [{ number: n, href: qs(n), current: n === list.page }])),
    } : null;
    return reply.view('admin/users.njk', {
      list, f, ...errorsView(errors),
      roleItems: roleItems(f.role, 'Any role'),
      councilItems: [{ value: '', text: 'Any council' }, ...councils.map((c) => ({ value: c.laCode, text: `${c.name} (${c.laCode})`, selected: c.laCode === f.laCode }))],
      stateItems: [{ value: '', text: 'Any state' }, ...[['active', 'Active'], ['disabled', 'Disabled'], ['locked', 'Locked']].map(([v, t]) => ({ value: v, text: t, selected: v === f.state }))],
      roleLabels: ROLE_LABELS, pagination,
    });
  });

  const newUserPage = (reply: FastifyReply, body: Body, errors: FieldError[]) =>
    reply.view('admin/user-new.njk', { v: body, ...errorsView(errors), passwordMode: str(body, 'passwordMode') });
  app.get('/admin/users/new', admin, async (request, reply) => {
    await adminReferenceLists(contextFor(request)); // authorises in the service as well
    return newUserPage(reply, {}, []);
  });
  app.post<{ Body: Body }>('/admin/users/new', { ...admin, schema: { body: formBody('username', 'displayName', 'staffRef', 'passwordMode', 'password') } }, async (request, reply) => {
    const b = request.body ?? {};
    try {
      const r = await createUser(contextFor(request), { username: str(b, 'username'), displayName: str(b, 'displayName'), staffRef: str(b, 'staffRef'), passwordMode: str(b, 'passwordMode'), password: str(b, 'password') });
      if (r.oneTimePassword) return reply.view('admin/password-shown.njk', { userId: r.userId, username: str(b, 'username').trim().toLowerCase(), password: r.oneTimePassword, created: true });
      return toUser(reply, r.userId, 'created');
    } catch (e) {
      if (!(e instanceof FormErrors)) throw e;
      reply.code(422);
      return newUserPage(reply, { ...b, password: '' }, e.errors);
    }
  });

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/admin/users/:id', { ...admin, schema: { params: idParams, querystring: doneQuery } }, async (request, reply) => {
    const user = await getUser(contextFor(request), Number(request.params.id));
    const done = request.query.done ? USER_DONE[request.query.done] : undefined;
    return reply.view('admin/user.njk', { u: user, done, roleLabels: ROLE_LABELS });
  });

  const detailsPage = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, body: Body | null, errors: FieldError[]) => {
    const user = await getUser(contextFor(request), Number(request.params.id));
    const v = body ?? { displayName: user.displayName, staffRef: user.staff?.staffRef ?? '' };
    return reply.view('admin/user-details.njk', { u: user, v, ...errorsView(errors) });
  };
  app.get<{ Params: { id: string } }>('/admin/users/:id/details', { ...admin, schema: { params: idParams } }, async (request, reply) => detailsPage(request, reply, null, []));
  app.post<{ Params: { id: string }; Body: Body }>('/admin/users/:id/details', { ...admin, schema: { params: idParams, body: formBody('displayName', 'staffRef') } }, async (request, reply) => {
    const id = Number(request.params.id);
    const b = request.body ?? {};
    try {
      await updateUserDetails(contextFor(request), id, { displayName: str(b, 'displayName'), staffRef: str(b, 'staffRef') });
    } catch (e) {
      if (!(e instanceof FormErrors)) throw e;
      reply.code(422);
      return detailsPage(request, reply, b, e.errors);
    }
    return toUser(reply, id, 'details');
  });

  const grantPage = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, body: Body, errors: FieldError[]) => {
    const ctx = contextFor(request);
    const user = await getUser(ctx, Number(request.params.id));
    const { councils, teams } = await adminReferenceLists(ctx);
    const held = new Set(user.grants.map((g) => g.role));
    return reply.view('admin/grant-new.njk', {
      u: user, ...errorsView(errors),
      roleItems: [{ value: '', text: 'Select a role' }, ...ROLES.filter((r) => !held.has(r)).map((r) => ({ value: r, text: ROLE_LABELS[r], selected: r === str(body, 'role') }))],
      councilItems: [{ value: '', text: 'All councils' }, ...councils.map((c) => ({ value: c.laCode, text: `${c.name} (${c.laCode})`, selected: c.laCode === str(body, 'laCode') }))],
      teamItems: [{ value: '', text: 'No team' }, ...teams.map((t) => ({ value: String(t.id), text: `${t.name} (${councils.find((c) => c.laCode === t.laCode)?.name ?? t.laCode})`, selected: String(t.id) === str(body, 'teamId') }))],
      teamRoles: TEAM_SCOPED_ROLES.map((r) => ROLE_LABELS[r]),
    });
  };
  app.get<{ Params: { id: string } }>('/admin/users/:id/roles/new', { ...admin, schema: { params: idParams } }, async (request, reply) => grantPage(request, reply, {}, []));
  app.post<{ Params: { id: string }; Body: Body }>('/admin/users/:id/roles/new', { ...admin, schema: { params: idParams, body: formBody('role', 'laCode', 'teamId') } }, async (request, reply) => {
    const id = Number(request.params.id);
    const b = request.body ?? {};
    try {
      await addGrant(contextFor(request), id, { role: str(b, 'role'), laCode: str(b, 'laCode'), teamId: str(b, 'teamId') });
    } catch (e) {
      if (!(e instanceof FormErrors)) throw e;
      reply.code(422);
      return grantPage(request, reply, b, e.errors);
    }
    return toUser(reply, id, 'role-added');
  });
  app.post<{ Params: { id: string }; Body: Body }>('/admin/users/:id/roles/remove', { ...admin, schema: { params: idParams, body: formBody('role') } }, async (request, reply) => {
    const id = Number(request.params.id);
    await removeGrant(contextFor(request), id, str(request.body, 'role'));
    return toUser(reply, id, 'role-removed');
  });

  app.get<{ Params: { id: string } }>('/admin/users/:id/disable', { ...admin, schema: { params: idParams } }, async (request, reply) => {
    const user = await getUser(contextFor(request), Number(request.params.id));
    return reply.view('admin/confirm-disable.njk', { u: user });
  });
  app.post<{ Params: { id: string }; Body: Body }>('/admin/users/:id/disable', { ...admin, schema: { params: idParams, body: formBody() } }, async (request, reply) => {
    const id = Number(request.params.id);
    await disableUser(contextFor(request), id);
    return toUser(reply, id, 'disabled');
  });
  app.post<{ Params: { id: string }; Body: Body }>('/admin/users/:id/enable', { ...admin, schema: { params: idParams, body: formBody() } }, async (request, reply) => {
    const id = Number(request.params.id);
    await enableUser(contextFor(request), id);
    return toUser(reply, id, 'enabled');
  });
  app.post<{ Params: { id: string }; Body: Body }>('/admin/users/:id/unlock', { ...admin, schema: { params: idParams, body: formBody() } }, async (request, reply) => {
    const id = Number(request.params.id);
    await unlockUser(contextFor(request), id);
    return toUser(reply, id, 'unlocked');
  });

  const resetPage = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, body: Body, errors: FieldError[]) => {
    const user = await getUser(contextFor(request), Number(request.params.id));
    return reply.view('admin/password-reset.njk', { u: user, ...errorsView(errors), passwordMode: str(body, 'passwordMode') });
  };
  app.get<{ Params: { id: string } }>('/admin/users/:id/password', { ...admin, schema: { params: idParams } }, async (request, reply) => resetPage(request, reply, {}, []));
  app.post<{ Params: { id: string }; Body: Body }>('/admin/users/:id/password', { ...admin, schema: { params: idParams, body: formBody('passwordMode', 'password') } }, async (request, reply) => {
    const id = Number(request.params.id);
    const b = request.body ?? {};
    let r;
    try {
      r = await resetPassword(contextFor(request), id, { mode: str(b, 'passwordMode'), password: str(b, 'password') });
    } catch (e) {
      if (!(e instanceof FormErrors)) throw e;
      reply.code(422);
      return resetPage(request, reply, { passwordMode: str(b, 'passwordMode') }, e.errors);
    }
    if (r.oneTimePassword) {
      const user = await getUser(contextFor(request), id);
      return reply.view('admin/password-shown.njk', { userId: id, username: user.username, password: r.oneTimePassword, created: false });
    }
    return toUser(reply, id, 'password-reset');
  });

  // ---- Teams ------------------------------------------------------------------------
  app.get<{ Querystring: { laCode?: string } }>('/admin/teams', { ...admin, schema: { querystring: doneQuery } }, async (request, reply) => {
    const ctx = contextFor(request);
    const { councils } = await adminReferenceLists(ctx);
    const laCode = councils.some((c) => c.laCode === request.query.laCode) ? request.query.laCode : undefined;
    const teams = await listTeams(ctx, laCode);
    const byCouncil = councils.filter((c) => !laCode || c.laCode === laCode).map((c) => ({ ...c, teams: teams.filter((t) => t.laCode === c.laCode) }));
    return reply.view('admin/teams.njk', {
      byCouncil, kindLabels: TEAM_KIND_LABELS,
      councilItems: [{ value: '', text: 'All councils' }, ...councils.map((c) => ({ value: c.laCode, text: `${c.name} (${c.laCode})`, selected: c.laCode === laCode }))],
    });
  });

  const teamFormPage = async (request: FastifyRequest, reply: FastifyReply, teamId: number | null, body: Body, errors: FieldError[]) => {
    const ctx = contextFor(request);
    const { councils, teams } = await adminReferenceLists(ctx);
    const team = teamId === null ? null : await getTeam(ctx, teamId);
    const la = team?.laCode ?? str(body, 'laCode');
    // Without JavaScript the parent list cannot follow the council chosen, so a new team lists every council's teams and the service checks the pair.
    const parents = teams.filter((t) => t.id !== teamId && (!team || t.laCode === team.laCode));
    return reply.view('admin/team-form.njk', {
      team, v: body, ...errorsView(errors),
      councilItems: [{ value: '', text: 'Select a council' }, ...councils.map((c) => ({ value: c.laCode, text: `${c.name} (${c.laCode})`, selected: c.laCode === la }))],
      kindItems: [{ value: '', text: 'Select the kind of team' }, ...TEAM_KINDS.map((k) => ({ value: k, text: TEAM_KIND_LABELS[k], selected: k === str(body, 'kind') }))],
      parentItems: [{ value: '', text: 'No parent team' }, ...parents.map((t) => ({ value: String(t.id), text: team ? t.name : `${t.name} (${councils.find((c) => c.laCode === t.laCode)?.name ?? t.laCode})`, selected: String(t.id) === str(body, 'parentId') }))],
    });
  };
  app.get('/admin/teams/new', admin, async (request, reply) => teamFormPage(request, reply, null, {}, []));
  app.post<{ Body: Body }>('/admin/teams/new', { ...admin, schema: { body: formBody('laCode', 'name', 'kind', 'parentId', 'amber', 'red') } }, async (request, reply) => {
    const b = request.body ?? {};
    try {
      const { teamId } = await createTeam(contextFor(request), { laCode: str(b, 'laCode'), name: str(b, 'name'), kind: str(b, 'kind'), parentId: str(b, 'parentId'), amber: str(b, 'amber'), red: str(b, 'red') });
      return toTeam(reply, teamId, 'created');
    } catch (e) {
      if (!(e instanceof FormErrors)) throw e;
      reply.code(422);
      return teamFormPage(request, reply, null, b, e.errors);
    }
  });
  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/admin/teams/:id', { ...admin, schema: { params: idParams, querystring: doneQuery } }, async (request, reply) => {
    const team = await getTeam(contextFor(request), Number(request.params.id));
    return reply.view('admin/team.njk', { team, kindLabels: TEAM_KIND_LABELS, done: request.query.done ? TEAM_DONE[request.query.done] : undefined });
  });
  app.get<{ Params: { id: string } }>('/admin/teams/:id/edit', { ...admin, schema: { params: idParams } }, async (request, reply) => {
    const id = Number(request.params.id);
    const t = await getTeam(contextFor(request), id);
    return teamFormPage(request, reply, id, { name: t.name, parentId: t.parentId === null ? '' : String(t.parentId), amber: t.amber === null ? '' : String(t.amber), red: t.red === null ? '' : String(t.red) }, []);
  });
  app.post<{ Params: { id: string }; Body: Body }>('/admin/teams/:id/edit', { ...admin, schema: { params: idParams, body: formBody('name', 'parentId', 'amber', 'red') } }, async (request, reply) => {
    const id = Number(request.params.id);
    const b = request.body ?? {};
    try {
      await updateTeam(contextFor(request), id, { name: str(b, 'name'), parentId: str(b, 'parentId'), amber: str(b, 'amber'), red: str(b, 'red') });
    } catch (e) {
      if (!(e instanceof FormErrors)) throw e;
      reply.code(422);
      return teamFormPage(request, reply, id, b, e.errors);
    }
    return toTeam(reply, id, 'updated');
  });

  const establishmentPage = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, body: Body, errors: FieldError[]) => {
    const team = await getTeam(contextFor(request), Number(request.params.id));
    return reply.view('admin/establishment.njk', { team, v: body, ...errorsView(errors, ['effectiveFrom']) });
  };
  app.get<{ Params: { id: string } }>('/admin/teams/:id/establishment', { ...admin, schema: { params: idParams } }, async (request, reply) => establishmentPage(request, reply, {}, []));
  app.post<{ Params: { id: string }; Body: Body }>(
    '/admin/teams/:id/establishment',
    { ...admin, schema: { params: idParams, body: formBody('fte', 'effectiveFrom-day', 'effectiveFrom-month', 'effectiveFrom-year') } },
    async (request, reply) => {
      const id = Number(request.params.id);
      const b = request.body ?? {};
      try {
        await recordEstablishment(contextFor(request), id, { fte: str(b, 'fte'), effectiveFrom: dateFromParts(b, 'effectiveFrom') });
      } catch (e) {
        if (!(e instanceof FormErrors)) throw e;
        reply.code(422);
        return establishmentPage(request, reply, b, e.errors);
      }
      return toTeam(reply, id, 'establishment');
    },
  );

  // ---- Own password (any signed-in user) -------------------------------------------------
  app.get<{ Querystring: { done?: string } }>('/account/password', { config: { policy: 'signedIn' }, schema: { querystring: doneQuery } }, async (request, reply) =>
    reply.view('account-password.njk', { required: Boolean(request.user?.mustChangePassword), changed: request.query.done === 'changed', ...errorsView([]) }),
  );
  app.post<{ Body: Body }>('/account/password', { config: { policy: 'signedIn' }, schema: { body: formBody('current', 'password', 'confirm') } }, async (request, reply) => {
    const b = request.body ?? {};
    try {
      await changeOwnPassword(contextFor(request), { current: str(b, 'current'), password: str(b, 'password'), confirm: str(b, 'confirm') }, request.session?.idHash ?? null);
    } catch (e) {
      if (!(e instanceof FormErrors)) throw e;
      reply.code(422);
      return reply.view('account-password.njk', { required: Boolean(request.user?.mustChangePassword), ...errorsView(e.errors) });
    }
    return reply.redirect('/account/password?done=changed', 303);
  });
}
