/**
 * Rules written in the second pass (previously listed as "not yet written"), grouped by subject. Each follows the
 * public data-to-insight csc-validator-be-903 logic (read, not copied); departures are noted in place.
 */
import { isoDay, type Row } from '../read.ts';
import { addYears, age, rule, type Ctx, type Rule } from '../rule.ts';
import { ADOPTED, RESPITE, T_PLACES, isFemale } from './helpers.ts';

const P = { previous: true } as const;
const U_PLACES = new Set(['U1', 'U2', 'U3', 'U4', 'U5', 'U6']);
const isMale = (sex: string | undefined) => sex === 'M' || sex === '1';
const oc3Filled = (r: Row) => r.v.IN_TOUCH !== '' || r.v.ACTIV !== '' || r.v.ACCOM !== '';

// ---------------------------------------------------------------------------
// UASC status. DfE CSV returns carry no UASC column in Header: the DfE tool then treats a child as UASC when it has a
// row in the UASC table (its SEX is always filled). XML-derived Headers carry the column and it is used as given.

/** UASC this year: true/false, or null when it cannot be known (no UASC column and no UASC table). */
export function uascNow(ctx: Ctx, child: string): boolean | null {
  if (ctx.cur.Header?.columns.includes('UASC')) { const h = ctx.header(child); return h ? h.v.UASC === '1' : null; }
  return ctx.has('UASC') ? ctx.of('UASC', child).length > 0 : null;
}
export function uascLast(ctx: Ctx, child: string): boolean | null {
  if (ctx.prev?.Header?.columns.includes('UASC')) { const h = ctx.prevHeader(child); return h ? h.v.UASC === '1' : null; }
  return ctx.hasPrev('UASC') ? ctx.prevOf('UASC', child).length > 0 : null;
}
const inRange = (d: number | null | undefined, a: number, b: number) => d != null && d >= a && d <= b;

/** Episodes of both years for a child, one per start date (this year's copy wins; then one with an end date). */
/** The child's episodes in this year's, last year's and any earlier years' files, one per DECOM (the one with a DEC). */
function bothYears(ctx: Ctx, child: string): Row[] {
  const byStart = new Map<number, Row>();
  for (const e of [...ctx.episodes(child), ...ctx.prevEpisodes(child), ...ctx.earlierEpisodes(child)]) {
    if (e.d.DECOM === null) continue;
    const have = byStart.get(e.d.DECOM);
    if (!have || (have.d.DEC === null && e.d.DEC !== null)) byStart.set(e.d.DECOM, e);
  }
  return [...byStart.values()].sort((a, b) => a.d.DECOM! - b.d.DECOM!);
}

/**
 * DATE_PERM allows unknown parts as ZZ (ZZ/MM/YYYY, ZZ/ZZ/YYYY, ZZ/ZZ/ZZZZ): the latest day the date can be, null
 * for ZZ/ZZ/ZZZZ, undefined when not a valid value.
 */
function permDate(s: string): number | null | undefined {
  if (s === 'ZZ/ZZ/ZZZZ') return null;
  const m = /^(\d\d|ZZ)\/(\d\d|ZZ)\/(\d{4})$/.exec(s);
  if (!m) return undefined;
  const [, dd, mm, yy] = m as unknown as [string, string, string, string];
  if (mm === 'ZZ' && dd !== 'ZZ') return undefined;
  const y = Number(yy);
  if (mm === 'ZZ') return isoDay(`${yy}-12-31`);
  const mon = Number(mm);
  if (mon < 1 || mon > 12) return undefined;
  if (dd === 'ZZ') {
    const next = mon === 12 ? isoDay(`${y + 1}-01-01`) : isoDay(`${yy}-${String(mon + 1).padStart(2, '0')}-01`);
    return next - 1;
  }
  const day = Number(dd);
  const iso = `${yy}-${mm}-${dd}`;
  const v = isoDay(iso);
  // isoDay normalises overflow (31/02 → March): reject dates that do not round-trip
  return day >= 1 && day <= 31 && new Date(v * 86_400_000).toISOString().slice(0, 10) === iso ? v : undefined;
}

