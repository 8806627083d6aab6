/**
 * Benchmark: parse and validate a synthetic CIN census file of N children
 * (default 20,000; target under 5 s on a 2-core machine, scaling linearly).
 *   node --expose-gc --import tsx bench/validate-cin.ts [children ...]   (default 20000)
 * Each run generates the XML in memory (not timed), then times
 * validateCinXml on its bytes (decode + well-formedness + parse + all rules)
 * and reports peak RSS / heap.
 */
import { validateCinXml } from '../src/returns/cin/validate.ts';
import { upnCheckLetter } from '../src/returns/cin/rules/child.ts';

function upn(n: number): string {
  const rest = `318${String(n).padStart(8, '0')}1`;
  return `${upnCheckLetter(`A${rest}`)}${rest}`;
}

/** A varied, mostly valid census: open and closed episodes, assessments, plans, S47s with ICPCs, CP plans with reviews. */
export function syntheticCinXml(children: number): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2026</Year><ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails>',
    '<Source><SourceLevel>L</SourceLevel><LEA>318</LEA><SoftwareCode>Hearth</SoftwareCode><Release>bench</Release><SerialNo>001</SerialNo><DateTime>2026-04-10T09:00:00Z</DateTime></Source></Header>', '<Children>'];
  const dis = ['AUT', 'LD', 'MOB', 'HAND', 'PC', 'VIS', 'BEH', 'COMM', 'HEAR', 'CON'];
  for (let i = 0; i < children; i++) {
    const m = String(4 + (i % 9)).padStart(2, '0');
    const yob = 2008 + (i % 17);
    out.push('  <Child>');
    out.push(`    <ChildIdentifiers><LAchildID>CH${String(i).padStart(7, '0')}</LAchildID>${yob < 2021 ? `<UPN>${upn(i)}</UPN>` : '<UPNunknown>UN1</UPNunknown>'}<PersonBirthDate>${yob}-${m}-15</PersonBirthDate><Sex>${i % 2 ? 'M' : 'F'}</Sex></ChildIdentifiers>`);
    out.push(`    <ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities>${i % 5 === 0 ? `<Disability>${dis[i % 10]}</Disability><Disability>${dis[(i + 3) % 10]}</Disability>` : '<Disability>NONE</Disability>'}</Disabilities></ChildCharacteristics>`);
    const closed = i % 3 === 0;
    out.push(`    <CINdetails><CINreferralDate>2025-${m}-01</CINreferralDate><ReferralSource>2A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>${closed ? `<CINclosureDate>2026-02-27</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure>` : ''}`);
    out.push(`      <Assessments><AssessmentActualStartDate>2025-${m}-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2025-${m}-20</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment><AssessmentFactors>5A</AssessmentFactors><AssessmentFactors>3A</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>`);
    if (i % 4 === 1) {
      out.push(`      <Section47><S47ActualStartDate>2025-${m}-03</S47ActualStartDate><InitialCPCtarget>2025-${m}-24</InitialCPCtarget><DateOfInitialCPC>2025-${m}-23</DateOfInitialCPC><ICPCnotRequired>0</ICPCnotRequired></Section47>`);
      out.push(`      <ReferralNFA>0</ReferralNFA><ChildProtectionPlans><CPPstartDate>2025-${m}-23</CPPstartDate>${closed ? '<CPPendDate>2026-02-20</CPPendDate>' : ''}<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP><Reviews><CPPreviewDate>2025-12-10</CPPreviewDate></Reviews></ChildProtectionPlans>`);
    } else {
      out.push(`      <CINPlanDates><CINPlanStartDate>2025-${m}-21</CINPlanStartDate>${closed ? '<CINPlanEndDate>2026-02-27</CINPlanEndDate>' : ''}</CINPlanDates><ReferralNFA>0</ReferralNFA>`);
    }
    out.push('    </CINdetails>');
    out.push('  </Child>');
  }
  out.push('</Children></Message>');
  return out.join('\n') + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) main();
function main() {
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
for (const n of sizes.length ? sizes : [20_000]) {
  const bytes = Buffer.from(syntheticCinXml(n), 'utf8');
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  let peakRss = rss0;
  let peakHeap = 0;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = validateCinXml(bytes);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  clearInterval(timer);
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
  const counts = new Map<string, number>();
  for (const f of r.failures) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  console.log(JSON.stringify({
    children: n, fileMB: +(bytes.length / 1e6).toFixed(1), seconds: +(ms / 1000).toFixed(2), cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2), rules: r.rulesRun,
    failures: r.failures.length, byRule: Object.fromEntries(counts),
    // the sampler cannot run while validation holds the thread: maxRSS is the process's true peak (it includes
    // the generated file and its XML text, made before the timed part)
    peakRssMB: Math.round(peakRss / 1e6), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024), heapAfterMB: Math.round(peakHeap / 1e6),
  }));
}
}
