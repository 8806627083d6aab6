/** Field-format rules: codes, dates and simple value checks, one rule code each. */
import { codeSet, normaliseSex, type Ssda903CodeField, type Ssda903Table } from '../../../domain/codes/ssda903.ts';
import { rule, type Rule } from '../rule.ts';
import type { DateColumn } from '../read.ts';

/** Code not in the year's code set. `required`: blank also fails. */
function codeRule(code: string, table: Ssda903Table, field: string, set: Ssda903CodeField, required: boolean): Rule {
  return rule(code, [table], (ctx, emit) => {
    const valid = codeSet(ctx.year, set);
    for (const r of ctx.rows(table)) {
      let v = r.v[field]!;
      if (set === 'SEX' && table === 'UASC') v = ctx.year >= 2025 ? normaliseSex(v) : v;
      if (v === '' ? required : !valid.has(v)) emit(table, r, [field]);
    }
  });
}

/** Date cell that is not a dd/mm/yyyy date. `required`: blank also fails. */
function dateRule(code: string, table: Ssda903Table, field: DateColumn, required: boolean): Rule {
  return rule(code, [table], (ctx, emit) => {
    for (const r of ctx.rows(table)) {
      const v = r.v[field]!;
      if (v === '' ? required : r.d[field] === null) emit(table, r, [field]);
    }
  });
}

const UPN_RE = /^(?:[A-HJ-NP-RT-Z](?:\d{12}|\d{11}[A-Z])|UN[1-5])$/;
const OC2_01 = ['CONVICTED', 'HEALTH_CHECK', 'IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT', 'SUBSTANCE_MISUSE', 'INTERVENTION_RECEIVED', 'INTERVENTION_OFFERED'];

export const FORMAT_RULES: Rule[] = [
  codeRule('101', 'Header', 'SEX', 'SEX', true),
  dateRule('102', 'Header', 'DOB', true),
  codeRule('103', 'Header', 'ETHNIC', 'ETHNIC', true),
  dateRule('104', 'UASC', 'DUC', false),
  rule('105', ['Header'], (ctx, emit) => {
    // Only when the Header carries a UASC column (XML-derived files); DfE CSVs do not.
    if (!ctx.cur.Header?.columns.includes('UASC')) return;
    for (const r of ctx.rows('Header')) if (r.v.UASC !== '0' && r.v.UASC !== '1') emit('Header', r);
  }),
  dateRule('112', 'AD1', 'DATE_INT', false),
  dateRule('113', 'AD1', 'DATE_MATCH', false),
  codeRule('114', 'AD1', 'FOSTER_CARE', 'FOSTER_CARE', false),
  dateRule('115', 'PlacedAdoption', 'DATE_PLACED', false),
  dateRule('116', 'PlacedAdoption', 'DATE_PLACED_CEASED', false),
  codeRule('120', 'PlacedAdoption', 'REASON_PLACED_CEASED', 'REASON_PLACED_CEASED', false),
  codeRule('131', 'OC3', 'IN_TOUCH', 'IN_TOUCH', false),
  codeRule('132', 'OC3', 'ACTIV', 'ACTIV', false),
  codeRule('133', 'OC3', 'ACCOM', 'ACCOM', false),
  dateRule('141', 'Episodes', 'DECOM', true),
  codeRule('143', 'Episodes', 'RNE', 'RNE', true),
  codeRule('144', 'Episodes', 'LS', 'LS', true),
  codeRule('145', 'Episodes', 'CIN', 'CIN', true),
  codeRule('146', 'Episodes', 'PLACE', 'PLACE', true),
  dateRule('147', 'Episodes', 'DEC', false),
  codeRule('149', 'Episodes', 'REC', 'REC', false),
  dateRule('1004', 'Missing', 'MIS_START', false),
  dateRule('1005', 'Missing', 'MIS_END', false),
  codeRule('1006', 'Missing', 'MISSING', 'MISSING', false),
  codeRule('1009', 'Episodes', 'REASON_PLACE_CHANGE', 'REASON_PLACE_CHANGE', false),
  dateRule('166', 'Reviews', 'REVIEW', true),
  codeRule('167', 'Reviews', 'REVIEW_CODE', 'REVIEW_CODE', true),
  rule('168', ['Header'], (ctx, emit) => {
    for (const r of ctx.rows('Header')) if (r.v.UPN !== '' && !UPN_RE.test(r.v.UPN!)) emit('Header', r);
  }),
  dateRule('171', 'Header', 'MC_DOB', false),
  rule('175', ['AD1'], (ctx, emit) => {
    for (const r of ctx.rows('AD1')) if (r.v.NB_ADOPTR !== '' && r.v.NB_ADOPTR !== '1' && r.v.NB_ADOPTR !== '2') emit('AD1', r);
  }),
  codeRule('176', 'AD1', 'SEX_ADOPTR', 'SEX_ADOPTR', false),
  codeRule('177', 'AD1', 'LS_ADOPTR', 'LS_ADOPTR', false),
  codeRule('178', 'Episodes', 'PLACE_PROVIDER', 'PLACE_PROVIDER', false),
  rule('180', ['OC2'], (ctx, emit) => {
    for (const r of ctx.rows('OC2')) {
      const s = r.v.SDQ_SCORE!;
      if (s !== '' && !(/^\d{1,2}$/.test(s) && Number(s) <= 40)) emit('OC2', r);
    }
  }),
  rule('181', ['OC2'], (ctx, emit) => {
    for (const r of ctx.rows('OC2')) {
      const bad = OC2_01.filter((f) => r.v[f] !== '' && r.v[f] !== '0' && r.v[f] !== '1');
      if (bad.length) emit('OC2', r, bad);
    }
  }),
  codeRule('196', 'OC2', 'SDQ_REASON', 'SDQ_REASON', false),
  codeRule('631', 'PrevPerm', 'PREV_PERM', 'PREV_PERM', false),
  rule('442', ['Header', 'Episodes'], (ctx, emit) => {
    for (const r of ctx.rows('Header')) if (r.v.UPN === '' && ctx.episodes(r.child).length > 0) emit('Header', r);
  }),
  rule('SW02STG1', ['SWEpisodes'], (ctx, emit) => {
    for (const r of ctx.rows('SWEpisodes')) if (r.v.SW_ID !== '' && !/^(SW|XX)/i.test(r.v.SW_ID!)) emit('SWEpisodes', r);
  }),
  rule('SW03STG1', ['SWEpisodes'], (ctx, emit) => {
    for (const r of ctx.rows('SWEpisodes')) {
      const blank = ['SW_ID', 'SW_DECOM'].filter((f) => r.v[f] === '');
      if (blank.length) emit('SWEpisodes', r, blank);
    }
  }),
  dateRule('SW04STG1', 'SWEpisodes', 'SW_DECOM', false),
  dateRule('SW05STG1', 'SWEpisodes', 'SW_DEC', false),
  codeRule('SW13STG1', 'SWEpisodes', 'SW_REASON', 'SW_REASON', false),
];
