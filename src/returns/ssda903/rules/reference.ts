/**
 * Rules that need reference data supplied with the files (see ../reference.ts):
 * the postcode look-up (for the DfE's derived PL_LA, PL_LOCATION, PL_DISTANCE),
 * the Ofsted provider list (URN checks) and the council's LA code; plus the
 * URN / postcode rules that need none (222, 398) and the LA_PERM code list (633).
 *
 * Logic follows the rule messages and the public data-to-insight
 * csc-validator-be-903 (lac_validator/rules/lac2022_23 and lac2024_25), with
 * these deliberate differences:
 * - 219, 221, 224, 227, 228, 229 skip a URN that is not in the provider list
 *   (1008 reports it once, instead of every URN rule firing on it);
 * - 229 skips a provider whose postcode is not in the look-up (its LA is unknown);
 * - 218 exempts respite (V3/V4, which 214 says carry no URN) explicitly; the DfE tool
 *   exempts any episode whose PL_LA is blank (its 'NAN' string starts with N).
 */
import type { Row } from '../read.ts';
import { rule, type Ctx, type Rule } from '../rule.ts';
import { RESPITE } from './helpers.ts';
import { uascLast, uascNow } from './more.ts';

const PC = { needs: ['postcodes'] } as const;
const PV = { needs: ['providers'] } as const;

const isUasc = (ctx: Ctx, child: string) => uascNow(ctx, child) === true || uascLast(ctx, child) === true;
/** URN given and not the DfE placeholder for "not Ofsted-registered". */
const hasUrn = (r: Row) => r.v.URN !== '' && r.v.URN !== 'XXXXXXX';
/** Places for which no URN is recorded (rule 218 exempts them, 222 forbids a URN); Z11–Z14 (from 2026) are Z1's successors. */
const NO_URN_PLACES = new Set(['P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1', 'Z11', 'Z12', 'Z13', 'Z14']);
const OUTSIDE_ENGLAND = new Set(['WAL', 'SCO', 'NIR']);
const FOSTER_OR_ADOPTION = new Set(['A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6']);

/** Each Episodes row (this year) with the DfE's derived fields. */
const eachEp = (code: string, bad: (ctx: Ctx, r: Row) => boolean, opts: Parameters<typeof rule>[3] = PC) =>
  rule(code, ['Episodes'], (ctx, emit) => { for (const r of ctx.rows('Episodes')) if (bad(ctx, r)) emit('Episodes', r); }, opts);

/** Each Episodes row with a URN found in the provider list. */
const eachProvided = (code: string, bad: (ctx: Ctx, r: Row, p: NonNullable<ReturnType<NonNullable<Ctx['ref']['providers']>['get']>>) => boolean, needs: readonly ('postcodes' | 'providers' | 'la')[] = ['providers']) =>
  rule(code, ['Episodes'], (ctx, emit) => {
    const providers = ctx.ref.providers!;
    for (const r of ctx.rows('Episodes')) {
      if (!hasUrn(r)) continue;
      const p = providers.get(r.v.URN!.toUpperCase());
      if (p && bad(ctx, r, p)) emit('Episodes', r);
    }
  }, { needs });

/** This year's first episode against last year's last (the DfE tool's 452/453: same RNE, last year's still open). */
const firstVsLast = (code: string, differs: (ctx: Ctx, cur: Row, last: Row) => boolean, byDecom: boolean, needs: readonly ('postcodes' | 'la')[] = ['postcodes']) =>
  rule(code, ['Episodes'], (ctx, emit) => {
    for (const child of ctx.cur.Episodes?.byChild.keys() ?? []) {
      const f = ctx.episodes(child)[0], l = ctx.prevEpisodes(child).at(-1);
      if (!f || !l || l.v.DEC !== '') continue;
      // 452/453 pair the episodes by RNE, 503G/H/J (like 503A–F) by the start date
      if (byDecom ? f.d.DECOM !== l.d.DECOM : f.v.RNE !== l.v.RNE) continue;
      if (differs(ctx, f, l)) emit('Episodes', f);
    }
  }, { previous: true, needs });

const distDiffers = (ctx: Ctx, f: Row, l: Row) => {
  const a = ctx.derived(f).PL_DISTANCE, b = ctx.derived(l).PL_DISTANCE;
  return a !== null && b !== null && Math.abs(a - b) >= 0.2;
};
const laDiffers = (ctx: Ctx, f: Row, l: Row) => ctx.derived(f).PL_LA !== ctx.derived(l).PL_LA;

/**
 * LA codes valid in LA_PERM: the English local authority codes plus WAL, SCO, NUK, NIR, as listed in
 * data-to-insight/csc-validator-be-903, lac_validator/rules/lac2022_23/rule_633.py (public repository, read through
 * the project's search tool; not typed from memory). 999 is in that list as given.
 */
