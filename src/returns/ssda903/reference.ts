/**
 * Reference data the council supplies alongside its 903 files, as in the DfE's
 * own validator (data-to-insight csc-validator-be-903, `datastore.py` and
 * `ingress.py`):
 *
 * - a postcode look-up in the shape of the ONS National Statistics Postcode
 *   Lookup (NSPL): `pcd`, `oseast1m`, `osnrth1m` (OS grid easting/northing in
 *   metres) and `laua` (local authority district code), optionally `utla`
 *   (upper-tier LA code; the DfE tool maps laua → UTLA with the ONS LTLA→UTLA
 *   lookup; without the column laua is used). From it the three fields the DfE
 *   derives for each episode: PL_LA (the placement postcode's LA; WAL/SCO/NIR
 *   for Welsh, Scottish and Northern Irish postcodes), PL_LOCATION (IN when
 *   PL_LA is the council's own, else OUT; blank when the postcode is unknown)
 *   and PL_DISTANCE (straight-line miles between HOME_POST and PL_POST:
 *   √(ΔE² + ΔN²) / 1000 / 1.6093, rounded to 0.1, the formula from the DfE guidance);
 * - an Ofsted provider extract (the "Social care providers" / "Children's homes"
 *   lists, current and closed, exported as CSV): URN, placement codes, placement
 *   provider codes, deregistration/closed date, setting postcode;
 * - the council's own LA code (ONS form, e.g. E09000099), for IN/OUT.
 *
 * Files are parsed once into maps; every look-up is O(1). Bad files throw a
 * ReferenceDataError naming the file, row and column; nothing is half-loaded.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { daysFromCivil, parseCsv, parseDate, type Row } from './read.ts';

export class ReferenceDataError extends Error {}

export interface PostcodeInfo {
  /** LA code as the DfE derives PL_LA: utla (or laua) for England, WAL / SCO / NIR elsewhere in the UK, null otherwise. */
  readonly la: string | null;
  /** OS grid easting / northing in metres; null when the look-up has none. */
  readonly east: number | null;
  readonly north: number | null;
}

export interface ProviderInfo {
  readonly urn: string;
  readonly placeCodes: ReadonlySet<string>;
  readonly providerCodes: ReadonlySet<string>;
  /** Deregistration / closed date as a day number, or null while registered. */
  readonly regEnd: number | null;
  /** Setting postcode, upper-cased without spaces; '' when blank. */
  readonly postcode: string;
}

export interface ReferenceData {
  readonly postcodes?: ReadonlyMap<string, PostcodeInfo>;
  readonly providers?: ReadonlyMap<string, ProviderInfo>;
  /** The council's own LA code in the form the postcode file uses (e.g. E09000099). */
  readonly la?: string;
}

/** What a rule may need besides the 903 files. */
export type ReferenceNeed = 'postcodes' | 'providers' | 'la';
export const NEED_LABEL: Record<ReferenceNeed, string> = {
  postcodes: 'postcode look-up (--postcodes)',
  providers: 'Ofsted provider list (--providers)',
  la: "the council's LA code (--la-code)",
};

export function missingNeeds(ref: ReferenceData, needs: readonly ReferenceNeed[]): ReferenceNeed[] {
  return needs.filter((n) => (n === 'postcodes' ? !ref.postcodes : n === 'providers' ? !ref.providers : !ref.la));
}

/** Postcode key as the DfE tool matches: upper case, spaces removed. */
export const pcKey = (s: string | undefined) => (s ?? '').replace(/\s+/g, '').toUpperCase();

/** PL_LA from a district/UTLA code (first letter gives the UK country). */
function plLa(laua: string, utla: string): string | null {
  const c = laua.charAt(0).toUpperCase();
  if (c === 'W') return 'WAL';
  if (c === 'S') return 'SCO';
  if (c === 'N') return 'NIR';
  if (c === 'E') return (utla || laua).toUpperCase();
  return null;
}

