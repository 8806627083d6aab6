import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateBorough } from '../../src/synth/generate.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ELSEWHERE_LA, syntheticOnsCode, syntheticPostcodePoint, syntheticReferenceCsv, writeSyntheticReference } from '../../src/synth/reference.ts';
import { deriveEpisode, loadReference, parsePostcodes, parseProviders } from '../../src/returns/ssda903/reference.ts';
import type { Row } from '../../src/returns/ssda903/read.ts';

test('synthetic reference data covers every postcode and URN of the borough, in invented codes', () => {
  const b = generateBorough({ size: 'small', years: 1, seed: 3, asOf: '2026-04-30', scale: 0.05, councils: ['872', '314'] });
  const csv = syntheticReferenceCsv(b);
  const postcodes = parsePostcodes(csv.postcodes), providers = parseProviders(csv.providers);
  const ref = { postcodes, providers, la: syntheticOnsCode('872') };
  let episodes = 0, out = 0;
  for (const e of b.tables.cla_episode) {
    episodes++;
    const r = { n: 1, child: '', v: { HOME_POST: String(e.home_postcode ?? ''), PL_POST: String(e.placement_postcode ?? '') }, d: {} } as unknown as Row;
    const d = deriveEpisode(ref, r);
    assert.ok(d.PL_LA !== null, `placement postcode ${r.v.PL_POST} is in the look-up`);
    assert.ok(d.PL_DISTANCE !== null && d.PL_DISTANCE >= 0 && d.PL_DISTANCE <= 999.9);
    if (d.PL_LOCATION === 'OUT') out++;
    if (e.provider_urn) {
      const p = providers.get(String(e.provider_urn))!;
      assert.ok(p.placeCodes.has(String(e.placement_type)) && p.providerCodes.has(String(e.placement_provider ?? '')));
    }
  }
  assert.ok(episodes > 20 && out > 0, `${episodes} episodes, ${out} placed outside council 872`);
  // the areas: QA… are the councils in order, QZ elsewhere; anything else is unknown
  assert.equal(syntheticPostcodePoint('QA1 1AB', ['872', '314'])?.la, 'E09900872');
  assert.equal(syntheticPostcodePoint('QB12 3XY', ['872', '314'])?.la, 'E09900314');
  assert.equal(syntheticPostcodePoint('QZ4 2AB', ['872'])?.la, ELSEWHERE_LA);
  assert.equal(syntheticPostcodePoint('KT1 1AA', ['872']), null);
  assert.equal(syntheticPostcodePoint('QB1 1AA', ['872']), null); // no second council
  assert.deepEqual(syntheticPostcodePoint('QA1 1AB', ['872']), syntheticPostcodePoint('qa11ab', ['872'])); // stable
});

test('writeSyntheticReference writes files the validator loads (as hearth synth --reference-out does)', async () => {
  const b = generateBorough({ size: 'small', years: 1, seed: 4, asOf: '2026-04-30', scale: 0.03 });
  const dir = await mkdtemp(join(tmpdir(), 'hearth-synthref-'));
  try {
    const w = await writeSyntheticReference(b, join(dir, 'ref'));
    assert.deepEqual(w.laCodes, { '872': 'E09900872' });
    const ref = await loadReference({ postcodes: w.postcodes, providers: [w.providers], la: w.laCodes['872'] });
    assert.ok(ref.postcodes!.size > 10 && ref.la === 'E09900872');
  } finally { await rm(dir, { recursive: true, force: true }); }
});
