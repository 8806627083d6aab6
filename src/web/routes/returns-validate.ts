/**
 * "Check a statutory return" (issue 7): upload SSDA903 CSVs or a CIN census
 * XML file, or have Hearth build its own return for a council, and see every
 * failing DfE rule: a summary, a table by rule, the failures (child, table,
 * row, fields; paginated) and the same CSV / JSON the CLI's
 * `hearth validate ... --format csv|json` prints. Only the report is kept
 * (src/services/returns-check.ts), for its owner, for 24 hours.
 *
 * Uploads are multipart: the parser is registered only in this file's scope,
 * and the forms' `_csrf` field comes first so the CSRF hook can check it from
 * the stream before any file is read (src/web/plugins/multipart.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../services/context.ts';
import {
  CIN_YEARS, RUN_TTL_HOURS, SSDA903_YEARS, checkHearthReturn, councilsForCheck, getValidationRun, listValidationRuns, saveUploadRun,
  readReferenceUploads, validate903Upload, validateCinUpload, type ReferenceProblem, type ReturnKind, type UploadedFile,
} from '../../services/returns-check.ts';
import { RULES } from '../../returns/ssda903/rules/index.ts';
import { reportToCsv, reportToJson, type Failure } from '../../returns/validation-report.ts';
import { readUpload, REFERENCE_FILE_BYTES, registerMultipart, UPLOAD_LIMITS, UPLOAD_TOTAL_BYTES, type ReadUpload } from '../plugins/multipart.ts';
import { govukDateTime } from '../format.ts';

const BASE = '/returns/validate';
export const FAILURES_PER_PAGE = 100;
const MAX_FILES_PER_FIELD = 12;
/** Ofsted provider lists on the 903 form (the social care providers list and the children's homes list, current and closed). */
const MAX_PROVIDER_FILES = 4;
/** The 903 form's file fields, in page order. */
const FIELDS_903 = ['current', 'previous', 'postcodes', 'providers'] as const;
/** Per-field size limits on the 903 form (others: UPLOAD_LIMITS.fileSize). */
const LIMITS_903: Readonly<Record<string, number>> = { postcodes: REFERENCE_FILE_BYTES };
const REFERENCE_LABEL: Record<ReferenceProblem['input'], string> = {
  postcodes: 'The postcode look-up cannot be used',
  providers: 'The Ofsted provider list cannot be used',
  la: '',
};

const runParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string', pattern: '^[A-Za-z0-9_-]{22}$' } } } as const;
const pageQuery = { type: 'object', additionalProperties: false, properties: { page: { type: 'string', pattern: '^[1-9][0-9]{0,6}$' } } } as const;
const noQuery = { type: 'object', additionalProperties: false, properties: {} } as const;

interface FormError { text: string; href: string }

const yearLabel = (y: number) => `${y - 1} to ${y}`;
const mb = (n: number) => `${Math.round(n / (1024 * 1024))}MB`;

/** The latest complete collection year at a date (the CLI's default): years end on 31 March. */
function defaultYear(now: Date): number {
  return now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
}

function yearItems(years: readonly number[], selected: string | undefined, blank?: string) {
  const items = years.map((y) => ({ value: String(y), text: yearLabel(y), selected: String(y) === selected }));
  return blank ? [{ value: '', text: blank, selected: !selected }, ...items] : items;
}

function sizeErrors(upload: ReadUpload, href: string, fieldHref: (field: string) => string = () => href, limits: Readonly<Record<string, number>> = {}): FormError[] {
  const errors: FormError[] = [];
  if (upload.tooMany) errors.push({ text: `You can upload at most ${MAX_FILES_PER_FIELD} files in each field`, href });
  upload.tooLarge.forEach((name, i) => {
    const field = upload.tooLargeFields[i]!;
    errors.push({ text: `${name} must be smaller than ${mb(limits[field] ?? UPLOAD_LIMITS.fileSize)}`, href: fieldHref(field) });
  });
  if (upload.totalTooLarge) errors.push({ text: `The selected files must be smaller than ${mb(UPLOAD_TOTAL_BYTES)} in total`, href });
  return errors;
}

