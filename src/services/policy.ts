/**
 * Who may see what: pure authorisation rules, with no I/O, so that every rule
 * can be unit-tested on plain data. Every service call that touches a child's
 * data asks these functions first (src/services/children.ts); the web layer
 * only adds a coarse route-level check on top (src/web/plugins/route-policy.ts).
 *
 * Access to a child depends on the user's roles (each optionally scoped to a
 * council or a team) and on the user's relationship to the child (allocated
 * worker, team, reviewing officer, named on a restricted record).
 */

export const ROLES = [
  'practitioner',
  'team_manager',
  'head_of_service',
  'front_door',
  'iro',
  'qa_officer',
  'performance_officer',
  'board_member',
  'council_commissioner',
  'partnership_chair',
  'sysadmin',
  'data_protection',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that see aggregate figures only: never a child identifier, name, date of birth or free text. */
export const AGGREGATE_ONLY_ROLES: readonly Role[] = ['board_member', 'council_commissioner', 'partnership_chair'];
/** Roles with no access to case content at all (administration only). */
const NON_CASE_ROLES: readonly Role[] = [...AGGREGATE_ONLY_ROLES, 'sysadmin'];

export interface RoleGrant {
  role: Role;
  /** The council the role is limited to; null = every council the company serves. */
  laCode: string | null;
  /** The team the role is attached to (practitioners, team managers). */
  teamId: number | null;
}

export interface PolicyUser {
  id: number;
  staffId: number | null;
  /** The team of the user's staff record (used when a role carries no team of its own). */
  staffTeamId: number | null;
  roles: RoleGrant[];
}

/** What the policy needs to know about a child (loaded in one query by src/services/access.ts). */
export interface ChildFacts {
  id: number;
  laCode: string;
  restricted: boolean;
  /** Users named on a restricted record. */
  grantUserIds: number[];
  /** The currently allocated worker (staff id) and team, if any. */
  allocatedStaffId: number | null;
  allocatedTeamId: number | null;
  /** Staff who chair this child's reviews or conferences (IROs, CP chairs). */
  reviewerStaffIds: number[];
  /** The child has front-door work open (an undecided contact, or allocation to a front-door team). */
  inFrontDoor: boolean;
}

/**
 * The level of access to one child's record.
 *  - none: nothing, not even that the record exists
 *  - pseudonymised: the record without name, exact date of birth or other direct identifiers
 *  - read: the full record, read-only
 *  - edit: the full record, and may add to it
 */
export type AccessLevel = 'none' | 'pseudonymised' | 'read' | 'edit';
const RANK: Record<AccessLevel, number> = { none: 0, pseudonymised: 1, read: 2, edit: 3 };

export interface AccessDecision {
  level: AccessLevel;
  /** The role on which the decision rests (recorded in the audit trail); null when refused. */
  role: Role | null;
  reason: string;
}

function inScope(grant: RoleGrant, laCode: string): boolean {
  return grant.laCode === null || grant.laCode === laCode;
}

function teamOf(user: PolicyUser, grant: RoleGrant): number | null {
  return grant.teamId ?? user.staffTeamId;
}

export function hasRole(user: PolicyUser, role: Role): boolean {
  return user.roles.some((g) => g.role === role);
}

/** True when the user holds only aggregate-only roles (and perhaps sysadmin), so must never receive identifiers. */
export function isAggregateOnly(user: PolicyUser): boolean {
  return user.roles.length > 0 && user.roles.every((g) => NON_CASE_ROLES.includes(g.role)) && user.roles.some((g) => AGGREGATE_ONLY_ROLES.includes(g.role));
}

/** True when the user holds at least one role that can ever see case content. */
export function hasCaseRole(user: PolicyUser): boolean {
  return user.roles.some((g) => !NON_CASE_ROLES.includes(g.role));
}

/** What one role grant gives on one (unrestricted) child. */
function levelForGrant(user: PolicyUser, grant: RoleGrant, child: ChildFacts): { level: AccessLevel; reason: string } {
  if (!inScope(grant, child.laCode)) return { level: 'none', reason: 'other council' };
  switch (grant.role) {
    case 'practitioner': {
      if (user.staffId !== null && child.allocatedStaffId === user.staffId) return { level: 'edit', reason: 'allocated worker' };
      const team = teamOf(user, grant);
      if (team !== null && child.allocatedTeamId === team) return { level: 'read', reason: "team's child" };
      return { level: 'none', reason: 'not allocated' };
    }
    case 'team_manager': {
      const team = teamOf(user, grant);
      if (team !== null && child.allocatedTeamId === team) return { level: 'edit', reason: "manager of the child's team" };
      return { level: 'none', reason: 'not their team' };
    }
    case 'head_of_service':
      return { level: 'read', reason: 'whole service' };
    case 'front_door':
      return child.inFrontDoor ? { level: 'edit', reason: 'front-door work' } : { level: 'none', reason: 'not in front-door work' };
    case 'iro':
      return user.staffId !== null && child.reviewerStaffIds.includes(user.staffId)
        ? { level: 'read', reason: 'reviewing officer' }
        : { level: 'none', reason: 'not their review' };
    case 'performance_officer':
      return { level: 'pseudonymised', reason: 'performance (pseudonymised)' };
    case 'data_protection':
      return { level: 'read', reason: 'data protection' };
    case 'qa_officer':
      // Case audits are not yet recorded; QA officers get access through them when they are.
      return { level: 'none', reason: 'no case audit' };
    case 'board_member':
    case 'council_commissioner':
    case 'partnership_chair':
      return { level: 'none', reason: 'aggregates only' };
    case 'sysadmin':
      return { level: 'none', reason: 'administration only' };
  }
}

/** The user's access to one child: the best any of their roles gives, subject to the restricted-record rule. */
export function childAccess(user: PolicyUser, child: ChildFacts): AccessDecision {
  if (child.restricted && !child.grantUserIds.includes(user.id)) {
    return { level: 'none', role: null, reason: 'restricted record; user not named on it' };
  }
  let best: AccessDecision = { level: 'none', role: null, reason: 'no role gives access' };
  for (const grant of user.roles) {
    const { level, reason } = levelForGrant(user, grant, child);
    if (RANK[level] > RANK[best.level]) best = { level, role: grant.role, reason };
  }
  if (child.restricted && best.level !== 'edit') {
    // Being named on a restricted record is itself a need to know, for anyone with a case role in the child's council.
    const grant = user.roles.find((g) => !NON_CASE_ROLES.includes(g.role) && inScope(g, child.laCode));
    if (grant && RANK[best.level] < RANK.read) best = { level: 'read', role: grant.role, reason: 'named on restricted record' };
  }
  return best;
}

export function canViewChild(user: PolicyUser, child: ChildFacts): boolean {
  const { level } = childAccess(user, child);
  return level === 'read' || level === 'edit';
}

export function canViewChildPseudonymised(user: PolicyUser, child: ChildFacts): boolean {
  return childAccess(user, child).level !== 'none';
}

export function canEditChild(user: PolicyUser, child: ChildFacts): boolean {
  return childAccess(user, child).level === 'edit';
}

/** "Who has viewed this record": team managers (their team), heads of service and data protection (their councils). */
export function canViewAudit(user: PolicyUser, child: ChildFacts): AccessDecision {
  if (child.restricted && !child.grantUserIds.includes(user.id)) return { level: 'none', role: null, reason: 'restricted record; user not named on it' };
  for (const grant of user.roles) {
    if (!inScope(grant, child.laCode)) continue;
    if (grant.role === 'head_of_service' || grant.role === 'data_protection') return { level: 'read', role: grant.role, reason: 'audit oversight' };
    if (grant.role === 'team_manager' && teamOf(user, grant) !== null && teamOf(user, grant) === child.allocatedTeamId) {
      return { level: 'read', role: grant.role, reason: "manager of the child's team" };
    }
  }
  return { level: 'none', role: null, reason: 'no audit oversight role for this child' };
}

/** Subject access request export of one child's whole record: data protection role only. */
export function canExportChild(user: PolicyUser, child: ChildFacts): AccessDecision {
  if (child.restricted && !child.grantUserIds.includes(user.id)) return { level: 'none', role: null, reason: 'restricted record; user not named on it' };
  const grant = user.roles.find((g) => g.role === 'data_protection' && inScope(g, child.laCode));
  return grant ? { level: 'read', role: 'data_protection', reason: 'subject access request' } : { level: 'none', role: null, reason: 'not data protection' };
}

/** Roles that may see the aggregate view, and which councils' figures they see. */
const AGGREGATE_VIEWERS: readonly Role[] = [...AGGREGATE_ONLY_ROLES, 'head_of_service', 'performance_officer'];

/**
 * The councils whose aggregate figures the user may see: 'all', a list of LA
 * codes, or an empty list (no aggregate access). A council commissioner only
 * ever sees their own council; a commissioner role without a council sees nothing.
 */
export function aggregateScope(user: PolicyUser): 'all' | string[] {
  const codes = new Set<string>();
  for (const grant of user.roles) {
    if (!AGGREGATE_VIEWERS.includes(grant.role)) continue;
    if (grant.role === 'council_commissioner') {
      if (grant.laCode) codes.add(grant.laCode);
      continue;
    }
    if (grant.laCode === null) return 'all';
    codes.add(grant.laCode);
  }
  return [...codes].sort();
}

export function canViewAggregates(user: PolicyUser): boolean {
  const scope = aggregateScope(user);
  return scope === 'all' || scope.length > 0;
}

/** Administration of users and teams. */
export function canAdminister(user: PolicyUser): boolean {
  return hasRole(user, 'sysadmin');
}

export const SMALL_COUNT_THRESHOLD = 5;

/** A count as shown to an aggregate-only audience: 1–4 are suppressed (0 is safe to show). */
export type ShownCount = { value: number; suppressed: false } | { value: null; suppressed: true };

export function suppressSmallCounts(n: number): ShownCount {
  if (n > 0 && n < SMALL_COUNT_THRESHOLD) return { value: null, suppressed: true };
  return { value: n, suppressed: false };
}

/** Text for a count after suppression. */
export function formatCount(c: ShownCount): string {
  return c.suppressed ? 'fewer than 5' : String(c.value);
}
