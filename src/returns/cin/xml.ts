/**
 * A small, fast XML reader for flat data files like the CIN census: one pass,
 * element names and text only (attributes, comments and processing
 * instructions are skipped; a DOCTYPE is refused, so no DTD is read and no
 * declared or external entity is ever expanded), the five predefined entities and character
 * references decoded, CDATA kept. Checks that tags nest and close properly
 * and reports the line of the first problem. Produces plain objects: an
 * element with child elements becomes an object keyed by child name (arrays
 * for names in `repeated`, or when a name occurs twice), a leaf becomes its
 * text. Each object carries its start line under `XML_LINE`.
 */
export const XML_LINE: unique symbol = Symbol('xml line');

export type XmlObject = { [name: string]: XmlValue; [XML_LINE]?: number };
export type XmlValue = string | XmlObject | XmlValue[];

export class XmlSyntaxError extends Error {
  constructor(message: string, readonly line: number) {
    super(message);
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string, line: number): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+);|&/g, (m, ent: string | undefined) => {
    if (!ent) throw new XmlSyntaxError('a bare "&" must be written as &amp;', line);
    if (ent[0] === '#') return String.fromCodePoint(ent[1] === 'x' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10));
    const v = ENTITIES[ent];
    if (v === undefined) throw new XmlSyntaxError(`unknown entity ${m}`, line);
    return v;
  });
}

interface Frame { name: string; obj: XmlObject; text: string; hasChildren: boolean; line: number }

/** Parses a document; returns { rootName, root }. Throws XmlSyntaxError. */
export function readXml(xml: string, repeated: ReadonlySet<string>): { rootName: string; root: XmlValue } {
  let pos = 0;
  let line = 1;
  let lineScan = 0;
  const lineAt = (to: number) => {
    for (let i = xml.indexOf('\n', lineScan); i !== -1 && i < to; i = xml.indexOf('\n', i + 1)) line++;
    lineScan = Math.max(lineScan, to);
    return line;
  };
  const stack: Frame[] = [];
  let result: { rootName: string; root: XmlValue } | null = null;
  const n = xml.length;
  while (pos < n) {
    const lt = xml.indexOf('<', pos);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd > pos) {
      const raw = xml.slice(pos, textEnd);
      if (stack.length) stack[stack.length - 1]!.text += raw;
      else if (raw.trim() !== '') throw new XmlSyntaxError('text outside the root element', lineAt(pos));
    }
    if (lt === -1) break;
    const c = xml[lt + 1];
    if (c === '?' || c === '!') {
      if (xml.startsWith('<!--', lt)) {
        const e = xml.indexOf('-->', lt + 4);
        if (e === -1) throw new XmlSyntaxError('unclosed comment', lineAt(lt));
        pos = e + 3;
      } else if (xml.startsWith('<![CDATA[', lt)) {
        const e = xml.indexOf(']]>', lt + 9);
        if (e === -1 || !stack.length) throw new XmlSyntaxError('misplaced or unclosed CDATA section', lineAt(lt));
        stack[stack.length - 1]!.text += xml.slice(lt + 9, e).replace(/&/g, '&amp;').replace(/</g, '&lt;');
        pos = e + 3;
      } else if (/^<!DOCTYPE/i.test(xml.slice(lt, lt + 9))) {
        // Entity declarations (internal or external) could expand without bound or read local files: refuse them all.
        throw new XmlSyntaxError('a DOCTYPE (document type declaration) is not allowed: CIN census files have none, and their entities are never expanded', lineAt(lt));
      } else {
        const e = xml.indexOf('>', lt);
        if (e === -1) throw new XmlSyntaxError('unclosed declaration', lineAt(lt));
        pos = e + 1;
      }
      continue;
    }
    const gt = xml.indexOf('>', lt);
    if (gt === -1) throw new XmlSyntaxError('unclosed tag', lineAt(lt));
    const at = lineAt(lt);
    if (c === '/') {
      const name = xml.slice(lt + 2, gt).trim();
      const f = stack.pop();
      if (!f) throw new XmlSyntaxError(`closing tag </${name}> without an opening tag`, at);
      if (f.name !== name) throw new XmlSyntaxError(`closing tag </${name}> does not match <${f.name}> (line ${f.line})`, at);
      close(f, at);
      pos = gt + 1;
      continue;
    }
    const selfClosing = xml[gt - 1] === '/';
    const inner = xml.slice(lt + 1, selfClosing ? gt - 1 : gt);
    const m = /^([A-Za-z_][\w.:-]*)/.exec(inner);
    if (!m) throw new XmlSyntaxError(`invalid tag <${inner.slice(0, 20)}>`, at);
    if (!stack.length && result) throw new XmlSyntaxError('more than one root element', at);
    const frame: Frame = { name: m[1]!, obj: { [XML_LINE]: at }, text: '', hasChildren: false, line: at };
    pos = gt + 1;
    if (selfClosing) close(frame, at, true);
    else stack.push(frame);
  }
  if (stack.length) throw new XmlSyntaxError(`<${stack[stack.length - 1]!.name}> is never closed`, stack[stack.length - 1]!.line);
  if (!result) throw new XmlSyntaxError('no root element', 1);
  return result;

  function close(f: Frame, at: number, pushFirst = false): void {
    void pushFirst;
    const value: XmlValue = f.hasChildren ? f.obj : decode(f.text.trim(), at);
    const parent = stack[stack.length - 1];
    if (!parent) {
      result = { rootName: f.name, root: value };
      return;
    }
    parent.hasChildren = true;
    const existing = parent.obj[f.name];
    if (existing === undefined) parent.obj[f.name] = repeated.has(f.name) ? [value] : value;
    else if (Array.isArray(existing) && repeated.has(f.name)) existing.push(value);
    else parent.obj[f.name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
}
