/**
 * The rules of administration (users, role grants, teams), as pure functions
 * with no I/O so that each can be unit-tested on plain data. The service
 * (src/services/admin.ts) loads what they need, asks them, and only then writes.
 *
 *  - Username, password and grant rules: what an account may look like.
 *  - Separation of duties: an administrator may not change their own roles,
 *    disable themselves or reset their own password (another administrator must),
 *    and the last enabled system administrator can be neither disabled nor
 *    stripped of the role, so the company can never lock itself out.
 *  - Team rules: same-council parents and no cycles; amber below red.
 */
import { isIsoDate } from '../domain/dates.ts';
import { ROLES, type Role } from './policy.ts';

export interface FieldError {
  field: string;
  message: string;
}

// ---- Usernames and passwords ----------------------------------------------

export const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{2,39}$/;
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

/** Lower-case letters, digits, dots, hyphens and underscores; starts with a letter; 3 to 40 characters. */
export function checkUsername(username: string): string | null {
  if (!username) return 'Enter a username';
  if (username.length < 3 || username.length > 40) return 'Username must be between 3 and 40 characters';
  if (!/^[a-z]/.test(username)) return 'Username must start with a lower-case letter';
  if (!USERNAME_PATTERN.test(username)) return 'Username can only contain lower-case letters, numbers, dots, hyphens and underscores';
  return null;
}

/**
 * Very common passwords (and patterns of them) that pass the length rule but
 * are among the first an attacker tries. Compared case-insensitively, with
 * spaces removed.
 */
export const COMMON_PASSWORDS: readonly string[] = [
  '123456789012', '1234567890123', 'password1234', 'password12345', 'passwordpassword', 'qwertyuiopas', 'qwerty123456',
  '1q2w3e4r5t6y', 'iloveyou1234', 'letmein12345', 'welcome12345', 'administrator', 'changeme1234', 'abcdefghijkl',
  'aaaaaaaaaaaa', '111111111111', '000000000000', 'football1234', 'baseball1234', 'sunshine1234', 'princess1234',
  'trustno1trustno1', 'correcthorsebatterystaple', 'passw0rd1234', 'p@ssw0rd1234', 'summer202020', 'winter202020',
  'hearthhearth', 'hearth123456', 'socialworker', 'socialcare123', 'childrenservices',
];

