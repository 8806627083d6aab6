/**
 * Who sees which performance figures (pure, no I/O). Dashboards are aggregate
 * views; the drill-down lists the children behind a figure and is for case
 * roles only.
 *
 * | role                          | councils        | breakdown            | children behind a figure          | small counts |
 * |-------------------------------|-----------------|----------------------|-----------------------------------|--------------|
 * | head of service / director    | their scope     | council, team, worker| named (audited)                    | shown        |
 * | performance officer           | their scope     | council, team, worker| pseudonymised (audited)            | shown        |
 * | team manager                  | their council   | their team, workers  | named, their team's children only  | shown        |
 * | board member, partnership chair | their scope   | council, team        | none                               | 1–4 suppressed |
 * | council commissioner          | own council     | council, team        | none                               | 1–4 suppressed |
 * | anyone else                   | no access       |                      |                                    |              |
 */
import { aggregateScope, AGGREGATE_ONLY_ROLES, type PolicyUser, type Role } from '../policy.ts';

export interface PerformanceScope {
  /** The role the access rests on (recorded in the audit trail). */
  role: Role;
  /** Councils whose figures are shown; null = every council. */
  laCodes: string[] | null;
  /** Teams whose breakdown rows are shown; null = every team. */
  teamIds: number[] | null;
  /** Whether worker rows (staff names) are shown. */
  workers: boolean;
  /** The drill-down to children. */
  drill: 'named' | 'pseudonymised' | 'none';
  /** Aggregate-only audience: counts 1–4 suppressed, no identifiers. */
  suppress: boolean;
}

function councils(user: PolicyUser, role: Role): string[] | null {
  const grants = user.roles.filter((g) => g.role === role);
  if (grants.some((g) => g.laCode === null)) return null;
  return [...new Set(grants.map((g) => g.laCode as string))].sort();
}

/** The user's view of the performance pages, or null when they have none. The most open role the user holds wins. */
export function performanceScope(user: PolicyUser): PerformanceScope | null {
  const has = (r: Role) => user.roles.some((g) => g.role === r);
  if (has('head_of_service')) return { role: 'head_of_service', laCodes: councils(user, 'head_of_service'), teamIds: null, workers: true, drill: 'named', suppress: false };
  if (has('performance_officer')) return { role: 'performance_officer', laCodes: councils(user, 'performance_officer'), teamIds: null, workers: true, drill: 'pseudonymised', suppress: false };
  if (has('team_manager')) {
    const grant = user.roles.find((g) => g.role === 'team_manager')!;
    const team = grant.teamId ?? user.staffTeamId;
    if (team === null) return null;
    return { role: 'team_manager', laCodes: grant.laCode === null ? null : [grant.laCode], teamIds: [team], workers: true, drill: 'named', suppress: false };
  }
  const aggregateRole = AGGREGATE_ONLY_ROLES.find((r) => has(r));
  if (aggregateRole) {
    const scope = aggregateScope(user);
    if (scope !== 'all' && scope.length === 0) return null;
    return { role: aggregateRole, laCodes: scope === 'all' ? null : scope, teamIds: null, workers: false, drill: 'none', suppress: true };
  }
  return null;
}

export function canViewPerformance(user: PolicyUser): boolean {
  return performanceScope(user) !== null;
}
