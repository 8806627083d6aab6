/**
 * The `hearth` command. Each sub-command lives in its own module; errors that
 * users can cause (bad arguments, unreachable database) print one clear line
 * and exit non-zero, never a stack trace.
 */
import { UserFacingError } from '../errors.ts';
import type { Command } from './command.ts';
import { commands } from './commands.ts';

function usage(): string {
  const lines = ['Usage: hearth <command> [options]', '', 'Commands:'];
  for (const c of commands) lines.push(`  ${c.name.padEnd(12)} ${c.summary}`);
  lines.push('', 'Run `hearth <command> --help` for a command\'s options.');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command: Command | undefined = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`hearth: unknown command "${name}". Run \`hearth --help\` for the list.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`Usage: hearth ${command.name} ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  try {
    return (await command.run(rest)) ?? 0;
  } catch (err) {
    if (err instanceof UserFacingError) {
      console.error(`hearth ${command.name}: ${err.message}`);
      return 1;
    }
    console.error(`hearth ${command.name}: unexpected error: ${(err as Error)?.message ?? String(err)}`);
    if (process.env.HEARTH_DEBUG) console.error(err);
    return 1;
  }
}