/** Reference data that cannot be used, as form errors at their fields (the LA code's at `laHref`). */
function referenceErrors(problems: readonly ReferenceProblem[], laHref: string): FormError[] {
  return problems.map((p) => (p.input === 'la'
    ? { text: 'Enter the council’s LA code in ONS form, for example E09000021, as in the postcode look-up’s laua column (not the 3-digit DfE code)', href: laHref }
    : { text: `${REFERENCE_LABEL[p.input]}: ${p.message}`, href: `#${p.input}` }));
}

function failuresByRule(failures: readonly Failure[]): { rule: string; message: string; count: number }[] {
  const by = new Map<string, { rule: string; message: string; count: number }>();
  for (const f of failures) {
    const r = by.get(f.rule);
    if (r) r.count++;
    else by.set(f.rule, { rule: f.rule, message: f.message, count: 1 });
  }
  return [...by.values()].sort((a, b) => b.count - a.count || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}

export function registerReturnsValidateRoutes(app: FastifyInstance, contextFor: (request: FastifyRequest) => ServiceContext): void {
  const config = { policy: 'returns' } as const;

  const render903 = (request: FastifyRequest, reply: FastifyReply, errors: FormError[] = [], year?: string, la?: string) => {
    if (errors.length) reply.code(errors.some((e) => /smaller than/.test(e.text)) ? 413 : 400);
    const errorFor: Record<string, { text: string }> = {};
    for (const e of errors) { const k = e.href.slice(1); errorFor[k] = errorFor[k] ? { text: `${errorFor[k].text}. ${e.text}` } : { text: e.text }; }
    return reply.view('returns/upload-903.njk', {
      errors, years: yearItems(SSDA903_YEARS, year ?? String(defaultYear(contextFor(request).clock()))), la: la ?? '',
      maxFiles: MAX_FILES_PER_FIELD, maxSize: mb(UPLOAD_LIMITS.fileSize), maxProviderFiles: MAX_PROVIDER_FILES,
      maxPostcodeSize: mb(REFERENCE_FILE_BYTES), errorFor,
      referenceRules: RULES.filter((r) => r.needs.length > 0).length,
    });
  };
  const renderCin = (request: FastifyRequest, reply: FastifyReply, errors: FormError[] = [], year?: string) => {
    if (errors.length) reply.code(errors.some((e) => /smaller than/.test(e.text)) ? 413 : 400);
    return reply.view('returns/upload-cin.njk', {
      errors, years: yearItems(CIN_YEARS, year ?? '', 'The year in the file’s header'), maxSize: mb(UPLOAD_LIMITS.fileSize),
      errorFor: Object.fromEntries(errors.map((e) => [e.href.slice(1), { text: e.text }])),
    });
  };
  const renderHearth = async (request: FastifyRequest, reply: FastifyReply, errors: FormError[] = [], values: Record<string, string | undefined> = {}) => {
    if (errors.length) reply.code(errors.some((e) => /smaller than/.test(e.text)) ? 413 : 400);
    const councils = await councilsForCheck(contextFor(request));
    return reply.view('returns/hearth.njk', {
      errors, errorFor: Object.fromEntries(errors.map((e) => [e.href.slice(1), { text: e.text }])),
      councils: [{ value: '', text: 'Choose a council', selected: !values.la }, ...councils.map((c) => ({ value: c.laCode, text: `${c.name} (${c.laCode})`, selected: c.laCode === values.la }))],
      kinds: [
        { value: 'ssda903', text: 'SSDA903 (children looked after)', checked: values.kind === 'ssda903' },
        { value: 'cin', text: 'CIN census', checked: values.kind === 'cin' },
      ],
      years: yearItems(SSDA903_YEARS.slice(0, 5), values.year ?? String(defaultYear(contextFor(request).clock()))),
      noCouncils: councils.length === 0,
      referenceRules: RULES.filter((r) => r.needs.length > 0).length,
      onsCode: values.onsCode ?? '', maxSize: mb(UPLOAD_LIMITS.fileSize), maxProviderFiles: MAX_PROVIDER_FILES, maxPostcodeSize: mb(REFERENCE_FILE_BYTES),
      yearsNote: `The CIN census can be checked for ${CIN_YEARS.map(yearLabel).join(' or ')}.`,
    });
  };

  app.get(BASE, { config, schema: { querystring: noQuery } }, async (request, reply) => {
    const runs = await listValidationRuns(contextFor(request));
    return reply.view('returns/index.njk', {
      ttl: RUN_TTL_HOURS,
      runs: runs.map((r) => [
        { html: `<a class="govuk-link" href="${BASE}/runs/${r.id}">${escapeHtml(r.title)}</a>` },
        { text: String(govukDateTime(r.createdAt)) },
        { text: String(r.failureCount), format: 'numeric' },
        { text: String(r.fileIssueCount), format: 'numeric' },
      ]),
    });
  });

  app.get(`${BASE}/runs/:id`, { config, schema: { params: runParams, querystring: pageQuery } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const run = await getValidationRun(contextFor(request), id);
    const { report } = run;
    const pages = Math.max(1, Math.ceil(report.failures.length / FAILURES_PER_PAGE));
    const page = Math.min(Number((request.query as { page?: string }).page ?? '1'), pages);
    const from = (page - 1) * FAILURES_PER_PAGE;
    const shown = report.failures.slice(from, from + FAILURES_PER_PAGE);
    const byRule = failuresByRule(report.failures);
    const pageHref = (n: number) => `${BASE}/runs/${id}?page=${n}#failures`;
    return reply.view('returns/results.njk', {
      run,
      title: report.title,
      summaryRows: [
        { key: { text: 'Return' }, value: { text: report.title } },
        { key: { text: 'Files read' }, value: { html: run.facts.files.length ? `<ul class="govuk-list">${run.facts.files.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>` : 'None' } },
        { key: { text: 'Children' }, value: { text: String(run.facts.children) } },
        { key: { text: 'Rules failed' }, value: { text: String(byRule.length) } },
        { key: { text: 'Failures' }, value: { text: String(report.failures.length) } },
        { key: { text: 'Problems with the files' }, value: { text: String(report.fileIssues.length) } },
        ...Object.entries(report.summary ?? {}).map(([k, v]) => ({ key: { text: k.charAt(0).toUpperCase() + k.slice(1) }, value: { text: String(v) } })),
      ],
      fileIssues: report.fileIssues.map((i) => [{ text: i.file }, { text: i.row == null ? '' : String(i.row), format: 'numeric' }, { text: i.message }]),
      // rules that need reference data not supplied (e.g. SSDA903 postcodes / Ofsted providers): listed, never passed
      notRun: (report.notRun ?? []).map((n) => [{ text: n.rule }, { text: n.message }, { text: `Not run: needs ${n.needs.join(' and ')}` }]),
      byRule: byRule.map((r) => [{ text: r.rule }, { text: r.message }, { text: String(r.count), format: 'numeric' }]),
      failures: shown.map((f) => [{ text: f.child ?? '' }, { text: f.table }, { text: f.row == null ? '' : String(f.row), format: 'numeric' }, { text: f.fields.join(', ') }, { text: f.rule }]),
      showingFrom: from + 1,
      showingTo: from + shown.length,
      total: report.failures.length,
      pagination: pages > 1 ? {
        previous: page > 1 ? { href: pageHref(page - 1) } : undefined,
        next: page < pages ? { href: pageHref(page + 1) } : undefined,
        items: paginationItems(page, pages).map((n) => (n === null ? { ellipsis: true } : { number: n, href: pageHref(n), current: n === page })),
      } : null,
      perPage: FAILURES_PER_PAGE,
      csvHref: `${BASE}/runs/${id}/report.csv`,
      jsonHref: `${BASE}/runs/${id}/report.json`,
      expires: String(govukDateTime(run.expiresAt)),
    });
  });

  const download = (format: 'csv' | 'json') => async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = request.params as { id: string };
    const run = await getValidationRun(contextFor(request), id);
    const stem = `${run.kind}-${run.collectionYear}-validation`;
    reply.header('content-disposition', `attachment; filename="${stem}.${format}"`);
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(reportToCsv(run.report));
    return reply.type('application/json; charset=utf-8').send(reportToJson(run.report));
  };
  app.get(`${BASE}/runs/:id/report.csv`, { config, schema: { params: runParams, querystring: noQuery } }, download('csv'));
  app.get(`${BASE}/runs/:id/report.json`, { config, schema: { params: runParams, querystring: noQuery } }, download('json'));

  // Uploads: the multipart parser exists only in this scope.
  app.register(async (scope) => {
    await registerMultipart(scope);

    scope.get(`${BASE}/903`, { config, schema: { querystring: noQuery } }, async (request, reply) => render903(request, reply));
    scope.post(`${BASE}/903`, { config, schema: { querystring: noQuery } }, async (request, reply) => {
      if (!request.isMultipart()) return render903(request, reply, [{ text: 'Select this year’s SSDA903 files', href: '#current' }]);
      const upload = await readUpload(request, { fileLimits: LIMITS_903 });
      const fieldHref = (field: string) => `#${(FIELDS_903 as readonly string[]).includes(field) ? field : 'current'}`;
      const errors = sizeErrors(upload, '#current', fieldHref, LIMITS_903);
      const year = upload.fields['year'];
      const la = (upload.fields['la'] ?? '').trim();
      const y = Number(year);
      if (!year || !SSDA903_YEARS.includes(y)) errors.push({ text: 'Select a collection year', href: '#year' });
      const inField = (field: string): UploadedFile[] => upload.files.filter((f) => f.field === field);
      const [current, previous, postcodes, providers] = FIELDS_903.map(inField) as [UploadedFile[], UploadedFile[], UploadedFile[], UploadedFile[]];
      if (upload.files.some((f) => !(FIELDS_903 as readonly string[]).includes(f.field))) errors.push({ text: 'Upload files only with the file fields on this page', href: '#current' });
      if (current.length === 0 && !upload.tooLarge.length && !upload.tooMany && !upload.totalTooLarge) errors.push({ text: 'Select this year’s SSDA903 files', href: '#current' });
      if (current.length > MAX_FILES_PER_FIELD && !upload.tooMany) errors.push({ text: `You can upload at most ${MAX_FILES_PER_FIELD} files in each field`, href: '#current' });
      if (previous.length > MAX_FILES_PER_FIELD && !upload.tooMany) errors.push({ text: `You can upload at most ${MAX_FILES_PER_FIELD} files in each field`, href: '#previous' });
      if (postcodes.length > 1) errors.push({ text: 'Select one postcode look-up file', href: '#postcodes' });
      if (providers.length > MAX_PROVIDER_FILES) errors.push({ text: `Select at most ${MAX_PROVIDER_FILES} Ofsted provider files`, href: '#providers' });
      if (la.length > 20) errors.push({ text: 'The council’s LA code must be 9 characters, for example E09000021', href: '#la' });
      if (errors.length) return render903(request, reply, errors, year, la.slice(0, 20));
      // reference data: read with the CLI's functions; a file that cannot be used is a form error (the CLI stops with it too)
      const ref = readReferenceUploads({ postcodes: postcodes[0], providers, laCode: la });
      if (ref.problems.length) return render903(request, reply, referenceErrors(ref.problems, '#la'), year, la);
      const { report, facts } = await validate903Upload(y, current, previous.length ? previous : null, ref);
      const id = await saveUploadRun(contextFor(request), 'ssda903', y, report, facts);
      return reply.redirect(`${BASE}/runs/${id}`, 303);
    });

    // "Check Hearth's own return": in this scope so that SSDA903 reference files can be uploaded with it
    // (multipart); a plain urlencoded form post (no files) works too.
    scope.get(`${BASE}/hearth`, { config, schema: { querystring: noQuery } }, async (request, reply) => renderHearth(request, reply));
    scope.post(`${BASE}/hearth`, { config, schema: { querystring: noQuery } }, async (request, reply) => {
      const errors: FormError[] = [];
      let fields: Record<string, unknown>;
      let postcodes: UploadedFile[] = [];
      let providers: UploadedFile[] = [];
      if (request.isMultipart()) {
        const upload = await readUpload(request, { fileLimits: LIMITS_903 });
        errors.push(...sizeErrors(upload, '#postcodes', (f) => (f === 'providers' ? '#providers' : '#postcodes'), LIMITS_903));
        fields = upload.fields;
        postcodes = upload.files.filter((f) => f.field === 'postcodes');
        providers = upload.files.filter((f) => f.field === 'providers');
        if (postcodes.length + providers.length < upload.files.length) errors.push({ text: 'Upload files only with the file fields on this page', href: '#postcodes' });
      } else {
        fields = (request.body ?? {}) as Record<string, unknown>;
      }
      // no body schema (a multipart body is read from the stream, not by the schema): fields are checked here, anything but a short string is ignored
      const str = (k: string) => (typeof fields[k] === 'string' && (fields[k] as string).length <= 100 ? (fields[k] as string) : undefined);
      const kind = str('kind'), la = str('la'), year = str('year');
      const onsCode = (str('onsCode') ?? '').trim().slice(0, 20);
      if (kind !== 'ssda903' && kind !== 'cin') errors.push({ text: 'Select which return to check', href: '#kind' });
      const councils = await councilsForCheck(contextFor(request));
      if (!la || !councils.some((c) => c.laCode === la)) errors.push({ text: 'Select a council', href: '#la' });
      const y = Number(year);
      const years = kind === 'cin' ? CIN_YEARS : SSDA903_YEARS;
      if (!year || !years.includes(y)) {
        errors.push({ text: kind === 'cin' ? `Select a collection year the CIN census can be checked for (${CIN_YEARS.map(yearLabel).join(' or ')})` : 'Select a collection year', href: '#year' });
      }
      if (kind === 'cin' && (postcodes.length || providers.length || onsCode)) {
        errors.push({ text: 'Reference data is used only for SSDA903: choose SSDA903, or remove the reference files and LA code', href: '#kind' });
      }
      if (postcodes.length > 1) errors.push({ text: 'Select one postcode look-up file', href: '#postcodes' });
      if (providers.length > MAX_PROVIDER_FILES) errors.push({ text: `Select at most ${MAX_PROVIDER_FILES} Ofsted provider files`, href: '#providers' });
      const values = { kind, la, year, onsCode };
      if (errors.length) return renderHearth(request, reply, errors, values);
      const ref = readReferenceUploads({ postcodes: postcodes[0], providers, laCode: onsCode });
      if (ref.problems.length) return renderHearth(request, reply, referenceErrors(ref.problems, '#onsCode'), values);
      const id = await checkHearthReturn(contextFor(request), { kind: kind as ReturnKind, laCode: la!, collectionYear: y, reference: kind === 'ssda903' ? ref : null });
      return reply.redirect(`${BASE}/runs/${id}`, 303);
    });

    scope.get(`${BASE}/cin`, { config, schema: { querystring: noQuery } }, async (request, reply) => renderCin(request, reply));
    scope.post(`${BASE}/cin`, { config, schema: { querystring: noQuery } }, async (request, reply) => {
      if (!request.isMultipart()) return renderCin(request, reply, [{ text: 'Select a CIN census XML file', href: '#file' }]);
      const upload = await readUpload(request);
      const errors = sizeErrors(upload, '#file');
      const year = upload.fields['year'] ?? '';
      if (year !== '' && !CIN_YEARS.includes(Number(year))) errors.push({ text: 'Select a collection year from the list', href: '#year' });
      const files = upload.files.filter((f) => f.field === 'file');
      if (upload.files.length > files.length) errors.push({ text: 'Upload files only with the file field on this page', href: '#file' });
      if (files.length === 0 && !upload.tooLarge.length && !upload.tooMany && !upload.totalTooLarge) errors.push({ text: 'Select a CIN census XML file', href: '#file' });
      if (files.length > 1) errors.push({ text: 'Select one CIN census XML file', href: '#file' });
      if (errors.length) return renderCin(request, reply, errors, year);
      const { report, facts, collectionYear } = validateCinUpload(files[0]!, year === '' ? null : Number(year));
      const id = await saveUploadRun(contextFor(request), 'cin', collectionYear, report, facts);
      return reply.redirect(`${BASE}/runs/${id}`, 303);
    });
  });
}

/** Page numbers to show: first, last, and the current page's neighbours (null = ellipsis). */
function paginationItems(page: number, pages: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - page) <= 1) out.push(n);
    else if (out[out.length - 1] !== null) out.push(null);
  }
  return out;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}
