/**
 * `hearth returns <903|cin|annex-a|dfe-feed>`: the statutory outputs, built from
 * the record for one council (DfE LA code). The command line is an operator's
 * tool with the database's own credentials (like psql), so no role check
 * applies; but every build is written to the audit trail as an export by the
 * operating-system user before anything is read, and stops if that write fails.
 */
import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { Db } from '../../db/database.ts';
import { buildAnnexA } from '../../returns/annex-a/build.ts';
import { writeAnnexACsv, writeAnnexAXlsx } from '../../returns/annex-a/write.ts';
import { planDfeFeed, runDfeFeed } from '../../returns/dfe-api/run.ts';
import { DfeSender, dfeApiConfigFromEnv } from '../../returns/dfe-api/sender.ts';
import { isIsoDate } from '../../returns/format.ts';
import { buildCinCensus } from '../../returns/cin/build.ts';
import { buildSsda903, writeSsda903Csv } from '../../returns/ssda903/build.ts';
import { databaseAuditWriter, recordOrFail } from '../../services/audit.ts';
import { CliError, parseOptions, type Command } from '../command.ts';
import { withDatabase } from '../database-from-config.ts';

function laCode(v: string | undefined): string {
  if (!v) throw new CliError('--la <code> is required (the council\'s three-digit DfE LA code)');
  if (!/^[0-9]{3}$/.test(v)) throw new CliError(`--la must be a three-digit DfE LA code, got "${v}"`);
  return v;
}

async function knownCouncil(db: Db, la: string): Promise<void> {
  const row = await db.selectFrom('local_authority').select('la_code').where('la_code', '=', la).executeTakeFirst();
  if (!row) throw new CliError(`no council with LA code ${la} in this database`);
}

/** The audit event for a return built at the command line (no child identifiers: the council and the return only). */
async function auditExport(db: Db, recordType: string, detail: Record<string, unknown>): Promise<void> {
  let who = 'unknown';
  try { who = userInfo().username; } catch { /* no passwd entry */ }
  await recordOrFail(databaseAuditWriter(db), {
    occurredAt: new Date(), userId: null, username: `cli:${who}`, role: null, action: 'export', childId: null,
    recordType, recordId: null, requestId: null, outcome: 'allowed', detail: { via: 'hearth returns', ...detail },
  });
}

function collectionYear(v: string | undefined): number {
  const year = Number(v);
  if (!v || !Number.isInteger(year) || year < 2017 || year > 2100) throw new CliError('--year <YYYY> (the year the collection ends, e.g. 2026 for 2025-26) is required');
  return year;
}

async function ssda903(args: string[]): Promise<void> {
  const { values } = parseOptions(args, { la: { type: 'string' }, year: { type: 'string' }, out: { type: 'string' } });
  const la = laCode(values.la);
  const year = collectionYear(values.year);
  if (!values.out) throw new CliError('--out <folder> is required');
  const out = values.out;
  await withDatabase(async ({ db }) => {
    await knownCouncil(db, la);
    await auditExport(db, 'ssda903_return', { laCode: la, collectionYear: year });
    const result = await buildSsda903(db, { laCode: la, collectionYear: year });
    const files = await writeSsda903Csv(out, result, year);
    for (const [t, data] of Object.entries(result)) console.log(`${t}: ${data.rows.length} row(s)`);
    console.log(`Wrote ${files.length} file(s) to ${out}`);
  });
}

async function cinCensus(args: string[]): Promise<void> {
  const { values } = parseOptions(args, { la: { type: 'string' }, year: { type: 'string' }, out: { type: 'string' } });
  const la = laCode(values.la);
  const year = collectionYear(values.year);
  if (!values.out) throw new CliError('--out <file.xml> is required');
  const out = values.out;
  await withDatabase(async ({ db }) => {
    await knownCouncil(db, la);
    await auditExport(db, 'cin_census', { laCode: la, collectionYear: year });
    const xml = await buildCinCensus(db, { laCode: la, collectionYear: year });
    await writeFile(out, xml, 'utf8');
    const children = (xml.match(/<Child>/g) ?? []).length;
    console.log(`CIN census ${year - 1}-${String(year % 100).padStart(2, '0')} for ${la}: ${children} child(ren); written to ${out}`);
  });
}

