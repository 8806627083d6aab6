/** AD1 and PlacedAdoption rules. */
import type { Row } from '../read.ts';
import { rule, type Ctx, type Rule } from '../rule.ts';
import { ADOPTED, ADOPTION_PLACES, ceasedInYear } from './helpers.ts';

const AD1_FIELDS = ['DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'];
const ad1 = (code: string, test: (r: Row, ctx: Ctx) => boolean) => rule(code, ['AD1'], (ctx, emit) => { for (const r of ctx.rows('AD1')) if (test(r, ctx)) emit('AD1', r); });
const pa = (code: string, test: (r: Row, ctx: Ctx) => boolean) => rule(code, ['PlacedAdoption'], (ctx, emit) => { for (const r of ctx.rows('PlacedAdoption')) if (test(r, ctx)) emit('PlacedAdoption', r); });
const COUPLE = new Set(['MM', 'FF', 'MF']);
const firstWith = (ctx: Ctx, child: string, pred: (e: Row) => boolean) => ctx.episodes(child).find(pred);
const adoptionPlacement = (ctx: Ctx, child: string) => firstWith(ctx, child, (e) => ADOPTION_PLACES.has(e.v.PLACE!));
const lastAdoptionPlacement = (ctx: Ctx, child: string) => [...ctx.episodes(child)].reverse().find((e) => ADOPTION_PLACES.has(e.v.PLACE!));
const lt = (a: number | null | undefined, b: number | null | undefined) => a != null && b != null && a < b;

