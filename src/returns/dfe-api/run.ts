/**
 * One run of the DfE data feed for a council: build every in-scope child's
 * payload, compare with what was last accepted, send the changes in batches
 * of at most 100, and for each batch record a receipt and (when accepted)
 * the new per-child state, in one transaction. A failed batch leaves the
 * state untouched so the next run sends it again, with the same batch id
 * (idempotency key) when nothing else changed; the receiver uses that key to
 * recognise a re-send after a timeout, and the per-child state is an upsert,
 * so a re-send never duplicates state.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { planFeed, type FeedBatch, type FeedPlan } from './feed.ts';
import { buildDfePayloads } from './payload.ts';
import type { DfeSender, SendResult } from './sender.ts';

export interface DfeFeedOptions {
  laCode: string;
  /** Send every child, not only changes. */
  full?: boolean;
  batchSize?: number;
}

export interface BatchOutcome {
  batchId: string;
  children: number;
  purges: number;
  result: SendResult;
}

export interface DfeFeedRunResult {
  plan: FeedPlan;
  batches: BatchOutcome[];
}

/** Builds the plan (payloads, changes, batches) without sending anything. */
export async function planDfeFeed(db: Db, options: DfeFeedOptions): Promise<FeedPlan> {
  const current = await buildDfePayloads(db, options.laCode);
  const state = await db.selectFrom('dfe_feed_state').select(['child_ref', 'payload_hash', 'sent_ids', 'purged'])
    .where('la_code', '=', options.laCode).execute();
  return planFeed(options.laCode, current, state, { full: options.full ?? false, batchSize: options.batchSize ?? 100 });
}

async function record(db: Db, laCode: string, batch: FeedBatch, result: SendResult): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('dfe_feed_receipt').values({
      la_code: laCode, batch_id: batch.batchId, status: result.status, http_status: result.httpStatus, attempts: result.attempts,
      children: batch.items.length, purges: batch.items.filter((i) => i.kind === 'purge').length,
      receipt: result.receipt, response: result.response.slice(0, 2000),
    }).execute();
    if (result.status !== 'accepted') return;
    for (const item of batch.items) {
      const row = {
        la_code: laCode, child_ref: item.ref, payload_hash: item.hash ?? '', sent_ids: item.ids, purged: item.kind === 'purge',
        batch_id: batch.batchId, sent_at: sql<Date>`now()`,
      };
      await tx.insertInto('dfe_feed_state').values(row)
        .onConflict((oc) => oc.columns(['la_code', 'child_ref']).doUpdateSet({
          payload_hash: row.payload_hash, sent_ids: row.sent_ids, purged: row.purged, batch_id: row.batch_id, sent_at: row.sent_at,
        }))
        .execute();
    }
  });
}

export async function runDfeFeed(db: Db, sender: DfeSender, options: DfeFeedOptions): Promise<DfeFeedRunResult> {
  const plan = await planDfeFeed(db, options);
  const batches: BatchOutcome[] = [];
  for (const batch of plan.batches) {
    const purges = batch.items.filter((i) => i.kind === 'purge').length;
    const result = await sender.send(options.laCode, batch.batchId, batch.items.map((i) => i.payload));
    await record(db, options.laCode, batch, result);
    batches.push({ batchId: batch.batchId, children: batch.items.length, purges, result });
  }
  return { plan, batches };
}
