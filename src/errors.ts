/**
 * An error the user caused and can fix (bad option, unreachable database,
 * missing setting). Shown as one clear line, never as a stack trace.
 */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
