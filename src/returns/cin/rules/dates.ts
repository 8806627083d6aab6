/** Date arithmetic on ISO 'YYYY-MM-DD' strings (UTC, no time zones). */
const DAY = 86_400_000;
const ms = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

export function addDays(d: string, n: number): string {
  return iso(ms(d) + n * DAY);
}
export function addMonths(d: string, months: number): string {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(Number(d.slice(8, 10)), last)).padStart(2, '0')}`;
}
export function addYears(d: string, years: number): string {
  return addMonths(d, years * 12);
}
export function isWeekend(d: string): boolean {
  const wd = new Date(ms(d)).getUTCDay();
  return wd === 0 || wd === 6;
}
/** Moves back n working days (Monday–Friday). */
export function subtractWorkingDays(d: string, n: number): string {
  let t = ms(d);
  let left = n;
  while (left > 0) {
    t -= DAY;
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) left -= 1;
  }
  return iso(t);
}
