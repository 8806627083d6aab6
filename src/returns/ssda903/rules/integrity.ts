/** Internal-consistency rules (INT..): children missing from Header, DOB/SEX disagreements, duplicates. */
import { normaliseSex, type Ssda903Table } from '../../../domain/codes/ssda903.ts';
import { rule, type Rule } from '../rule.ts';

const notInHeader = (code: string, t: Ssda903Table) => rule(code, [t, 'Header'], (ctx, emit) => {
  if (!ctx.has('Header')) return;
  for (const r of ctx.rows(t)) if (!ctx.header(r.child)) emit(t, r, ['CHILD']);
});
const dobDiffers = (code: string, t: Ssda903Table) => rule(code, [t, 'Header'], (ctx, emit) => {
  for (const r of ctx.rows(t)) {
    const h = ctx.header(r.child);
    if (h && h.v.DOB !== r.v.DOB && !(h.d.DOB !== null && h.d.DOB === r.d.DOB)) emit(t, r, ['DOB']);
  }
});
const duplicates = (code: string, t: Ssda903Table) => rule(code, [t], (ctx, emit) => {
  for (const [, rows] of ctx.cur[t]?.byChild ?? []) if (rows.length > 1) for (const r of rows) emit(t, r, ['CHILD']);
});

export const INTEGRITY_RULES: Rule[] = [
  notInHeader('INT01', 'AD1'),
  notInHeader('INT02', 'PlacedAdoption'),
  notInHeader('INT03', 'Episodes'),
  notInHeader('INT04', 'Missing'),
  notInHeader('INT05', 'OC2'),
  notInHeader('INT06', 'OC3'),
  notInHeader('INT07', 'PrevPerm'),
  notInHeader('INT08', 'Reviews'),
  notInHeader('INT09', 'UASC'),
  dobDiffers('INT11', 'AD1'),
  dobDiffers('INT12', 'PlacedAdoption'),
  dobDiffers('INT13', 'Missing'),
  dobDiffers('INT14', 'OC2'),
  dobDiffers('INT15', 'OC3'),
  dobDiffers('INT16', 'PrevPerm'),
  dobDiffers('INT17', 'Reviews'),
  dobDiffers('INT18', 'UASC'),
  rule('INT21', ['UASC', 'Header'], (ctx, emit) => {
    for (const r of ctx.rows('UASC')) {
      const h = ctx.header(r.child);
      if (h && normaliseSex(h.v.SEX!) !== normaliseSex(r.v.SEX!)) emit('UASC', r, ['SEX']);
    }
  }),
  duplicates('INT31', 'AD1'),
  duplicates('INT32', 'Header'),
  duplicates('INT33', 'OC2'),
  duplicates('INT34', 'OC3'),
  duplicates('INT35', 'PrevPerm'),
  duplicates('INT36', 'UASC'),
];
