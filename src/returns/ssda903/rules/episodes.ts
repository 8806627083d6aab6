/** Episode rules: dates, sequences, legal status, placements, providers, reasons. */
import { isoDay, type Row } from '../read.ts';
import { rule, type Ctx, type Emit, type Rule } from '../rule.ts';
import { ADOPTED, ADOPTION_PLACES, FOSTER_PLACES, POSTCODE_RE, RESPITE, T_PLACES, ageOf } from './helpers.ts';

/** Calls fn(prev, ep, next) for each child's sorted episodes. */
function eachEpisode(ctx: Ctx, fn: (ep: Row, prev: Row | undefined, next: Row | undefined, eps: readonly Row[]) => void): void {
  for (const child of ctx.cur.Episodes?.byChild.keys() ?? []) {
    const eps = ctx.episodes(child);
    for (let i = 0; i < eps.length; i++) fn(eps[i]!, eps[i - 1], eps[i + 1], eps);
  }
}
const epRule = (code: string, test: (ep: Row, ctx: Ctx) => boolean, fields?: string[]) =>
  rule(code, ['Episodes'], (ctx, emit) => { for (const r of ctx.rows('Episodes')) if (test(r, ctx)) emit('Episodes', r, fields); });
const ageAt = (ctx: Ctx, r: Row, col: 'DECOM' | 'DEC') => ageOf(ctx, r.child, r.d[col] ?? null);
/** Duration in days, open episodes measured to the end of the year. */
const dur = (ctx: Ctx, r: Row) => (r.d.DECOM === null ? 0 : (r.d.DEC ?? ctx.end) - r.d.DECOM);
const providerNot = (code: string, pr: string, places: string[]) => {
  const s = new Set(places);
  return epRule(code, (r) => r.v.PLACE_PROVIDER === pr && s.has(r.v.PLACE!));
};
const D_1991 = isoDay('1991-10-14');
const D_2005 = isoDay('2005-12-30');

