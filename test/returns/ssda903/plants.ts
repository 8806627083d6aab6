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
  101: (fx) => set(H(fx, 'C2'), { SEX: '3' }),
  102: (fx) => { set(H(fx, 'C5'), { DOB: '31/02/2005' }); set(row(fx.cur, 'OC3', 'C5'), { DOB: '31/02/2005' }); },
  103: (fx) => set(H(fx, 'C1'), { ETHNIC: 'XXXX' }),
  104: (fx) => set(row(fx.cur, 'UASC', 'C6'), { DUC: '2024-05-01' }),
  105: (fx) => { for (const h of fx.cur.Header!) h.UASC = h.CHILD === 'C6' ? '1' : '0'; H(fx, 'C1').UASC = '2'; },
  112: (fx) => set(row(fx.cur, 'AD1', 'C4'), { DATE_INT: '01/13/2023' }),
  113: (fx) => set(row(fx.cur, 'AD1', 'C4'), { DATE_MATCH: '15-05-2024' }),
  114: (fx) => set(row(fx.cur, 'AD1', 'C4'), { FOSTER_CARE: '2' }),
  115: (fx) => set(row(fx.cur, 'PlacedAdoption', 'C4'), { DATE_PLACED: 'unknown' }),
  116: (fx) => set(row(fx.cur, 'PlacedAdoption', 'C4'), { DATE_PLACED_CEASED: '32/01/2024' }),
  120: (fx) => set(row(fx.cur, 'PlacedAdoption', 'C4'), { REASON_PLACED_CEASED: 'RD9' }),
  131: (fx) => set(row(fx.cur, 'OC3', 'C5'), { IN_TOUCH: 'MAYBE' }),
  132: (fx) => set(row(fx.cur, 'OC3', 'C5'), { ACTIV: 'F3' }),
  133: (fx) => set(row(fx.cur, 'OC3', 'C5'), { ACCOM: 'A1' }),
  141: (fx) => set(E(fx, 'C1'), { DECOM: '2019-06-01' }),
  143: (fx) => set(E(fx, 'C3'), { RNE: 'Q' }),
  144: (fx) => set(E(fx, 'C1'), { LS: 'C9' }),
  145: (fx) => set(E(fx, 'C1'), { CIN: 'N9' }),
  146: (fx) => set(E(fx, 'C1'), { PLACE: 'H5' }),
  147: (fx) => set(E(fx, 'C3'), { DEC: '01/12/24' }),
  149: (fx) => set(E(fx, 'C3'), { REC: 'E43' }),
  1004: (fx) => set(row(fx.cur, 'Missing', 'C1'), { MIS_START: '03/07/24' }),
  1005: (fx) => set(row(fx.cur, 'Missing', 'C1'), { MIS_END: '5 July 2024' }),
  1006: (fx) => set(row(fx.cur, 'Missing', 'C1'), { MISSING: 'X' }),
  1009: (fx) => set(E(fx, 'C2', '2022-02-01'), { REASON_PLACE_CHANGE: 'BORED' }),
  166: (fx) => set(row(fx.cur, 'Reviews', 'C3'), { REVIEW: '' }),
  167: (fx) => set(row(fx.cur, 'Reviews', 'C3'), { REVIEW_CODE: '' }),
  168: (fx) => set(H(fx, 'C1'), { UPN: 'I123456789012' }),
  171: (fx) => set(H(fx, 'C1'), { MOTHER: '1', MC_DOB: '2024/06/01' }),
  175: (fx) => set(row(fx.cur, 'AD1', 'C4'), { NB_ADOPTR: '3' }),
  176: (fx) => set(row(fx.cur, 'AD1', 'C4'), { SEX_ADOPTR: 'XY' }),
  177: (fx) => set(row(fx.cur, 'AD1', 'C4'), { LS_ADOPTR: 'L5' }),
  178: (fx) => set(E(fx, 'C1'), { PLACE_PROVIDER: 'PR9' }),
  180: (fx) => set(row(fx.cur, 'OC2', 'C1'), { SDQ_SCORE: '41' }),
  181: (fx) => set(row(fx.cur, 'OC2', 'C1'), { TEETH_CHECK: 'Y' }),
  196: (fx) => set(row(fx.cur, 'OC2', 'C1'), { SDQ_SCORE: '', SDQ_REASON: 'SDQ9' }),
  631: (fx) => set(row(fx.cur, 'PrevPerm', 'C3'), { PREV_PERM: 'P9' }),
  442: (fx) => set(H(fx, 'C1'), { UPN: '' }),
  SW02STG1: (fx) => { set(row(fx.cur, 'SWEpisodes', 'C1'), { SW_ID: 'AB001' }); set(row(fx.prev, 'SWEpisodes', 'C1'), { SW_ID: 'AB001' }); },
  SW03STG1: (fx) => { fx.cur.SWEpisodes!.push({ CHILD: 'C3', DOB: d('2018-07-01'), SW_ID: '', SW_DECOM: d('2024-06-01'), SW_DEC: d('2024-12-01'), SW_REASON: 'OTHERS' }); },
  SW04STG1: (fx) => set(row(fx.cur, 'SWEpisodes', 'C1'), { SW_DECOM: '2024-01-01' }),
  SW05STG1: (fx) => set(row(fx.cur, 'SWEpisodes', 'C1'), { SW_DEC: '2025-13-01' }),
  SW13STG1: (fx) => set(row(fx.cur, 'SWEpisodes', 'C1'), { SW_REASON: 'BORED' }),
  // --- integrity
  INT01: (fx) => { row(fx.cur, 'AD1', 'C4').CHILD = 'X9'; },
  INT02: (fx) => { row(fx.cur, 'PlacedAdoption', 'C4').CHILD = 'X9'; },
  INT03: (fx) => { fx.cur.Episodes!.push({ ...E(fx, 'C3'), CHILD: 'X9' }); },
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
};
