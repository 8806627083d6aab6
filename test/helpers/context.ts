/**
 * A service context for calling src/services directly in tests: a signed-in
 * user as the session would load it (or a hand-made one), the database's
 * audit writer unless a test injects another, a fixed clock and request id.
 */
import assert from 'node:assert/strict';
import type { Db } from '../../src/db/database.ts';
import { databaseAuditWriter, type AuditWriter } from '../../src/services/audit.ts';
import type { Clock, ServiceContext, SessionUser } from '../../src/services/context.ts';
import { loadSessionUser } from '../../src/services/sessions.ts';

export const TEST_PSEUDONYM_KEY = 'k'.repeat(32);

export interface ContextOptions {
  requestId: string;
  audit?: AuditWriter;
  clock?: Clock;
}

/** A context for a hand-made user (roles as given). */
export function contextAs(db: Db, user: SessionUser, o: ContextOptions): ServiceContext {
  return {
    db, user, requestId: o.requestId, clock: o.clock ?? (() => new Date('2026-03-02T10:00:00Z')),
    audit: o.audit ?? databaseAuditWriter(db), pseudonymKey: TEST_PSEUDONYM_KEY,
  };
}

/** A context for a user account in the database, loaded as its session would be (it must be enabled). */
export async function contextForUser(db: Db, userId: number, o: ContextOptions): Promise<ServiceContext> {
  const user = await loadSessionUser(db, userId);
  assert.ok(user, `user ${userId} is enabled`);
  return contextAs(db, user, o);
}