/** Reads CSV text into header → column index (case-insensitive, trimmed, BOM removed) and data rows. */
function readTable(text: string, file: string): { col: (names: readonly string[], required: boolean) => number; rows: string[][] } {
  let records: string[][];
  try {
    records = parseCsv(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new ReferenceDataError(`${file}: not readable as CSV (${(err as Error).message})`);
  }
  const header = records[0];
  if (!header) throw new ReferenceDataError(`${file}: file is empty`);
  const idx = new Map(header.map((h, i) => [h.trim().toLowerCase(), i] as const));
  return {
    rows: records.slice(1),
    col(names, required) {
      for (const n of names) { const i = idx.get(n.toLowerCase()); if (i !== undefined) return i; }
      if (required) throw new ReferenceDataError(`${file}: missing column ${names.map((n) => `'${n}'`).join(' or ')} (found: ${header.join(', ')})`);
      return -1;
    },
  };
}

/** Parses an NSPL/ONSPD-shaped postcode CSV (pcd, oseast1m, osnrth1m, laua[, utla]). */
export function parsePostcodes(text: string, file = 'postcodes'): Map<string, PostcodeInfo> {
  const t = readTable(text, file);
  const cPcd = t.col(['pcd', 'pcds', 'postcode'], true), cE = t.col(['oseast1m'], true), cN = t.col(['osnrth1m'], true);
  const cLa = t.col(['laua', 'lad'], true), cUtla = t.col(['utla'], false);
  const out = new Map<string, PostcodeInfo>();
  const num = (s: string | undefined, row: number, name: string): number | null => {
    const v = (s ?? '').trim();
    if (v === '') return null;
    if (!/^-?\d+(\.\d+)?$/.test(v)) throw new ReferenceDataError(`${file} row ${row}: ${name} '${v}' is not a number`);
    return Number(v);
  };
  t.rows.forEach((r, i) => {
    const row = i + 1;
    const key = pcKey(r[cPcd]);
    if (key === '') return;
    const east = num(r[cE], row, 'oseast1m'), north = num(r[cN], row, 'osnrth1m');
    if (out.has(key)) return; // first wins, as the DfE tool's drop_duplicates
    out.set(key, { la: plLa((r[cLa] ?? '').trim(), cUtla < 0 ? '' : (r[cUtla] ?? '').trim()), east, north });
  });
  return out;
}

/** dd/mm/yyyy or yyyy-mm-dd → day number. */
function refDate(s: string, file: string, row: number, name: string): number | null {
  const v = s.trim();
  if (v === '') return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(v);
  const day = iso ? daysFromCivil(Number(iso[1]), Number(iso[2]), Number(iso[3])) : parseDate(v);
  if (day === null || (iso && !parseDate(`${iso[3]}/${iso[2]}/${iso[1]}`))) throw new ReferenceDataError(`${file} row ${row}: ${name} '${v}' is not a date (dd/mm/yyyy or yyyy-mm-dd)`);
  return day;
}

/**
 * Parses an Ofsted provider list exported to CSV: the columns the DfE tool reads
 * from the Social Care Providers list (URN, Placement code, Placement provider code,
 * Deregistration date, Setting postcode) or the Children's Homes list (URN,
 * Provider Placement Code, Provider Code, Closed Date, Setting Postcode).
 * Codes may be separated by commas or slashes.
 */
export function parseProviders(text: string, file = 'providers', into = new Map<string, ProviderInfo>()): Map<string, ProviderInfo> {
  const t = readTable(text, file);
  const cUrn = t.col(['URN'], true);
  const cPlace = t.col(['Placement code', 'Provider Placement Code'], true);
  const cProv = t.col(['Placement provider code', 'Provider Code'], true);
  const cPc = t.col(['Setting postcode', 'Setting Address Postcode'], true);
  const cEnd = t.col(['Deregistration date', 'Closed Date'], false);
  const codes = (s: string | undefined) => new Set((s ?? '').toUpperCase().split(/[,/\s]+/).filter(Boolean));
  t.rows.forEach((r, i) => {
    const urn = (r[cUrn] ?? '').trim().toUpperCase();
    if (urn === '' || into.has(urn)) return;
    into.set(urn, {
      urn, placeCodes: codes(r[cPlace]), providerCodes: codes(r[cProv]), postcode: pcKey(r[cPc]),
      regEnd: cEnd < 0 ? null : refDate(r[cEnd] ?? '', file, i + 1, 'closure date'),
    });
  });
  return into;
}

/** An LA code in the form the postcode look-up uses. */
export function checkLaCode(la: string): string {
  const v = la.trim().toUpperCase();
  if (!/^E(06|07|08|09|10|11)\d{6}$/.test(v)) {
    throw new ReferenceDataError(`LA code '${la}' is not an English local authority code in ONS form (e.g. E09000021): PL_LA is derived from the postcode look-up's LA codes, so the council's own code must be in the same form`);
  }
  return v;
}

async function readText(path: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ReferenceDataError(`${basename(path)}: ${code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? (err as Error).message})`}`);
  }
  return decodeReference(bytes, basename(path));
}

/** A reference file's bytes as text: UTF-8 only (a BOM is allowed), else a ReferenceDataError naming the file. */
export function decodeReference(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ReferenceDataError(`${name}: not valid UTF-8 (save the file as UTF-8 CSV)`);
  }
}

export interface ReferenceFiles { postcodes?: string; providers?: readonly string[]; la?: string }

/** Loads the reference files given on the command line. Throws ReferenceDataError on any problem. */
export async function loadReference(files: ReferenceFiles): Promise<ReferenceData> {
  const ref: { postcodes?: Map<string, PostcodeInfo>; providers?: Map<string, ProviderInfo>; la?: string } = {};
  if (files.la !== undefined) ref.la = checkLaCode(files.la);
  if (files.postcodes) ref.postcodes = parsePostcodes(await readText(files.postcodes), basename(files.postcodes));
  if (files.providers?.length) {
    const m = new Map<string, ProviderInfo>();
    for (const f of files.providers) parseProviders(await readText(f), basename(f), m);
    ref.providers = m;
  }
  return ref;
}

// ---------------------------------------------------------------------------
// Derived episode fields

export interface Derived {
  readonly PL_LA: string | null;
  readonly PL_LOCATION: 'IN' | 'OUT' | null;
  readonly PL_DISTANCE: number | null;
}

/** The DfE's derived fields for one episode row (callers cache per row). */
export function deriveEpisode(ref: ReferenceData, r: Row): Derived {
  const pcs = ref.postcodes;
  if (!pcs) return { PL_LA: null, PL_LOCATION: null, PL_DISTANCE: null };
  const pl = pcs.get(pcKey(r.v.PL_POST)), home = pcs.get(pcKey(r.v.HOME_POST));
  const PL_LA = pl ? pl.la : null;
  const PL_LOCATION = !pl ? null : PL_LA !== null && PL_LA === ref.la ? 'IN' : 'OUT';
  let PL_DISTANCE: number | null = null;
  if (pl && home && pl.east !== null && pl.north !== null && home.east !== null && home.north !== null) {
    PL_DISTANCE = Math.round(Math.hypot(home.east - pl.east, home.north - pl.north) / 1000 / 1.6093 * 10) / 10;
  }
  return { PL_LA, PL_LOCATION, PL_DISTANCE };
}

/** The LA of a provider's setting, inferred from its postcode (the DfE tool's LA_CODE_INFERRED). */
export function providerLa(ref: ReferenceData, p: ProviderInfo): string | null {
  return ref.postcodes?.get(p.postcode)?.la ?? null;
}
