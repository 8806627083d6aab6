/**
 * The shape of a performance indicator's definition: pure data, no I/O.
 * The SQL that computes each one lives in src/services/indicators/.
 */

/** How the value is expressed. */
export type IndicatorUnit =
  /** numerator / denominator × 100 */
  | 'percent'
  /** numerator per 10,000 children aged 0–17 in the council's population */
  | 'rate_per_10k'
  /** the numerator alone */
  | 'count'
  /** the median of the per-record values (working days) */
  | 'median_days'
  /** numerator / denominator (for example children per worker FTE) */
  | 'ratio';

/** The dashboard an indicator belongs to. */
export type IndicatorArea = 'front_door' | 'child_protection' | 'looked_after' | 'care_leavers' | 'workforce';

/**
 * The time window:
 *  - at_date: a snapshot of what is open on the period's end date
 *  - rolling_12_months: events in the 12 months ending on the period's end date (both ends inclusive)
 */
export type IndicatorWindow = 'at_date' | 'rolling_12_months';

export interface IndicatorDefinition {
  /** Stable id (kebab-case), used in URLs, CSV files and the commentary table. */
  id: string;
  title: string;
  area: IndicatorArea;
  unit: IndicatorUnit;
  window: IndicatorWindow;
  /** What is counted on top, in words. */
  numerator: string;
  /** What is counted below (or what the median is taken over), in words. */
  denominator: string;
  /** Records left out, in words. */
  exclusions: string[];
  /** true: higher is better; false: lower is better; null: neither (a volume to watch, no RAG). */
  higherIsBetter: boolean | null;
  /** Where the definition comes from (DfE collection or publication, Ofsted, local standard). */
  source: string;
  /** Default target (in the indicator's unit; percentages as 0–100); null = no target. */
  target: number | null;
  /** RAG tolerance: within this distance on the wrong side of the target is amber, beyond it red. */
  tolerance: number;
  /** How the attribution to a team and worker is made, in words. */
  attribution: string;
}

export type Rag = 'green' | 'amber' | 'red' | 'none';

/** One computed figure: numerator and denominator as counted, before any value is derived. */
export interface Figure {
  numerator: number;
  denominator: number;
  /** For median_days indicators: the median of the per-record values; null when there are none. */
  median: number | null;
  /** Records counted (rows behind the figure). */
  records: number;
}