export const MORE_RULES: Rule[] = [
  // --- UASC across years
  rule('205A', ['UASC', 'Header'], (ctx, emit) => {
    if (!ctx.has('UASC') || !ctx.hasPrev('UASC')) return;
    const ps = addYears(ctx.start, -1), pe = addYears(ctx.end, -1);
    for (const r of ctx.rows('UASC')) {
      if (uascNow(ctx, r.child) === true || uascLast(ctx, r.child) !== true) continue;
      const lastDuc = ctx.prevOf('UASC', r.child)[0]?.d.DUC ?? null;
      if (r.v.DUC !== '' || !inRange(lastDuc, ps, pe)) emit('UASC', r);
    }
  }, P),
  rule('205B', ['UASC', 'Header'], (ctx, emit) => {
    if (!ctx.has('UASC') || !ctx.hasPrev('UASC')) return;
    for (const r of ctx.rows('UASC')) {
      if (uascNow(ctx, r.child) !== true || uascLast(ctx, r.child) !== true) continue;
      const last = ctx.prevOf('UASC', r.child)[0];
      const dob = last?.d.DOB ?? r.d.DOB ?? ctx.dob(r.child);
      const lastDuc = last?.d.DUC ?? null;
      // last year's DUC must be the 18th birthday; this year's must fall in the year or repeat last year's
      const lastIs18th = dob !== null && lastDuc !== null && lastDuc === addYears(dob, 18);
      const curOk = inRange(r.d.DUC, ctx.start, ctx.end) || (r.d.DUC !== null && r.d.DUC === lastDuc);
      if (!curOk || !lastIs18th) emit('UASC', r);
    }
  }, P),
  rule('205C', ['UASC', 'Header'], (ctx, emit) => {
    if (!ctx.has('UASC') || !ctx.hasPrev('UASC')) return;
    for (const r of ctx.rows('UASC')) {
      if (uascNow(ctx, r.child) === true || uascLast(ctx, r.child) === true) continue;
      if (r.v.DUC !== '' || ctx.prevOf('UASC', r.child).some((l) => l.v.DUC !== '')) emit('UASC', r);
    }
  }, P),
  rule('205D', ['Header'], (ctx, emit) => {
    for (const r of ctx.rows('Header')) {
      if (!ctx.prevHeader(r.child)) continue;
      if (uascNow(ctx, r.child) === true && uascLast(ctx, r.child) === false) emit('Header', r);
    }
  }, P),

  // --- Header
  rule('165', ['Header', 'Episodes', 'OC3'], (ctx, emit) => {
    if (!ctx.has('OC3')) return;
    for (const child of ctx.cur.Episodes?.byChild.keys() ?? []) {
      const h = ctx.header(child);
      if (!h) continue;
      const eps = ctx.episodes(child).filter((e) => !RESPITE.has(e.v.LS!));
      if (eps.length === 0) continue;
      const inYear = eps.some((e) => e.d.DECOM !== null && e.d.DECOM <= ctx.end && (e.d.DEC ?? ctx.end) >= ctx.start);
      const mother = h.v.MOTHER!;
      const has = mother !== '';
      const oc3 = ctx.of('OC3', child).some(oc3Filled);
      if ((has && mother !== '0' && mother !== '1') || (has && isMale(h.v.SEX)) || (!has && isFemale(h.v.SEX) && inYear) || (has && isFemale(h.v.SEX) && !inYear && oc3)) emit('Header', h);
    }
  }),
  rule('607', ['Episodes', 'Header'], (ctx, emit) => {
    for (const r of ctx.rows('Episodes')) {
      if (r.d.DEC === null || r.v.REC === '' || r.v.REC === 'X1' || RESPITE.has(r.v.LS!) || r.d.DEC < ctx.start || r.d.DEC > ctx.end) continue;
      const h = ctx.header(r.child);
      if (h && isFemale(h.v.SEX) && h.v.MOTHER === '') emit('Episodes', r);
    }
  }),
  rule('399', ['Episodes', 'Header', 'Reviews'], (ctx, emit) => {
    for (const child of ctx.cur.Episodes?.byChild.keys() ?? []) {
      const eps = ctx.episodes(child);
      if (!eps.every((e) => RESPITE.has(e.v.LS!))) continue;
      const h = ctx.header(child);
      const reviews = ctx.of('Reviews', child).filter((r) => r.v.REVIEW !== '' || r.v.REVIEW_CODE !== '');
      if ((h && h.v.MOTHER !== '') || reviews.length > 0) for (const e of eps) emit('Episodes', e);
    }
  }),

  // --- Episodes
  rule('199', ['Episodes'], (ctx, emit) => {
    for (const child of ctx.cur.Episodes?.byChild.keys() ?? []) {
      const cur = new Set(ctx.episodes(child));
      let adoptions = 0;
      for (const e of bothYears(ctx, child)) {
        const adopted = ADOPTED.has(e.v.REC!);
        if (adopted) adoptions++;
        if (cur.has(e) && adoptions > 0 && !(adopted && adoptions === 1)) emit('Episodes', e);
      }
    }
  }),
  rule('359', ['Episodes', 'Header'], (ctx, emit) => {
    for (const r of ctx.rows('Episodes')) {
      const dob = ctx.dob(r.child);
      if (dob !== null && addYears(dob, 18) < ctx.end && r.v.DEC === '' && !(r.v.LS === 'V2' && r.v.PLACE === 'K2')) emit('Episodes', r);
    }
  }),
  rule('364', ['Episodes'], (ctx, emit) => {
    // runs of J2 episodes, each starting on or before the previous one's end, lasting more than 21 days in all
    for (const child of ctx.cur.Episodes?.byChild.keys() ?? []) {
      let run: Row[] = [], total = 0, lastEnd = -Infinity;
      const flush = () => { if (total > 21) for (const e of run) emit('Episodes', e); run = []; total = 0; };
      for (const e of ctx.episodes(child)) {
        if (e.v.LS !== 'J2' || e.d.DECOM === null) continue;
        const end = e.d.DEC ?? ctx.end;
        if (e.d.DECOM > lastEnd) flush();
        run.push(e); total += end - e.d.DECOM; lastEnd = end;
      }
      flush();
    }
  }),
  rule('367', ['Episodes'], (ctx, emit) => {
    for (const child of ctx.cur.Episodes?.byChild.keys() ?? []) {
      const v3: Row[] = [];
      let total = 0;
      for (const e of ctx.episodes(child)) {
        if (e.v.LS !== 'V3' || e.d.DECOM === null) continue;
        const days = Math.min(e.d.DEC ?? ctx.end, ctx.end) - Math.max(e.d.DECOM, ctx.start);
        if (days > 0) { v3.push(e); total += days; }
      }
      if (total > 75) for (const e of v3) emit('Episodes', e);
    }
  }),
  rule('383', ['Episodes'], (ctx, emit) => {
    for (const child of ctx.cur.Episodes?.byChild.keys() ?? []) {
      const eps = ctx.episodes(child);
      for (let i = 1; i < eps.length - 1; i++) {
        const e = eps[i]!, before = eps[i - 1]!, after = eps[i + 1]!;
        if (T_PLACES.has(e.v.PLACE!) && (after.v.RNE !== 'P' || after.v.PLACE !== before.v.PLACE)) emit('Episodes', e);
      }
    }
  }),
  rule('392b', ['Episodes'], (ctx, emit) => {
    for (const r of ctx.rows('Episodes')) {
      if (RESPITE.has(r.v.LS!) || (r.v.HOME_POST !== '' && r.v.PL_POST !== '')) continue;
      if (uascNow(ctx, r.child) === true || uascLast(ctx, r.child) === true) continue;
      emit('Episodes', r);
    }
  }),
  rule('426', ['Episodes'], (ctx, emit) => {
    for (const child of ctx.cur.Episodes?.byChild.keys() ?? []) {
      const eps = ctx.episodes(child);
      if (eps.some((e) => e.v.LS === 'V3') && eps.some((e) => e.v.LS === 'V4')) for (const e of eps) if (RESPITE.has(e.v.LS!)) emit('Episodes', e);
    }
  }),
  ...([
    // 434: new legal status only (RNE L): legal status must change, placement must not
    ['434', ['L'], (same: boolean, sameLs: boolean) => sameLs || !same],
    // 435: new placement only (RNE P, T): placement must change, legal status must not
    ['435', ['P', 'T'], (same: boolean, sameLs: boolean) => !sameLs || same],
    // 436: both change (RNE U, B)
    ['436', ['U', 'B'], (same: boolean, sameLs: boolean) => sameLs || same],
  ] as const).map(([code, rnes, bad]) => rule(code, ['Episodes'], (ctx, emit) => {
    for (const child of ctx.cur.Episodes?.byChild.keys() ?? []) {
      const eps = ctx.episodes(child);
      for (let i = 1; i < eps.length; i++) {
        const e = eps[i]!, p = eps[i - 1]!;
        if (!(rnes as readonly string[]).includes(e.v.RNE!)) continue;
        const same = e.v.PLACE === p.v.PLACE && e.v.PL_POST === p.v.PL_POST && e.v.URN === p.v.URN && e.v.PLACE_PROVIDER === p.v.PLACE_PROVIDER;
        if (bad(same, e.v.LS === p.v.LS)) emit('Episodes', e);
      }
    }
  })),
  rule('516', ['Episodes'], (ctx, emit) => { for (const r of ctx.rows('Episodes')) if ((r.v.REC === 'E45' || r.v.REC === 'E46') && !U_PLACES.has(r.v.PLACE!)) emit('Episodes', r); }),

  // --- Missing
  rule('575', ['Missing', 'Episodes'], (ctx, emit) => {
    for (const r of ctx.rows('Missing')) {
      const s = r.d.MIS_START;
      if (s === null || r.v.MIS_END !== '') continue;
      if (ctx.episodes(r.child).some((e) => e.d.DEC !== null && e.d.DECOM !== null && s >= e.d.DECOM && s <= e.d.DEC)) emit('Missing', r);
    }
  }),
  rule('580', ['Episodes', 'Missing'], (ctx, emit) => {
    for (const child of ctx.cur.Missing?.byChild.keys() ?? []) {
      const ends = new Set<number>();
      for (const m of ctx.of('Missing', child)) {
        const dob = m.d.DOB ?? ctx.dob(child);
        if (dob !== null && m.d.MIS_END !== null && m.d.MIS_END === addYears(dob, 18)) ends.add(m.d.MIS_END);
      }
      if (ends.size) for (const e of ctx.episodes(child)) if (e.d.DEC !== null && ends.has(e.d.DEC) && e.v.REC !== 'E8') emit('Episodes', e);
    }
  }),

  // --- OC2
  rule('182', ['OC2'], (ctx, emit) => {
    for (const r of ctx.rows('OC2')) {
      const core = ['IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT', 'SUBSTANCE_MISUSE'].some((f) => r.v[f] === '');
      const others = ['CONVICTED', 'HEALTH_CHECK', 'INTERVENTION_RECEIVED', 'INTERVENTION_OFFERED'].some((f) => r.v[f] !== '');
      if (core && others) emit('OC2', r);
    }
  }),
  ...([['544', 'CONVICTED'], ['547', 'HEALTH_CHECK']] as const).map(([code, f]) => rule(code, ['OC2'], (ctx, emit) => {
    for (const r of ctx.rows('OC2')) if (r.v[f] === '1' && ['IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT', 'SUBSTANCE_MISUSE'].some((x) => r.v[x] === '')) emit('OC2', r);
  })),

  // --- OC3
  rule('347', ['OC3'], (ctx, emit) => {
    // ACCOM T (foyer), with its suitability digit; the DfE tool compares with 'T' alone, which real codes never equal
    for (const r of ctx.rows('OC3')) {
      const dob = r.d.DOB ?? ctx.dob(r.child);
      if (r.v.ACCOM!.startsWith('T') && dob !== null && age(dob, ctx.start) < 18) emit('OC3', r);
    }
  }),
  rule('1001', ['OC3'], (ctx, emit) => {
    if (!ctx.prev?.Episodes?.rows.length || !ctx.rows('Episodes').length || !ctx.rows('OC3').length || !ctx.rows('Header').length) return;
    for (const r of ctx.rows('OC3')) {
      const dob = ctx.dob(r.child);
      // children over 20 at the end of the year are not tested (too little history in two years' files)
      if (dob === null || addYears(dob, 20) <= ctx.end) continue;
      const eps = bothYears(ctx, r.child);
      const last = eps.at(-1);
      if (last && ADOPTED.has(last.v.REC!)) { emit('OC3', r); continue; }
      const d14 = addYears(dob, 14), d16 = addYears(dob, 16);
      let t14 = 0, t16 = 0;
      for (const e of eps) {
        if (RESPITE.has(e.v.LS!)) continue;
        const end = e.d.DEC ?? (e === last ? ctx.end : null);
        if (end === null) continue;
        t14 += Math.max(0, end - Math.max(e.d.DECOM!, d14));
        t16 += Math.max(0, end - Math.max(e.d.DECOM!, d16));
      }
      if (t14 < 91 || t16 < 1) emit('OC3', r);
    }
  }, P),
  rule('1002', ['OC3'], (ctx, emit) => {
    if (!ctx.hasPrev('Episodes') || !ctx.has('Episodes')) return;
    // with earlier years' files supplied, episodes in those count too (the false positives the DfE's note warns of)
    for (const r of ctx.rows('OC3')) if (ctx.episodes(r.child).length === 0 && ctx.prevEpisodes(r.child).length === 0 && ctx.earlierEpisodes(r.child).length === 0) emit('OC3', r);
  }, P),
  rule('1010', ['OC3'], (ctx, emit) => {
    if (!ctx.hasPrev('Episodes') || !ctx.has('Episodes')) return;
    for (const r of ctx.rows('OC3')) {
      const last = ctx.prevEpisodes(r.child).filter((e) => e.d.DECOM !== null).at(-1);
      if (ctx.episodes(r.child).length === 0 && last && last.v.DEC === '') emit('OC3', r);
    }
  }, P),
  rule('1007', ['OC3', 'Episodes'], (ctx, emit) => {
    for (const r of ctx.rows('OC3')) {
      const dob = r.d.DOB ?? ctx.dob(r.child);
      if (dob === null || !oc3Filled(r)) continue;
      const a = age(dob, ctx.end);
      if (a < 17 || a >= 19) continue;
      const bday = addYears(dob, a); // the last birthday on or before the end of the year
      if (ctx.episodes(r.child).some((e) => e.d.DECOM !== null && e.d.DEC !== null && e.d.DECOM <= bday && e.d.DEC > bday)) emit('OC3', r);
    }
  }),
  rule('1016', ['OC3', 'Episodes'], (ctx, emit) => {
    for (const r of ctx.rows('OC3')) {
      const dob = r.d.DOB ?? ctx.dob(r.child);
      if (dob === null || !oc3Filled(r)) continue;
      const a = age(dob, ctx.end);
      if (a < 17 || a >= 19) continue;
      // "after their birthday": after the 17th or 18th birthday reached this year (the DfE tool tests DEC >= DOB + 17
      // approximate years, which also flags a young person who left care on the 18th birthday itself)
      const bday = addYears(dob, a);
      if (ctx.episodes(r.child).some((e) => e.d.DEC !== null && e.d.DEC > bday)) emit('OC3', r);
    }
  }),

  // --- Adoption
  rule('558', ['Episodes', 'PlacedAdoption'], (ctx, emit) => {
    for (const r of ctx.rows('Episodes')) if (ADOPTED.has(r.v.REC!) && ctx.of('PlacedAdoption', r.child).some((p) => p.v.DATE_PLACED_CEASED !== '')) emit('Episodes', r);
  }),
  rule('1003', ['Episodes', 'PlacedAdoption'], (ctx, emit) => {
    for (const child of ctx.cur.PlacedAdoption?.byChild.keys() ?? []) {
      const first = ctx.episodes(child).find((e) => e.v.RNE === 'S' && e.d.DECOM !== null);
      if (!first) continue;
      for (const p of ctx.of('PlacedAdoption', child)) if (p.d.DATE_PLACED !== null && p.d.DATE_PLACED < first.d.DECOM!) emit('PlacedAdoption', p);
    }
  }),
  rule('584', ['PlacedAdoption'], (ctx, emit) => {
    for (const r of ctx.rows('PlacedAdoption')) {
      const ceasedLast = ctx.prevOf('PlacedAdoption', r.child).filter((l) => l.v.DATE_PLACED_CEASED !== '' || l.v.REASON_PLACED_CEASED !== '');
      if (ceasedLast.length && (r.d.DATE_PLACED === null || ceasedLast.some((l) => l.d.DATE_PLACED !== null && r.d.DATE_PLACED! <= l.d.DATE_PLACED))) emit('PlacedAdoption', r);
    }
  }, P),

  // --- Previous permanence
  rule('630', ['Episodes', 'PrevPerm'], (ctx, emit) => {
    if (!ctx.has('PrevPerm')) return;
    for (const r of ctx.rows('Episodes')) {
      if (r.v.RNE !== 'S' || r.d.DECOM === null || r.d.DECOM < ctx.start) continue;
      const pp = ctx.of('PrevPerm', r.child);
      if (pp.length === 0 || pp.some((p) => p.v.PREV_PERM === '' || (p.v.PREV_PERM !== 'Z1' && (p.v.LA_PERM === '' || p.v.DATE_PERM === '')))) emit('Episodes', r);
    }
  }),
  rule('632', ['PrevPerm', 'Episodes'], (ctx, emit) => {
    for (const p of ctx.rows('PrevPerm')) {
      const first = ctx.episodes(p.child).find((e) => e.d.DECOM !== null);
      if (!first || p.v.DATE_PERM === '') continue;
      const d = permDate(p.v.DATE_PERM!);
      if (d === undefined || (d !== null && d >= first.d.DECOM!)) emit('PrevPerm', p);
    }
  }),
  rule('634', ['PrevPerm', 'Episodes'], (ctx, emit) => {
    for (const p of ctx.rows('PrevPerm')) {
      const last = ctx.episodes(p.child).filter((e) => e.d.DECOM !== null).at(-1);
      if ((p.v.PREV_PERM !== '' || p.v.LA_PERM !== '' || p.v.DATE_PERM !== '') && last && last.d.DECOM! < ctx.start) emit('PrevPerm', p);
    }
  }),
  rule('635', ['PrevPerm'], (ctx, emit) => { for (const p of ctx.rows('PrevPerm')) if ((p.v.LA_PERM !== '' || p.v.DATE_PERM !== '') && p.v.PREV_PERM === '') emit('PrevPerm', p); }),
];
