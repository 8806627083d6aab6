/**
 * `hearth returns dfe-feed` as a person runs it: a dry run writes the batches
 * (schema-valid, at most 100 children each) and sends nothing; a live run
 * against the mock DfE API records receipts and a second run sends only
 * changes; mistakes get one clear line and a non-zero exit.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest } from '../../../src/db/migrate.ts';
import { openDatabase } from '../../../src/db/database.ts';
import { addChild, addCouncil } from '../fixtures.ts';
import { compileCscSchema } from './schema.ts';
import { startMockDfe, MOCK_CREDENTIALS, type MockDfe } from './mock-server.ts';

// The CLI opens its own database; it is exercised on an embedded one, once (the PostgreSQL pass skips it).
const skip = process.env.TEST_DATABASE_URL ? 'the CLI runs in the PGlite pass' : false;
let dir: string;
let mock: MockDfe;
const CHILDREN = 130;
const validate = compileCscSchema();

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'hearth-dfe-cli-'));
  mock = await startMockDfe(validate);
  const h = await openDatabase({ dataDir: join(dir, 'pglite') });
  try {
    await migrateToLatest(h.db);
    await addCouncil(h.db, '330', 'Northshire');
    for (let i = 0; i < CHILDREN; i++) {
      const id = await addChild(h.db, { laCode: '330', ref: `CLI${i}` });
      await h.db.insertInto('referral').values({ child_id: id, la_code: '330', referral_date: '2026-01-05', source: '2A' }).execute();
    }
  } finally {
    await h.close();
  }
});

after(async () => {
  await mock?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI without blocking the event loop (the mock API answers in this process). */
function hearth(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/hearth.mjs', 'returns', 'dfe-feed', ...args], {
      env: { ...process.env, DATABASE_URL: '', HEARTH_DATA_DIR: join(dir, 'pglite'), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const apiEnv = () => ({
  DFE_API_BASE_URL: mock.baseUrl, DFE_API_TOKEN_URL: mock.tokenUrl,
  DFE_API_CLIENT_ID: MOCK_CREDENTIALS.clientId, DFE_API_CLIENT_SECRET: MOCK_CREDENTIALS.clientSecret, DFE_API_SCOPE: MOCK_CREDENTIALS.scope,
});

test('mistakes get one clear line and a non-zero exit, never a stack trace', { timeout: 120_000, skip }, async () => {
  for (const [args, env, pattern] of [
    [['--la', '999', '--dry-run'], {}, /999/],
    [['--la', 'Kent', '--dry-run'], {}, /--la/],
    [['--la', '330', '--out', join(dir, 'x.json')], {}, /--out is only for --dry-run/],
    [['--la', '330'], {}, /DFE_API_BASE_URL must be set/],
    [['--la', '330'], { ...apiEnv(), DFE_API_BASE_URL: 'http://dfe.example/api' }, /must use https/],
  ] as const) {
    const r = await hearth([...args], env);
    assert.notEqual(r.status, 0, args.join(' '));
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, pattern);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
  assert.equal(mock.requests.length, 0);
});

test('dry run writes schema-valid batches of at most 100 and sends nothing; a live run sends, the next sends only changes', { timeout: 120_000, skip }, async () => {
  const out = join(dir, 'preview.json');
  const dry = await hearth(['--la', '330', '--dry-run', '--out', out]);
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, new RegExp(`Dry run \\(full snapshot\\): ${CHILDREN} child record\\(s\\) in 2 batch\\(es\\)`));
  const doc = JSON.parse(await readFile(out, 'utf8')) as { batch_id: string; children: unknown[] }[];
  assert.deepEqual(doc.map((b) => b.children.length), [100, 30]);
  for (const b of doc) assert.ok(validate(b.children), JSON.stringify(validate.errors?.slice(0, 2)));
  assert.equal(mock.requests.length, 0, 'a dry run sends nothing');

  const live = await hearth(['--la', '330'], apiEnv());
  assert.equal(live.status, 0, live.stderr);
  assert.match(live.stdout, /accepted after 1 attempt/);
  assert.match(live.stdout, new RegExp(`Full snapshot: ${CHILDREN} sent in 2 batch\\(es\\)`));
  assert.doesNotMatch(live.stdout + live.stderr, /CLI\d+/, 'no child identifier printed');
  assert.equal(mock.accepted.size, 2);

  const again = await hearth(['--la', '330'], apiEnv());
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, new RegExp(`Changes: 0 sent in 0 batch\\(es\\), ${CHILDREN} unchanged`));

  // The API failing throughout: the run says so, exits non-zero, and the batch waits for the next run.
  mock.script.push(...Array.from({ length: 10 }, () => ({ status: 400 })));
  const forced = await hearth(['--la', '330', '--full'], apiEnv());
  assert.notEqual(forced.status, 0);
  assert.match(forced.stderr.trim(), /^hearth returns: 2 batch\(es\) not accepted; they will be re-sent on the next run$/);
  mock.script.length = 0;

  const h = await openDatabase({ dataDir: join(dir, 'pglite') });
  try {
    const events = await h.db.selectFrom('audit_event').select(['record_type', 'username']).where('action', '=', 'export').orderBy('id').execute();
    assert.deepEqual(events.map((e) => e.record_type), ['dfe_feed_preview', 'dfe_feed', 'dfe_feed', 'dfe_feed'], 'every run, dry or live, is audited');
    assert.ok(events.every((e) => e.username?.startsWith('cli:')));
  } finally {
    await h.close();
  }
});
