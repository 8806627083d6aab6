/**
 * Change detection and batching for the DfE data feed. The first run for a
 * council sends a full snapshot; later runs send only the children whose
 * payload changed since it was last accepted, with `purge: true` for
 * sub-records that were sent before and have since been deleted, and a
 * child-level purge for a child whose record was deleted. Batches hold at
 * most 100 children (the schema's maxItems); a batch's id is a hash of its
 * content, so re-sending the same batch uses the same idempotency key.
 */
import { createHash } from 'node:crypto';
import type { BuiltChild, DfeChild, DfeEpisode } from './payload.ts';

export const MAX_BATCH = 100;

export interface FeedStateRow {
  child_ref: string;
  payload_hash: string;
  sent_ids: string[];
  purged: boolean;
}

export interface FeedItem {
  ref: string;
  /** What is sent (with any purge entries). */
  payload: DfeChild;
  /** Hash of the child's current payload (without purge entries); null for a child-level purge. */
  hash: string | null;
  /** Sub-record keys of the current payload. */
  ids: string[];
  kind: 'new' | 'changed' | 'purge';
}

export interface FeedBatch {
  batchId: string;
  items: FeedItem[];
}

export interface FeedPlan {
  full: boolean;
  unchanged: number;
  items: FeedItem[];
  batches: FeedBatch[];
}

export function hashPayload(p: DfeChild): string {
  return createHash('sha256').update(JSON.stringify(p)).digest('hex');
}

/** Adds purge entries for sub-records sent last time and absent now. */
function withPurges(child: BuiltChild, previousIds: readonly string[]): DfeChild {
  const now = new Set(child.ids);
  const gone = previousIds.filter((k) => !now.has(k));
  if (gone.length === 0) return child.payload;
  const payload: DfeChild = structuredClone(child.payload);
  if (gone.includes('hw')) payload.health_and_wellbeing = { purge: true };
  const episodes = payload.social_care_episodes ?? [];
  const byId = new Map(episodes.map((e) => [e.social_care_episode_id, e]));
  const goneEpisodes = new Set(gone.filter((k) => /^e:[^/]+$/.test(k)).map((k) => k.slice(2)));
  for (const id of goneEpisodes) episodes.push({ social_care_episode_id: id, purge: true });
  for (const k of gone) {
    const m = /^e:([^/]+)\/(a|n|s|p|l|ad|cl)(?::(.+))?$/.exec(k);
    if (!m) continue;
    const [, epId, part, subId] = m as unknown as [string, string, string, string | undefined];
    if (goneEpisodes.has(epId)) continue; // the whole episode is purged
    let ep = byId.get(epId);
    if (!ep) {
      ep = { social_care_episode_id: epId } as DfeEpisode;
      episodes.push(ep);
      byId.set(epId, ep);
    }
    switch (part) {
      case 'a': (ep.child_and_family_assessments ??= []).push({ child_and_family_assessment_id: subId!, purge: true }); break;
      case 'n': (ep.child_in_need_plans ??= []).push({ child_in_need_plan_id: subId!, purge: true }); break;
      case 's': (ep.section_47_assessments ??= []).push({ section_47_assessment_id: subId!, purge: true }); break;
      case 'p': (ep.child_protection_plans ??= []).push({ child_protection_plan_id: subId!, purge: true }); break;
      case 'l': (ep.child_looked_after_placements ??= []).push({ child_looked_after_placement_id: subId!, purge: true }); break;
      case 'ad': if (!ep.adoption) ep.adoption = { purge: true }; break;
      case 'cl': if (!ep.care_leavers) ep.care_leavers = { purge: true }; break;
    }
  }
  if (episodes.length) payload.social_care_episodes = episodes;
  return payload;
}

export function batchId(laCode: string, children: readonly DfeChild[]): string {
  const h = createHash('sha256').update(laCode).update('\n').update(JSON.stringify(children)).digest('hex');
  // Formatted as a UUID (version nibble 5-style, from the content hash) so it suits an Idempotency-Key header.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function toBatches(laCode: string, items: FeedItem[], size = MAX_BATCH): FeedBatch[] {
  if (size < 1 || size > MAX_BATCH) throw new RangeError(`batch size must be 1–${MAX_BATCH}`);
  const out: FeedBatch[] = [];
  for (let i = 0; i < items.length; i += size) {
    const slice = items.slice(i, i + size);
    out.push({ batchId: batchId(laCode, slice.map((x) => x.payload)), items: slice });
  }
  return out;
}

/**
 * Compares the current payloads with what was last accepted. `full` forces a
 * snapshot of every child (purges are still sent for deleted children).
 */
export function planFeed(laCode: string, current: readonly BuiltChild[], state: readonly FeedStateRow[], options: { full?: boolean; batchSize?: number } = {}): FeedPlan {
  const live = state.filter((s) => !s.purged);
  const full = options.full === true || live.length === 0;
  const prev = new Map(live.map((s) => [s.child_ref, s]));
  const items: FeedItem[] = [];
  let unchanged = 0;
  const seen = new Set<string>();
  for (const child of current) {
    seen.add(child.ref);
    const hash = hashPayload(child.payload);
    const before = prev.get(child.ref);
    if (before && before.payload_hash === hash && !full) {
      unchanged++;
      continue;
    }
    items.push({
      ref: child.ref, payload: withPurges(child, before?.sent_ids ?? []), hash, ids: child.ids,
      kind: before ? 'changed' : 'new',
    });
  }
  for (const s of live) {
    if (seen.has(s.child_ref)) continue;
    items.push({ ref: s.child_ref, payload: { la_child_id: s.child_ref, purge: true }, hash: null, ids: [], kind: 'purge' });
  }
  return { full, unchanged, items, batches: toBatches(laCode, items, options.batchSize) };
}
