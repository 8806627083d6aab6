/**
 * Reads a CIN census XML file into the typed model (src/returns/cin/model.ts).
 * Malformed input (empty, wrong encoding, not XML, wrong root element) is
 * reported as a `CinFileProblem`, never thrown. Values that are present but
 * not valid dates are recorded as format problems and treated as missing.
 */
import { readXml, XML_LINE, XmlSyntaxError } from './xml.ts';
import type { CinAssessment, CinChild, CinCpp, CinEpisode, CinFile, CinHeader, CinPlan, CinReview, CinS47 } from './model.ts';

/** A problem with the file itself or with a value's format. */
export interface CinFileProblem {
  message: string;
  path: string;
  line: number | null;
  field?: string;
}

export interface ParsedCin {
  file: CinFile | null;
  /** Fatal: the file could not be read as a CIN census at all. */
  fatal: CinFileProblem | null;
  /** Value format problems (bad dates, non-boolean flags). */
  formatProblems: CinFileProblem[];
}

const REPEATED = new Set(['Child', 'CINdetails', 'Assessments', 'CINPlanDates', 'Section47', 'ChildProtectionPlans', 'Disability', 'AssessmentFactors', 'CPPreviewDate', 'Source']);

/** Decodes bytes: UTF-8 (with or without BOM), UTF-16 with BOM, or a declared single-byte encoding. */
export function decodeXmlBytes(bytes: Uint8Array): { text: string } | { error: string } {
  if (bytes.length === 0) return { error: 'the file is empty' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
  if (declared && declared !== 'utf-8' && declared !== 'utf8') {
    if (['iso-8859-1', 'latin1', 'windows-1252', 'us-ascii', 'ascii'].includes(declared)) {
      return { text: new TextDecoder(declared === 'us-ascii' || declared === 'ascii' ? 'latin1' : declared).decode(bytes) };
    }
    return { error: `the file declares encoding "${declared}", which is not supported (use UTF-8)` };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { error: 'the file is not valid UTF-8 text (wrong encoding or a binary file)' };
  }
}


type Node = Record<string | symbol, unknown>;

function asNode(v: unknown): Node | null {
  return v != null && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : null;
}
function list(v: unknown): unknown[] {
  if (v == null) return [];
  return Array.isArray(v) ? v : [v];
}
function text(v: unknown): string | null {
  if (v == null) return null;
  if (typeof v === 'object') {
    const t = (v as Node)['#text'];
    return t == null ? null : text(t);
  }
  const s = String(v).trim();
  return s === '' ? null : s;
}

export function isIsoDateString(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function parseCinXml(input: string | Uint8Array): ParsedCin {
  const formatProblems: CinFileProblem[] = [];
  const fail = (message: string, line: number | null = null): ParsedCin => ({ file: null, fatal: { message, path: '', line }, formatProblems });

  let xml: string;
  if (typeof input === 'string') xml = input;
  else {
    const decoded = decodeXmlBytes(input);
    if ('error' in decoded) return fail(decoded.error);
    xml = decoded.text;
  }
  if (xml.charCodeAt(0) === 0xfeff) xml = xml.slice(1);
  if (xml.trim() === '') return fail('the file is empty');
  if (!xml.trimStart().startsWith('<')) return fail('the file is not XML (it does not start with an element or XML declaration)', 1);

  let parsedDoc: { rootName: string; root: unknown };
  try {
    parsedDoc = readXml(xml, REPEATED);
  } catch (err) {
    if (err instanceof XmlSyntaxError) return fail(`the file is not well-formed XML: ${err.message}`, err.line);
    return fail(`the file could not be read as XML: ${(err as Error).message}`);
  }
  const line = (n: Node | null): number | null => (n ? ((n as { [XML_LINE]?: number })[XML_LINE] ?? null) : null);

  if (parsedDoc.rootName !== 'Message') {
    return fail(`the root element is <${parsedDoc.rootName}>, expected <Message> (a CIN census file)`);
  }
  const message = asNode(parsedDoc.root);
  if (!message) return fail('<Message> is empty: expected <Header> and <Children>');
  const childrenNode = asNode(message['Children']);
  if (!('Children' in message)) return fail('<Message> has no <Children> element: this is not a CIN census file', line(message));

  const date = (v: unknown, path: string, field: string, at: number | null): string | null => {
    const s = text(v);
    if (s == null) return null;
    if (!isIsoDateString(s)) {
      formatProblems.push({ message: `${field} "${s}" is not a valid date (YYYY-MM-DD)`, path, line: at, field });
      return null;
    }
    return s;
  };
  const bool = (v: unknown, path: string, field: string, at: number | null): boolean | null => {
    const s = text(v);
    if (s == null) return null;
    if (s === '1' || s.toLowerCase() === 'true') return true;
    if (s === '0' || s.toLowerCase() === 'false') return false;
    formatProblems.push({ message: `${field} "${s}" is not 0 or 1`, path, line: at, field });
    return null;
  };

  let header: CinHeader | null = null;
  const h = asNode(message['Header']);
  if (h) {
    const cd = asNode(h['CollectionDetails']);
    const src = asNode(list(h['Source'])[0]);
    const at = line(h);
    header = {
      path: 'Header',
      line: at,
      collection: text(cd?.['Collection']),
      year: text(cd?.['Year']),
      referenceDate: date(cd?.['ReferenceDate'], 'Header', 'ReferenceDate', line(cd) ?? at),
      lea: text(src?.['LEA']),
    };
  }

  const children: CinChild[] = [];
  list(childrenNode?.['Child']).forEach((cv, ci) => {
    const c = asNode(cv) ?? {};
    const cPath = `Child[${ci + 1}]`;
    const cLine = line(c);
    const ids = asNode(c['ChildIdentifiers']) ?? {};
    const chars = asNode(c['ChildCharacteristics']) ?? {};
    const idLine = line(ids) ?? cLine;
    const idPath = `${cPath}/ChildIdentifiers`;
    const episodes: CinEpisode[] = list(c['CINdetails']).map((ev, ei) => {
      const e = asNode(ev) ?? {};
      const ePath = `${cPath}/CINdetails[${ei + 1}]`;
      const eLine = line(e) ?? cLine;
      const assessments: CinAssessment[] = list(e['Assessments']).map((av, ai) => {
        const a = asNode(av) ?? {};
        const p = `${ePath}/Assessments[${ai + 1}]`;
        const l = line(a) ?? eLine;
        const f = asNode(a['FactorsIdentifiedAtAssessment']);
        return {
          index: ai, path: p, line: l,
          startDate: date(a['AssessmentActualStartDate'], p, 'AssessmentActualStartDate', l),
          authorisationDate: date(a['AssessmentAuthorisationDate'], p, 'AssessmentAuthorisationDate', l),
          factors: list(f?.['AssessmentFactors']).map(text).filter((x): x is string => x != null),
        };
      });
      const plans: CinPlan[] = list(e['CINPlanDates']).map((pv, pi) => {
        const pn = asNode(pv) ?? {};
        const p = `${ePath}/CINPlanDates[${pi + 1}]`;
        const l = line(pn) ?? eLine;
        return { index: pi, path: p, line: l, startDate: date(pn['CINPlanStartDate'], p, 'CINPlanStartDate', l), endDate: date(pn['CINPlanEndDate'], p, 'CINPlanEndDate', l) };
      });
      const s47s: CinS47[] = list(e['Section47']).map((sv, si) => {
        const s = asNode(sv) ?? {};
        const p = `${ePath}/Section47[${si + 1}]`;
        const l = line(s) ?? eLine;
        return {
          index: si, path: p, line: l,
          startDate: date(s['S47ActualStartDate'], p, 'S47ActualStartDate', l),
          icpcTarget: date(s['InitialCPCtarget'], p, 'InitialCPCtarget', l),
          icpcDate: date(s['DateOfInitialCPC'], p, 'DateOfInitialCPC', l),
          icpcNotRequired: bool(s['ICPCnotRequired'], p, 'ICPCnotRequired', l),
        };
      });
      const cpps: CinCpp[] = list(e['ChildProtectionPlans']).map((pv, pi) => {
        const pn = asNode(pv) ?? {};
        const p = `${ePath}/ChildProtectionPlans[${pi + 1}]`;
        const l = line(pn) ?? eLine;
        const revNode = pn['Reviews'];
        const revs = revNode === undefined ? [] : list(asNode(revNode)?.['CPPreviewDate']);
        const reviews: CinReview[] = (revNode !== undefined && revs.length === 0 ? [null] : revs).map((rv, ri) => ({
          path: `${p}/Reviews/CPPreviewDate[${ri + 1}]`, line: line(asNode(revNode)) ?? l,
          date: date(rv, `${p}/Reviews/CPPreviewDate[${ri + 1}]`, 'CPPreviewDate', l),
        }));
        return {
          index: pi, path: p, line: l,
          startDate: date(pn['CPPstartDate'], p, 'CPPstartDate', l),
          endDate: date(pn['CPPendDate'], p, 'CPPendDate', l),
          initialCategory: text(pn['InitialCategoryOfAbuse']),
          latestCategory: text(pn['LatestCategoryOfAbuse']),
          numberOfPreviousCpp: text(pn['NumberOfPreviousCPP']),
          reviews,
        };
      });
      const nfaRaw = text(e['ReferralNFA']);
      return {
        index: ei, path: ePath, line: eLine,
        referralDate: date(e['CINreferralDate'], ePath, 'CINreferralDate', eLine),
        referralSource: text(e['ReferralSource']),
        primaryNeed: text(e['PrimaryNeedCode']),
        closureDate: date(e['CINclosureDate'], ePath, 'CINclosureDate', eLine),
        reasonForClosure: text(e['ReasonForClosure']),
        icpcDate: date(e['DateOfInitialCPC'], ePath, 'DateOfInitialCPC', eLine),
        referralNfa: bool(e['ReferralNFA'], ePath, 'ReferralNFA', eLine),
        referralNfaRaw: nfaRaw,
        assessments, plans, s47s, cpps,
      };
    });
    const dis = asNode(chars['Disabilities']);
    children.push({
      index: ci, path: cPath, line: cLine,
      laChildId: text(ids['LAchildID']),
      upn: text(ids['UPN']),
      formerUpn: text(ids['FormerUPN']),
      upnUnknown: text(ids['UPNunknown']),
      birthDate: date(ids['PersonBirthDate'], idPath, 'PersonBirthDate', idLine),
      expectedBirthDate: date(ids['ExpectedPersonBirthDate'], idPath, 'ExpectedPersonBirthDate', idLine),
      sex: text(ids['Sex']),
      deathDate: date(ids['PersonDeathDate'], idPath, 'PersonDeathDate', idLine),
      ethnicity: text(chars['Ethnicity']),
      disabilities: list(dis?.['Disability']).map(text).filter((x): x is string => x != null),
      episodes,
    });
  });

  return { file: { header, children }, fatal: null, formatProblems };
}
