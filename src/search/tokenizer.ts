import { stemmer } from 'stemmer';

/**
 * The one tokenizer for both databases (docs/decisions/007-search.md). The database never tokenises language: it
 * receives space-separated tokens made here, so SQLite FTS5 and PostgreSQL index exactly the same ones.
 *
 * - Hangul runs become overlapping syllable bigrams plus the run's last syllable (`북한군을` → `북한 한군 군을 을`):
 *   any substring of two or more syllables is a phrase of bigrams, and particles or compounds never hide a word.
 * - Latin words are folded (lowercase, no diacritics) and Porter-stemmed (`elections` → `elect`).
 * - Everything else that is a letter or a digit passes through as a word.
 */

const HANGUL_FIRST = 0xac00;
const HANGUL_LAST = 0xd7a3;
const CHOSEONG = ['ㄱ', 'ㄲ', 'ㄴ', 'ㄷ', 'ㄸ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅃ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅉ', 'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ'];
const CHOSEONG_SET = new Set(CHOSEONG);

/** Hangul syllable runs, or runs of other letters/digits; everything else separates. */
const RUN = /[\uAC00-\uD7A3]+|(?:(?![\uAC00-\uD7A3])[\p{L}\p{N}])+/gu;
const HANGUL_RUN = /^[\uAC00-\uD7A3]+$/;
const LATIN_WORD = /^[a-z]+$/;

export const isHangulRun = (text: string): boolean => HANGUL_RUN.test(text);

/** NFC (macOS sends NFD), lowercase, and diacritics off Latin letters only (NFD of Hangul would split syllables). */
export function normalizeText(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\uAC00-\uD7A3\u3131-\u318E\s]+/g, (part) => part.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC'));
}

/** Words of a normalised text, as Hangul runs and other letter/digit runs (`북한군-2명` → `북한군 2 명`). */
export function words(normalized: string): string[] {
  return normalized.match(RUN) ?? [];
}

/** The index form of one non-Hangul word: Latin words stemmed, the rest unchanged. */
export function foldWord(word: string): string {
  return LATIN_WORD.test(word) ? stemmer(word) : word;
}

/** Bigrams of a run of single-character units, optionally with the trailing unigram. */
function grams(units: string, trailing: boolean): string[] {
  const chars = [...units];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  if (trailing || chars.length === 1) out.push(chars[chars.length - 1]!);
  return out;
}

/** Tokens of one word, in index form. */
export function wordTokens(word: string, trailing = true): string[] {
  return isHangulRun(word) ? grams(word, trailing) : [foldWord(word)];
}

/** The pre-tokenised text stored in the index for `text`. */
export function indexTokens(text: string): string {
  return words(normalizeText(text))
    .flatMap((word) => wordTokens(word))
    .join(' ');
}

/** Initial consonants of a Hangul string (`북한` → `ㅂㅎ`); other characters are dropped. */
export function choseongOf(word: string): string {
  let out = '';
  for (const char of word) {
    const code = char.charCodeAt(0);
    if (code >= HANGUL_FIRST && code <= HANGUL_LAST) out += CHOSEONG[Math.floor((code - HANGUL_FIRST) / 588)];
  }
  return out;
}

/** True when the query is only initial consonants (`ㅂㅎ`), as Korean readers type in a search box. */
export function isChoseongQuery(text: string): boolean {
  const compact = text.normalize('NFC').replace(/\s+/g, '');
  return compact.length > 0 && [...compact].every((c) => CHOSEONG_SET.has(c));
}

/** Index tokens for choseong suggestions: each Hangul run of the headline as consonant bigrams + trailing unigram. */
export function choseongTokens(text: string): string {
  return words(normalizeText(text))
    .filter(isHangulRun)
    .flatMap((word) => grams(choseongOf(word), true))
    .join(' ');
}

/** Choseong query tokens for one typed word (`ㅂㅎ` → [`ㅂㅎ`]); the last unit stays open (a prefix). */
export function choseongQueryTokens(word: string): string[] {
  return grams([...word.normalize('NFC')].filter((c) => CHOSEONG_SET.has(c)).join(''), false);
}

/**
 * Particles (josa) that attach to the end of a word. A query word ending in one is searched without it when at
 * least two syllables remain (`북한군이` → `북한군`). Because the bigram index matches substrings, the shorter form
 * still finds every article the long form would: recall never drops, precision drops a little for words that only
 * look like they end in a particle (`코로나` → `코로`, which in practice only occurs in `코로나`).
 */
const PARTICLES = [
  '에서는', '에게서', '으로는', '으로서', '으로써', '이라고', '에서의', '으로의',
  '에서', '에게', '으로', '까지', '부터', '처럼', '보다', '에는', '와의', '과의', '라고', '이나', '이며', '이다', '와는', '과는',
  '은', '는', '이', '가', '을', '를', '의', '에', '와', '과', '로', '도', '만',
];

export function stripParticle(word: string): string {
  if (!isHangulRun(word)) return word;
  for (const particle of PARTICLES) {
    if (word.endsWith(particle) && word.length - particle.length >= 2) return word.slice(0, word.length - particle.length);
  }
  return word;
}
