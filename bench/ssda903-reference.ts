/**
 * Reading an uploaded SSDA903 postcode look-up (the "Check SSDA903 files" page's optional reference data, and
 * `hearth validate 903 --postcodes`): `readReferenceUploads` → `decodeReference` + `parsePostcodes` on a synthetic
 * NSPL-shaped CSV trimmed to the columns the validator reads (pcd, oseast1m, osnrth1m, laua, utla), built in memory.
 * Invented postcodes (Q areas, which do not exist) and invented coordinates; nothing real.
 *
 *   node --expose-gc --import tsx bench/ssda903-reference.ts [rows ...]     (default 100000 300000 900000)
 *
 * Prints per size: file MB, wall and CPU milliseconds, heap retained by the look-up (after GC), peak RSS, load average.
 */
import { loadavg } from 'node:os';
import { readReferenceUploads } from '../src/services/returns-check.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function nspl(rows: number): Uint8Array {
  const lines = ['pcd,oseast1m,osnrth1m,laua,utla'];
  const L = 'ABCDEFGHJKLMNPRSTUWY', U = 'ABDEFGHJLNPQRSTUWXYZ';
  for (let i = 0; i < rows; i++) {
    const la = `E09900${String(100 + (i % 40)).padStart(3, '0')}`;
    lines.push(`Q${L[i % 20]}${(i >> 5) % 99} ${i % 10}${U[(i >> 3) % 20]}${U[(i >> 7) % 20]}${i},${400000 + (i * 37) % 200000},${200000 + (i * 91) % 300000},${la},${la}`);
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

const sizes = process.argv.slice(2).map(Number);
for (const rows of sizes.length ? sizes : [100_000, 300_000, 900_000]) {
  const bytes = nspl(rows);
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const ref = readReferenceUploads({ postcodes: { name: 'nspl.csv', bytes } });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (ref.problems.length) throw new Error(ref.problems[0]!.message);
  gc();
  const retained = process.memoryUsage().heapUsed - heap0;
  console.log(JSON.stringify({
    rows, postcodes: ref.reference.postcodes!.size, fileMB: +(bytes.length / 1048576).toFixed(1), wallMs: Math.round(wall),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000), retainedHeapMB: Math.round(retained / 1048576),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), load1: +loadavg()[0]!.toFixed(1),
  }));
}
