/**
 * `hearth calendar`: the England working-day calendar from the command line.
 *
 *   hearth calendar add-working-days 2024-12-20 5      → 2024-12-31
 *   hearth calendar working-days-between 2024-12-20 2025-01-02 → 6
 *   hearth calendar is-working-day 2025-12-26          → no
 *   hearth calendar bank-holidays 2026                 → one "date  title" line each
 *
 * Working days are counted after the first date (the DfE's convention; see
 * src/domain/calendar.ts).
 */
import { addWorkingDays, bankHolidays, isWorkingDay, workingDaysBetween } from '../../domain/calendar.ts';
import { toDayNumber } from '../../domain/dates.ts';
import { CliError, parseOptions, type Command } from '../command.ts';

const USAGE = [
  'add-working-days YYYY-MM-DD N | working-days-between A B | is-working-day YYYY-MM-DD | bank-holidays YYYY',
  '',
  '  add-working-days D N       the N-th working day after D (before D if N is negative)',
  '  working-days-between A B   working days after A up to and including B (negative if B is before A)',
  '  is-working-day D           "yes" or "no" (weekends and England and Wales bank holidays are not)',
  '  bank-holidays YYYY         England and Wales bank holidays in the year (2000–2100)',
].join('\n');

function date(value: string | undefined, what: string): string {
  if (value === undefined) throw new CliError(`missing ${what}; usage: hearth calendar ${USAGE.split('\n')[0]}`);
  toDayNumber(value, what); // throws a one-line error naming the argument
  return value;
}

function whole(value: string | undefined, what: string): number {
  if (value === undefined || !/^[+-]?\d{1,6}$/.test(value)) throw new CliError(`${what} must be a whole number, for example 10 (got ${value === undefined ? 'nothing' : `"${value}"`})`);
  return Number(value);
}

function expect(positionals: string[], n: number, sub: string): void {
  if (positionals.length !== n + 1) throw new CliError(`\`hearth calendar ${sub}\` takes ${n} argument${n === 1 ? '' : 's'} (got ${positionals.length - 1})`);
}

export const calendarCommand: Command = {
  name: 'calendar',
  summary: 'Working days and bank holidays in England (add-working-days, working-days-between, …)',
  usage: USAGE,
  async run(args) {
    // A negative number ("-3") is an argument, not an option: end the options before it.
    const i = args.findIndex((a) => /^-\d+$/.test(a));
    const { positionals: argv } = parseOptions(i < 0 ? args : [...args.slice(0, i), '--', ...args.slice(i)], {}, true);
    const [sub, a, b] = argv;
    switch (sub) {
      case 'add-working-days':
        expect(argv, 2, sub);
        console.log(addWorkingDays(date(a, 'date'), whole(b, 'N')));
        return 0;
      case 'working-days-between':
        expect(argv, 2, sub);
        console.log(String(workingDaysBetween(date(a, 'first date'), date(b, 'second date'))));
        return 0;
      case 'is-working-day':
        expect(argv, 1, sub);
        console.log(isWorkingDay(date(a, 'date')) ? 'yes' : 'no');
        return 0;
      case 'bank-holidays': {
        expect(argv, 1, sub);
        for (const h of bankHolidays(whole(a, 'year'))) console.log(`${h.date}  ${h.title}`);
        return 0;
      }
      default:
        throw new CliError(sub === undefined ? `expected a sub-command: ${USAGE.split('\n')[0]}` : `unknown sub-command "${sub}"; expected add-working-days, working-days-between, is-working-day or bank-holidays`);
    }
  },
};
