import type { Rule } from '../rule.ts';
import { FORMAT_RULES } from './formats.ts';
import { INTEGRITY_RULES } from './integrity.ts';

/** Every implemented SSDA903 rule. */
export const RULES: readonly Rule[] = [...FORMAT_RULES, ...INTEGRITY_RULES];
