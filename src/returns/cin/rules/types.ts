/** The shape of a CIN census validation rule and what it sees. */
import type { CinChild, CinFile, Position } from '../model.ts';

export type CinSection =
  | 'Header' | 'ChildIdentifiers' | 'ChildCharacteristics' | 'CINdetails' | 'Assessments'
  | 'CINPlanDates' | 'Section47' | 'ChildProtectionPlans' | 'Reviews';

export interface RuleContext {
  file: CinFile;
  /** Census year: 1 April … 31 March (ISO dates). */
  start: string;
  end: string;
  collectionYear: number;
  /** Records a failure at an element of a child (or of the return as a whole when child is null). */
  report(child: CinChild | null, at: Position | null, fields?: string[]): void;
}

export interface CinRule {
  /** DfE rule code, e.g. '8500' or '2886Q'. */
  code: string;
  type: 'error' | 'query';
  message: string;
  section: CinSection;
  fields: string[];
  check(ctx: RuleContext): void;
}

export function rule(code: string, section: CinSection, fields: string[], message: string, check: (ctx: RuleContext) => void): CinRule {
  return { code, type: code.endsWith('Q') ? 'query' : 'error', message, section, fields, check };
}