export const ADOPTION_RULES: Rule[] = [
  ad1('151', (r) => { const n = AD1_FIELDS.filter((f) => r.v[f] === '').length; return n > 0 && n < AD1_FIELDS.length; }),
  ad1('333', (r) => lt(r.d.DATE_MATCH, r.d.DATE_INT)),
  ad1('511', (r) => r.v.NB_ADOPTR === '2' && r.v.SEX_ADOPTR !== '' && !COUPLE.has(r.v.SEX_ADOPTR!)),
  ad1('514', (r) => r.v.LS_ADOPTR === 'L0' && COUPLE.has(r.v.SEX_ADOPTR!)),
  ad1('517', (r) => r.v.LS_ADOPTR === 'L3' && r.v.SEX_ADOPTR !== 'MF'),
  ad1('518', (r) => r.v.LS_ADOPTR === 'L4' && r.v.SEX_ADOPTR !== 'MM' && r.v.SEX_ADOPTR !== 'FF'),
  ad1('524', (r) => r.v.LS_ADOPTR === 'L12' && r.v.SEX_ADOPTR !== 'MM' && r.v.SEX_ADOPTR !== 'FF'),
  ad1('520', (r) => r.v.LS_ADOPTR === 'L11' && (r.v.SEX_ADOPTR === 'MM' || r.v.SEX_ADOPTR === 'FF')),
  ad1('519', (r) => r.v.LS_ADOPTR === 'L2' && (r.v.SEX_ADOPTR === 'M1' || r.v.SEX_ADOPTR === 'F1')),
  ad1('602', (r, ctx) => ctx.has('Episodes') && !ctx.episodes(r.child).some((e) => ADOPTED.has(e.v.REC!))),
  rule('601', ['Episodes', 'AD1'], (ctx, emit) => {
    for (const e of ctx.rows('Episodes')) {
      if (!ADOPTED.has(e.v.REC!) || e.d.DEC === null || e.d.DEC < ctx.start) continue;
      const a = ctx.of('AD1', e.child);
      if (a.length === 0 || a.some((r) => AD1_FIELDS.some((f) => r.v[f] === ''))) emit('Episodes', e);
    }
  }),
  ad1('582', (r, ctx) => ctx.episodes(r.child).some((e) => ADOPTED.has(e.v.REC!) && e.d.DEC !== null && e.d.DEC === r.d.DATE_MATCH)),
  ad1('331', (r, ctx) => lt(adoptionPlacement(ctx, r.child)?.d.DECOM, r.d.DATE_MATCH)),
  ad1('521', (r, ctx) => lt(adoptionPlacement(ctx, r.child)?.d.DECOM, r.d.DATE_INT)),
  ad1('334', (r, ctx) => {
    const s = [...ctx.prevEpisodes(r.child), ...ctx.episodes(r.child)].filter((e) => e.v.RNE === 'S' && e.d.DECOM !== null);
    const latest = s.reduce<number | null>((m, e) => (m === null || e.d.DECOM! > m ? e.d.DECOM : m), null);
    return lt(r.d.DATE_INT, latest);
  }),
  ad1('335', (r, ctx) => {
    const p = lastAdoptionPlacement(ctx, r.child)?.v.PLACE;
    if (!p) return false;
    return (r.v.FOSTER_CARE === '0' && (p === 'A3' || p === 'A5')) || (r.v.FOSTER_CARE === '1' && (p === 'A4' || p === 'A6'));
  }),
  ad1('523', (r, ctx) => ctx.of('PlacedAdoption', r.child).length > 0 && r.d.DATE_INT !== null && !ctx.of('PlacedAdoption', r.child).some((p) => p.d.DATE_PLACED === r.d.DATE_INT)),
  ad1('525', (r, ctx) => ctx.of('PlacedAdoption', r.child).some((p) => p.v.DATE_PLACED_CEASED !== '')),
  // PlacedAdoption
  pa('119', (r) => (r.v.DATE_PLACED_CEASED === '') !== (r.v.REASON_PLACED_CEASED === '')),
  pa('522', (r) => lt(r.d.DATE_PLACED_CEASED, r.d.DATE_PLACED)),
  pa('563', (r) => r.v.DATE_PLACED === '' && (r.v.DATE_PLACED_CEASED !== '' || r.v.REASON_PLACED_CEASED !== '')),
  pa('184', (r, ctx) => lt(r.d.DATE_PLACED, ctx.dob(r.child))),
  pa('117', (r, ctx) => {
    const c = ceasedInYear(ctx, r.child);
    return [r.d.DATE_PLACED, r.d.DATE_PLACED_CEASED].some((x) => x != null && (x > ctx.end || (c !== undefined && x > c.d.DEC!)));
  }),
  pa('118', (r, ctx) => lt(r.d.DATE_PLACED_CEASED, ctx.start)),
  pa('552', (r, ctx) => lt(adoptionPlacement(ctx, r.child)?.d.DECOM, r.d.DATE_PLACED)),
  pa('554', (r, ctx) => lt(firstWith(ctx, r.child, (e) => e.v.LS === 'E1')?.d.DECOM, r.d.DATE_PLACED)),
  pa('556', (r, ctx) => lt(firstWith(ctx, r.child, (e) => e.v.LS === 'D1')?.d.DECOM, r.d.DATE_PLACED)),
  pa('557', (r, ctx) => { const c = ceasedInYear(ctx, r.child); return !!c && !ADOPTED.has(c.v.REC!) && r.v.DATE_PLACED_CEASED === ''; }),
  rule('551', ['Episodes', 'PlacedAdoption'], (ctx, emit) => {
    for (const e of ctx.rows('Episodes')) if (ADOPTION_PLACES.has(e.v.PLACE!) && !ctx.of('PlacedAdoption', e.child).some((p) => p.v.DATE_PLACED !== '')) emit('Episodes', e);
  }),
  ...([['553', 'E1'], ['555', 'D1']] as const).map(([code, ls]) => rule(code, ['Episodes', 'PlacedAdoption'], (ctx, emit) => {
    for (const e of ctx.rows('Episodes')) if (e.v.LS === ls && !ctx.of('PlacedAdoption', e.child).some((p) => p.v.DATE_PLACED !== '')) emit('Episodes', e);
  })),
  // 583: every decision but the latest must have been revoked; the unrevoked earlier decision is reported
  rule('583', ['PlacedAdoption'], (ctx, emit) => {
    for (const [, rows] of ctx.cur.PlacedAdoption?.byChild ?? []) {
      const s = rows.filter((r) => r.d.DATE_PLACED !== null).sort((a, b) => a.d.DATE_PLACED! - b.d.DATE_PLACED!);
      for (let i = 0; i < s.length - 1; i++) if (s[i]!.v.DATE_PLACED_CEASED === '') emit('PlacedAdoption', s[i]!);
    }
  }),
  // 579: a decision may not start while the previous one is still open, nor before the previous one ceased (the later decision is reported)
  rule('579', ['PlacedAdoption'], (ctx, emit) => {
    for (const [, rows] of ctx.cur.PlacedAdoption?.byChild ?? []) {
      const s = rows.filter((r) => r.d.DATE_PLACED !== null).sort((a, b) => a.d.DATE_PLACED! - b.d.DATE_PLACED!);
      for (let i = 1; i < s.length; i++) {
        const p = s[i - 1]!;
        if (p.v.DATE_PLACED_CEASED === '' || (p.d.DATE_PLACED_CEASED !== null && s[i]!.d.DATE_PLACED! < p.d.DATE_PLACED_CEASED)) emit('PlacedAdoption', s[i]!);
      }
    }
  }),
];
