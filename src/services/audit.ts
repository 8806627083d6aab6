/**
 * The audit trail. Every read, create, update, export and refused attempt on
 * a child's data is written to audit_event (append-only: the database rejects
 * UPDATE, DELETE and TRUNCATE). The write happens before the data is returned,
 * inside the request; if it fails the request fails (AuditUnavailableError,
 * 503) and no data leaves the server. Nothing the client sends can turn it off.
 */
import type { Db } from '../db/database.ts';

export type AuditAction = 'read' | 'create' | 'update' | 'export' | 'search' | 'denied' | 'sign_in' | 'sign_in_failed' | 'sign_out' | 'lockout';
export type AuditOutcome = 'allowed' | 'denied' | 'failed';

export interface AuditEvent {
  occurredAt: Date;
  userId: number | null;
  username: string | null;
  role: string | null;
  action: AuditAction;
  childId: number | null;
  /** What was looked at: 'child_summary', 'child_export', 'audit_log', ... */
  recordType: string | null;
  recordId: string | null;
  requestId: string | null;
  outcome: AuditOutcome;
  detail?: Record<string, unknown> | null;
}

export interface AuditWriter {
  record(event: AuditEvent): Promise<void>;
  /**
   * The same writer on a transaction, so that the event commits or rolls back
   * with the change it describes (src/services/admin.ts). Writers without it
   * (a test's failing writer) are used as they are.
   */
  within?(trx: Db): AuditWriter;
}

/** The audit write failed, so the request must fail too. */
export class AuditUnavailableError extends Error {
  readonly statusCode = 503;
  constructor(cause: unknown) {
    super('The audit trail could not be written, so the request was stopped. Try again later.');
    this.name = 'AuditUnavailableError';
    this.cause = cause;
  }
}

export function databaseAuditWriter(db: Db): AuditWriter {
  return {
    within: (trx) => databaseAuditWriter(trx),
    async record(e) {
      await db
        .insertInto('audit_event')
        .values({
          occurred_at: e.occurredAt,
          user_id: e.userId,
          username: e.username,
          role: e.role,
          action: e.action,
          child_id: e.childId,
          record_type: e.recordType,
          record_id: e.recordId,
          request_id: e.requestId,
          outcome: e.outcome,
          detail: e.detail ? JSON.stringify(e.detail) : null,
        })
        .execute();
    },
  };
}

/** Writes an event, turning any failure into AuditUnavailableError. */
export async function recordOrFail(writer: AuditWriter, event: AuditEvent): Promise<void> {
  try {
    await writer.record(event);
  } catch (err) {
    throw new AuditUnavailableError(err);
  }
}
