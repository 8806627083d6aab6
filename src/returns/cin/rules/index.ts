/** Every CIN census rule for collection year 2026 (2025-26), in code order. */
import { childRules } from './child.ts';
import { cinRules } from './cin.ts';
import { assessmentRules, cppRules, planRules, s47Rules } from './modules.ts';
import type { CinRule } from './types.ts';

export const cinRules2026: CinRule[] = [...childRules, ...cinRules, ...assessmentRules, ...planRules, ...s47Rules, ...cppRules]
  .sort((a, b) => parseInt(a.code, 10) - parseInt(b.code, 10) || a.code.localeCompare(b.code));

export type { CinRule } from './types.ts';
