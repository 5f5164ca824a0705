import type { MatchClause, MatchExpression } from '../db/dialects/search-sql.js';
import { choseongQueryTokens, foldWord, isChoseongQuery, isHangulRun, normalizeText, stripParticle, wordTokens, words } from './tokenizer.js';

/**
 * A reader's query → a match expression over index tokens, plus what the snippet highlighter looks for.
 * Syntax: words (AND), "quoted phrases", -exclusions (-word, -"phrase"); Korean and English mixed freely.
 */
export interface ParsedQuery {
  expression: MatchExpression;
  /** Only initial consonants (`ㅂㅎ`): matched against headline choseong instead of text. */
  choseong: boolean;
  /** Hangul strings to highlight (substrings) and folded non-Hangul words (stems) to highlight. */
  highlight: { hangul: string[]; stems: string[] };
}

const TERM = /(-?)"([^"]*)"?|(-?)([^\s"]+)/g;

export function parseQuery(input: string, options: { prefixLast?: boolean } = {}): ParsedQuery {
  const text = input.normalize('NFC').slice(0, 500);
  const hangul = new Set<string>();
  const stems = new Set<string>();
  if (isChoseongQuery(text)) {
    const must = text
      .split(/\s+/)
      .filter(Boolean)
      .map((word): MatchClause => {
        const tokens = choseongQueryTokens(word);
        return { tokens, prefix: tokens.length === 1 };
      });
    return { expression: { must, not: [] }, choseong: true, highlight: { hangul: [], stems: [] } };
  }
  const must: MatchClause[] = [];
  const not: MatchClause[] = [];
  const matches = [...text.matchAll(TERM)];
  matches.forEach((match, index) => {
    const negative = (match[1] ?? match[3]) === '-';
    const isLast = index === matches.length - 1;
    if (match[2] !== undefined) {
      // A phrase: every word but the last must end where it ends in the text (trailing unigram).
      const phraseWords = words(normalizeText(match[2]));
      const tokens = phraseWords.flatMap((word, i) => wordTokens(word, i < phraseWords.length - 1));
      if (!tokens.length) return;
      (negative ? not : must).push({ tokens, prefix: false });
      if (!negative) remember(phraseWords);
      return;
    }
    const termWords = words(normalizeText(match[4] ?? ''));
    termWords.forEach((raw, i) => {
      const word = negative ? raw : stripParticle(raw);
      const open = options.prefixLast === true && isLast && i === termWords.length - 1 && !negative;
      let clause: MatchClause;
      if (isHangulRun(word)) clause = word.length === 1 ? { tokens: [word], prefix: true } : { tokens: wordTokens(word, false), prefix: false };
      else clause = { tokens: [open ? typedPrefix(word) : foldWord(word)], prefix: open };
      (negative ? not : must).push(clause);
      if (!negative) remember([word]);
    });
  });
  function remember(list: string[]): void {
    for (const word of list) {
      if (isHangulRun(word)) hangul.add(word);
      else stems.add(foldWord(word));
    }
  }
  return { expression: { must, not }, choseong: false, highlight: { hangul: [...hangul], stems: [...stems] } };
}

/**
 * As-you-type, the last English word may be cut short (`electi`), while the index holds stems (`elect`): search the
 * common part of the typed word and its stem, less a possibly half-typed suffix.
 */
function typedPrefix(word: string): string {
  const stem = foldWord(word);
  let common = 0;
  while (common < word.length && word[common] === stem[common]) common++;
  const base = word.slice(0, common) || word;
  return base.length > 4 ? base.slice(0, base.length - 2) : base;
}
