/**
 * Synthetic reference data for a synthetic borough's SSDA903 validation: a
 * postcode look-up (NSPL shape) and an Ofsted provider list (CSV), derived
 * from the borough's own addresses and placements, so that the validator's
 * reference-data rules can run on Hearth's own returns. Nothing is real:
 * synthetic postcodes use the non-existent "Q" areas (QA…QY for the councils
 * in generation order, QZ for "elsewhere", see names.ts); LA codes are invented
 * in a series no real code uses (E09900 + the DfE code, e.g. E09900872; real
 * E09 codes stop at E09000033); coordinates are invented, each council's area
 * a 20 km square 100 km from the next, "elsewhere" 150–350 km away.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnyRow } from './tables.ts';
import type { SynthBorough } from './generate.ts';

/** The invented ONS-form LA code of a synthetic council (DfE code 872 → E09900872). */
export const syntheticOnsCode = (dfeCode: string) => `E09900${dfeCode}`;
/** The invented LA code of postcodes outside every synthetic council. */
export const ELSEWHERE_LA = 'E09900999';

/**
 * The invented Ofsted URN of a council's fostering / adoption / supported-accommodation provider of a kind
 * (PLACE_PROVIDER): 2 + the DfE code + the provider number, e.g. 287201 for council 872's own service (PR1).
 * Residential homes get their own random SC URNs from the generator.
 */
export const agencyUrn = (dfeCode: string, provider: string) => `2${dfeCode}${provider.replace(/^PR/, '').padStart(2, '0')}`;
const AGENCY_URN = /^2(\d{3})(\d{2})$/;

/** A placement postcode moved into the council's own area (same district and inward code, the council's area letter). */
export function ownAreaPostcode(pc: string, councilIndex: number): string {
  return pc.replace(/^Q[A-Z]/, `Q${AREA_LETTERS[councilIndex % AREA_LETTERS.length]}`);
}

const AREA_LETTERS = 'ABCDEFGHJKLMNPRSTUWY'; // as names.ts

/** A small deterministic hash of a string (FNV-1a), for stable invented coordinates. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h;
}

interface PostcodePoint { la: string; east: number; north: number }

/** Where an invented postcode is: its area gives the council (or elsewhere), a hash its place in the area. */
export function syntheticPostcodePoint(pc: string, councils: readonly string[]): PostcodePoint | null {
  const m = /^Q([A-Z])(\d+)\s*\d[A-Z]{2}$/.exec(pc.trim().toUpperCase());
  if (!m) return null;
  const h = hash(pc.replace(/\s+/g, '').toUpperCase());
  if (m[1] === 'Z') {
    const district = Number(m[2]);
    return { la: ELSEWHERE_LA, east: 400000 + 150000 + district * 5000 + (h % 5000), north: 300000 + ((h >>> 13) % 5000) };
  }
  const index = AREA_LETTERS.indexOf(m[1]!);
  const council = index >= 0 ? councils[index % AREA_LETTERS.length] : undefined;
  if (council === undefined) return null;
  return { la: syntheticOnsCode(council), east: 400000 + index * 100000 + (h % 20000), north: 300000 + ((h >>> 13) % 20000) };
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * The postcode look-up (pcd, oseast1m, osnrth1m, laua) and provider list (URN, Placement code, Placement provider code,
 * Deregistration date, Setting postcode) for every postcode and URN in the borough, as CSV text.
 */
export function syntheticReferenceCsv(b: SynthBorough): { postcodes: string; providers: string } {
  const councils = b.options.councils;
  const postcodes = new Map<string, PostcodePoint>();
  const add = (pc: unknown) => {
    if (typeof pc !== 'string' || pc === '') return;
    const key = pc.trim().toUpperCase();
    if (postcodes.has(key)) return;
    const p = syntheticPostcodePoint(key, councils);
    if (p) postcodes.set(key, p);
  };
  for (const a of b.tables.address ?? []) add(a.postcode);
  const providers = new Map<string, { places: Set<string>; prov: Set<string>; postcode: string }>();
  // an agency's setting is its office: in its council's area, or elsewhere for another council's provision (PR2)
  const office = (urn: string): string | null => {
    const m = AGENCY_URN.exec(urn);
    if (!m) return null;
    const index = councils.indexOf(m[1]!);
    return m[2] === '02' || index < 0 ? 'QZ1 1AA' : `Q${AREA_LETTERS[index % AREA_LETTERS.length]}1 1AA`;
  };
  for (const e of (b.tables.cla_episode ?? []) as AnyRow[]) {
    add(e.home_postcode);
    add(e.placement_postcode);
    const urn = typeof e.provider_urn === 'string' ? e.provider_urn : '';
    if (!urn) continue;
    let p = providers.get(urn);
    if (!p) {
      const setting = office(urn) ?? String(e.placement_postcode ?? '');
      add(setting);
      providers.set(urn, (p = { places: new Set(), prov: new Set(), postcode: setting }));
    }
    if (e.placement_type) p.places.add(String(e.placement_type));
    if (e.placement_provider) p.prov.add(String(e.placement_provider));
  }
  const pcLines = ['pcd,oseast1m,osnrth1m,laua', ...[...postcodes].map(([pc, p]) => `${pc},${p.east},${p.north},${p.la}`)];
  const pvLines = ['URN,Placement code,Placement provider code,Deregistration date,Setting postcode',
    ...[...providers].map(([urn, p]) => [urn, [...p.places].join(','), [...p.prov].join(','), '', p.postcode].map(csvCell).join(','))];
  return { postcodes: pcLines.join('\n') + '\n', providers: pvLines.join('\n') + '\n' };
}

/** Writes postcodes.csv and providers.csv for the borough into `folder`; returns their paths and each council's invented LA code. */
export async function writeSyntheticReference(b: SynthBorough, folder: string): Promise<{ postcodes: string; providers: string; laCodes: Record<string, string> }> {
  const csv = syntheticReferenceCsv(b);
  await mkdir(folder, { recursive: true });
  const postcodes = join(folder, 'postcodes.csv'), providers = join(folder, 'providers.csv');
  await writeFile(postcodes, csv.postcodes);
  await writeFile(providers, csv.providers);
  return { postcodes, providers, laCodes: Object.fromEntries(b.options.councils.map((c) => [c, syntheticOnsCode(c)])) };
}
