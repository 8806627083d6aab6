/**
 * Benchmark: the whole service's due list as of one date, on the `large`
 * synthetic borough (src/synth, 5 years of history), entirely in memory:
 * the borough's rows are grouped into one ChildJourney per child (as the
 * service layer would pass them), then `serviceDue` computes every child's
 * due items with summaries per council, team and worker. Also checks every
 * journey against the invariants (a consistency check of the generator).
 *
 *   node --import tsx bench/due-list.ts [--size large] [--years 5] [--seed 1] [--as-of 2026-06-30] [--runs 5]
 *
 * Target: well under a second for the due list.
 */
import { parseArgs } from 'node:util';
import { serviceDue } from '../src/domain/due.ts';
import { checkJourney } from '../src/domain/journey/invariants.ts';
import { RECORD_TABLES, type Child, type ChildJourney } from '../src/domain/journey/types.ts';
import { generateBorough, type SynthBorough, type SynthSize } from '../src/synth/generate.ts';

const { values } = parseArgs({
  options: { size: { type: 'string' }, years: { type: 'string' }, seed: { type: 'string' }, 'as-of': { type: 'string' }, runs: { type: 'string' } },
});
const size = (values.size ?? 'large') as SynthSize;
const years = Number(values.years ?? 5);
const seed = Number(values.seed ?? 1);
const asOf = values['as-of'] ?? '2026-06-30';
const runs = Number(values.runs ?? 5);

const ms = (t: number) => `${t.toFixed(0)} ms`;

/** The borough's rows as one journey per child (the shape the service layer builds from queries). */
function journeysOf(b: SynthBorough): ChildJourney[] {
  const byChild = new Map<number, Record<string, unknown[]> & { child?: unknown }>();
  for (const c of b.tables.child) {
    const j: Record<string, unknown[]> & { child?: unknown } = { child: c as unknown as Child } as never;
    for (const t of RECORD_TABLES) j[t] = [];
    byChild.set(c.id as number, j);
  }
  for (const t of RECORD_TABLES) {
    for (const row of b.tables[t]) byChild.get(row.child_id as number)?.[t]!.push(row);
  }
  return [...byChild.values()] as unknown as ChildJourney[];
}

function main(): void {
  let t = performance.now();
  const borough = generateBorough({ size, years, seed, asOf });
  console.log(`generated ${size}/${years}y seed ${seed} as of ${asOf} in ${ms(performance.now() - t)}`);

  t = performance.now();
  const journeys = journeysOf(borough);
  console.log(`grouped into ${journeys.length} journeys in ${ms(performance.now() - t)}`);

  t = performance.now();
  const violations = new Map<string, number>();
  for (const j of journeys) for (const v of checkJourney(j)) violations.set(v.rule, (violations.get(v.rule) ?? 0) + 1);
  console.log(`invariants checked in ${ms(performance.now() - t)}: ${violations.size ? JSON.stringify(Object.fromEntries(violations)) : 'no violations'}`);

  const times: number[] = [];
  const cpu: number[] = [];
  let result = serviceDue(journeys, asOf); // warm-up (JIT, working-day table)
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    const c = process.cpuUsage();
    result = serviceDue(journeys, asOf);
    const used = process.cpuUsage(c);
    times.push(performance.now() - t);
    cpu.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const s = result.service;
  console.log(`service due list: ${s.total} items (${s.overdue} overdue, ${s.due_soon} due soon, ${s.upcoming} upcoming) for ${new Set(result.items.map((i) => i.childId)).size} children; ${result.byTeam.size} teams, ${result.byWorker.size} workers`);
  console.log(`serviceDue wall: min ${ms(times[0]!)}, median ${ms(times[Math.floor(times.length / 2)]!)}, max ${ms(times.at(-1)!)} over ${runs} runs`);
  console.log(`serviceDue CPU (user+system, includes GC threads): min ${ms(cpu[0]!)}, median ${ms(cpu[Math.floor(cpu.length / 2)]!)}`);
  const byRule = Object.entries(s.byRule).map(([rule, c]) => `${rule} ${c.total}/${c.overdue}`).join(', ');
  console.log(`by rule (items/overdue): ${byRule}`);
  console.log(`rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
}

main();
