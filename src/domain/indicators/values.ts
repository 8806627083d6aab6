/**
 * Pure helpers for indicators: the value of a figure in the indicator's unit,
 * RAG against a target, formatting, and the periods of a monthly trend.
 */
import { addDays, addMonths, daysInMonth, type IsoDate } from '../dates.ts';
import type { Figure, IndicatorDefinition, Rag } from './types.ts';

/**
 * The figure's value in the indicator's unit, or null when it cannot be
 * worked out (no denominator, no population, no records for a median).
 * `population` is the number of children aged 0–17 (rate_per_10k only).
 */
export function indicatorValue(def: Pick<IndicatorDefinition, 'unit'>, f: Figure, population: number | null = null): number | null {
  switch (def.unit) {
    case 'count':
      return f.numerator;
    case 'percent':
      return f.denominator > 0 ? (100 * f.numerator) / f.denominator : null;
    case 'ratio':
      return f.denominator > 0 ? f.numerator / f.denominator : null;
    case 'rate_per_10k':
      return population && population > 0 ? (10_000 * f.numerator) / population : null;
    case 'median_days':
      return f.records > 0 ? f.median : null;
  }
}

/**
 * Red, amber or green against the target: on the right side of the target (or
 * equal) is green; on the wrong side by no more than the tolerance is amber;
 * beyond it red. 'none' when there is no value, no target or no polarity.
 */
export function ragFor(def: Pick<IndicatorDefinition, 'higherIsBetter' | 'target' | 'tolerance'>, value: number | null, target: number | null = def.target): Rag {
  if (value === null || target === null || def.higherIsBetter === null) return 'none';
  const shortfall = def.higherIsBetter ? target - value : value - target;
  // Compare on rounded figures so that a value shown as the target is never amber.
  const s = Math.round(shortfall * 1e6) / 1e6;
  if (s <= 0) return 'green';
  if (s <= def.tolerance) return 'amber';
  return 'red';
}

export const RAG_TEXT: Record<Rag, string> = { green: 'On target', amber: 'Near target', red: 'Off target', none: 'No target' };

/** A value as shown: percentages and rates to 1 decimal place, ratios to 1, counts and medians whole. */
export function formatValue(def: Pick<IndicatorDefinition, 'unit'>, value: number | null): string {
  if (value === null) return 'No data';
  switch (def.unit) {
    case 'percent':
      return `${value.toFixed(1)}%`;
    case 'rate_per_10k':
      return value.toFixed(1);
    case 'ratio':
      return value.toFixed(1);
    case 'count':
      return String(Math.round(value));
    case 'median_days':
      return `${Number.isInteger(value) ? value : value.toFixed(1)} days`;
  }
}

/** The last day of the month 'YYYY-MM'. */
export function monthEnd(month: string): IsoDate {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return `${month}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
}

/** First day of the 12 months ending on `end` (end minus 12 months plus 1 day). */
export function windowStart(end: IsoDate): IsoDate {
  return addDays(addMonths(end, -12), 1);
}

/**
 * The period ends of a monthly trend of `months` points ending at `asAt`: the
 * last day of each of the previous months-1 months, then `asAt` itself (the
 * current month so far). A month end that is asAt appears once.
 */
export function trendPeriodEnds(asAt: IsoDate, months: number): IsoDate[] {
  const out: IsoDate[] = [];
  const current = asAt.slice(0, 7);
  for (let i = months - 1; i >= 1; i--) {
    out.push(monthEnd(addMonths(`${current}-01`, -i).slice(0, 7)));
  }
  out.push(asAt);
  return out;
}
