/**
 * Synthetic reference data for the 903 fixture: a postcode look-up in the NSPL
 * shape and an Ofsted provider list, both made up for the tests. LA codes use
 * the E09 (London borough) series beyond its real range (E09000901…), Welsh
 * W06000901 likewise; coordinates are invented; the ZZ postcode area does not
 * exist; the fixture's KT postcodes are mapped to invented places. URNs SC9000xx
 * are invented.
 */
import { parsePostcodes, parseProviders, type ReferenceData } from '../../../src/returns/ssda903/reference.ts';
import type { Fx } from './fixture.ts';

/** The fixture council's own (fake) LA code. */
export const REF_LA = 'E09000901';

// home KT1 1AA at (500000, 200000); distances from it in miles = metres / 1609.3
export const POSTCODES_CSV = [
  'pcd,oseast1m,osnrth1m,laua',
  'KT1 1AA,500000,200000,E09000901', // home
  'KT2 5BB,503000,204000,E09000901', // 5 km: 3.1 mi, in the LA
  'KT3 6CC,506000,208000,E09000901', // 10 km
  'KT4 7DD,500000,206000,E09000901',
  'KT9 9ZZ,500000,203000,E09000901',
  'ZZ2 2BB,497000,204000,E09000902', // 5 km, a neighbouring LA
  'ZZ3 3CC,500000,195000,E09000903', // 5 km, another LA
  'ZZ4 4DD,500000,210000,E09000901', // 10 km, in the LA
  'ZZ5 5EE,2200000,200000,E09000901', // 1,700 km: beyond 999.9 miles
  'ZZ6 6FF,320000,200000,W06000901', // Wales
  '',
].join('\n');

export const PROVIDERS_CSV = [
  'URN,Local authority,Placement code,Placement provider code,Deregistration date,Setting postcode',
  'SC900001,Fakeborough,"U1,U2,U3,U4,U5,U6,A3,A4,A5,A6",PR1,,KT1 1AA', // the council's fostering and adoption service
  'SC900002,Fakeborough,K2,PR1,,KT3 6CC', // the council's children's home
  'SC900004,Nextborough,U1/U2/U3/U4/U5/U6,PR4,,ZZ2 2BB', // an independent fostering agency next door
  'SC900005,Fakeborough,U1/U2/U3/U4/U5/U6,PR4,,KT2 5BB', // an independent fostering agency in the borough
  'SC900006,Nextborough,U1/U2/U3/U4/U5/U6,PR1,,ZZ2 2BB', // "own provision" registered outside the borough
  'SC900009,Fakeborough,U1/U2/U3/U4/U5/U6,PR1,01/05/2024,KT1 1AA', // closed before C3's episode began
  'SC900010,Fakeborough,U1/U2/U3/U4/U5/U6,PR1,2024-10-01,KT1 1AA', // closed during C3's episode
  'SC654321,Fakeborough,K2,PR4,,KT3 6CC', // C2's children's home
  '',
].join('\n');

export function refData(): ReferenceData {
  return { postcodes: parsePostcodes(POSTCODES_CSV), providers: parseProviders(PROVIDERS_CSV), la: REF_LA };
}

const NO_URN = new Set(['P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1']);

/**
 * The clean fixture made consistent with the reference data (in place): every episode at a place that has an
 * Ofsted URN gets its provider's URN (the council's service for PR1, the in-borough agency for PR4), and the
 * UASC child has no home postcode (no distance is derived for UASC children, rule 406).
 */
export function withReference(fx: Fx): Fx {
  const uasc = new Set([...(fx.cur.UASC ?? []), ...(fx.prev.UASC ?? [])].map((r) => r.CHILD));
  for (const side of [fx.cur, fx.prev]) {
    for (const e of side.Episodes ?? []) {
      if (e.URN === '' && !NO_URN.has(e.PLACE!) && e.LS !== 'V3' && e.LS !== 'V4') e.URN = e.PLACE_PROVIDER === 'PR1' ? 'SC900001' : 'SC900005';
      if (uasc.has(e.CHILD!)) e.HOME_POST = '';
    }
  }
  return fx;
}
