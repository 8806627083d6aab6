import { REPORT_FORMATS, renderReport, type ReportFormat, type ValidationReport } from '../../returns/validation-report.ts';
import { basename } from 'node:path';
import { toCinValidationReport, validateCinFile } from '../../returns/cin/validate.ts';
import { validate903Folder } from '../../returns/ssda903/validate.ts';
import { ReferenceDataError } from '../../returns/ssda903/reference.ts';
import { CliError, parseOptions, type Command } from '../command.ts';

const USAGE_903 = '[--previous <folder>] [--earlier <folder>]... [--postcodes <nspl.csv>] [--providers <ofsted.csv>]... [--la-code <E09000021>] [--format table|csv|json] [--year 2025]';

/** One handler per return kind. */
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
      previous: { type: 'string' }, earlier: { type: 'string', multiple: true }, format: { type: 'string' }, year: { type: 'string' },
      postcodes: { type: 'string' }, providers: { type: 'string', multiple: true }, 'la-code': { type: 'string' },
    }, true);
    if (positionals.length !== 1) throw new CliError(`usage: hearth validate 903 <folder> ${USAGE_903}`);
    const year = values.year === undefined ? defaultYear() - 1 : Number(values.year);
    if (!Number.isInteger(year) || year < 2017 || year > 2100) throw new CliError('--year must be a collection year such as 2025 (= 2024-25)');
    const format = formatOf(values.format);
    const referenceFiles = { postcodes: values.postcodes, providers: values.providers, la: values['la-code'] };
    try {
      return { report: await validate903Folder(year, positionals[0]!, values.previous, { referenceFiles, earlierFolders: values.earlier ?? [] }), format };
    } catch (err) {
      if (err instanceof ReferenceDataError) throw new CliError(`reference data: ${err.message}`);
      throw err;
    }
  },
  async cin(args) {
    const { values, positionals } = parseOptions(args, { format: { type: 'string' }, year: { type: 'string' } }, true);
    if (positionals.length !== 1) throw new CliError('usage: hearth validate cin <file.xml> [--format table|csv|json] [--year 2026]');
    const year = values.year === undefined ? undefined : Number(values.year);
    if (year !== undefined && (!Number.isInteger(year) || year < 2017 || year > 2100)) throw new CliError('--year must be a collection year such as 2026 (= 2025-26)');
    const format = formatOf(values.format);
    const result = await validateCinFile(positionals[0]!, year === undefined ? {} : { collectionYear: year });
    return { report: toCinValidationReport(result, basename(positionals[0]!)), format };
  },
};

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Validate statutory return files (SSDA903 CSVs, CIN census XML) against the DfE rules',
  usage: `903 <folder> ${USAGE_903} | cin <file.xml> [--format ...] [--year 2026]   (year = year the collection ends)`,
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
