/**
 * Every installed package (the lock file, as `npm ci` installs it) declares an
 * `engines.node` range that accepts the Node.js this project runs on (20): a
 * dependency that needs a newer Node can work today by accident and break on
 * any minor change.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import semver from 'semver';

test('every locked dependency’s engines accept this Node.js', () => {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[] }> };
  const own = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
  assert.ok(semver.satisfies(process.version, own.engines.node), `Hearth itself needs ${own.engines.node}`);
  const refused: string[] = [];
  for (const [path, pkg] of Object.entries(lock.packages)) {
    const range = !Array.isArray(pkg.engines) ? pkg.engines?.node : undefined;
    if (path && range && !semver.satisfies(process.version, range, { includePrerelease: true })) refused.push(`${path} (${range})`);
  }
  assert.deepEqual(refused, [], `packages whose engines refuse Node ${process.version}`);
});
