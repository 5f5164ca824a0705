import { parseQuery } from './query-parser.js';
import { indexTokens } from './tokenizer.js';

/**
 * Search over small tables (the wire desk's queue) with the article index's own tokens and query parser, without a
 * full-text index: the row stores its tokens as ` t1 t2 … ` and every query clause becomes one LIKE over that
 * stream. A clause's tokens are consecutive in the stream exactly when FTS5 or tsvector would match the phrase, so
 * particles (북한군이 → 북한군), two-syllable words, English stems, "phrases", -exclusions and NFD input behave as
 * in article search. Ranking is not needed here: the desk lists newest first.
 */

/** The stored form: index tokens with a space at both ends, so every token is delimited. */
export function tokenStream(text: string): string {
  return ` ${indexTokens(text)} `;
}

export interface TokenPattern {
  /** A LIKE pattern over a `tokenStream()` column (tokens are letters and digits only: nothing to escape). */
  like: string;
  /** True for an -exclusion: the row must NOT match. */
  exclude: boolean;
}

/**
 * LIKE patterns for a typed query. A query of initial consonants only (ㅂㅎ) is a headline-suggestion feature of
 * article search; here it is matched as typed and finds nothing unless the text has it.
 */
export function tokenPatterns(query: string): TokenPattern[] {
  const parsed = parseQuery(query);
  const pattern = (clause: { tokens: string[]; prefix: boolean }): string => `% ${clause.tokens.join(' ')}${clause.prefix ? '' : ' '}%`;
  if (parsed.choseong) return [{ like: `%${query.replace(/[%_\\\s]/g, '')}%`, exclude: false }];
  return [
    ...parsed.expression.must.filter((c) => c.tokens.length).map((c) => ({ like: pattern(c), exclude: false })),
    ...parsed.expression.not.filter((c) => c.tokens.length).map((c) => ({ like: pattern(c), exclude: true })),
  ].slice(0, 16);
}