export const EPISODE_RULES: Rule[] = [
  rule('302', ['Episodes', 'Header'], (ctx, emit) => {
    for (const child of ctx.cur.Episodes?.byChild.keys() ?? []) {
      const first = ctx.episodes(child)[0];
      const dob = ctx.dob(child);
      if (first && dob !== null && first.d.DECOM !== null && first.d.DECOM < dob) emit('Episodes', first);
    }
  }),
  rule('352', ['Episodes', 'Header'], (ctx, emit) => {
    for (const r of ctx.rows('Episodes')) { const a = ageAt(ctx, r, 'DECOM'); if (r.v.RNE === 'S' && a !== null && a >= 18) emit('Episodes', r); }
  }),
  epRule('353', (r) => r.d.DECOM !== null && r.d.DECOM < D_1991),
  epRule('354', (r, ctx) => r.d.DECOM !== null && r.d.DECOM > ctx.end),
  epRule('385', (r, ctx) => r.d.DEC !== null && r.d.DEC > ctx.end),
  epRule('355', (r) => r.d.DEC !== null && r.d.DEC === r.d.DECOM),
  epRule('356', (r) => r.d.DEC !== null && r.d.DECOM !== null && r.d.DEC < r.d.DECOM),
  epRule('148', (r) => (r.v.DEC === '') !== (r.v.REC === '')),
  rule('142', ['Episodes'], (ctx, emit) => eachEpisode(ctx, (ep, _p, next) => { if (next && ep.v.DEC === '' && ep.v.REC === '') emit('Episodes', ep); })),
  rule('501', ['Episodes'], (ctx, emit) => eachEpisode(ctx, (ep, prev) => {
    if (prev && prev.d.DEC !== null && ep.d.DECOM !== null && ep.d.DECOM < prev.d.DEC) emit('Episodes', ep);
  })),
  rule('388', ['Episodes'], (ctx, emit) => eachEpisode(ctx, (ep, _p, next) => {
    if (ep.v.REC === 'X1' && (!next || next.d.DECOM !== ep.d.DEC)) emit('Episodes', ep);
  })),
  rule('431', ['Episodes'], (ctx, emit) => eachEpisode(ctx, (ep, prev) => {
    if (prev && ep.v.RNE === 'S' && prev.d.DEC !== null && prev.d.DEC === ep.d.DECOM) emit('Episodes', ep);
  })),
  rule('432', ['Episodes'], (ctx, emit) => eachEpisode(ctx, (ep, prev) => {
    if (prev && ep.v.RNE !== 'S' && prev.v.REC !== '' && prev.v.REC !== 'X1') emit('Episodes', ep);
  })),
  rule('433', ['Episodes'], (ctx, emit) => eachEpisode(ctx, (ep, prev) => {
    if (prev && ['L', 'P', 'T', 'U', 'B'].includes(ep.v.RNE!) && prev.v.REC === 'X1' && prev.d.DEC !== ep.d.DECOM) emit('Episodes', ep);
  })),
  rule('437', ['Episodes'], (ctx, emit) => eachEpisode(ctx, (ep, _p, next) => { if (next && (ep.v.REC === 'E2' || ep.v.REC === 'E15')) emit('Episodes', ep); })),
  rule('357', ['Episodes'], (ctx, emit) => {
    for (const child of ctx.cur.Episodes?.byChild.keys() ?? []) {
      const first = ctx.episodes(child)[0];
      if (first && first.d.DECOM !== null && first.d.DECOM >= ctx.start && first.v.RNE !== 'S' && ctx.prevEpisodes(child).length === 0) emit('Episodes', first);
    }
  }),
  rule('504', ['Episodes'], (ctx, emit) => eachEpisode(ctx, (ep, prev) => {
    if (prev && prev.v.REC === 'X1' && prev.d.DEC === ep.d.DECOM && ep.v.RNE !== 'S' && prev.v.CIN !== ep.v.CIN) emit('Episodes', ep);
  })),
  epRule('217', (r) => (r.v.PLACE === 'A3' || r.v.PLACE === 'A5') && !['S', 'T', 'U'].includes(r.v.RNE!)),
  rule('358', ['Episodes', 'Header'], (ctx, emit) => {
    for (const r of ctx.rows('Episodes')) { const a = ageAt(ctx, r, 'DECOM'); if (['J1', 'J2', 'J3'].includes(r.v.LS!) && a !== null && a < 10) emit('Episodes', r); }
  }),
  epRule('361', (r) => r.v.LS === 'L1' && r.d.DEC !== null && r.d.DECOM !== null && r.d.DEC - r.d.DECOM > 3),
  epRule('362', (r) => r.v.LS === 'L2' && r.d.DEC !== null && r.d.DECOM !== null && r.d.DEC - r.d.DECOM > 21),
  epRule('363', (r) => r.v.LS === 'L3' && r.d.DEC !== null && r.d.DECOM !== null && r.d.DEC - r.d.DECOM > 7),
  epRule('365', (r) => r.v.LS === 'V3' && r.d.DEC !== null && r.d.DECOM !== null && r.d.DEC - r.d.DECOM > 17),
  epRule('366', (r) => r.v.LS === 'V3' && r.v.RNE !== 'S'),
  ...([['371', ['H5', 'K3'], 16], ['372', ['R5'], 10], ['373', ['S1'], 4], ['374', ['P3'], 14]] as const).map(([code, places, min]) =>
    rule(code, ['Episodes', 'Header'], (ctx, emit) => {
      for (const r of ctx.rows('Episodes')) { const a = ageAt(ctx, r, 'DECOM'); if ((places as readonly string[]).includes(r.v.PLACE!) && a !== null && a < min) emit('Episodes', r); }
    })),
  rule('375', ['Episodes'], (ctx, emit) => { for (const r of ctx.rows('Episodes')) if (r.v.PLACE === 'T1' && dur(ctx, r) > 42) emit('Episodes', r); }),
  rule('376', ['Episodes'], (ctx, emit) => { for (const r of ctx.rows('Episodes')) if (r.v.PLACE === 'T3' && dur(ctx, r) > 21) emit('Episodes', r); }),
  rule('379', ['Episodes'], (ctx, emit) => { for (const r of ctx.rows('Episodes')) if (r.v.PLACE === 'T4' && dur(ctx, r) > 7) emit('Episodes', r); }),
  rule('377', ['Episodes'], (ctx, emit) => {
    for (const child of ctx.cur.Episodes?.byChild.keys() ?? []) {
      const t3 = ctx.episodes(child).filter((r) => r.v.PLACE === 'T3');
      if (t3.length > 2) for (const r of t3) emit('Episodes', r);
    }
  }),
  epRule('378', (r) => r.v.PLACE === 'P1' && r.v.LS === 'V2'),
  epRule('380', (r) => r.v.RNE === 'S' && T_PLACES.has(r.v.PLACE!)),
  epRule('381', (r) => r.v.REC !== '' && r.v.REC !== 'X1' && T_PLACES.has(r.v.PLACE!)),
  epRule('382', (r) => RESPITE.has(r.v.LS!) && T_PLACES.has(r.v.PLACE!)),
  epRule('384', (r) => RESPITE.has(r.v.LS!) && (r.v.PLACE === 'U1' || r.v.PLACE === 'U4')),
  ...([['386', ['E11', 'E12'], (a: number) => a >= 18], ['387', ['E5', 'E6'], (a: number) => a < 14], ['389', ['E7'], (a: number) => a < 16],
    ['407', ['E45', 'E46', 'E47', 'E48'], (a: number) => a >= 18], ['460', ['E17'], (a: number) => a < 18]] as const).map(([code, recs, bad]) =>
    rule(code, ['Episodes', 'Header'], (ctx, emit) => {
      for (const r of ctx.rows('Episodes')) { const a = ageAt(ctx, r, 'DEC'); if ((recs as readonly string[]).includes(r.v.REC!) && a !== null && bad(a)) emit('Episodes', r); }
    })),
  epRule('390', (r) => ADOPTED.has(r.v.REC!) && !ADOPTION_PLACES.has(r.v.PLACE!)),
  epRule('445', (r) => r.v.LS === 'D1' && r.d.DECOM !== null && r.d.DECOM > D_2005),
  epRule('446', (r) => r.v.LS === 'E1' && r.d.DECOM !== null && r.d.DECOM < D_2005),
  epRule('451', (r) => r.v.LS === 'D1' && r.v.DEC === ''),
  epRule('408', (r) => (r.v.PLACE === 'A5' || r.v.PLACE === 'A6') && r.v.LS !== 'E1' && r.v.LS !== 'D1'),
  providerNot('527', 'PR1', ['P1', 'R2', 'R5']),
  providerNot('528', 'PR2', ['P1', 'R2', 'R5']),
  providerNot('529', 'PR3', ['P1', 'A3', 'A4', 'A5', 'A6', 'K1', 'K2', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6']),
  providerNot('530', 'PR4', ['P1']),
  providerNot('531', 'PR5', ['P1']),
  epRule('550', (r) => r.v.PLACE_PROVIDER === 'PR0' && r.v.PLACE !== 'P1'),
  epRule('526', (r) => r.v.PLACE_PROVIDER === '' && r.v.PLACE !== '' && !T_PLACES.has(r.v.PLACE!) && !/^Z1\d?$/.test(r.v.PLACE!)),
  epRule('213', (r) => r.v.PLACE_PROVIDER !== '' && (T_PLACES.has(r.v.PLACE!) || /^Z1\d?$/.test(r.v.PLACE!))),
  epRule('214', (r) => RESPITE.has(r.v.LS!) && (r.v.PL_POST !== '' || r.v.URN !== ''), ['PL_POST', 'URN']),
  epRule('226', (r) => T_PLACES.has(r.v.PLACE!) && r.v.REASON_PLACE_CHANGE !== ''),
  rule('225', ['Episodes'], (ctx, emit) => eachEpisode(ctx, (ep, _p, next) => {
    if (next && ep.v.REC === 'X1' && ep.v.REASON_PLACE_CHANGE === '' && !T_PLACES.has(ep.v.PLACE!) && ['P', 'B', 'T', 'U'].includes(next.v.RNE!) && !T_PLACES.has(next.v.PLACE!)) emit('Episodes', ep);
  })),
  rule('392c', ['Episodes'], (ctx, emit) => {
    for (const r of ctx.rows('Episodes')) {
      const bad = ['HOME_POST', 'PL_POST'].filter((f) => r.v[f] !== '' && !POSTCODE_RE.test(r.v[f]!));
      if (bad.length) emit('Episodes', r, bad);
    }
  }),
  epRule('392d', (r) => r.v.HOME_POST !== '' && r.v.PLACE !== 'P1' && r.v.HOME_POST!.replace(/\s/g, '') === r.v.PL_POST!.replace(/\s/g, '')),
  rule('336', ['Episodes'], (ctx, emit) => eachEpisode(ctx, (ep, prev) => {
    if (prev && (ep.v.PLACE === 'A3' || ep.v.PLACE === 'A5') && !FOSTER_PLACES.has(prev.v.PLACE!) && prev.v.PLACE !== 'A3' && prev.v.PLACE !== 'A5') emit('Episodes', ep);
  })),
];

export type { Emit };
