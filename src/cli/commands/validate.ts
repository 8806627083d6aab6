import { REPORT_FORMATS, renderReport, type ReportFormat, type ValidationReport } from '../../returns/validation-report.ts';
import { validate903Folder } from '../../returns/ssda903/validate.ts';
import { CliError, parseOptions, type Command } from '../command.ts';

/** One handler per return kind. Add 'cin' here (e.g. `cin: validateCin`) when the CIN census validator exists. */
type Handler = (args: string[]) => Promise<{ report: ValidationReport; format: ReportFormat }>;

function formatOf(v: string | undefined): ReportFormat {
  const f = (v ?? 'table') as ReportFormat;
  if (!REPORT_FORMATS.includes(f)) throw new CliError(`--format must be one of ${REPORT_FORMATS.join(', ')}`);
  return f;
}
function defaultYear(): number {
  const now = new Date();
  return now.getUTCMonth() >= 3 ? now.getUTCFullYear() + 1 : now.getUTCFullYear();
}

const handlers: Record<string, Handler> = {
  async '903'(args) {
    const { values, positionals } = parseOptions(args, {
      previous: { type: 'string' }, format: { type: 'string' }, year: { type: 'string' },
    }, true);
    if (positionals.length !== 1) throw new CliError('usage: hearth validate 903 <folder> [--previous <folder>] [--format table|csv|json] [--year 2025]');
    const year = values.year === undefined ? defaultYear() - 1 : Number(values.year);
    if (!Number.isInteger(year) || year < 2017 || year > 2100) throw new CliError('--year must be a collection year such as 2025 (= 2024-25)');
    const format = formatOf(values.format);
    return { report: await validate903Folder(year, positionals[0]!, values.previous), format };
  },
};

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Validate statutory return files (903) against the DfE rules',
  usage: '903 <folder> [--previous <folder>] [--format table|csv|json] [--year 2025]   (year = year the collection ends; default: the last completed year)',
  async run(args) {
    const [kind, ...rest] = args;
    const handler = kind ? handlers[kind] : undefined;
    let result: Awaited<ReturnType<Handler>>;
    try {
      if (!handler) throw new CliError(`usage: hearth validate <${Object.keys(handlers).join('|')}> ...`);
      result = await handler(rest);
    } catch (err) {
      if (err instanceof CliError) {
        process.stderr.write(`hearth validate: ${err.message}\n`);
        return 2; // usage error
      }
      throw err;
    }
    const { report, format } = result;
    process.stdout.write(renderReport(report, format));
    return report.failures.length > 0 || report.fileIssues.length > 0 ? 1 : 0;
  },
};
