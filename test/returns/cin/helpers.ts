import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const cinXsdPath = path.resolve(repoRoot, '../shared/reference/cin-census/CIN_schema_2026.xsd');

/** xmllint from libxml2-utils, if installed. */
export function xmllintAvailable(): boolean {
  return spawnSync('xmllint', ['--version']).status === 0;
}

/** Validates an XML string against the CIN XSD with xmllint; returns { ok, output }. */
export function validateAgainstXsd(xml: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'hearth-cin-'));
  try {
    const file = path.join(dir, 'cin.xml');
    writeFileSync(file, xml);
    const r = spawnSync('xmllint', ['--noout', '--schema', cinXsdPath, file], { encoding: 'utf8' });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const xsdAvailable = existsSync(cinXsdPath);