async function annexA(args: string[]): Promise<void> {
  const { values } = parseOptions(args, {
    la: { type: 'string' }, date: { type: 'string' }, out: { type: 'string' }, xlsx: { type: 'boolean' },
  });
  const la = laCode(values.la);
  if (!values.date || !isIsoDate(values.date)) throw new CliError('--date YYYY-MM-DD (the inspection date) is required');
  if (!values.out) throw new CliError('--out <folder> is required');
  const date = values.date;
  const out = values.out;
  await withDatabase(async ({ db }) => {
    await knownCouncil(db, la);
    await auditExport(db, 'annex_a', { laCode: la, inspectionDate: date });
    const result = await buildAnnexA(db, { laCode: la, inspectionDate: date });
    const files = await writeAnnexACsv(out, result);
    if (values.xlsx) files.push(await writeAnnexAXlsx(out, result));
    for (const l of result.lists) console.log(`List ${l.definition.number} ${l.definition.title}: ${l.rows.length} row(s)`);
    console.log(`Wrote ${files.length} file(s) to ${out}`);
  });
}

async function dfeFeed(args: string[]): Promise<void> {
  const { values } = parseOptions(args, {
    la: { type: 'string' }, 'dry-run': { type: 'boolean' }, out: { type: 'string' }, full: { type: 'boolean' },
  });
  const la = laCode(values.la);
  const dryRun = values['dry-run'] === true;
  if (values.out && !dryRun) throw new CliError('--out is only for --dry-run (a live run records receipts in the database)');
  const config = dryRun ? null : dfeApiConfigFromEnv();
  await withDatabase(async ({ db }) => {
    await knownCouncil(db, la);
    await auditExport(db, dryRun ? 'dfe_feed_preview' : 'dfe_feed', { laCode: la, full: values.full === true });
    if (dryRun) {
      const plan = await planDfeFeed(db, { laCode: la, full: values.full === true });
      const doc = plan.batches.map((b) => ({ batch_id: b.batchId, children: b.items.map((i) => i.payload) }));
      if (values.out) await writeFile(values.out, JSON.stringify(doc, null, 2) + '\n', 'utf8');
      console.log(`Dry run (${plan.full ? 'full snapshot' : 'changes only'}): ${plan.items.length} child record(s) in ${plan.batches.length} batch(es), ${plan.items.filter((i) => i.kind === 'purge').length} purge(s), ${plan.unchanged} unchanged${values.out ? `; written to ${values.out}` : ''}. Nothing sent.`);
      return;
    }
    const result = await runDfeFeed(db, new DfeSender(config!), { laCode: la, full: values.full === true });
    const failed = result.batches.filter((b) => b.result.status !== 'accepted');
    for (const b of result.batches) {
      console.log(`batch ${b.batchId}: ${b.children} child record(s), ${b.result.status} after ${b.result.attempts} attempt(s)${b.result.httpStatus ? ` (HTTP ${b.result.httpStatus})` : ''}`);
    }
    console.log(`${result.plan.full ? 'Full snapshot' : 'Changes'}: ${result.plan.items.length} sent in ${result.batches.length} batch(es), ${result.plan.unchanged} unchanged.`);
    if (failed.length) throw new CliError(`${failed.length} batch(es) not accepted; they will be re-sent on the next run`);
  });
}

const SUB: Record<string, { usage: string; run(args: string[]): Promise<void> }> = {
  '903': { usage: '903 --la <code> --year <YYYY> --out <folder>', run: ssda903 },
  cin: { usage: 'cin --la <code> --year <YYYY> --out <file.xml>', run: cinCensus },
  'dfe-feed': { usage: 'dfe-feed --la <code> [--full] [--dry-run [--out file.json]]', run: dfeFeed },
  'annex-a': { usage: 'annex-a --la <code> --date YYYY-MM-DD --out <folder> [--xlsx]', run: annexA },
};

export const returnsCommand: Command = {
  name: 'returns',
  summary: 'Statutory returns from the record: SSDA903 CSVs, CIN census XML, Ofsted Annex A, the DfE daily data feed',
  get usage() {
    return Object.values(SUB).map((s) => s.usage).join('\n       hearth returns ');
  },
  async run(args) {
    const [name, ...rest] = args;
    const sub = name ? SUB[name] : undefined;
    if (!sub) throw new CliError(`expected one of: ${Object.keys(SUB).join(', ')}`);
    await sub.run(rest);
  },
};
