/**
 * The home page, by role: what the user can do and, for aggregate-only roles,
 * what they will (not) see.
 */
import type { FastifyInstance } from 'fastify';
import { canAdminister, canViewAggregates, hasCaseRole, isAggregateOnly, type Role } from '../../services/policy.ts';
import { canCheckReturns } from '../../services/returns-check.ts';

export const ROLE_LABELS: Record<Role, string> = {
  practitioner: 'Social worker / practitioner',
  team_manager: 'Team manager',
  head_of_service: 'Head of service',
  front_door: 'Front door / MASH worker',
  iro: 'Independent reviewing officer / CP chair',
  qa_officer: 'Quality assurance officer',
  performance_officer: 'Performance officer',
  board_member: 'Board member',
  council_commissioner: 'Council commissioner',
  partnership_chair: 'Safeguarding partnership chair',
  sysadmin: 'System administrator',
  data_protection: 'Data protection officer',
};

export function registerHomeRoutes(app: FastifyInstance): void {
  app.get('/', { config: { policy: 'signedIn' } }, async (request, reply) => {
    const user = request.user!;
    const links: { href: string; text: string }[] = [];
    if (hasCaseRole(user) && user.staffId !== null) links.push({ href: '/my-work', text: 'My work: your children and what is due' });
    if (hasCaseRole(user)) links.push({ href: '/search', text: 'Find a child' });
    if (user.roles.some((r) => r.role === 'team_manager')) links.push({ href: '/team', text: 'My team: caseloads, allocation and sign-off' });
    if (canViewAggregates(user)) links.push({ href: '/aggregates', text: 'Service figures by council' });
    if (canCheckReturns(user)) links.push({ href: '/returns/validate', text: 'Check a statutory return (SSDA903, CIN census)' });
    return reply.view('home.njk', {
      roles: user.roles.map((r) => ({ label: ROLE_LABELS[r.role], scope: r.laCode ? `council ${r.laCode}` : null })),
      aggregateOnly: isAggregateOnly(user),
      caseRole: hasCaseRole(user),
      admin: canAdminister(user),
      links,
    });
  });
}
