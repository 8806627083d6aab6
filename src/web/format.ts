/**
 * Dates and times as GOV.UK style writes them ("8 October 2020",
 * "8 October 2020 at 2:15pm", UK time). Used by the views (as the `govukDate`
 * and `govukDateTime` filters) and by routes that build table rows. Values
 * that are not dates are returned unchanged, so a filter never hides data.
 */
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** '2020-10-08' → '8 October 2020'; '2020-10' (a month, as in pseudonymised views) → 'October 2020'. */
export function govukDate(value: unknown): unknown {
  if (value instanceof Date) return govukDate(londonParts(value).date);
  if (typeof value !== 'string') return value;
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
  if (!m) return value;
  const month = MONTHS[Number(m[2]) - 1];
  if (!month) return value;
  return m[3] ? `${Number(m[3])} ${month} ${m[1]}` : `${month} ${m[1]}`;
}

function londonParts(at: Date): { date: string; hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')), minute: Number(get('minute')) };
}

/** An instant (Date or ISO timestamp) → '8 October 2020 at 2:15pm' in UK time; midday and midnight are written as words. */
export function govukDateTime(value: unknown): unknown {
  const at = value instanceof Date ? value : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : null;
  if (!at || Number.isNaN(at.getTime())) return value;
  const { date, hour, minute } = londonParts(at);
  let time: string;
  if (minute === 0 && hour === 12) time = 'midday';
  else if (minute === 0 && hour === 0) time = 'midnight';
  else time = `${hour % 12 === 0 ? 12 : hour % 12}${minute ? `:${String(minute).padStart(2, '0')}` : ''}${hour < 12 ? 'am' : 'pm'}`;
  return `${govukDate(date) as string} at ${time}`;
}
