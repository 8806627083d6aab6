/**
 * File uploads (multipart/form-data), for the few routes that take them
 * (the "Check a statutory return" pages). Registered only inside those
 * routes' scope: every other route still refuses multipart bodies (415).
 *
 * CSRF: a multipart body is not parsed before the CSRF check (it is a
 * stream), so the upload forms put the `_csrf` hidden field FIRST, before
 * the file inputs (browsers send fields in document order), and the CSRF
 * hook (./csrf.ts) reads just that first part from the stream with
 * `multipartCsrfToken` and checks it before any file is read. The rest of
 * the stream is handed to the route by `uploadParts`. A request whose first
 * part is not the token is refused (403) without reading the files, so
 * nothing is validated or stored.
 *
 * Limits: each file at most UPLOAD_LIMITS.fileSize, except the fields a
 * route names in `fileLimits` (the SSDA903 postcode look-up may be up to
 * REFERENCE_FILE_BYTES; busboy truncates anything beyond the largest limit,
 * and bytes beyond a field's own limit are not kept; the route reports it on
 * the form), at most UPLOAD_LIMITS.files files, and routes stop keeping file
 * bytes beyond UPLOAD_TOTAL_BYTES, so memory stays bounded whatever is sent.
 */
import multipart, { type Multipart, type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const UPLOAD_LIMITS = {
  /** Per file: a large council's SSDA903 episodes file is a few MB. */
  fileSize: 10 * 1024 * 1024,
  /** 903: up to 12 files this year and 12 last year, a postcode look-up and up to 4 Ofsted provider lists. */
  files: 29,
  fields: 10,
  fieldSize: 1024,
  parts: 40,
  headerPairs: 100,
} as const;
/**
 * The SSDA903 postcode look-up (NSPL-shaped CSV): a region's extract trimmed to the columns the validator
 * reads (pcd, oseast1m, osnrth1m, laua, utla) is about 40 bytes a postcode, 10–20MB for a region.
 */
export const REFERENCE_FILE_BYTES = 40 * 1024 * 1024;
/** The most file bytes one request may bring in total (the 903 files and the reference files). */
export const UPLOAD_TOTAL_BYTES = 80 * 1024 * 1024;

export async function registerMultipart(scope: FastifyInstance): Promise<void> {
  await scope.register(multipart, { limits: { ...UPLOAD_LIMITS, fileSize: Math.max(UPLOAD_LIMITS.fileSize, REFERENCE_FILE_BYTES) }, throwFileSizeLimit: false });
}

export function isMultipartRequest(request: FastifyRequest): boolean {
  return typeof request.isMultipart === 'function' && request.isMultipart();
}

const REST = new WeakMap<FastifyRequest, AsyncIterator<Multipart>>();

/** Reads the first part of a multipart request: the `_csrf` field, or undefined when the first part is anything else. */
export async function multipartCsrfToken(request: FastifyRequest): Promise<string | undefined> {
  const parts = request.parts()[Symbol.asyncIterator]();
  REST.set(request, parts);
  let first: IteratorResult<Multipart>;
  try {
    first = await parts.next();
  } catch {
    return undefined;
  }
  if (first.done) return undefined;
  const part = first.value;
  if (part.type !== 'field') {
    part.file.resume(); // never read an unverified file
    return undefined;
  }
  return part.fieldname === '_csrf' && typeof part.value === 'string' ? part.value : undefined;
}

/** The parts after the CSRF token (or all of them, when the token came in the X-CSRF-Token header). */
export function uploadParts(request: FastifyRequest): AsyncIterator<Multipart> {
  return REST.get(request) ?? request.parts()[Symbol.asyncIterator]();
}

/** The body could not be read as a multipart form (truncated, malformed). */
export class UploadError extends Error {
  readonly statusCode = 400;
  constructor() {
    super('The upload could not be read: it was incomplete or not a valid form submission. Choose the files and try again.');
    this.name = 'UploadError';
  }
}

export interface ReadFile {
  field: string;
  name: string;
  bytes: Uint8Array;
}

export interface ReadUpload {
  fields: Record<string, string>;
  files: ReadFile[];
  /** Files larger than their field's limit (names). */
  tooLarge: string[];
  /** The fields of those files, in the same order. */
  tooLargeFields: string[];
  /** More file bytes than UPLOAD_TOTAL_BYTES arrived. */
  totalTooLarge: boolean;
  /** More files or parts than the limits allow. */
  tooMany: boolean;
}

/** Just the file name (no folders), printable characters only, at most 200 characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  return base.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200) || 'unnamed';
}

/**
 * Reads the rest of an upload into memory within the limits. Never throws for a file that is too
 * large or too many files: those are reported so the form can say so. Empty file inputs (a form
 * submitted with nothing chosen sends a part with no file name and no bytes) are skipped.
 */
export async function readUpload(request: FastifyRequest, options: { fileLimits?: Readonly<Record<string, number>> } = {}): Promise<ReadUpload> {
  const parts = uploadParts(request);
  const out: ReadUpload = { fields: {}, files: [], tooLarge: [], tooLargeFields: [], totalTooLarge: false, tooMany: false };
  let total = 0;
  for (;;) {
    let next: IteratorResult<Multipart>;
    try {
      next = await parts.next();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
        out.tooMany = true;
        break;
      }
      throw new UploadError();
    }
    if (next.done) break;
    const part = next.value;
    if (part.type === 'field') {
      if (part.fieldname !== '_csrf' && typeof part.value === 'string' && !(part.fieldname in out.fields)) out.fields[part.fieldname] = part.value;
      continue;
    }
    const file = part as MultipartFile;
    const limit = Object.hasOwn(options.fileLimits ?? {}, file.fieldname) ? options.fileLimits![file.fieldname]! : UPLOAD_LIMITS.fileSize;
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of file.file) {
        size += (chunk as Buffer).length;
        if (size <= limit && total + size <= UPLOAD_TOTAL_BYTES) chunks.push(chunk as Buffer);
      }
    } catch {
      throw new UploadError();
    }
    if (file.filename === '' && size === 0) continue;
    const name = safeFileName(file.filename);
    if (file.file.truncated || size > limit) { out.tooLarge.push(name); out.tooLargeFields.push(file.fieldname); continue; }
    total += size;
    if (total > UPLOAD_TOTAL_BYTES) { out.totalTooLarge = true; continue; }
    out.files.push({ field: file.fieldname, name, bytes: new Uint8Array(Buffer.concat(chunks)) });
  }
  return out;
}
