/**
 * Transfers between teams: configurable rules. When a form is recorded for a
 * child allocated to a team of one of the `from` kinds, the child moves to the
 * council's team of the `to` kind (the first such team), and the transfer is
 * recorded in `team_transfer` with the rule's id. Pure data and one pure
 * function; the service applies it (src/services/transfers.ts).
 */
export interface TransferRule {
  id: string;
  description: string;
  /** The recording form that triggers it (src/services/recording.ts form ids). */
  onForm: string;
  from: readonly string[];
  to: string;
}

export const TRANSFER_RULES: readonly TransferRule[] = [
  { id: 'referral-to-assessment', description: 'A referral accepted at the front door moves to the assessment team.', onForm: 'referral', from: ['front_door'], to: 'assessment' },
  { id: 'cin-plan-to-long-term', description: 'A child in need plan starting moves the child to the long-term team.', onForm: 'cin-plan', from: ['front_door', 'assessment'], to: 'long_term' },
  { id: 'cp-plan-to-long-term', description: 'A child protection plan starting moves the child to the long-term team.', onForm: 'cp-plan', from: ['front_door', 'assessment'], to: 'long_term' },
  { id: 'care-to-children-in-care', description: 'Coming into care moves the child to the children in care team.', onForm: 'care-start', from: ['front_door', 'assessment', 'long_term'], to: 'children_in_care' },
];

/** The rule that applies when `formId` is recorded for a child in a team of kind `teamKind`, if any. */
export function transferRuleFor(formId: string, teamKind: string | null, rules: readonly TransferRule[] = TRANSFER_RULES): TransferRule | null {
  if (teamKind === null) return null;
  return rules.find((r) => r.onForm === formId && r.from.includes(teamKind)) ?? null;
}
