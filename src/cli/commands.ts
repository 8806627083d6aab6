import type { Command } from './command.ts';
import { dbCommand } from './commands/db.ts';
import { migrate } from './commands/migrate.ts';
import { returnsCommand } from './commands/returns.ts';
import { serve } from './commands/serve.ts';
import { synth } from './commands/synth.ts';

/** Every `hearth` sub-command, in the order `hearth --help` lists them. */
export const commands: Command[] = [migrate, dbCommand, returnsCommand, serve, synth];
