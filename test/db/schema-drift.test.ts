import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { SCHEMA_FILE } from '../../src/cli/commands/db.ts';
import { generateSchemaTypes } from '../../src/db/schema-gen.ts';
import { freshDatabase } from '../helpers/db.ts';

test('src/db/schema.ts matches the migrated database (run `hearth db types` after changing a migration)', async () => {
  const h = await freshDatabase();
  try {
    const generated = await generateSchemaTypes(h.db);
    assert.equal(await readFile(SCHEMA_FILE, 'utf8'), generated);
  } finally {
    await h.close();
  }
});
