/**
 * What every service call carries: who is asking, in which request, against
 * which database, at what time, and where the audit trail goes.
 */
import type { Db } from '../db/database.ts';
import type { AuditWriter } from './audit.ts';
import type { PolicyUser } from './policy.ts';

export interface SessionUser extends PolicyUser {
  username: string;
  displayName: string;
  /** An administrator set the password: the user must choose their own before anything else (src/web/plugins/password-change.ts). */
  mustChangePassword?: boolean;
}

export type Clock = () => Date;

export interface ServiceContext {
  db: Db;
  user: SessionUser;
  requestId: string;
  clock: Clock;
  audit: AuditWriter;
  /** Key for pseudonyms shown to performance officers (the session secret). */
  pseudonymKey: string;
}

/** The caller may not do this. `hidden` means answer as if the record did not exist. */
export class ForbiddenError extends Error {
  readonly statusCode: number;
  constructor(message: string, readonly hidden = false) {
    super(message);
    this.name = 'ForbiddenError';
    this.statusCode = hidden ? 404 : 403;
  }
}

export class NotFoundError extends Error {
  readonly statusCode = 404;
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}
