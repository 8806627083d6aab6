import type { Command } from './command.ts';
import { calendarCommand } from './commands/calendar.ts';
import { dbCommand } from './commands/db.ts';
import { migrate } from './commands/migrate.ts';
import { returnsCommand } from './commands/returns.ts';
import { serve } from './commands/serve.ts';
import { start } from './commands/start.ts';
import { synth } from './commands/synth.ts';
import { validateCommand } from './commands/validate.ts';

/** Every `hearth` sub-command, in the order `hearth --help` lists them. */
export const commands: Command[] = [start, migrate, dbCommand, returnsCommand, serve, synth, calendarCommand, validateCommand];
