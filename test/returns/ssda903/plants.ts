/**
 * One planting function per implemented rule: each introduces exactly one
 * violation of that rule into the clean fixture. This table is the contract
 * (and the coverage list) for the validator.
 */
import { d, row, type Fx, type Rec } from './fixture.ts';

type Plant = (fx: Fx) => void;
const set = (r: Rec, v: Rec) => Object.assign(r, v);
const H = (fx: Fx, c: string) => row(fx.cur, 'Header', c);
const E = (fx: Fx, c: string, decom?: string) => row(fx.cur, 'Episodes', c, (r) => !decom || r.DECOM === d(decom));

export const PLANTS: Record<string, Plant> = {
  // --- formats
  101: (fx) => { set(H(fx, 'C2'), { SEX: '3' }); set(row(fx.prev, 'Header', 'C2'), { SEX: '3' }); },
  102: (fx) => { set(H(fx, 'C5'), { DOB: '31/02/2005' }); set(row(fx.cur, 'OC3', 'C5'), { DOB: '31/02/2005' }); },
  103: (fx) => { set(H(fx, 'C1'), { ETHNIC: 'XXXX' }); set(row(fx.prev, 'Header', 'C1'), { ETHNIC: 'XXXX' }); },
  104: (fx) => set(row(fx.cur, 'UASC', 'C6'), { DUC: '2024-05-01' }),
  105: (fx) => { for (const h of fx.cur.Header!) h.UASC = h.CHILD === 'C6' ? '1' : '0'; H(fx, 'C1').UASC = '2'; },
  112: (fx) => set(row(fx.cur, 'AD1', 'C4'), { DATE_INT: '01/13/2023' }),
  113: (fx) => set(row(fx.cur, 'AD1', 'C4'), { DATE_MATCH: '15-05-2024' }),
  114: (fx) => set(row(fx.cur, 'AD1', 'C4'), { FOSTER_CARE: '2' }),
  115: (fx) => { addPa(fx, { DATE_PLACED: 'unknown', DATE_PLACED_CEASED: d('2024-09-01'), REASON_PLACED_CEASED: 'RD1' }); },
  116: (fx) => { addPa(fx, { DATE_PLACED: d('2024-07-01'), DATE_PLACED_CEASED: '32/01/2025', REASON_PLACED_CEASED: 'RD1' }); },
  120: (fx) => { addPa(fx, { DATE_PLACED: d('2024-07-01'), DATE_PLACED_CEASED: d('2024-09-01'), REASON_PLACED_CEASED: 'RD9' }); },
  131: (fx) => set(row(fx.cur, 'OC3', 'C5'), { IN_TOUCH: 'MAYBE' }),
  132: (fx) => set(row(fx.cur, 'OC3', 'C5'), { ACTIV: 'F3' }),
  133: (fx) => set(row(fx.cur, 'OC3', 'C5'), { ACCOM: 'A1' }),
  141: (fx) => set(E(fx, 'C3'), { DECOM: '2024-06-01' }),
  143: (fx) => set(E(fx, 'C2', '2024-09-10'), { RNE: 'Q' }),
  144: (fx) => { set(E(fx, 'C1'), { LS: 'C9' }); set(row(fx.prev, 'Episodes', 'C1'), { LS: 'C9' }); },
  145: (fx) => { set(E(fx, 'C1'), { CIN: 'N9' }); set(row(fx.prev, 'Episodes', 'C1'), { CIN: 'N9' }); },
  146: (fx) => { set(E(fx, 'C1'), { PLACE: 'Q9' }); set(row(fx.prev, 'Episodes', 'C1'), { PLACE: 'Q9' }); },
  147: (fx) => { set(E(fx, 'C3'), { DEC: '01/12/24' }); swFromStart(fx, 'C3'); },
  149: (fx) => set(E(fx, 'C3'), { REC: 'E43' }),
  1004: (fx) => set(row(fx.cur, 'Missing', 'C1'), { MIS_START: '03/07/24' }),
  1005: (fx) => set(row(fx.cur, 'Missing', 'C1'), { MIS_END: '5 July 2024' }),
  1006: (fx) => set(row(fx.cur, 'Missing', 'C1'), { MISSING: 'X' }),
  1009: (fx) => set(E(fx, 'C2', '2022-02-01'), { REASON_PLACE_CHANGE: 'BORED' }),
  166: (fx) => set(row(fx.cur, 'Reviews', 'C3'), { REVIEW: '' }),
  167: (fx) => set(row(fx.cur, 'Reviews', 'C3'), { REVIEW_CODE: '' }),
  168: (fx) => { set(H(fx, 'C1'), { UPN: 'I123456789012' }); set(row(fx.prev, 'Header', 'C1'), { UPN: 'I123456789012' }); },
  171: (fx) => set(H(fx, 'C1'), { MOTHER: '1', MC_DOB: '2024/06/01' }),
  175: (fx) => set(row(fx.cur, 'AD1', 'C4'), { NB_ADOPTR: '3' }),
  176: (fx) => set(row(fx.cur, 'AD1', 'C4'), { SEX_ADOPTR: 'XY', NB_ADOPTR: '1' }),
  177: (fx) => set(row(fx.cur, 'AD1', 'C4'), { LS_ADOPTR: 'L5' }),
  178: (fx) => { set(E(fx, 'C1'), { PLACE_PROVIDER: 'PR9' }); set(row(fx.prev, 'Episodes', 'C1'), { PLACE_PROVIDER: 'PR9' }); },
  180: (fx) => set(row(fx.cur, 'OC2', 'C1'), { SDQ_SCORE: '41' }),
  181: (fx) => set(row(fx.cur, 'OC2', 'C1'), { TEETH_CHECK: 'Y' }),
  196: (fx) => set(row(fx.cur, 'OC2', 'C1'), { SDQ_SCORE: '', SDQ_REASON: 'SDQ9' }),
  631: (fx) => set(row(fx.cur, 'PrevPerm', 'C3'), { PREV_PERM: 'P9', LA_PERM: '316', DATE_PERM: d('2020-01-01') }),
  442: (fx) => { set(H(fx, 'C1'), { UPN: '' }); set(row(fx.prev, 'Header', 'C1'), { UPN: '' }); },
  SW02STG1: (fx) => { set(row(fx.cur, 'SWEpisodes', 'C1'), { SW_ID: 'AB001' }); set(row(fx.prev, 'SWEpisodes', 'C1'), { SW_ID: 'AB001' }); },
  SW03STG1: (fx) => { fx.cur.SWEpisodes!.push({ CHILD: 'C3', DOB: d('2018-07-01'), SW_ID: '', SW_DECOM: d('2024-06-01'), SW_DEC: d('2024-12-01'), SW_REASON: 'OTHERS' }); },
  SW04STG1: (fx) => { set(row(fx.cur, 'SWEpisodes', 'C1'), { SW_DECOM: '2024-01-01' }); set(row(fx.prev, 'SWEpisodes', 'C1'), { SW_DECOM: '2024-01-01' }); },
  SW05STG1: (fx) => set(row(fx.cur, 'SWEpisodes', 'C1'), { SW_DEC: '2025-13-01', SW_REASON: 'LEFTRL' }),
  SW13STG1: (fx) => { set(row(fx.cur, 'SWEpisodes', 'C1'), { SW_REASON: 'BORED' }); set(row(fx.prev, 'SWEpisodes', 'C1'), { SW_REASON: 'BORED' }); },
  // --- integrity
  INT01: (fx) => { fx.cur.AD1!.push({ ...row(fx.cur, 'AD1', 'C4'), CHILD: 'X9' }); },
  INT02: (fx) => { fx.cur.PlacedAdoption!.push({ ...row(fx.cur, 'PlacedAdoption', 'C4'), CHILD: 'X9' }); fx.prev.PlacedAdoption!.push({ ...row(fx.prev, 'PlacedAdoption', 'C4'), CHILD: 'X9' }); },
  INT03: (fx) => { const x = { ...E(fx, 'C3'), CHILD: 'X9', DECOM: d('2024-03-01') }; fx.cur.Episodes!.push(x); fx.prev.Episodes!.push({ ...x, DEC: '', REC: '' }); },
  INT04: (fx) => { row(fx.cur, 'Missing', 'C3').CHILD = 'X9'; },
  INT05: (fx) => { fx.cur.OC2!.push({ ...row(fx.cur, 'OC2', 'C1'), CHILD: 'X9' }); },
  INT06: (fx) => { fx.cur.OC3!.push({ ...row(fx.cur, 'OC3', 'C5'), CHILD: 'X9' }); },
  INT07: (fx) => { fx.cur.PrevPerm!.push({ ...row(fx.cur, 'PrevPerm', 'C3'), CHILD: 'X9' }); },
  INT08: (fx) => { fx.cur.Reviews!.push({ ...row(fx.cur, 'Reviews', 'C3'), CHILD: 'X9' }); },
  INT09: (fx) => { fx.cur.UASC!.push({ ...row(fx.cur, 'UASC', 'C6'), CHILD: 'X9' }); },
  INT11: (fx) => set(row(fx.cur, 'AD1', 'C4'), { DOB: d('2021-01-02') }),
  INT12: (fx) => set(row(fx.cur, 'PlacedAdoption', 'C4'), { DOB: d('2021-01-02') }),
  INT13: (fx) => set(row(fx.cur, 'Missing', 'C3'), { DOB: d('2018-07-02') }),
  INT14: (fx) => set(row(fx.cur, 'OC2', 'C1'), { DOB: d('2010-05-11') }),
  INT15: (fx) => set(row(fx.cur, 'OC3', 'C5'), { DOB: d('2005-09-21') }),
  INT16: (fx) => set(row(fx.cur, 'PrevPerm', 'C3'), { DOB: d('2018-07-02') }),
  INT17: (fx) => set(row(fx.cur, 'Reviews', 'C3'), { DOB: d('2018-07-02') }),
  INT18: (fx) => set(row(fx.cur, 'UASC', 'C6'), { DOB: d('2008-08-02') }),
  INT21: (fx) => set(row(fx.cur, 'UASC', 'C6'), { SEX: 'F' }),
  INT31: (fx) => { fx.cur.AD1!.push({ ...row(fx.cur, 'AD1', 'C4') }); },
  INT32: (fx) => { fx.cur.Header!.push({ ...H(fx, 'C5') }); },
  INT33: (fx) => { fx.cur.OC2!.push({ ...row(fx.cur, 'OC2', 'C1') }); },
  INT34: (fx) => { fx.cur.OC3!.push({ ...row(fx.cur, 'OC3', 'C5') }); },
  INT35: (fx) => { fx.cur.PrevPerm!.push({ ...row(fx.cur, 'PrevPerm', 'C3') }); },
  INT36: (fx) => { fx.cur.UASC!.push({ ...row(fx.cur, 'UASC', 'C6') }); },
  // --- episodes
  302: (fx) => { set(E(fx, 'C1'), { DECOM: d('2010-05-01') }); set(row(fx.prev, 'Episodes', 'C1'), { DECOM: d('2010-05-01') }); },
  352: (fx) => { set(H(fx, 'C3'), { DOB: d('2006-01-01') }); for (const r of fx.cur.Reviews!) if (r.CHILD === 'C3') r.DOB = d('2006-01-01'); for (const r of fx.cur.PrevPerm!) r.DOB = d('2006-01-01'); for (const r of fx.cur.Missing!) if (r.CHILD === 'C3') r.DOB = d('2006-01-01'); },
  353: (fx) => { for (const side of [fx.cur, fx.prev]) side.Episodes!.unshift(ep('C1', '1991-01-01', 'S', 'C2', 'N1', 'U6', 'PR1', '1991-02-01', 'E4A')); },
  354: (fx) => { fx.cur.Episodes!.push(ep('C3', '2025-04-02', 'S', 'C1', 'N1', 'U6', 'PR1')); },
  385: (fx) => { set(E(fx, 'C3'), { DEC: d('2025-04-10') }); swFromStart(fx, 'C3'); },
  355: (fx) => { set(E(fx, 'C3'), { DEC: d('2024-06-01') }); dropMissing(fx, 'C3'); },
  356: (fx) => { set(E(fx, 'C3'), { DEC: d('2024-05-20') }); dropMissing(fx, 'C3'); },
  148: (fx) => set(E(fx, 'C3'), { REC: '' }),
  142: (fx) => set(E(fx, 'C4', '2023-08-01'), { DEC: '', REC: '', REASON_PLACE_CHANGE: '' }),
  501: (fx) => { set(E(fx, 'C2', '2022-02-01'), { DEC: d('2024-09-12') }); fx.cur.OC2 = fx.cur.OC2!.filter((r) => r.CHILD !== 'C2'); },
  388: (fx) => set(E(fx, 'C3'), { REC: 'X1' }),
  431: (fx) => { set(E(fx, 'C2', '2024-09-10'), { RNE: 'S' }); fx.cur.PrevPerm!.push({ CHILD: 'C2', DOB: d('2008-03-01'), PREV_PERM: 'Z1', LA_PERM: '', DATE_PERM: '' }); },
  432: (fx) => set(E(fx, 'C2', '2022-02-01'), { REC: 'E4A', REASON_PLACE_CHANGE: '' }),
  433: (fx) => { set(E(fx, 'C2', '2022-02-01'), { DEC: d('2024-09-08') }); fx.cur.OC2 = fx.cur.OC2!.filter((r) => r.CHILD !== 'C2'); },
  437: (fx) => set(E(fx, 'C2', '2022-02-01'), { REC: 'E15', REASON_PLACE_CHANGE: '' }),
  357: (fx) => set(E(fx, 'C3'), { RNE: 'P' }),
  504: (fx) => set(E(fx, 'C2', '2024-09-10'), { CIN: 'N5' }),
  217: (fx) => { set(E(fx, 'C4', '2024-06-01'), { PLACE: 'A5', RNE: 'B' }); set(row(fx.cur, 'AD1', 'C4'), { FOSTER_CARE: '1' }); lsBeforePlacement(fx); },
  358: (fx) => set(E(fx, 'C3'), { LS: 'J1' }),
  361: (fx) => set(E(fx, 'C3'), { LS: 'L1' }),
  362: (fx) => set(E(fx, 'C3'), { LS: 'L2' }),
  363: (fx) => set(E(fx, 'C3'), { LS: 'L3' }),
  365: (fx) => { fx.cur.Episodes!.push(ep('C3', '2025-01-01', 'S', 'V3', 'N2', 'R1', 'PR1', '2025-01-25', 'E8', '', { PL_POST: '', HOME_POST: '' })); },
  366: (fx) => { fx.cur.Episodes!.push(ep('C3', '2025-01-01', 'S', 'V3', 'N2', 'R1', 'PR1', '2025-01-05', 'X1', 'CARPL', { PL_POST: '', HOME_POST: '' }), ep('C3', '2025-01-05', 'P', 'V3', 'N2', 'U6', 'PR1', '2025-01-08', 'E8', '', { PL_POST: '', HOME_POST: '' })); },
  371: (fx) => set(E(fx, 'C3'), { PLACE: 'K3' }),
  372: (fx) => set(E(fx, 'C3'), { PLACE: 'R5', PLACE_PROVIDER: 'PR4' }),
  373: (fx) => { set(E(fx, 'C4', '2023-08-01'), { PLACE: 'S1' }); set(row(fx.prev, 'Episodes', 'C4', (r) => r.DECOM === d('2023-08-01')), { PLACE: 'S1' }); },
  374: (fx) => set(E(fx, 'C3'), { PLACE: 'P3' }),
  375: (fx) => { tempBetween(fx, 'T1', '2024-07-01', '2024-08-20'); },
  376: (fx) => { tempBetween(fx, 'T3', '2024-07-01', '2024-07-25'); },
  379: (fx) => { tempBetween(fx, 'T4', '2024-07-01', '2024-07-10'); },
  377: (fx) => { tempBetween(fx, 'T3', '2024-07-01', '2024-07-05'); tempBetween(fx, 'T3', '2024-07-10', '2024-07-15'); tempBetween(fx, 'T3', '2024-07-20', '2024-07-25'); },
  378: (fx) => set(E(fx, 'C3'), { LS: 'V2', PLACE: 'P1', PLACE_PROVIDER: 'PR0' }),
  380: (fx) => { set(E(fx, 'C3'), { PLACE: 'T4', PLACE_PROVIDER: '', DEC: d('2024-06-05'), REC: 'X1' }); fx.cur.Episodes!.push(ep('C3', '2024-06-05', 'P', 'C1', 'N1', 'U6', 'PR1', '2024-12-01', 'E4A')); },
  381: (fx) => { set(E(fx, 'C3'), { DEC: d('2024-07-01'), REC: 'X1' }); fx.cur.Episodes!.push(ep('C3', '2024-07-01', 'P', 'C1', 'N1', 'T1', '', '2024-07-20', 'E4A', '', { PL_POST: 'KT9 9ZZ' })); dropMissing(fx, 'C3'); },
  382: (fx) => { fx.cur.Episodes!.push(ep('C3', '2025-01-01', 'S', 'V4', 'N2', 'T0', '', '2025-01-05', 'E8', '', { PL_POST: '', HOME_POST: '' })); },
  384: (fx) => { fx.cur.Episodes!.push(ep('C3', '2025-01-01', 'S', 'V4', 'N2', 'U4', 'PR1', '2025-01-05', 'E8', '', { PL_POST: '', HOME_POST: '' })); },
  386: (fx) => { for (const t of ['Header', 'AD1', 'PlacedAdoption', 'Reviews'] as const) for (const r of fx.cur[t]!) if (r.CHILD === 'C4') r.DOB = d('2006-01-01'); set(row(fx.cur, 'Reviews', 'C4'), { REVIEW_CODE: 'PN1' }); for (const r of fx.prev.Header!) if (r.CHILD === 'C4') set(r, { DOB: d('2006-01-01'), UPN: 'D123456789015' }); set(H(fx, 'C4'), { UPN: 'D123456789015' }); for (const r of fx.prev.PlacedAdoption!) if (r.CHILD === 'C4') r.DOB = d('2006-01-01'); },
  387: (fx) => set(E(fx, 'C3'), { REC: 'E5' }),
  389: (fx) => set(E(fx, 'C3'), { REC: 'E7' }),
  407: (fx) => { set(H(fx, 'C2'), { DOB: d('2007-03-01') }); syncDob(fx, 'C2'); set(E(fx, 'C2', '2024-09-10'), { DEC: d('2025-03-10'), REC: 'E45', PLACE: 'U6' }); dropSw(fx, 'C2'); fx.cur.OC2 = fx.cur.OC2!.filter((r) => r.CHILD !== 'C2'); },
  460: (fx) => set(E(fx, 'C3'), { REC: 'E17' }),
  390: (fx) => set(E(fx, 'C4', '2024-06-01'), { PLACE: 'U6' }),
  445: (fx) => { set(E(fx, 'C3'), { LS: 'D1', DEC: d('2024-12-01') }); addPa(fx, { DATE_PLACED: d('2024-06-01'), DATE_PLACED_CEASED: d('2024-11-01'), REASON_PLACED_CEASED: 'RD1' }); },
  // pre-2006 orders need a child born before 2006: C5 (born 20/09/2005), adopted from care in 2005 in these plants
  446: (fx) => { oldCare(fx, [ep('C5', '2005-10-01', 'S', 'E1', 'N1', 'A4', 'PR1', '2005-11-01', 'E11')], '2005-10-01'); },
  451: (fx) => {
    // C5 is still freed for adoption (D1 since 2005) instead of a care leaver: looked after at 19, so in the OC2 cohort
    fx.cur.OC3 = []; fx.prev.Episodes = fx.prev.Episodes!.filter((r) => r.CHILD !== 'C5');
    oldCare(fx, [ep('C5', '2005-10-01', 'S', 'D1', 'N1', 'U6', 'PR1')], '2005-10-01');
    for (const side of [fx.cur, fx.prev]) side.SWEpisodes!.push({ CHILD: 'C5', DOB: d('2005-09-20'), SW_ID: 'SW009', SW_DECOM: d('2023-01-01'), SW_DEC: '', SW_REASON: '' });
    fx.cur.OC2!.push(emptyOc2('C5', '2005-09-20', { CONVICTED: '0', IMMUNISATIONS: '1', TEETH_CHECK: '1', HEALTH_ASSESSMENT: '1', SUBSTANCE_MISUSE: '0' }));
  },
  408: (fx) => set(E(fx, 'C4', '2024-06-01'), { LS: 'C2', RNE: 'U' }),
  527: (fx) => set(E(fx, 'C3'), { PLACE: 'R2', PLACE_PROVIDER: 'PR1' }),
  528: (fx) => set(E(fx, 'C3'), { PLACE: 'R2', PLACE_PROVIDER: 'PR2' }),
  529: (fx) => set(E(fx, 'C3'), { PLACE_PROVIDER: 'PR3' }),
  530: (fx) => set(E(fx, 'C3'), { LS: 'C1', PLACE: 'P1', PLACE_PROVIDER: 'PR4', HOME_POST: 'KT2 5BB' }),
  531: (fx) => set(E(fx, 'C3'), { LS: 'C1', PLACE: 'P1', PLACE_PROVIDER: 'PR5', HOME_POST: 'KT2 5BB' }),
  550: (fx) => set(E(fx, 'C3'), { PLACE_PROVIDER: 'PR0' }),
  526: (fx) => set(E(fx, 'C3'), { PLACE_PROVIDER: '' }),
  213: (fx) => { tempBetween(fx, 'T1', '2024-07-01', '2024-07-05'); set(E(fx, 'C3', '2024-07-01'), { PLACE_PROVIDER: 'PR1' }); },
  // a URN on a respite episode (a placement postcode would also be 398's "distance field")
  214: (fx) => { fx.cur.Episodes!.push({ ...respite('V3', '2025-01-01', '2025-01-05'), PLACE: 'U6', URN: 'SC900001' }); },
  226: (fx) => { tempBetween(fx, 'T1', '2024-07-01', '2024-07-05'); set(E(fx, 'C3', '2024-07-01'), { REASON_PLACE_CHANGE: 'OTHER' }); },
  225: (fx) => set(E(fx, 'C2', '2022-02-01'), { REASON_PLACE_CHANGE: '' }),
  '392c': (fx) => set(E(fx, 'C3'), { PL_POST: 'NOT A PC' }),
  '392d': (fx) => set(E(fx, 'C3'), { PL_POST: 'KT1 1AA' }),
  336: (fx) => { set(E(fx, 'C4', '2024-06-01'), { PLACE: 'A5', RNE: 'U' }); lsBeforePlacement(fx); set(E(fx, 'C4', '2023-08-01'), { PLACE: 'R1', PLACE_PROVIDER: 'PR1' }); set(row(fx.cur, 'AD1', 'C4'), { FOSTER_CARE: '1' }); for (const r of fx.prev.Episodes!) if (r.CHILD === 'C4' && r.DECOM === d('2023-08-01')) set(r, { PLACE: 'R1' }); },
  // --- header, reviews, missing, UASC
  301: (fx) => { set(H(fx, 'C3'), { DOB: d('2025-06-01') }); syncDob(fx, 'C3'); },
  351: (fx) => { set(H(fx, 'C5'), { DOB: d('1998-01-01') }); syncDob(fx, 'C5'); },
  174: (fx) => set(H(fx, 'C3'), { MC_DOB: d('2024-01-01') }),
  611: (fx) => set(H(fx, 'C1'), { MOTHER: '1' }),
  612: (fx) => set(H(fx, 'C1'), { MC_DOB: d('2024-10-01') }),
  620: (fx) => { set(H(fx, 'C3'), { SEX: 'F', MOTHER: '1', MC_DOB: d('2024-10-01') }); for (const r of fx.prev.Header!) if (r.CHILD === 'C3') r.SEX = '2'; },
  621: (fx) => { set(H(fx, 'C1'), { MOTHER: '1', MC_DOB: d('2009-10-01') }); set(row(fx.prev, 'Header', 'C1'), { MOTHER: '1', MC_DOB: d('2009-10-01') }); },
  625: (fx) => set(H(fx, 'C1'), { MOTHER: '1', MC_DOB: d('2025-05-01') }),
  393: (fx) => set(H(fx, 'C1'), { MOTHER: '' }),
  209: (fx) => set(H(fx, 'C3'), { UPN: 'UN1' }),
  210: (fx) => { set(H(fx, 'C1'), { UPN: 'UN4' }); set(row(fx.prev, 'Header', 'C1'), { UPN: 'UN4' }); },
  EPI: (fx) => { fx.cur.Header!.push({ CHILD: 'C7', SEX: 'M', DOB: d('2015-01-01'), ETHNIC: 'WBRI', UPN: 'UN5', MOTHER: '', MC_DOB: '' }); },
  628: (fx) => set(H(fx, 'C5'), { MOTHER: '0' }),
  440: (fx) => set(row(fx.cur, 'Reviews', 'C3'), { REVIEW_CODE: 'PN0' }),
  441: (fx) => set(row(fx.cur, 'Reviews', 'C4'), { REVIEW_CODE: 'PN7' }),
  564: (fx) => set(row(fx.cur, 'Missing', 'C3'), { MIS_START: '' }),
  565: (fx) => set(row(fx.cur, 'Missing', 'C3'), { MISSING: '' }),
  566: (fx) => set(row(fx.cur, 'Missing', 'C3'), { MISSING: '', MIS_START: '' }),
  567: (fx) => set(row(fx.cur, 'Missing', 'C3'), { MIS_END: d('2024-08-09') }),
  570: (fx) => { fx.cur.Missing!.push({ CHILD: 'C1', DOB: d('2010-05-10'), MISSING: 'M', MIS_START: d('2025-04-03'), MIS_END: '' }); },
  571: (fx) => set(row(fx.cur, 'Missing', 'C1'), { MIS_END: d('2025-04-05') }),
  586: (fx) => { set(row(fx.cur, 'Missing', 'C1'), { MIS_START: d('2010-05-01'), MIS_END: '' }); },
  574: (fx) => { fx.cur.Missing!.push({ CHILD: 'C1', DOB: d('2010-05-10'), MISSING: 'M', MIS_START: d('2024-07-04'), MIS_END: d('2024-07-06') }); },
  581: (fx) => set(row(fx.cur, 'Missing', 'C3'), { MIS_START: d('2024-05-10'), MIS_END: d('2024-05-11') }),
  578: (fx) => set(row(fx.cur, 'Missing', 'C3'), { MIS_START: d('2024-12-10'), MIS_END: d('2024-12-11') }),
  577: (fx) => set(row(fx.cur, 'Missing', 'C3'), { MIS_END: '' }),
  304: (fx) => set(row(fx.cur, 'UASC', 'C6'), { DUC: d('2026-09-01') }),
  303: (fx) => { for (const h of fx.cur.Header!) h.UASC = '0'; set(row(fx.cur, 'UASC', 'C6'), { DUC: d('2025-01-01') }); },
  1014: (fx) => { for (const t of [fx.cur, fx.prev]) t.UASC!.push({ CHILD: 'C5', SEX: 'M', DOB: d('2005-09-20'), DUC: d('2023-09-20') }); },
  // --- OC2 / OC3
  190: (fx) => { fx.cur.OC2!.push({ ...row(fx.cur, 'OC2', 'C1'), CHILD: 'C3', DOB: d('2018-07-01'), SDQ_SCORE: '', CONVICTED: '' }); },
  185: (fx) => { fx.cur.OC2!.push(emptyOc2('C3', '2018-07-01', { SDQ_SCORE: '5' })); },
  198: (fx) => { fx.cur.OC2!.push(emptyOc2('C3', '2018-07-01', { SDQ_REASON: 'SDQ2' })); },
  191: (fx) => set(row(fx.cur, 'OC2', 'C1'), { TEETH_CHECK: '' }),
  543: (fx) => set(row(fx.cur, 'OC2', 'C1'), { CONVICTED: '' }),
  542: (fx) => { lacYoung(fx); set(row(fx.cur, 'OC2', 'C3'), { CONVICTED: '0' }); },
  545: (fx) => { lacYoung(fx); set(row(fx.cur, 'OC2', 'C3'), { HEALTH_CHECK: '' }); },
  546: (fx) => set(row(fx.cur, 'OC2', 'C1'), { HEALTH_CHECK: '1' }),
  192: (fx) => set(row(fx.cur, 'OC2', 'C1'), { SUBSTANCE_MISUSE: '1' }),
  193: (fx) => set(row(fx.cur, 'OC2', 'C1'), { INTERVENTION_RECEIVED: '1' }),
  158: (fx) => set(row(fx.cur, 'OC2', 'C1'), { SUBSTANCE_MISUSE: '1', INTERVENTION_RECEIVED: '1', INTERVENTION_OFFERED: '1' }),
  159: (fx) => set(row(fx.cur, 'OC2', 'C1'), { SUBSTANCE_MISUSE: '1', INTERVENTION_RECEIVED: '0' }),
  188: (fx) => { lacYoung(fx); set(row(fx.cur, 'OC2', 'C3'), { SDQ_SCORE: '3' }); },
  189: (fx) => { set(H(fx, 'C2'), { DOB: d('2007-03-01') }); syncDob(fx, 'C2'); },
  '197a': (fx) => set(row(fx.cur, 'OC2', 'C1'), { SDQ_REASON: 'SDQ4' }),
  186: (fx) => set(row(fx.cur, 'OC2', 'C1'), { SDQ_SCORE: '' }),
  '197B': (fx) => set(row(fx.cur, 'OC2', 'C2'), { SDQ_SCORE: '' }),
  157: (fx) => set(row(fx.cur, 'OC2', 'C1'), { SDQ_SCORE: '', SDQ_REASON: 'SDQ1' }),
  153: (fx) => set(row(fx.cur, 'OC3', 'C5'), { ACCOM: '' }),
  345: (fx) => set(row(fx.cur, 'OC3', 'C5'), { ACTIV: '0' }),
  344: (fx) => set(row(fx.cur, 'OC3', 'C5'), { IN_TOUCH: 'RHOM' }),
  391: (fx) => { set(H(fx, 'C5'), { DOB: d('2002-01-01') }); syncDob(fx, 'C5'); },
  3001: (fx) => { set(H(fx, 'C5'), { DOB: d('2007-09-20') }); syncDob(fx, 'C5'); for (const r of fx.prev.Episodes!) if (r.CHILD === 'C5') set(r, { DEC: d('2024-03-01'), REC: 'E13' }); set(row(fx.cur, 'OC3', 'C5'), { ACCOM: 'Z1' }); },
  134: (fx) => { fx.cur.AD1!.push({ ...row(fx.cur, 'AD1', 'C4'), CHILD: 'C5', DOB: d('2005-09-20') }); },
  187: (fx) => { fx.cur.OC3!.push({ CHILD: 'C2', DOB: d('2008-03-01'), IN_TOUCH: '', ACTIV: '', ACCOM: '' }); },
  215: (fx) => { fx.cur.OC3!.push({ CHILD: 'C2', DOB: d('2008-03-01'), IN_TOUCH: 'YES', ACTIV: 'F2', ACCOM: 'D1' }); },
  1000: (fx) => { for (const r of fx.prev.Episodes!) if (r.CHILD === 'C5') r.REC = 'E2'; },
  1011: (fx) => { fx.cur.OC3!.push({ CHILD: 'C2', DOB: d('2008-03-01'), IN_TOUCH: 'YES', ACTIV: 'F2', ACCOM: 'D1' }); set(E(fx, 'C2', '2024-09-10'), { DEC: d('2025-01-01'), REC: 'E3' }); dropSw(fx, 'C2'); fx.cur.OC2 = fx.cur.OC2!.filter((r) => r.CHILD !== 'C2'); },
  1012: (fx) => { fx.cur.Reviews!.push({ CHILD: 'C5', DOB: d('2005-09-20'), REVIEW: d('2024-05-01'), REVIEW_CODE: 'PN1' }); },
  // --- adoption
  151: (fx) => set(row(fx.cur, 'AD1', 'C4'), { LS_ADOPTR: '' }),
  333: (fx) => set(row(fx.cur, 'AD1', 'C4'), { DATE_MATCH: d('2023-05-01') }),
  511: (fx) => set(row(fx.cur, 'AD1', 'C4'), { SEX_ADOPTR: 'M1' }),
  514: (fx) => set(row(fx.cur, 'AD1', 'C4'), { LS_ADOPTR: 'L0' }),
  517: (fx) => set(row(fx.cur, 'AD1', 'C4'), { LS_ADOPTR: 'L3', SEX_ADOPTR: 'FF' }),
  518: (fx) => set(row(fx.cur, 'AD1', 'C4'), { LS_ADOPTR: 'L4' }),
  524: (fx) => set(row(fx.cur, 'AD1', 'C4'), { LS_ADOPTR: 'L12' }),
  520: (fx) => set(row(fx.cur, 'AD1', 'C4'), { SEX_ADOPTR: 'FF' }),
  519: (fx) => set(row(fx.cur, 'AD1', 'C4'), { LS_ADOPTR: 'L2', NB_ADOPTR: '1', SEX_ADOPTR: 'F1' }),
  602: (fx) => set(E(fx, 'C4', '2024-06-01'), { REC: 'E13' }),
  601: (fx) => { fx.cur.AD1 = []; },
  582: (fx) => set(row(fx.cur, 'AD1', 'C4'), { DATE_MATCH: d('2025-01-15') }),
  331: (fx) => set(row(fx.cur, 'AD1', 'C4'), { DATE_MATCH: d('2024-06-02') }),
  521: (fx) => { set(row(fx.cur, 'AD1', 'C4'), { DATE_INT: d('2024-06-02'), DATE_MATCH: d('2024-06-02') }); setPlaced(fx, '2024-06-02'); },
  334: (fx) => { set(row(fx.cur, 'AD1', 'C4'), { DATE_INT: d('2022-04-01') }); setPlaced(fx, '2022-04-01'); },
  335: (fx) => set(row(fx.cur, 'AD1', 'C4'), { FOSTER_CARE: '1' }),
  523: (fx) => set(row(fx.cur, 'AD1', 'C4'), { DATE_INT: d('2023-06-02') }),
  525: (fx) => set(row(fx.cur, 'PlacedAdoption', 'C4'), { DATE_PLACED_CEASED: d('2024-05-01'), REASON_PLACED_CEASED: 'RD1' }),
  119: (fx) => { addPa(fx, { DATE_PLACED_CEASED: d('2024-09-01') }); },
  522: (fx) => { addPa(fx, { DATE_PLACED: d('2024-10-01'), DATE_PLACED_CEASED: d('2024-09-01'), REASON_PLACED_CEASED: 'RD1' }); },
  563: (fx) => { addPa(fx, { DATE_PLACED: '', DATE_PLACED_CEASED: d('2024-09-01'), REASON_PLACED_CEASED: 'RD1' }); },
  184: (fx) => { addPa(fx, { DATE_PLACED: d('2018-06-01'), DATE_PLACED_CEASED: d('2024-09-01'), REASON_PLACED_CEASED: 'RD1' }); fx.prev.PlacedAdoption!.push({ CHILD: 'C3', DOB: d('2018-07-01'), DATE_PLACED: d('2018-06-01'), DATE_PLACED_CEASED: '', REASON_PLACED_CEASED: '' }); },
  117: (fx) => { addPa(fx, { DATE_PLACED: d('2024-07-01'), DATE_PLACED_CEASED: d('2024-12-20'), REASON_PLACED_CEASED: 'RD1' }); },
  118: (fx) => { addPa(fx, { DATE_PLACED: d('2024-01-01'), DATE_PLACED_CEASED: d('2024-02-01'), REASON_PLACED_CEASED: 'RD1' }, 'C1'); },
  552: (fx) => { set(row(fx.cur, 'PlacedAdoption', 'C4'), { DATE_PLACED: d('2024-06-02') }); set(row(fx.prev, 'PlacedAdoption', 'C4'), { DATE_PLACED: d('2024-06-02') }); set(row(fx.cur, 'AD1', 'C4'), { DATE_INT: d('2024-06-02'), DATE_MATCH: d('2024-06-02') }); },
  554: (fx) => { setPlaced(fx, '2023-08-02'); set(row(fx.cur, 'AD1', 'C4'), { DATE_INT: d('2023-08-02') }); },
  556: (fx) => { oldCare(fx, [ep('C5', '2005-10-01', 'S', 'D1', 'N1', 'U6', 'PR1', '2005-10-10', 'X1', 'CARPL'), ep('C5', '2005-10-10', 'P', 'D1', 'N1', 'A4', 'PR1', '2005-11-01', 'E11')], '2005-10-05'); },
  557: (fx) => { addPa(fx, { DATE_PLACED: d('2024-07-01') }); },
  551: (fx) => { fx.cur.PlacedAdoption = []; fx.prev.PlacedAdoption = []; for (const r of fx.cur.Episodes!) if (r.CHILD === 'C4') r.LS = 'C2'; for (const r of fx.prev.Episodes!) if (r.CHILD === 'C4') r.LS = 'C2'; set(E(fx, 'C4', '2024-06-01'), { PLACE: 'A4' }); set(E(fx, 'C4', '2023-08-01'), { RNE: 'P' }); set(row(fx.prev, 'Episodes', 'C4', (r) => r.DECOM === d('2023-08-01')), { RNE: 'P' }); },
  553: (fx) => set(E(fx, 'C3'), { LS: 'E1' }),
  555: (fx) => { for (const side of [fx.cur, fx.prev]) side.Episodes!.unshift(ep('C5', '2005-10-01', 'S', 'D1', 'N1', 'U6', 'PR1', '2005-11-01', 'E4A')); },
  // C1 (looked after, no decision so far) gets two decisions this year
  583: (fx) => { addPa(fx, { DATE_PLACED: d('2024-07-01') }, 'C1'); addPa(fx, { DATE_PLACED: d('2024-09-01') }, 'C1'); },
  579: (fx) => { addPa(fx, { DATE_PLACED: d('2024-07-01'), DATE_PLACED_CEASED: d('2024-10-01'), REASON_PLACED_CEASED: 'RD1' }, 'C1'); addPa(fx, { DATE_PLACED: d('2024-09-01') }, 'C1'); },
  // --- previous year
  202: (fx) => set(row(fx.prev, 'Header', 'C1'), { SEX: '1' }),
  203: (fx) => set(row(fx.prev, 'Header', 'C1'), { DOB: d('2010-05-11') }),
  204: (fx) => set(row(fx.prev, 'Header', 'C1'), { ETHNIC: 'WIRI' }),
  208: (fx) => set(row(fx.prev, 'Header', 'C1'), { UPN: 'A123456789099' }),
  207: (fx) => set(row(fx.prev, 'Header', 'C2'), { MOTHER: '1' }),
  624: (fx) => { set(H(fx, 'C1'), { MOTHER: '1', MC_DOB: d('2024-01-01') }); set(row(fx.prev, 'Header', 'C1'), { MOTHER: '1', MC_DOB: d('2024-01-02') }); },
  626: (fx) => set(H(fx, 'C1'), { MOTHER: '1', MC_DOB: d('2024-01-01') }),
  502: (fx) => { for (const r of fx.prev.Episodes!) if (r.CHILD === 'C1') r.DECOM = d('2019-06-02'); },
  '503A': (fx) => { for (const r of fx.prev.Episodes!) if (r.CHILD === 'C1') r.RNE = 'P'; },
  '503B': (fx) => { for (const r of fx.prev.Episodes!) if (r.CHILD === 'C1') r.LS = 'C1'; },
  '503C': (fx) => { for (const r of fx.prev.Episodes!) if (r.CHILD === 'C1') r.CIN = 'N2'; },
  '503D': (fx) => { for (const r of fx.prev.Episodes!) if (r.CHILD === 'C1') r.PLACE = 'U5'; },
  '503E': (fx) => { for (const r of fx.prev.Episodes!) if (r.CHILD === 'C1') r.PLACE_PROVIDER = 'PR2'; },
  '503F': (fx) => { for (const r of fx.prev.Episodes!) if (r.CHILD === 'C1') r.URN = 'SC000001'; },
  562: (fx) => { for (const r of fx.prev.Episodes!) if (r.CHILD === 'C2') set(r, { DECOM: d('2021-01-01'), DEC: d('2021-06-01'), REC: 'E4A' }); },
  NoE: (fx) => { fx.prev.Episodes = fx.prev.Episodes!.filter((r) => r.CHILD !== 'C6'); },
  576: (fx) => { fx.prev.Missing!.push({ CHILD: 'C1', DOB: d('2010-05-10'), MISSING: 'M', MIS_START: d('2024-03-20'), MIS_END: '' }); },
  559: (fx) => { fx.prev.PlacedAdoption = [{ CHILD: 'C1', DOB: d('2010-05-10'), DATE_PLACED: d('2020-01-01'), DATE_PLACED_CEASED: d('2020-06-01'), REASON_PLACED_CEASED: 'RD1' }]; },
  560: (fx) => set(row(fx.prev, 'PlacedAdoption', 'C4'), { DATE_PLACED: d('2023-05-01') }),
  561: (fx) => set(row(fx.prev, 'PlacedAdoption', 'C4'), { DATE_PLACED_CEASED: d('2023-09-01'), REASON_PLACED_CEASED: 'RD4' }),
  SW16aSTG2: (fx) => set(row(fx.prev, 'SWEpisodes', 'C1'), { SW_ID: 'SW009' }),
  SW16bSTG2: (fx) => set(row(fx.prev, 'SWEpisodes', 'C1'), { SW_DECOM: d('2023-12-01') }),
  SW16cSTG2: (fx) => set(row(fx.prev, 'SWEpisodes', 'C1'), { SW_REASON: 'OTHERS' }),
  // --- social worker episodes
  SW01STG1: (fx) => dropSw(fx, 'C6'),
  SW06STG2: (fx) => { fx.cur.SWEpisodes!.push({ CHILD: 'C1', DOB: d('2010-05-10'), SW_ID: 'SW005', SW_DECOM: d('2025-04-02'), SW_DEC: '', SW_REASON: '' }); set(row(fx.cur, 'SWEpisodes', 'C1', (r) => r.SW_ID === 'SW001'), { SW_DEC: d('2025-03-31'), SW_REASON: 'LEFTRL' }); },
  SW07STG2: (fx) => { fx.cur.SWEpisodes!.push({ CHILD: 'C3', DOB: d('2018-07-01'), SW_ID: 'SW005', SW_DECOM: d('2024-06-01'), SW_DEC: d('2025-04-02'), SW_REASON: 'OTHERS' }); },
  SW09STG2: (fx) => { fx.cur.SWEpisodes!.push({ CHILD: 'C3', DOB: d('2018-07-01'), SW_ID: 'SW005', SW_DECOM: d('2024-06-01'), SW_DEC: d('2024-06-01'), SW_REASON: 'OTHERS' }); },
  SW15STG2: (fx) => { fx.cur.SWEpisodes!.push({ CHILD: 'C3', DOB: d('2018-07-01'), SW_ID: 'SW005', SW_DECOM: d('2024-06-01'), SW_DEC: d('2024-12-01'), SW_REASON: '' }); },
  SW108STG2: (fx) => { fx.cur.SWEpisodes!.push({ CHILD: 'C1', DOB: d('2010-05-10'), SW_ID: 'SW007', SW_DECOM: d('2024-09-01'), SW_DEC: '', SW_REASON: '' }); },
  SW10STG2: (fx) => { set(row(fx.cur, 'SWEpisodes', 'C1'), { SW_DEC: d('2024-09-05'), SW_REASON: 'LEFTRL' }); fx.cur.SWEpisodes!.push({ CHILD: 'C1', DOB: d('2010-05-10'), SW_ID: 'SW007', SW_DECOM: d('2024-09-01'), SW_DEC: '', SW_REASON: '' }); },
  SW11STG2: (fx) => set(row(fx.cur, 'SWEpisodes', 'C1'), { SW_DEC: d('2025-02-01'), SW_REASON: 'LEFTRL' }),
  SW14STG2: (fx) => { fx.cur.SWEpisodes!.push({ CHILD: 'C3', DOB: d('2018-07-01'), SW_ID: 'SW005', SW_DECOM: d('2024-06-01'), SW_DEC: '', SW_REASON: '' }); },
  SW12STG2: (fx) => { for (const t of [fx.cur, fx.prev]) set(row(t, 'SWEpisodes', 'C1'), { SW_DECOM: d('2024-05-01') }); fx.prev.SWEpisodes = fx.prev.SWEpisodes!.filter((r) => r.CHILD !== 'C1'); },
  // --- second pass
  '205A': (fx) => { for (const h of fx.cur.Header!) h.UASC = '0'; set(row(fx.cur, 'UASC', 'C6'), { DUC: '' }); },
  '205B': (fx) => set(row(fx.cur, 'UASC', 'C6'), { DUC: d('2026-07-01') }),
  '205C': (fx) => { for (const t of [fx.cur, fx.prev]) for (const h of t.Header!) h.UASC = '0'; set(row(fx.cur, 'UASC', 'C6'), { DUC: '' }); },
  '205D': (fx) => { fx.prev.UASC = fx.prev.UASC!.filter((r) => r.CHILD !== 'C6'); },
  165: (fx) => set(H(fx, 'C2'), { MOTHER: '0' }),
  607: (fx) => set(H(fx, 'C3'), { SEX: 'F' }),
  199: (fx) => { fx.prev.Episodes!.unshift(ep('C1', '2018-01-01', 'S', 'E1', 'N1', 'A6', 'PR1', '2018-06-01', 'E11')); },
  359: (fx) => { set(H(fx, 'C2'), { DOB: d('2007-03-01') }); syncDob(fx, 'C2'); set(row(fx.cur, 'OC2', 'C2'), { SDQ_SCORE: '' }); set(E(fx, 'C2', '2024-09-10'), { PLACE: 'K1' }); },
  364: (fx) => { set(E(fx, 'C6'), { LS: 'J2' }); set(row(fx.prev, 'Episodes', 'C6'), { LS: 'J2' }); },
  367: (fx) => { for (const [a, b] of [['2024-12-10', '2024-12-26'], ['2025-01-01', '2025-01-17'], ['2025-01-20', '2025-02-05'], ['2025-02-08', '2025-02-24'], ['2025-02-27', '2025-03-15']] as const) fx.cur.Episodes!.push(respite('V3', a, b)); },
  383: (fx) => { tempBetween(fx, 'T1', '2024-07-01', '2024-07-05'); set(E(fx, 'C3', '2024-07-05'), { PLACE: 'U4' }); },
  '392b': (fx) => set(E(fx, 'C3'), { HOME_POST: '' }),
  426: (fx) => { fx.cur.Episodes!.push(respite('V3', '2025-01-01', '2025-01-05'), respite('V4', '2025-02-01', '2025-02-05')); },
  434: (fx) => set(E(fx, 'C2', '2024-09-10'), { RNE: 'L' }),
  435: (fx) => set(E(fx, 'C2', '2024-09-10'), { PLACE: 'U6', PL_POST: 'KT2 5BB', URN: '' }),
  436: (fx) => set(E(fx, 'C2', '2024-09-10'), { RNE: 'B' }),
  516: (fx) => set(E(fx, 'C3'), { REC: 'E46', PLACE: 'R1' }),
  575: (fx) => { fx.cur.Missing!.push({ CHILD: 'C2', DOB: d('2008-03-01'), MISSING: 'M', MIS_START: d('2024-08-01'), MIS_END: '' }); },
  182: (fx) => set(row(fx.cur, 'OC2', 'C1'), { IMMUNISATIONS: '' }),
  544: (fx) => set(row(fx.cur, 'OC2', 'C1'), { CONVICTED: '1', IMMUNISATIONS: '' }),
  547: (fx) => { lacYoung(fx); set(row(fx.cur, 'OC2', 'C3'), { TEETH_CHECK: '' }); },
  347: (fx) => { set(H(fx, 'C5'), { DOB: d('2007-09-20') }); syncDob(fx, 'C5'); for (const r of fx.prev.Episodes!) if (r.CHILD === 'C5') set(r, { DEC: d('2024-03-01'), REC: 'E13' }); set(row(fx.cur, 'OC3', 'C5'), { ACCOM: 'T1' }); },
  1001: (fx) => { for (const r of fx.prev.Episodes!) if (r.CHILD === 'C5') r.DECOM = d('2023-08-01'); },
  1002: (fx) => { fx.prev.Episodes = fx.prev.Episodes!.filter((r) => r.CHILD !== 'C5'); },
  1010: (fx) => { for (const r of fx.prev.Episodes!) if (r.CHILD === 'C5') set(r, { DEC: '', REC: '' }); },
  1007: (fx) => { set(E(fx, 'C2', '2024-09-10'), { DEC: d('2025-03-10'), REC: 'E4A' }); dropSw(fx, 'C2'); fx.cur.OC2 = fx.cur.OC2!.filter((r) => r.CHILD !== 'C2'); fx.cur.OC3!.push({ CHILD: 'C2', DOB: d('2008-03-01'), IN_TOUCH: 'YES', ACTIV: 'F2', ACCOM: 'D1' }); },
  1016: (fx) => {
    // C2 (17 on 1 March) leaves care in February, returns after the birthday and leaves again in March
    set(E(fx, 'C2', '2024-09-10'), { DEC: d('2025-02-01'), REC: 'E4A' });
    fx.cur.Episodes!.push(ep('C2', '2025-03-05', 'S', 'V2', 'N4', 'U6', 'PR4', '2025-03-20', 'E4A'));
    fx.cur.PrevPerm!.push({ CHILD: 'C2', DOB: d('2008-03-01'), PREV_PERM: 'Z1', LA_PERM: '', DATE_PERM: '' });
    dropSw(fx, 'C2'); fx.cur.OC2 = fx.cur.OC2!.filter((r) => r.CHILD !== 'C2');
    fx.cur.OC3!.push({ CHILD: 'C2', DOB: d('2008-03-01'), IN_TOUCH: 'YES', ACTIV: 'F2', ACCOM: 'D1' });
  },
  399: (fx) => { set(E(fx, 'C3'), { LS: 'V3', PLACE: 'R1', DEC: d('2024-06-10'), REC: 'E8', PL_POST: '', HOME_POST: '' }); dropMissing(fx, 'C3'); },
  580: (fx) => {
    set(H(fx, 'C2'), { DOB: d('2007-03-01') }); syncDob(fx, 'C2');
    set(E(fx, 'C2', '2024-09-10'), { DEC: d('2025-03-01'), REC: 'E17' }); dropSw(fx, 'C2'); fx.cur.OC2 = fx.cur.OC2!.filter((r) => r.CHILD !== 'C2');
    fx.cur.Missing!.push({ CHILD: 'C2', DOB: d('2007-03-01'), MISSING: 'M', MIS_START: d('2025-02-20'), MIS_END: d('2025-03-01') });
  },
  558: (fx) => set(row(fx.cur, 'PlacedAdoption', 'C4'), { DATE_PLACED_CEASED: d('2024-05-01'), REASON_PLACED_CEASED: 'RD1' }),
  1003: (fx) => { addPa(fx, { DATE_PLACED: d('2024-05-20'), DATE_PLACED_CEASED: d('2024-11-01'), REASON_PLACED_CEASED: 'RD1' }); },
  584: (fx) => { fx.prev.PlacedAdoption!.push({ CHILD: 'C4', DOB: d('2021-01-01'), DATE_PLACED: d('2023-07-01'), DATE_PLACED_CEASED: d('2023-09-01'), REASON_PLACED_CEASED: 'RD1' }); },
  630: (fx) => { fx.cur.PrevPerm = []; },
  632: (fx) => set(row(fx.cur, 'PrevPerm', 'C3'), { PREV_PERM: 'P1', LA_PERM: '316', DATE_PERM: d('2024-07-01') }),
  634: (fx) => { fx.cur.PrevPerm!.push({ CHILD: 'C1', DOB: d('2010-05-10'), PREV_PERM: 'Z1', LA_PERM: '', DATE_PERM: '' }); },
  635: (fx) => { fx.cur.PrevPerm!.push({ CHILD: 'C2', DOB: d('2008-03-01'), PREV_PERM: '', LA_PERM: '', DATE_PERM: d('2020-01-01') }); },
  // --- reference data (rules with `needs` are planted into withReference(cleanFixture()) and run with refData(),
  // see reference-fixture.ts; 222, 398 and 633 need none)
  164: (fx) => { for (const side of [fx.cur, fx.prev]) set(row(side, 'Episodes', 'C1'), { PL_POST: 'ZZ5 5EE' }); },
  169: (fx) => set(E(fx, 'C3'), { PL_POST: 'ZZ7 7GG' }),
  179: (fx) => set(E(fx, 'C3'), { PL_POST: 'ZZ7 7GG' }),
  '392a': (fx) => set(E(fx, 'C3'), { HOME_POST: 'ZZ7 7GG' }),
  406: (fx) => { for (const side of [fx.cur, fx.prev]) set(row(side, 'Episodes', 'C6'), { HOME_POST: 'KT1 1AA' }); },
  420: (fx) => { fx.cur.Episodes!.push({ ...respite('V3', '2025-01-01', '2025-01-05'), PL_POST: 'KT2 5BB' }); },
  398: (fx) => { fx.cur.Episodes!.push({ ...respite('V3', '2025-01-01', '2025-01-05'), HOME_POST: 'KT1 1AA' }); },
  452: (fx) => { set(E(fx, 'C1'), { PL_POST: 'ZZ2 2BB' }); set(row(fx.prev, 'Episodes', 'C1'), { PL_POST: 'ZZ3 3CC' }); },
  '503H': (fx) => { set(E(fx, 'C1'), { PL_POST: 'ZZ2 2BB' }); set(row(fx.prev, 'Episodes', 'C1'), { PL_POST: 'ZZ3 3CC' }); },
  453: (fx) => set(row(fx.prev, 'Episodes', 'C1'), { PL_POST: 'ZZ4 4DD' }),
  '503G': (fx) => set(row(fx.prev, 'Episodes', 'C1'), { PL_POST: 'ZZ4 4DD' }),
  '503J': (fx) => set(row(fx.prev, 'Episodes', 'C1'), { PL_POST: 'ZZ2 2BB' }),
  1015: (fx) => set(E(fx, 'C3'), { PLACE: 'R1', URN: '', PL_POST: 'ZZ2 2BB' }),
  218: (fx) => set(E(fx, 'C3'), { URN: '' }),
  222: (fx) => { tempBetween(fx, 'T1', '2024-07-01', '2024-07-05'); set(E(fx, 'C3', '2024-07-01'), { URN: 'SC900001' }); },
  633: (fx) => set(row(fx.cur, 'PrevPerm', 'C3'), { PREV_PERM: 'P1', LA_PERM: '123', DATE_PERM: d('2020-01-01') }),
  1008: (fx) => set(E(fx, 'C3'), { URN: 'SC999998' }),
  219: (fx) => set(E(fx, 'C3'), { URN: 'SC900002' }),
  221: (fx) => set(E(fx, 'C2', '2024-09-10'), { PL_POST: 'KT4 7DD' }),
  224: (fx) => set(E(fx, 'C3'), { URN: 'SC900005' }),
  227: (fx) => set(E(fx, 'C3'), { URN: 'SC900009' }),
  228: (fx) => set(E(fx, 'C3'), { URN: 'SC900010' }),
  229: (fx) => set(E(fx, 'C3'), { URN: 'SC900006' }),
};

