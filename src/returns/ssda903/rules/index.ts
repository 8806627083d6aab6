import type { Rule } from '../rule.ts';
import { ADOPTION_RULES } from './adoption.ts';
import { CHILD_RULES } from './child.ts';
import { EPISODE_RULES } from './episodes.ts';
import { FORMAT_RULES } from './formats.ts';
import { INTEGRITY_RULES } from './integrity.ts';
import { OUTCOME_RULES } from './outcomes.ts';
import { PREVIOUS_RULES } from './previous.ts';
import { SW_RULES } from './sw.ts';

const ALL: readonly Rule[] = [
  ...FORMAT_RULES, ...INTEGRITY_RULES, ...EPISODE_RULES, ...CHILD_RULES, ...OUTCOME_RULES, ...ADOPTION_RULES, ...PREVIOUS_RULES, ...SW_RULES,
];

/**
 * Rules written but not yet registered: their planted-error test does not yet
 * isolate them (the plant also trips a related rule, or the logic still
 * disagrees with the DfE's). They are not run and not counted as implemented.
 */
export const PENDING: ReadonlySet<string> = new Set(['101','1011','103','115','116','118','120','134','141','142','143','144','145','146','147','151','168','176','178','184','187','210','215','301','302','351','353','355','356','372','373','380','381','382','385','386','407','433','437','442','445','446','451','501','502','511','521','542','551','552','553','555','556','560','579','582','583','586','602','621','INT01','INT02','INT05','SW04STG1','SW05STG1','SW06STG2','SW10STG2','SW11STG2','SW13STG1']);

/** Every implemented (registered, plant-tested) SSDA903 rule. */
export const RULES: readonly Rule[] = ALL.filter((r) => !PENDING.has(r.code));
