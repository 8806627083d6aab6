/**
 * A small, hand-made, clean SSDA903 data set for 2024-25 (collection year
 * 2025) plus the previous year's files, built in code. Tests plant single
 * errors into a copy; the benchmark clones it with different child ids.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { columnsOf, tableDef, type Ssda903Table } from '../../../src/domain/codes/ssda903.ts';
import { toCsv } from '../../../src/returns/format.ts';
import { tableFromRows, type Tables } from '../../../src/returns/ssda903/read.ts';

export const YEAR = 2025;
export type Rec = Record<string, string>;
export type TableRows = Partial<Record<Ssda903Table, Rec[]>>;
export interface Fx { cur: TableRows; prev: TableRows }

/** ISO → dd/mm/yyyy. */
export const d = (iso: string) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');

function ep(child: string, decom: string, rne: string, ls: string, cin: string, place: string, pp: string, dec = '', rec = '', rpc = '', extra: Rec = {}): Rec {
  return { CHILD: child, DECOM: d(decom), RNE: rne, LS: ls, CIN: cin, PLACE: place, PLACE_PROVIDER: pp, DEC: d(dec), REC: rec,
    REASON_PLACE_CHANGE: rpc, HOME_POST: 'KT1 1AA', PL_POST: 'KT2 5BB', URN: '', ...extra };
}

/** The clean set. `p` prefixes child ids (the benchmark makes many copies). */
export function cleanFixture(p = ''): Fx {
  const C = (n: number) => `${p}C${n}`;
  const hdr = (n: number, sex: string, dob: string, upn: string, mother = '', mcdob = '', ethnic = 'WBRI') =>
    ({ CHILD: C(n), SEX: sex, DOB: d(dob), ETHNIC: ethnic, UPN: upn, MOTHER: mother, MC_DOB: d(mcdob) });
  const prevSex = (s: string) => (s === 'M' ? '1' : s === 'F' ? '2' : s);
  const people: [number, string, string, string, string][] = [
    [1, 'F', '2010-05-10', 'A123456789012', '0'],
    [2, 'M', '2008-03-01', 'B123456789013', ''],
    [3, 'M', '2018-07-01', 'C123456789014', ''],
    [4, 'M', '2021-01-01', 'UN1', ''],
    [5, 'M', '2005-09-20', 'UN5', ''],
    [6, 'M', '2008-08-01', 'UN2', ''],
  ];
  const curHeader = people.map(([n, s, dob, upn, m]) => hdr(n, s, dob, upn, m));
  // C5 (care leaver) was last looked after in the previous year; last year's header had MOTHER blank for boys
  const prevHeader = people.map(([n, s, dob, upn, m]) => ({ ...hdr(n, prevSex(s), dob, upn, m) }));
  // C3 started in this year: not in last year's files
  const prevHeaderNo3 = prevHeader.filter((r) => r.CHILD !== C(3));

  const e1 = ep(C(1), '2019-06-01', 'S', 'C2', 'N1', 'U4', 'PR1');
  const e2a = ep(C(2), '2022-02-01', 'S', 'V2', 'N4', 'U6', 'PR4', '2024-09-10', 'X1', 'CARPL');
  const e2b = ep(C(2), '2024-09-10', 'P', 'V2', 'N4', 'K2', 'PR4', '', '', '', { URN: 'SC654321', PL_POST: 'KT3 6CC' });
  const e3 = ep(C(3), '2024-06-01', 'S', 'C1', 'N1', 'U6', 'PR1', '2024-12-01', 'E4A');
  const e4a = ep(C(4), '2022-05-01', 'S', 'C2', 'N1', 'U6', 'PR1', '2023-08-01', 'X1', '');
  const e4b = ep(C(4), '2023-08-01', 'L', 'E1', 'N1', 'U6', 'PR1', '2024-06-01', 'X1', 'CARPL');
  const e4c = ep(C(4), '2024-06-01', 'P', 'E1', 'N1', 'A6', 'PR1', '2025-01-15', 'E11', '', { PL_POST: 'KT4 7DD' });
  const e5 = ep(C(5), '2021-01-01', 'S', 'V2', 'N4', 'U6', 'PR4', '2023-09-20', 'E17');
  const e6 = ep(C(6), '2023-09-01', 'S', 'V2', 'N8', 'U6', 'PR1');
  const open = (r: Rec): Rec => ({ ...r, DEC: '', REC: '', REASON_PLACE_CHANGE: '' });

  const oc2 = (n: number, dob: string, score: string, convicted: string, hc = '') => ({
    CHILD: C(n), DOB: d(dob), SDQ_SCORE: score, SDQ_REASON: '', CONVICTED: convicted, HEALTH_CHECK: hc,
    IMMUNISATIONS: '1', TEETH_CHECK: '1', HEALTH_ASSESSMENT: '1', SUBSTANCE_MISUSE: '0', INTERVENTION_RECEIVED: '', INTERVENTION_OFFERED: '',
  });

  const cur: TableRows = {
    Header: curHeader,
    Episodes: [e1, e2a, e2b, e3, e4b, e4c, e6],
    Reviews: [
      { CHILD: C(1), DOB: d('2010-05-10'), REVIEW: d('2024-05-15'), REVIEW_CODE: 'PN1' },
      { CHILD: C(1), DOB: d('2010-05-10'), REVIEW: d('2024-11-15'), REVIEW_CODE: 'PN1' },
      { CHILD: C(3), DOB: d('2018-07-01'), REVIEW: d('2024-06-20'), REVIEW_CODE: 'PN1' },
      { CHILD: C(4), DOB: d('2021-01-01'), REVIEW: d('2024-07-01'), REVIEW_CODE: 'PN0' },
    ],
    UASC: [{ CHILD: C(6), SEX: 'M', DOB: d('2008-08-01'), DUC: d('2026-08-01') }],
    OC2: [oc2(1, '2010-05-10', '12', '0'), oc2(2, '2008-03-01', '20', '0'), oc2(6, '2008-08-01', '10', '0')],
    OC3: [{ CHILD: C(5), DOB: d('2005-09-20'), IN_TOUCH: 'YES', ACTIV: 'F2', ACCOM: 'D1' }],
    AD1: [{ CHILD: C(4), DOB: d('2021-01-01'), DATE_INT: d('2023-06-01'), DATE_MATCH: d('2024-05-15'), FOSTER_CARE: '0', NB_ADOPTR: '2', SEX_ADOPTR: 'MF', LS_ADOPTR: 'L11' }],
    PlacedAdoption: [{ CHILD: C(4), DOB: d('2021-01-01'), DATE_PLACED: d('2023-06-01'), DATE_PLACED_CEASED: '', REASON_PLACED_CEASED: '' }],
    PrevPerm: [{ CHILD: C(3), DOB: d('2018-07-01'), PREV_PERM: 'Z1', LA_PERM: '', DATE_PERM: '' }],
    Missing: [
      { CHILD: C(1), DOB: d('2010-05-10'), MISSING: 'M', MIS_START: d('2024-07-03'), MIS_END: d('2024-07-05') },
      { CHILD: C(3), DOB: d('2018-07-01'), MISSING: 'A', MIS_START: d('2024-08-10'), MIS_END: d('2024-08-10') },
    ],
    SWEpisodes: [
      { CHILD: C(1), DOB: d('2010-05-10'), SW_ID: 'SW001', SW_DECOM: d('2024-01-01'), SW_DEC: '', SW_REASON: '' },
      { CHILD: C(2), DOB: d('2008-03-01'), SW_ID: 'SW002', SW_DECOM: d('2023-03-01'), SW_DEC: '', SW_REASON: '' },
      { CHILD: C(6), DOB: d('2008-08-01'), SW_ID: 'SW003', SW_DECOM: d('2023-09-01'), SW_DEC: '', SW_REASON: '' },
    ],
  };
  const prev: TableRows = {
    Header: prevHeaderNo3,
    Episodes: [{ ...e1 }, open(e2a), e4a, open(e4b), e5, { ...e6 }],
    Reviews: [],
    UASC: [{ CHILD: C(6), SEX: '1', DOB: d('2008-08-01'), DUC: d('2026-08-01') }],
    OC2: [oc2(1, '2010-05-10', '14', '0'), oc2(2, '2008-03-01', '18', '0')],
    OC3: [],
    AD1: [],
    PlacedAdoption: [{ CHILD: C(4), DOB: d('2021-01-01'), DATE_PLACED: d('2023-06-01'), DATE_PLACED_CEASED: '', REASON_PLACED_CEASED: '' }],
    PrevPerm: [],
    Missing: [],
    SWEpisodes: [
      { CHILD: C(1), DOB: d('2010-05-10'), SW_ID: 'SW001', SW_DECOM: d('2024-01-01'), SW_DEC: '', SW_REASON: '' },
      { CHILD: C(2), DOB: d('2008-03-01'), SW_ID: 'SW002', SW_DECOM: d('2023-03-01'), SW_DEC: '', SW_REASON: '' },
      { CHILD: C(6), DOB: d('2008-08-01'), SW_ID: 'SW003', SW_DECOM: d('2023-09-01'), SW_DEC: '', SW_REASON: '' },
    ],
  };
  return { cur, prev };
}