/**
 * Rules that necessarily fire with the planted error because the DfE rules overlap (the error cannot exist alone in a
 * consistent return). Each entry was checked against the rule definitions; keep the list short.
 */
export const COMPANIONS: Record<string, readonly string[]> = {
  118: ['559'], // a decision ceased before this year is, by definition, a decision dated before this year: 559 wants it in last year's file
  134: ['1012', '602'], // an OC3-cohort child has no episodes this year (1012) and so no adoption (602)
  151: ['601'], // blank AD1 items for an adopted child is also 601
  215: ['187'], // OC2 items are only valid for the 12-month cohort, which may not have OC3 data (187)
  301: ['302', '441', '586'], // a DOB after the year makes every dated record precede birth
  351: ['391'], // over 25 at the start of the year is outside the OC3 age range
  353: ['302', '502'], // every fixture child was born after 14/10/1991; an episode ended in 1991 cannot be this year's first
  382: ['380', '381'], // a respite episode starts (RNE S) and ends (non-X1) in its own right
  433: ['388'], // an X1 end whose next episode starts on another day is 388's error too
  437: ['432'], // after E2/E15 the next episode cannot be a continuation (432)
  501: ['388', '433'], // an overlap is also an X1 end not matching the next start
  502: ['562'], // last year's start date differing is also this year's pre-year DECOM missing from last year
  521: ['331', '552', '554'], // DATE_INT after the adoption placement forces DATE_MATCH after it, and DATE_PLACED = DATE_INT
  552: ['331', '521', '554'],
  560: ['559'], // the changed date in last year's file no longer matches this year's pre-year date
  582: ['331'], // matching on the adoption date is after the adoption placement began
  586: ['581'], // missing before birth is before the first episode
  602: ['557'], // ceasing for a non-adoption reason with an open placement decision is also 557
  INT01: ['602'], // an AD1 child unknown to Header has no adoption episode
  INT05: ['190', '185'], // an OC2 child unknown to Header has no episodes, so is not in the 12-month cohort
  104: ['205B'], // an unreadable DUC cannot repeat last year's DUC, which 205B requires of a child UASC in both years
  303: ['205A'], // a DUC for a child not UASC this year but UASC last year: 205A wants no DUC this year
  304: ['205B'], // a DUC after the 18th birthday, outside this year, cannot equal last year's DUC (the 18th birthday)
  393: ['165'], // a looked-after girl with MOTHER blank is also 165's invalid mother status
  577: ['575'], // the open missing period started inside an episode that has ended
  191: ['182'], // a blank core OC2 item while CONVICTED is filled is also 182
  182: ['191'], // ... and for a 12-month child any blank core item is 191
  544: ['182', '191'], // a blank core item with CONVICTED = 1 is 182's error too, and 191's for a 12-month child
  547: ['182', '191'], // likewise with HEALTH_CHECK = 1
  607: ['165', '393'], // a girl looked after this year with MOTHER blank: 393 and 165 check the same field
  525: ['558'], // an adopted child with a ceased placement decision: 525 reads AD1, 558 the episode's E11/E12
  558: ['525'],
  184: ['1003'], // a decision before birth is before the child's care began (1003)
  561: ['584'], // the same date as last year's ceased decision is not later than it (584)
  1002: ['1001'], // with no episodes at all the child cannot have the care after 14 and 16 that 1001 requires
  1007: ['1016'], // looked after on the birthday and ceasing later is ceasing after the birthday (1016)
  INT06: ['1002'], // an OC3 child unknown to Header has no episodes in either year
  169: ['179', '392a'], // a placement postcode not in the look-up gives no PL_LA, no PL_LOCATION and no distance
  179: ['169', '392a'],
  420: ['214', '398'], // PL_LA is derived from PL_POST, which respite may not carry (214) and which is 398's "distance field"
  452: ['503H'], // last year's open episode is this year's first: same RNE and same start date
  '503H': ['452'],
  453: ['503G'],
  '503G': ['453'],
  '503J': ['452', '503H'], // IN/OUT is derived from PL_LA, so a different location is a different LA
  227: ['228'],
  451: ['359'], // an open freeing order is from before 2006 (else 445), so the child is over 18 and 359 wants V2 in a community home
  583: ['579'], // the later decision started while the earlier was still open
 // an episode starting on or after the closure ends after it (a zero-length episode is 355's error)
};

