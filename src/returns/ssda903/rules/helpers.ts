/** Shared helpers for SSDA903 rules. */
import type { Row } from '../read.ts';
import { age, type Ctx } from '../rule.ts';

export const T_PLACES = new Set(['T0', 'T1', 'T2', 'T3', 'T4']);
export const ADOPTION_PLACES = new Set(['A3', 'A4', 'A5', 'A6']);
export const FOSTER_PLACES = new Set(['U1', 'U2', 'U3', 'U4', 'U5', 'U6']);
export const ADOPTED = new Set(['E11', 'E12']);
export const RESPITE = new Set(['V3', 'V4']);

export const isFemale = (sex: string | undefined) => sex === 'F' || sex === '2';

/** Age in whole years on a day, or null when the child's DOB is unknown. */
export function ageOf(ctx: Ctx, child: string, at: number | null): number | null {
  const dob = ctx.dob(child);
  return dob === null || at === null ? null : age(dob, at);
}

/** Child's last episode this year. */
export function lastEpisode(ctx: Ctx, child: string): Row | undefined {
  const e = ctx.episodes(child);
  return e[e.length - 1];
}

/** Looked after at 31 March: the last episode is open at the end of the year. */
export function lookedAfterAtEnd(ctx: Ctx, child: string): boolean {
  const last = lastEpisode(ctx, child);
  return !!last && last.d.DECOM !== null && last.d.DECOM <= ctx.end && (last.d.DEC === null || last.d.DEC > ctx.end);
}

/** Child ceased to be looked after during the year: last episode has a non-X1 reason. */
export function ceasedInYear(ctx: Ctx, child: string): Row | undefined {
  const last = lastEpisode(ctx, child);
  return last && last.v.REC !== '' && last.v.REC !== 'X1' && last.d.DEC !== null ? last : undefined;
}

/**
 * Looked after continuously for at least 12 months at 31 March (the OC2
 * cohort): open at the end, the chain of episodes joined end-to-start goes back
 * to 31 March of the previous year or earlier, and it is not respite (V3/V4).
 */
const LAC12 = new WeakMap<Ctx, Map<string, boolean>>();
export function lac12(ctx: Ctx, child: string): boolean {
  let m = LAC12.get(ctx);
  if (!m) LAC12.set(ctx, (m = new Map()));
  let v = m.get(child);
  if (v === undefined) m.set(child, (v = computeLac12(ctx, child)));
  return v;
}
function computeLac12(ctx: Ctx, child: string): boolean {
  if (!lookedAfterAtEnd(ctx, child)) return false;
  const eps = ctx.episodes(child);
  let i = eps.length - 1;
  if (RESPITE.has(eps[i]!.v.LS!)) return false;
  let startDay = eps[i]!.d.DECOM!;
  while (i > 0) {
    const prev = eps[i - 1]!;
    if (prev.d.DEC === null || prev.d.DEC !== startDay) break;
    i--;
    startDay = prev.d.DECOM ?? startDay;
  }
  return startDay <= ctx.start;
}

/** Days between two day numbers. */
export const days = (a: number, b: number) => b - a;

export const POSTCODE_RE = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/;
