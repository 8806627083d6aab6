/** OC2 (looked after 12 months) and OC3 (care leavers) rules. */
import { age, rule, type Rule } from '../rule.ts';
import type { Row } from '../read.ts';
import { ageOf, lac12 } from './helpers.ts';

const OC2_ITEMS = ['CONVICTED', 'HEALTH_CHECK', 'IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT', 'SUBSTANCE_MISUSE', 'INTERVENTION_RECEIVED', 'INTERVENTION_OFFERED'];
const CORE = ['IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT', 'SUBSTANCE_MISUSE'];
const oc2 = (code: string, test: (r: Row, a: { start: number | null; end: number | null; lac: boolean }) => boolean, fields?: string[]) =>
  rule(code, ['OC2'], (ctx, emit) => {
    for (const r of ctx.rows('OC2')) {
      const a = { start: ageOf(ctx, r.child, ctx.start), end: ageOf(ctx, r.child, ctx.end), lac: lac12(ctx, r.child) };
      if (test(r, a)) emit('OC2', r, fields);
    }
  });
const filled = (r: Row, f: string) => r.v[f] !== '';
const oc3Filled = (r: Row) => r.v.IN_TOUCH !== '' || r.v.ACTIV !== '' || r.v.ACCOM !== '';

export const OUTCOME_RULES: Rule[] = [
  oc2('190', (r, a) => !a.lac && OC2_ITEMS.some((f) => filled(r, f))),
  oc2('185', (r, a) => !a.lac && filled(r, 'SDQ_SCORE')),
  oc2('198', (r, a) => !a.lac && filled(r, 'SDQ_REASON')),
  oc2('191', (r, a) => a.lac && CORE.some((f) => !filled(r, f))),
  oc2('543', (r, a) => a.lac && a.end !== null && a.end >= 10 && !filled(r, 'CONVICTED')),
  oc2('542', (r, a) => a.end !== null && a.end < 10 && filled(r, 'CONVICTED')),
  oc2('545', (r, a) => a.lac && a.end !== null && a.end < 5 && !filled(r, 'HEALTH_CHECK')),
  oc2('546', (r, a) => a.end !== null && a.end >= 5 && filled(r, 'HEALTH_CHECK')),
  oc2('192', (r) => r.v.SUBSTANCE_MISUSE === '1' && !filled(r, 'INTERVENTION_RECEIVED')),
  oc2('193', (r) => r.v.SUBSTANCE_MISUSE !== '1' && (filled(r, 'INTERVENTION_RECEIVED') || filled(r, 'INTERVENTION_OFFERED'))),
  oc2('158', (r) => r.v.INTERVENTION_RECEIVED === '1' && filled(r, 'INTERVENTION_OFFERED')),
  oc2('159', (r) => r.v.SUBSTANCE_MISUSE === '1' && r.v.INTERVENTION_RECEIVED === '0' && !filled(r, 'INTERVENTION_OFFERED')),
  oc2('188', (r, a) => a.end !== null && a.end < 4 && (filled(r, 'SDQ_SCORE') || filled(r, 'SDQ_REASON'))),
  oc2('189', (r, a) => a.start !== null && a.start >= 17 && (filled(r, 'SDQ_SCORE') || filled(r, 'SDQ_REASON'))),
  oc2('197a', (r) => filled(r, 'SDQ_SCORE') && filled(r, 'SDQ_REASON')),
  oc2('186', (r, a) => a.lac && a.start !== null && a.start >= 4 && a.end !== null && a.end < 17 && !filled(r, 'SDQ_SCORE') && !filled(r, 'SDQ_REASON')),
  oc2('197B', (r, a) => a.lac && (a.start === 4 || a.end === 17) && !filled(r, 'SDQ_SCORE') && !filled(r, 'SDQ_REASON')),
  oc2('157', (r, a) => r.v.SDQ_REASON === 'SDQ1' && a.start !== null && a.start >= 4 && a.end !== null && a.end <= 16),
  // OC3
  rule('153', ['OC3'], (ctx, emit) => {
    for (const r of ctx.rows('OC3')) { const n = ['IN_TOUCH', 'ACTIV', 'ACCOM'].filter((f) => r.v[f] === '').length; if (n > 0 && n < 3) emit('OC3', r); }
  }),
  rule('345', ['OC3'], (ctx, emit) => { for (const r of ctx.rows('OC3')) if (r.v.IN_TOUCH === 'YES' && (r.v.ACTIV === '0' || r.v.ACCOM === '0')) emit('OC3', r); }),
  rule('344', ['OC3'], (ctx, emit) => {
    for (const r of ctx.rows('OC3')) if ((r.v.IN_TOUCH === 'DIED' || r.v.IN_TOUCH === 'RHOM') && ((r.v.ACTIV !== '' && r.v.ACTIV !== '0') || (r.v.ACCOM !== '' && r.v.ACCOM !== '0'))) emit('OC3', r);
  }),
  rule('391', ['OC3'], (ctx, emit) => {
    for (const r of ctx.rows('OC3')) {
      const dob = r.d.DOB ?? ctx.dob(r.child);
      if (dob === null) continue;
      const s = age(dob, ctx.start), e = age(dob, ctx.end);
      if (e < 17 || s > 21) emit('OC3', r);
    }
  }),
  rule('3001', ['OC3', 'Header'], (ctx, emit) => {
    for (const r of ctx.rows('OC3')) if ((r.v.ACCOM === 'Z1' || r.v.ACCOM === 'Z2') && ageOf(ctx, r.child, ctx.end) === 17) emit('OC3', r);
  }),
  rule('134', ['OC3', 'AD1'], (ctx, emit) => { for (const r of ctx.rows('OC3')) if (ctx.of('AD1', r.child).length > 0) emit('OC3', r); }),
  rule('187', ['OC3', 'AD1', 'Episodes'], (ctx, emit) => {
    for (const t of ['AD1', 'OC3'] as const) for (const r of ctx.rows(t)) if (lac12(ctx, r.child)) emit(t, r);
  }),
  rule('215', ['OC3', 'OC2'], (ctx, emit) => {
    for (const r of ctx.rows('OC3')) if (oc3Filled(r) && ctx.of('OC2', r.child).some((o) => OC2_ITEMS.some((f) => filled(o, f)))) emit('OC3', r);
  }),
  rule('1000', ['OC3', 'Episodes'], (ctx, emit) => {
    for (const r of ctx.rows('OC3')) if (oc3Filled(r) && [...ctx.episodes(r.child), ...ctx.prevEpisodes(r.child)].some((e) => e.v.REC === 'E2')) emit('OC3', r);
  }),
  rule('1011', ['OC3', 'Episodes'], (ctx, emit) => {
    for (const r of ctx.rows('OC3')) if (oc3Filled(r) && ctx.episodes(r.child).at(-1)?.v.REC === 'E3') emit('OC3', r);
  }),
  rule('1012', ['Episodes'], (ctx, emit) => {
    for (const r of ctx.rows('OC3')) {
      if (ctx.episodes(r.child).length > 0) continue;
      for (const t of ['Reviews', 'Missing', 'OC2', 'AD1', 'PlacedAdoption', 'PrevPerm'] as const) for (const o of ctx.of(t, r.child)) emit(t, o);
    }
  }),
];