function ep(child: string, decom: string, rne: string, ls: string, cin: string, place: string, pp: string, dec = '', rec = '', rpc = '', extra: Rec = {}): Rec {
  return { CHILD: child, DECOM: d(decom), RNE: rne, LS: ls, CIN: cin, PLACE: place, PLACE_PROVIDER: pp, DEC: d(dec), REC: rec,
    REASON_PLACE_CHANGE: rpc, HOME_POST: 'KT1 1AA', PL_POST: 'KT2 5BB', URN: '', ...extra };
}
/** Splits C3's episode with a temporary placement between two dates (returning to the same placement). */
function tempBetween(fx: Fx, place: string, from: string, to: string): void {
  const eps = fx.cur.Episodes!;
  const base = [...eps].reverse().find((r) => r.CHILD === 'C3')!;
  const end: Rec = { DEC: base.DEC ?? '', REC: base.REC ?? '' };
  set(base, { DEC: d(from), REC: 'X1', REASON_PLACE_CHANGE: '' });
  eps.push(ep('C3', from, 'P', 'C1', 'N1', place, '', to, 'X1', '', { PL_POST: 'KT9 9ZZ' }));
  eps.push(ep('C3', to, 'P', 'C1', 'N1', 'U6', 'PR1', '', '', '', {}));
  set(eps[eps.length - 1]!, end);
}
/** A short respite episode for C3 (RNE S, no postcodes, as respite is recorded). */
function respite(ls: 'V3' | 'V4', from: string, to: string): Rec {
  return ep('C3', from, 'S', ls, 'N2', 'R1', 'PR1', to, 'E8', '', { PL_POST: '', HOME_POST: '' });
}
/** C4's legal status changes when the adoption placement starts (C2 before, E1 from then), in both years' files. */
function lsBeforePlacement(fx: Fx): void {
  set(E(fx, 'C4', '2023-08-01'), { LS: 'C2' });
  set(row(fx.prev, 'Episodes', 'C4', (r) => r.DECOM === d('2023-08-01')), { LS: 'C2' });
}
/** Gives the child an open social worker episode from the start of the year (for plants that leave it looked after at 31 March). */
function swFromStart(fx: Fx, child: string): void {
  fx.cur.SWEpisodes!.push({ CHILD: child, DOB: H(fx, child).DOB!, SW_ID: 'SW009', SW_DECOM: d('2024-04-01'), SW_DEC: '', SW_REASON: '' });
}
function dropMissing(fx: Fx, child: string): void {
  fx.cur.Missing = fx.cur.Missing!.filter((r) => r.CHILD !== child);
}
function dropSw(fx: Fx, child: string): void {
  fx.cur.SWEpisodes = fx.cur.SWEpisodes!.filter((r) => r.CHILD !== child);
}
function syncDob(fx: Fx, child: string): void {
  const dob = H(fx, child).DOB!;
  for (const t of Object.values(fx.cur)) for (const r of t!) if (r.CHILD === child && 'DOB' in r) r.DOB = dob;
  for (const r of fx.prev.Header!) if (r.CHILD === child) r.DOB = dob;
  for (const t of Object.values(fx.prev)) for (const r of t!) if (r.CHILD === child && 'DOB' in r) r.DOB = dob;
}
function emptyOc2(child: string, dob: string, v: Rec): Rec {
  return { CHILD: child, DOB: d(dob), SDQ_SCORE: '', SDQ_REASON: '', CONVICTED: '', HEALTH_CHECK: '', IMMUNISATIONS: '', TEETH_CHECK: '', HEALTH_ASSESSMENT: '', SUBSTANCE_MISUSE: '', INTERVENTION_RECEIVED: '', INTERVENTION_OFFERED: '', ...v };
}
/** Makes C3 a 3-year-old looked after continuously since before the year (an OC2 child under 5). */
function lacYoung(fx: Fx): void {
  set(H(fx, 'C3'), { DOB: d('2021-06-01'), UPN: 'UN1' });
  syncDob(fx, 'C3');
  set(row(fx.cur, 'Reviews', 'C3'), { REVIEW_CODE: 'PN0' });
  set(E(fx, 'C3'), { DECOM: d('2024-01-01'), DEC: '', REC: '', LS: 'C2' });
  fx.prev.Header!.push({ ...H(fx, 'C3') });
  fx.prev.Episodes!.push({ ...E(fx, 'C3') });
  fx.cur.PrevPerm = [];
  fx.cur.SWEpisodes!.push({ CHILD: 'C3', DOB: d('2021-06-01'), SW_ID: 'SW008', SW_DECOM: d('2024-01-01'), SW_DEC: '', SW_REASON: '' });
  fx.prev.SWEpisodes!.push({ CHILD: 'C3', DOB: d('2021-06-01'), SW_ID: 'SW008', SW_DECOM: d('2024-01-01'), SW_DEC: '', SW_REASON: '' });
  fx.cur.OC2!.push(emptyOc2('C3', '2021-06-01', { IMMUNISATIONS: '1', TEETH_CHECK: '1', HEALTH_ASSESSMENT: '1', SUBSTANCE_MISUSE: '0', HEALTH_CHECK: '1' }));
}
function setPlaced(fx: Fx, iso: string): void {
  set(row(fx.cur, 'PlacedAdoption', 'C4'), { DATE_PLACED: d(iso) });
  set(row(fx.prev, 'PlacedAdoption', 'C4'), { DATE_PLACED: d(iso) });
}
/** Gives C5 a period of care in 2005 (in both years' files, as it is before both) with its open placement decision. */
function oldCare(fx: Fx, eps: Rec[], placed: string): void {
  for (const side of [fx.cur, fx.prev]) {
    side.Episodes!.unshift(...eps.map((e) => ({ ...e })));
    side.PlacedAdoption!.push({ CHILD: 'C5', DOB: d('2005-09-20'), DATE_PLACED: d(placed), DATE_PLACED_CEASED: '', REASON_PLACED_CEASED: '' });
  }
}
/** Adds a PlacedAdoption row (default: C3, a decision reversed in the year). */
function addPa(fx: Fx, v: Rec, child = 'C3'): void {
  const dob = H(fx, child).DOB!;
  fx.cur.PlacedAdoption!.push({ CHILD: child, DOB: dob, DATE_PLACED: d('2024-07-01'), DATE_PLACED_CEASED: '', REASON_PLACED_CEASED: '', ...v });
}
