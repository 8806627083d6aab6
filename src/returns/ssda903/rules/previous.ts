/** Rules comparing this year's files with last year's. */
import { normaliseSex, type Ssda903Table } from '../../../domain/codes/ssda903.ts';
import type { Row } from '../read.ts';
import { rule, type Ctx, type Rule } from '../rule.ts';

const P = { previous: true } as const;
const headerVs = (code: string, differs: (cur: Row, last: Row) => boolean) => rule(code, ['Header'], (ctx, emit) => {
  for (const r of ctx.rows('Header')) { const l = ctx.prevHeader(r.child); if (l && differs(r, l)) emit('Header', r); }
}, P);
/** Last year's final episode when it was open at the end of last year. */
const openLast = (ctx: Ctx, child: string) => { const e = ctx.prevEpisodes(child).at(-1); return e && e.v.DEC === '' ? e : undefined; };
const firstVsOpen = (code: string, field: string) => rule(code, ['Episodes'], (ctx, emit) => {
  for (const child of ctx.cur.Episodes?.byChild.keys() ?? []) {
    const l = openLast(ctx, child), f = ctx.episodes(child)[0];
    if (l && f && f.d.DECOM === l.d.DECOM && f.v[field] !== l.v[field]) emit('Episodes', f, [field]);
  }
}, P);
const isUN = (s: string) => /^UN\d+$/.test(s);

export const PREVIOUS_RULES: Rule[] = [
  headerVs('202', (c, l) => normaliseSex(c.v.SEX!) !== normaliseSex(l.v.SEX!)),
  headerVs('203', (c, l) => c.d.DOB !== null && l.d.DOB !== null && c.d.DOB !== l.d.DOB),
  headerVs('204', (c, l) => c.v.ETHNIC !== l.v.ETHNIC),
  headerVs('208', (c, l) => l.v.UPN !== '' && !isUN(l.v.UPN!) && c.v.UPN !== l.v.UPN),
  headerVs('207', (c, l) => l.v.MOTHER === '1' && c.v.MOTHER !== '1'),
  headerVs('624', (c, l) => c.d.MC_DOB !== null && l.d.MC_DOB !== null && c.d.MC_DOB !== l.d.MC_DOB),
  rule('626', ['Header'], (ctx, emit) => {
    for (const r of ctx.rows('Header')) { const l = ctx.prevHeader(r.child); if (l && r.v.MOTHER === '1' && l.v.MOTHER === '0' && r.d.MC_DOB !== null && r.d.MC_DOB < ctx.start) emit('Header', r); }
  }, P),
  rule('502', ['Episodes'], (ctx, emit) => {
    for (const child of ctx.cur.Episodes?.byChild.keys() ?? []) {
      const l = openLast(ctx, child), f = ctx.episodes(child)[0];
      if (l && f && f.d.DECOM !== l.d.DECOM) emit('Episodes', f);
    }
  }, P),
  firstVsOpen('503A', 'RNE'), firstVsOpen('503B', 'LS'), firstVsOpen('503C', 'CIN'), firstVsOpen('503D', 'PLACE'),
  firstVsOpen('503E', 'PLACE_PROVIDER'), firstVsOpen('503F', 'URN'),
  rule('562', ['Episodes'], (ctx, emit) => {
    if (!ctx.hasPrev('Episodes')) return;
    for (const r of ctx.rows('Episodes')) {
      const pe = ctx.prevEpisodes(r.child);
      if (r.d.DECOM !== null && r.d.DECOM < ctx.start && pe.length > 0 && !pe.some((p) => p.d.DECOM === r.d.DECOM)) emit('Episodes', r);
    }
  }, P),
  rule('NoE', ['Episodes'], (ctx, emit) => {
    if (!ctx.hasPrev('Episodes')) return;
    for (const child of ctx.cur.Episodes?.byChild.keys() ?? []) {
      const f = ctx.episodes(child)[0];
      if (f && f.d.DECOM !== null && f.d.DECOM < ctx.start && ctx.prevEpisodes(child).length === 0) emit('Episodes', f);
    }
  }, P),
  rule('576', ['Missing'], (ctx, emit) => {
    if (!ctx.hasPrev('Missing')) return;
    for (const r of ctx.prevRows('Missing')) {
      if (r.v.MIS_END !== '' || r.d.MIS_START === null) continue;
      if (!ctx.of('Missing', r.child).some((c) => c.d.MIS_START === r.d.MIS_START)) emit('Missing', null, ['CHILD'], r.child);
    }
  }, P),
  rule('559', ['PlacedAdoption'], (ctx, emit) => {
    if (!ctx.hasPrev('PlacedAdoption')) return;
    for (const r of ctx.rows('PlacedAdoption')) {
      if (r.d.DATE_PLACED !== null && r.d.DATE_PLACED < ctx.start && !ctx.prevOf('PlacedAdoption', r.child).some((p) => p.d.DATE_PLACED === r.d.DATE_PLACED)) emit('PlacedAdoption', r);
    }
  }, P),
  rule('560', ['PlacedAdoption'], (ctx, emit) => {
    for (const r of ctx.rows('PlacedAdoption')) {
      const last = ctx.prevOf('PlacedAdoption', r.child).at(-1);
      if (last && last.v.DATE_PLACED_CEASED === '' && r.d.DATE_PLACED !== null && last.d.DATE_PLACED !== r.d.DATE_PLACED) emit('PlacedAdoption', r);
    }
  }, P),
  rule('561', ['PlacedAdoption'], (ctx, emit) => {
    for (const r of ctx.rows('PlacedAdoption')) {
      if (ctx.prevOf('PlacedAdoption', r.child).some((l) => l.v.DATE_PLACED_CEASED !== '' && l.d.DATE_PLACED === r.d.DATE_PLACED)) emit('PlacedAdoption', r);
    }
  }, P),
  ...([['SW16aSTG2', 'SW_ID'], ['SW16bSTG2', 'SW_DECOM'], ['SW16cSTG2', 'SW_REASON']] as const).map(([code, field]) => rule(code, ['SWEpisodes'], (ctx, emit) => {
    for (const child of ctx.cur.SWEpisodes?.byChild.keys() ?? []) {
      const last = ctx.prevSw(child).at(-1);
      if (!last || last.v.SW_DEC !== '') continue;
      const first = ctx.sw(child)[0]!;
      // compare the matching continuation episode: same start date for a and c; b is the start date itself
      // SW_REASON is only compared when last year's open episode already carried one (a continuing episode that closes
      // this year gains a reason, which is not a discrepancy)
      const differs = field === 'SW_DECOM' ? first.d.SW_DECOM !== last.d.SW_DECOM
        : first.d.SW_DECOM === last.d.SW_DECOM && first.v[field] !== last.v[field] && (field !== 'SW_REASON' || last.v.SW_REASON !== '');
      if (differs) emit('SWEpisodes', first, [field]);
    }
  }, P)),
];

export type { Ssda903Table };
