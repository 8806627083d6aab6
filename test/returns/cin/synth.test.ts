import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateBorough } from '../../../src/synth/generate.ts';
import { loadBorough } from '../../../src/synth/load.ts';
import { buildCinCensus } from '../../../src/returns/cin/build.ts';
import { validateCinXml } from '../../../src/returns/cin/validate.ts';
import { freshDatabase } from '../../helpers/db.ts';
import { validateAgainstXsd, xmllintAvailable } from './helpers.ts';

test('CIN census for a small synthetic borough passes the XSD and parses back', async () => {
  const b = generateBorough({ size: 'small', years: 2, seed: 11, asOf: '2026-06-30', scale: 0.1 });
  const h = await freshDatabase();
  try {
    await loadBorough(h.db, b);
    const la = b.options.councils[0]!;
    const xml = await buildCinCensus(h.db, { laCode: la, collectionYear: 2026 });
    const children = (xml.match(/<Child>/g) ?? []).length;
    assert.ok(children > 10, `expected a real census, got ${children} children`);
    if (xmllintAvailable()) {
      const r = validateAgainstXsd(xml);
      assert.ok(r.ok, r.output.slice(0, 2000));
    }
    const v = validateCinXml(xml);
    assert.equal(v.unreadable, false);
    assert.equal(v.children, children);
    assert.equal(v.failures.filter((f) => f.code === 'FORMAT').length, 0);
  } finally {
    await h.close();
  }
});