const LA_PERM_CODES = new Set([
  ...('800,889,822,301,304,303,330,825,837,302,846,370,350,890,867,380,305,801,351,873,823,895,896,' +
    '381,909,202,908,331,306,841,830,831,878,371,835,332,840,307,308,811,881,845,390,916,203,876,' +
    '850,311,204,884,312,205,313,805,919,310,309,420,921,206,207,886,810,382,314,340,888,208,856,' +
    '383,855,209,925,341,201,821,352,806,887,826,315,929,812,391,926,892,813,802,928,891,392,316,' +
    '815,353,931,879,836,851,874,807,354,317,870,318,372,857,333,935,343,803,373,342,893,356,355,' +
    '871,394,334,933,882,936,861,852,319,860,808,393,866,210,357,894,883,880,358,211,937,869,320,' +
    '359,865,384,335,336,212,868,872,885,344,877,213,938,816,999').split(','),
  'WAL', 'SCO', 'NUK', 'NIR',
]);

export const REFERENCE_RULES: Rule[] = [
  // --- derived from the postcode look-up
  eachEp('164', (ctx, r) => {
    const d = ctx.derived(r).PL_DISTANCE;
    return d !== null && (d < 0 || d > 999.9) && !RESPITE.has(r.v.LS!) && !isUasc(ctx, r.child);
  }),
  eachEp('169', (ctx, r) => !RESPITE.has(r.v.LS!) && ctx.derived(r).PL_LA === null),
  eachEp('179', (ctx, r) => !RESPITE.has(r.v.LS!) && ctx.derived(r).PL_LOCATION === null),
  eachEp('392a', (ctx, r) => !RESPITE.has(r.v.LS!) && ctx.derived(r).PL_DISTANCE === null && !isUasc(ctx, r.child)),
  eachEp('406', (ctx, r) => ctx.derived(r).PL_DISTANCE !== null && isUasc(ctx, r.child)),
  eachEp('420', (ctx, r) => RESPITE.has(r.v.LS!) && ctx.derived(r).PL_LA !== null),
  eachEp('1015', (ctx, r) => r.v.PLACE_PROVIDER === 'PR1' && r.v.LS !== '' && r.v.PLACE !== '' && !RESPITE.has(r.v.LS!)
    && !FOSTER_OR_ADOPTION.has(r.v.PLACE!) && ctx.derived(r).PL_LA !== ctx.ref.la, { needs: ['postcodes', 'la'] }),
  firstVsLast('452', laDiffers, false),
  firstVsLast('453', distDiffers, false),
  firstVsLast('503G', (ctx, f, l) => distDiffers(ctx, f, l) || (ctx.derived(l).PL_DISTANCE === null && ctx.derived(f).PL_DISTANCE !== null), true),
  firstVsLast('503H', laDiffers, true),
  firstVsLast('503J', (ctx, f, l) => ctx.derived(f).PL_LOCATION !== ctx.derived(l).PL_LOCATION, true, ['postcodes', 'la']),
  // URN required: open or ending this year, a place that has one, in England (PL_LA from the postcode), not respite
  eachEp('218', (ctx, r) => r.v.URN === '' && (r.d.DEC === null || r.d.DEC >= ctx.start) && r.v.PLACE !== '' && !NO_URN_PLACES.has(r.v.PLACE!)
    && !RESPITE.has(r.v.LS!) && !OUTSIDE_ENGLAND.has(ctx.derived(r).PL_LA ?? '')),
  // --- need no reference data
  eachEp('222', (_ctx, r) => NO_URN_PLACES.has(r.v.PLACE!) && hasUrn(r), {}),
  eachEp('398', (_ctx, r) => RESPITE.has(r.v.LS!) && (r.v.HOME_POST !== '' || r.v.PL_POST !== ''), {}),
  rule('633', ['PrevPerm'], (ctx, emit) => {
    for (const r of ctx.rows('PrevPerm')) if (r.v.LA_PERM !== '' && !LA_PERM_CODES.has(r.v.LA_PERM!)) emit('PrevPerm', r);
  }),
  // --- the Ofsted provider list
  rule('1008', ['Episodes'], (ctx, emit) => {
    for (const r of ctx.rows('Episodes')) if (hasUrn(r) && !ctx.ref.providers!.has(r.v.URN!.toUpperCase())) emit('Episodes', r);
  }, PV),
  eachProvided('219', (_ctx, r, p) => !p.placeCodes.has(r.v.PLACE!)),
  eachProvided('221', (_ctx, r, p) => !RESPITE.has(r.v.LS!) && ['K1', 'K2', 'R3', 'S1'].includes(r.v.PLACE!) && r.v.PL_POST !== ''
    && p.postcode !== '' && r.v.PL_POST!.replace(/\s+/g, '') !== p.postcode),
  eachProvided('224', (_ctx, r, p) => !p.providerCodes.has(r.v.PLACE_PROVIDER!)),
  eachProvided('227', (_ctx, r, p) => p.regEnd !== null && r.d.DECOM !== null && r.d.DECOM >= p.regEnd),
  eachProvided('228', (ctx, r, p) => p.regEnd !== null && (r.d.DEC !== null ? r.d.DEC > p.regEnd : r.v.DEC === '' && ctx.end > p.regEnd)),
  eachProvided('229', (ctx, r, p) => {
    const la = ctx.ref.postcodes!.get(p.postcode)?.la ?? null;
    if (la === null) return false;
    return (r.v.PLACE_PROVIDER === 'PR1' && la !== ctx.ref.la) || (r.v.PLACE_PROVIDER === 'PR2' && la === ctx.ref.la);
  }, ['providers', 'postcodes', 'la']),
];