export function cloneFx(fx: Fx): Fx {
  return structuredClone(fx);
}

function toTables(year: number, rows: TableRows): Tables {
  const out: Tables = {};
  for (const [t, recs] of Object.entries(rows) as [Ssda903Table, Rec[]][]) {
    const cols = columnsOf(year, t);
    const extra = recs.some((r) => 'UASC' in r) && t === 'Header' ? ['UASC'] : [];
    const all = [...cols, ...extra];
    out[t] = tableFromRows(year, t, `${tableDef(year, t).fileName}.csv`, all, recs.map((r) => all.map((c) => r[c] ?? '')));
  }
  return out;
}

/** In-memory tables for the current and previous year. */
export function fxTables(fx: Fx, year = YEAR): { cur: Tables; prev: Tables } {
  return { cur: toTables(year, fx.cur), prev: toTables(year - 1, fx.prev) };
}

/** Writes the fixture as DfE CSV files into `dir` (and `dir`/previous). */
export async function writeFx(fx: Fx, dir: string, year = YEAR): Promise<{ cur: string; prev: string }> {
  const prevDir = join(dir, 'previous');
  const curDir = join(dir, 'current');
  for (const [folder, rows, y] of [[curDir, fx.cur, year], [prevDir, fx.prev, year - 1]] as const) {
    await mkdir(folder, { recursive: true });
    for (const [t, recs] of Object.entries(rows) as [Ssda903Table, Rec[]][]) {
      const cols = columnsOf(y, t);
      await writeFile(join(folder, `${tableDef(y, t).fileName}.csv`), toCsv(cols, recs.map((r) => cols.map((c) => r[c] ?? ''))));
    }
  }
  return { cur: curDir, prev: prevDir };
}

/** Finds a row of a table by child (and optional predicate) so plants can edit it. */
export function row(rows: TableRows, t: Ssda903Table, child: string, pred: (r: Rec) => boolean = () => true): Rec {
  const r = rows[t]?.find((x) => x.CHILD === child && pred(x));
  if (!r) throw new Error(`fixture has no ${t} row for ${child}`);
  return r;
}
