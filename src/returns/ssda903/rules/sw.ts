/** Social worker episode rules (from 2023-24). */
import type { Row } from '../read.ts';
import { rule, type Ctx, type Rule } from '../rule.ts';
import { lookedAfterAtEnd } from './helpers.ts';

const each = (ctx: Ctx, fn: (r: Row, prev: Row | undefined, next: Row | undefined, child: string) => void) => {
  for (const child of ctx.cur.SWEpisodes?.byChild.keys() ?? []) { const s = ctx.sw(child); for (let i = 0; i < s.length; i++) fn(s[i]!, s[i - 1], s[i + 1], child); }
};

export const SW_RULES: Rule[] = [
  rule('SW01STG1', ['Episodes', 'SWEpisodes'], (ctx, emit) => {
    if (ctx.year < 2024 || !ctx.has('SWEpisodes')) return;
    for (const child of ctx.cur.Episodes?.byChild.keys() ?? []) if (lookedAfterAtEnd(ctx, child) && ctx.of('SWEpisodes', child).length === 0) emit('Episodes', ctx.episodes(child).at(-1)!);
  }),
  rule('SW06STG2', ['SWEpisodes'], (ctx, emit) => { for (const r of ctx.rows('SWEpisodes')) if (r.d.SW_DECOM !== null && r.d.SW_DECOM > ctx.end) emit('SWEpisodes', r); }),
  rule('SW07STG2', ['SWEpisodes'], (ctx, emit) => { for (const r of ctx.rows('SWEpisodes')) if (r.d.SW_DEC !== null && (r.d.SW_DEC < ctx.start || r.d.SW_DEC > ctx.end)) emit('SWEpisodes', r); }),
  rule('SW09STG2', ['SWEpisodes'], (ctx, emit) => { for (const r of ctx.rows('SWEpisodes')) if (r.d.SW_DEC !== null && r.d.SW_DEC === r.d.SW_DECOM) emit('SWEpisodes', r); }),
  rule('SW15STG2', ['SWEpisodes'], (ctx, emit) => { for (const r of ctx.rows('SWEpisodes')) if (r.v.SW_DEC !== '' && r.v.SW_REASON === '') emit('SWEpisodes', r); }),
  rule('SW108STG2', ['SWEpisodes'], (ctx, emit) => each(ctx, (r, _p, next) => { if (next && r.v.SW_DEC === '') emit('SWEpisodes', r); })),
  rule('SW10STG2', ['SWEpisodes'], (ctx, emit) => each(ctx, (r, prev) => { if (prev && prev.d.SW_DEC !== null && r.d.SW_DECOM !== null && r.d.SW_DECOM < prev.d.SW_DEC) emit('SWEpisodes', r); })),
  rule('SW11STG2', ['SWEpisodes'], (ctx, emit) => each(ctx, (r, _p, next, child) => {
    if (!next && r.d.SW_DEC !== null && r.d.SW_DEC < ctx.end && lookedAfterAtEnd(ctx, child)) emit('SWEpisodes', r);
  })),
  rule('SW14STG2', ['SWEpisodes'], (ctx, emit) => each(ctx, (r, _p, next, child) => {
    if (!next && r.v.SW_DEC === '' && ctx.has('Episodes') && ctx.episodes(child).length > 0 && !lookedAfterAtEnd(ctx, child)) emit('SWEpisodes', r);
  })),
  // The social worker episodes of a child looked after on 31 March cover the whole year, or (for a child who first
  // came into care during it) at least from the start of care: a child unknown before then cannot have earlier ones.
  // (The DfE tool likewise asks for an SW episode at the start of care, RNE S, and at its end.)
  rule('SW12STG2', ['Episodes', 'SWEpisodes'], (ctx, emit) => each(ctx, (r, prev, _n, child) => {
    if (prev || r.d.SW_DECOM === null || r.d.SW_DECOM <= ctx.start || !lookedAfterAtEnd(ctx, child)) return;
    const first = ctx.episodes(child).find((e) => e.d.DECOM !== null);
    const from = first && first.d.DECOM! > ctx.start ? first.d.DECOM! : ctx.start;
    if (r.d.SW_DECOM > from) emit('SWEpisodes', r);
  })),
];
