/** Header, reviews, missing and UASC rules. */
import { addYears, age, rule, type Rule } from '../rule.ts';
import { RESPITE, ageOf, ceasedInYear, isFemale, lookedAfterAtEnd } from './helpers.ts';

export const CHILD_RULES: Rule[] = [
  rule('301', ['Header'], (ctx, emit) => { for (const r of ctx.rows('Header')) if (r.d.DOB !== null && r.d.DOB > ctx.end) emit('Header', r); }),
  rule('351', ['Header'], (ctx, emit) => { for (const r of ctx.rows('Header')) if (r.d.DOB !== null && age(r.d.DOB, ctx.start) > 25) emit('Header', r); }),
  rule('174', ['Header'], (ctx, emit) => { for (const r of ctx.rows('Header')) if (r.v.MC_DOB !== '' && (r.v.SEX === 'M' || r.v.SEX === '1')) emit('Header', r); }),
  rule('611', ['Header'], (ctx, emit) => { for (const r of ctx.rows('Header')) if (r.v.MOTHER === '1' && r.v.MC_DOB === '') emit('Header', r); }),
  rule('612', ['Header'], (ctx, emit) => { for (const r of ctx.rows('Header')) if (r.v.MC_DOB !== '' && r.v.MOTHER !== '1' && isFemale(r.v.SEX)) emit('Header', r); }),
  rule('620', ['Header'], (ctx, emit) => { for (const r of ctx.rows('Header')) if (r.v.MOTHER === '1' && r.d.DOB !== null && age(r.d.DOB, ctx.start) < 11) emit('Header', r); }),
  rule('621', ['Header'], (ctx, emit) => { for (const r of ctx.rows('Header')) if (r.d.MC_DOB !== null && r.d.DOB !== null && r.d.MC_DOB < r.d.DOB) emit('Header', r); }),
  rule('625', ['Header', 'Episodes'], (ctx, emit) => {
    for (const r of ctx.rows('Header')) {
      if (r.d.MC_DOB === null) continue;
      const ceased = ceasedInYear(ctx, r.child);
      if (r.d.MC_DOB > ctx.end || (ceased && r.d.MC_DOB > ceased.d.DEC!)) emit('Header', r);
    }
  }),
  rule('393', ['Header', 'Episodes'], (ctx, emit) => {
    for (const r of ctx.rows('Header')) {
      if (isFemale(r.v.SEX) && r.v.MOTHER === '' && ctx.episodes(r.child).some((e) => !RESPITE.has(e.v.LS!))) emit('Header', r);
    }
  }),
  rule('209', ['Header'], (ctx, emit) => { for (const r of ctx.rows('Header')) if (r.v.UPN === 'UN1' && r.d.DOB !== null && age(r.d.DOB, ctx.start) >= 5) emit('Header', r); }),
  rule('210', ['Header', 'Episodes'], (ctx, emit) => {
    for (const r of ctx.rows('Header')) {
      if (r.v.UPN !== 'UN4' || !lookedAfterAtEnd(ctx, r.child)) continue;
      const last = ctx.episodes(r.child).at(-1)!;
      if (last.d.DECOM! < ctx.end - 7) emit('Header', r);
    }
  }),
  rule('EPI', ['Header'], (ctx, emit) => {
    if (!ctx.has('Episodes')) return;
    for (const r of ctx.rows('Header')) if (ctx.episodes(r.child).length === 0 && ctx.of('OC3', r.child).length === 0) emit('Header', r);
  }),
  rule('628', ['Header', 'Episodes', 'OC3'], (ctx, emit) => {
    for (const r of ctx.rows('Header')) if (r.v.MOTHER !== '' && ctx.of('OC3', r.child).length > 0 && ctx.episodes(r.child).length === 0) emit('Header', r);
  }),
  // Reviews
  rule('440', ['Reviews'], (ctx, emit) => {
    for (const r of ctx.rows('Reviews')) { const a = ageOf(ctx, r.child, r.d.REVIEW ?? null); if (r.v.REVIEW_CODE === 'PN0' && a !== null && a >= 4) emit('Reviews', r); }
  }),
  rule('441', ['Reviews'], (ctx, emit) => {
    for (const r of ctx.rows('Reviews')) { const a = ageOf(ctx, r.child, r.d.REVIEW ?? null); if (/^PN[1-7]$/.test(r.v.REVIEW_CODE!) && a !== null && a < 4) emit('Reviews', r); }
  }),
  // Missing
  rule('564', ['Missing'], (ctx, emit) => { for (const r of ctx.rows('Missing')) if (r.v.MISSING !== '' && r.v.MIS_START === '') emit('Missing', r); }),
  rule('565', ['Missing'], (ctx, emit) => { for (const r of ctx.rows('Missing')) if (r.v.MIS_START !== '' && r.v.MISSING === '') emit('Missing', r); }),
  rule('566', ['Missing'], (ctx, emit) => { for (const r of ctx.rows('Missing')) if (r.v.MIS_END !== '' && r.v.MISSING === '' && r.v.MIS_START === '') emit('Missing', r); }),
  rule('567', ['Missing'], (ctx, emit) => { for (const r of ctx.rows('Missing')) if (r.d.MIS_END !== null && r.d.MIS_START !== null && r.d.MIS_END < r.d.MIS_START) emit('Missing', r); }),
  rule('570', ['Missing'], (ctx, emit) => { for (const r of ctx.rows('Missing')) if (r.d.MIS_START !== null && r.d.MIS_START > ctx.end) emit('Missing', r); }),
  rule('571', ['Missing'], (ctx, emit) => { for (const r of ctx.rows('Missing')) if (r.d.MIS_END !== null && (r.d.MIS_END < ctx.start || r.d.MIS_END > ctx.end)) emit('Missing', r); }),
  rule('586', ['Missing'], (ctx, emit) => {
    for (const r of ctx.rows('Missing')) { const dob = ctx.dob(r.child); if (dob !== null && r.d.MIS_START !== null && r.d.MIS_START < dob) emit('Missing', r); }
  }),
  rule('574', ['Missing'], (ctx, emit) => {
    for (const [, rows] of ctx.cur.Missing?.byChild ?? []) {
      const s = rows.filter((r) => r.d.MIS_START !== null).sort((a, b) => a.d.MIS_START! - b.d.MIS_START!);
      for (let i = 1; i < s.length; i++) {
        const p = s[i - 1]!;
        if (p.d.MIS_END === null || p.d.MIS_END > s[i]!.d.MIS_START!) emit('Missing', s[i]!);
      }
    }
  }),
  rule('581', ['Missing', 'Episodes'], (ctx, emit) => {
    if (!ctx.has('Episodes')) return;
    for (const r of ctx.rows('Missing')) {
      const first = [...ctx.prevEpisodes(r.child), ...ctx.episodes(r.child)].reduce<number | null>((m, e) => (e.d.DECOM !== null && (m === null || e.d.DECOM < m) ? e.d.DECOM : m), null);
      if (r.d.MIS_START !== null && first !== null && r.d.MIS_START < first) emit('Missing', r);
    }
  }),
  rule('578', ['Missing', 'Episodes'], (ctx, emit) => {
    for (const r of ctx.rows('Missing')) { const c = ceasedInYear(ctx, r.child); if (c && r.d.MIS_START !== null && r.d.MIS_START > c.d.DEC!) emit('Missing', r); }
  }),
  rule('577', ['Missing', 'Episodes'], (ctx, emit) => {
    for (const r of ctx.rows('Missing')) { const c = ceasedInYear(ctx, r.child); if (c && r.v.MIS_START !== '' && r.v.MIS_END === '' && r.d.MIS_START! <= c.d.DEC!) emit('Missing', r); }
  }),
  // UASC
  rule('304', ['UASC'], (ctx, emit) => {
    for (const r of ctx.rows('UASC')) { const dob = r.d.DOB ?? ctx.dob(r.child); if (dob !== null && r.d.DUC !== null && r.d.DUC > addYears(dob, 18)) emit('UASC', r); }
  }),
  rule('303', ['Header', 'UASC'], (ctx, emit) => {
    if (!ctx.cur.Header?.columns.includes('UASC')) return;
    for (const r of ctx.rows('UASC')) { const h = ctx.header(r.child); if (h && r.v.DUC !== '' && h.v.UASC !== '1') emit('UASC', r); }
  }),
  rule('1014', ['UASC', 'OC3'], (ctx, emit) => {
    for (const r of ctx.rows('UASC')) if (ctx.of('OC3', r.child).length > 0 && ctx.episodes(r.child).length === 0) emit('UASC', r);
  }),
];
