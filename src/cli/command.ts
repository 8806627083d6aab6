import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserFacingError } from '../errors.ts';

/** A sub-command of `hearth`. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[]): Promise<number | void>;
}

/** An error caused by the user's input: shown as one line, no stack trace. */
export class CliError extends UserFacingError {}

/** node:util parseArgs, with its errors turned into one-line CLI errors. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new CliError((err as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
}