/** Why a password is not acceptable, or null when it is. */
export function checkPassword(password: string, username: string): string | null {
  if (!password) return 'Enter a password';
  if (password.length < PASSWORD_MIN_LENGTH) return `Password must be ${PASSWORD_MIN_LENGTH} characters or more`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`;
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'Password must not contain the username';
  const squashed = password.toLowerCase().replace(/\s+/g, '');
  if (COMMON_PASSWORDS.includes(squashed) || /^(.)\1+$/.test(squashed)) return 'Password is too common: choose a longer phrase of unrelated words';
  return null;
}

// ---- Role grants ------------------------------------------------------------

/** Roles attached to a team (the team they work in or manage). */
export const TEAM_SCOPED_ROLES: readonly Role[] = ['practitioner', 'team_manager', 'front_door'];
/** Roles that mean nothing without a council. */
export const COUNCIL_REQUIRED_ROLES: readonly Role[] = ['council_commissioner'];

export interface GrantInput {
  role: string;
  laCode: string | null;
  teamId: number | null;
}

export interface GrantCheckFacts {
  /** Council codes that exist. */
  councils: readonly string[];
  /** The chosen team's council, or undefined when there is no such team (or none chosen). */
  teamCouncil: string | undefined;
  /** The team of the user's linked staff record (team-scoped roles may use it instead of their own). */
  staffTeamId: number | null;
  /** Roles the user already holds (one grant per role). */
  heldRoles: readonly string[];
}

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

/** Field errors for a new role grant: the role exists and is not held, the council exists, a team fits the role and council. */
export function checkGrant(input: GrantInput, facts: GrantCheckFacts): FieldError[] {
  const errors: FieldError[] = [];
  if (!input.role) errors.push({ field: 'role', message: 'Select a role' });
  else if (!isRole(input.role)) errors.push({ field: 'role', message: 'Select a role from the list' });
  else if (facts.heldRoles.includes(input.role)) errors.push({ field: 'role', message: 'The user already has this role: remove it first to change its scope' });
  if (input.laCode !== null && !facts.councils.includes(input.laCode)) errors.push({ field: 'laCode', message: 'Select a council from the list' });
  const role = isRole(input.role) ? input.role : null;
  if (role && COUNCIL_REQUIRED_ROLES.includes(role) && input.laCode === null) errors.push({ field: 'laCode', message: 'Select the council this role is for' });
  if (input.teamId !== null) {
    if (facts.teamCouncil === undefined) errors.push({ field: 'teamId', message: 'Select a team from the list' });
    else if (role && !TEAM_SCOPED_ROLES.includes(role)) errors.push({ field: 'teamId', message: 'Only practitioner, team manager and front door roles have a team: leave the team blank' });
    else if (input.laCode === null) errors.push({ field: 'laCode', message: 'Select the council of the chosen team' });
    else if (facts.teamCouncil !== input.laCode) errors.push({ field: 'teamId', message: 'Select a team in the chosen council' });
  } else if (role && TEAM_SCOPED_ROLES.includes(role) && facts.staffTeamId === null) {
    errors.push({ field: 'teamId', message: 'Select a team: the user has no staff record with a team to take it from' });
  }
  return errors;
}

// ---- Separation of duties ---------------------------------------------------

export type AdminAction = 'change_roles' | 'change_details' | 'disable' | 'enable' | 'unlock' | 'reset_password';

/**
 * Actions an administrator may never take on their own account. Changing the
 * linked staff record counts: it changes which children a case role reaches.
 */
const NOT_ON_SELF: readonly AdminAction[] = ['change_roles', 'change_details', 'disable', 'reset_password'];

export interface DutyDecision {
  allowed: boolean;
  reason: string;
}

const ALLOWED: DutyDecision = { allowed: true, reason: 'allowed' };

/** Whether an administrator may take an action on an account: never the listed ones on their own. */
export function separationOfDuties(actorId: number, targetId: number, action: AdminAction): DutyDecision {
  if (actorId === targetId && NOT_ON_SELF.includes(action)) {
    const what = action === 'change_roles' ? 'change your own roles' : action === 'change_details' ? 'change your own name or staff record' : action === 'disable' ? 'disable your own account' : 'reset your own password';
    return { allowed: false, reason: `You cannot ${what} here: another administrator must do it` };
  }
  return ALLOWED;
}

/**
 * Whether the change would leave no enabled system administrator: disabling,
 * or removing the sysadmin role from, the only enabled account that holds it.
 */
export function lastSysadminGuard(enabledSysadminIds: readonly number[], targetId: number, change: { kind: 'disable' } | { kind: 'remove_role'; role: string }): DutyDecision {
  const affectsSysadmin = change.kind === 'disable' || change.role === 'sysadmin';
  if (!affectsSysadmin || !enabledSysadminIds.includes(targetId)) return ALLOWED;
  if (enabledSysadminIds.length <= 1) {
    return { allowed: false, reason: 'This is the only enabled system administrator: give another account the role first' };
  }
  return ALLOWED;
}

// ---- Teams --------------------------------------------------------------------

export const TEAM_KINDS = [
  'service', 'front_door', 'assessment', 'long_term', 'children_in_care', 'leaving_care', 'disabled_children',
  'early_help', 'iro', 'quality_assurance', 'performance', 'administration',
] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];

export interface TeamNode {
  id: number;
  laCode: string;
  parentId: number | null;
}

/** Why `parentId` cannot be the parent of team `teamId` (null for a new team), or null when it can. */
export function checkTeamParent(teamId: number | null, laCode: string, parentId: number | null, teams: readonly TeamNode[]): string | null {
  if (parentId === null) return null;
  const byId = new Map(teams.map((t) => [t.id, t]));
  const parent = byId.get(parentId);
  if (!parent) return 'Select a parent team from the list';
  if (parent.laCode !== laCode) return 'The parent team must be in the same council';
  if (teamId === null) return null;
  // Walk up from the proposed parent: reaching the team itself would make a cycle.
  const seen = new Set<number>();
  for (let at: TeamNode | undefined = parent; at; at = at.parentId === null ? undefined : byId.get(at.parentId)) {
    if (at.id === teamId) return at.id === parentId ? 'A team cannot be its own parent' : 'That parent is inside this team: a team cannot sit below itself';
    if (seen.has(at.id)) break; // an existing cycle in the data; refuse nothing more here
    seen.add(at.id);
  }
  return null;
}

const WHOLE = /^[0-9]{1,4}$/;

/** Caseload thresholds: both blank (the defaults apply) or both whole numbers, positive, amber below red. */
export function checkThresholds(amberRaw: string, redRaw: string): { amber: number | null; red: number | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (!amberRaw && !redRaw) return { amber: null, red: null, errors };
  const amber = WHOLE.test(amberRaw) ? Number(amberRaw) : null;
  const red = WHOLE.test(redRaw) ? Number(redRaw) : null;
  if (!amberRaw) errors.push({ field: 'amber', message: 'Enter the amber threshold, or leave both thresholds blank to use the defaults' });
  else if (amber === null || amber < 1) errors.push({ field: 'amber', message: 'Amber threshold must be a whole number, 1 or more' });
  if (!redRaw) errors.push({ field: 'red', message: 'Enter the red threshold, or leave both thresholds blank to use the defaults' });
  else if (red === null || red < 1) errors.push({ field: 'red', message: 'Red threshold must be a whole number, 1 or more' });
  if (!errors.length && amber! >= red!) errors.push({ field: 'red', message: 'Red threshold must be higher than the amber threshold' });
  return { amber, red, errors };
}

export function checkTeamName(name: string): string | null {
  if (!name) return 'Enter the team name';
  if (name.length > 100) return 'Team name must be 100 characters or fewer';
  return null;
}

/** Funded social-worker FTE: 0 to 9999.99, at most two decimal places. */
export function checkEstablishment(fteRaw: string, effectiveFrom: string): { fte: number | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  let fte: number | null = null;
  if (!fteRaw) errors.push({ field: 'fte', message: 'Enter the funded social-worker FTE' });
  else if (!/^[0-9]{1,4}(\.[0-9]{1,2})?$/.test(fteRaw)) errors.push({ field: 'fte', message: 'FTE must be a number from 0 to 9999.99, like 12.5' });
  else fte = Number(fteRaw);
  if (!effectiveFrom) errors.push({ field: 'effectiveFrom', message: 'Enter the date the establishment applies from' });
  else if (!isIsoDate(effectiveFrom)) errors.push({ field: 'effectiveFrom', message: 'Date the establishment applies from must be a real date' });
  return { fte, errors };
}
