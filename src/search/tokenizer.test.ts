import { describe, expect, it } from 'vitest';
import { fts5Match, tsQuery } from '../db/dialects/search-sql.js';
import { parseQuery } from './query-parser.js';
import { highlightHtml, snippetHtml } from './snippet.js';
import { choseongOf, choseongTokens, indexTokens, isChoseongQuery, normalizeText, stripParticle } from './tokenizer.js';

describe('tokenizer', () => {
  it('makes Hangul bigrams plus the trailing unigram per run, and stems English', () => {
    expect(indexTokens('북한군을')).toBe('북한 한군 군을 을');
    expect(indexTokens('핵')).toBe('핵');
    expect(indexTokens('Elections, voters!')).toBe('elect voter');
    expect(indexTokens('LA 한인타운 2명')).toBe('la 한인 인타 타운 운 2 명');
  });

  it('normalises NFD to NFC and removes Latin diacritics without breaking Hangul', () => {
    expect(indexTokens('북한'.normalize('NFD'))).toBe('북한 한');
    expect(normalizeText('Café Ürün 북한')).toBe('cafe urun 북한');
  });

  it('extracts choseong', () => {
    expect(choseongOf('북한군')).toBe('ㅂㅎㄱ');
    expect(choseongTokens('북한, 미사일 발사')).toBe('ㅂㅎ ㅎ ㅁㅅ ㅅㅇ ㅇ ㅂㅅ ㅅ');
    expect(isChoseongQuery('ㅂㅎ')).toBe(true);
    expect(isChoseongQuery('북ㅎ')).toBe(false);
  });

  it('strips a particle only when two syllables remain', () => {
    expect(stripParticle('북한군이')).toBe('북한군');
    expect(stripParticle('한국에서는')).toBe('한국');
    expect(stripParticle('포로')).toBe('포로');
    expect(stripParticle('북한')).toBe('북한');
  });
});

describe('query parser and dialect queries', () => {
  it('turns terms, phrases, exclusions and 1-syllable words into one expression for both databases', () => {
    const parsed = parseQuery('대통령이 "north korea" -미사일 핵 elections');
    expect(parsed.expression).toEqual({
      must: [
        { tokens: ['대통', '통령'], prefix: false },
        { tokens: ['north', 'korea'], prefix: false },
        { tokens: ['핵'], prefix: true },
        { tokens: ['elect'], prefix: false },
      ],
      not: [{ tokens: ['미사', '사일'], prefix: false }],
    });
    expect(fts5Match(parsed.expression, 'text')).toBe('{headline_tokens body_tokens} : (("대통 통령" AND "north korea" AND "핵"* AND "elect") NOT "미사 사일")');
    expect(tsQuery(parsed.expression, 'text')).toBe("(('대통' <-> '통령') & ('north' <-> 'korea') & ('핵':*) & ('elect')) & !('미사' <-> '사일')");
    expect(tsQuery(parsed.expression, 'headline')).toContain("('핵':*A)");
  });

  it('a Korean phrase keeps word ends (trailing unigram) except the last word', () => {
    expect(parseQuery('"북한 포로"').expression.must).toEqual([{ tokens: ['북한', '한', '포로'], prefix: false }]);
  });

  it('treats only initial consonants as a choseong query', () => {
    const parsed = parseQuery('ㅂㅎ');
    expect(parsed.choseong).toBe(true);
    expect(parsed.expression.must).toEqual([{ tokens: ['ㅂㅎ'], prefix: true }]);
  });

  it('quotes cannot break out of the FTS5 or tsquery string', () => {
    const parsed = parseQuery(`a"b o'r \\x`);
    expect(() => fts5Match(parsed.expression, 'text')).not.toThrow();
    for (const clause of parsed.expression.must) for (const token of clause.tokens) expect(token).toMatch(/^[\p{L}\p{N}]+$/u);
  });
});

describe('snippets', () => {
  it('escapes text and marks Hangul substrings and English stems', () => {
    const { highlight } = parseQuery('북한 election');
    expect(highlightHtml('<b>북한군</b> elections', highlight)).toBe('&lt;b&gt;<mark>북한</mark>군&lt;/b&gt; <mark>elections</mark>');
    const long = `${'가나다 '.repeat(40)}북한 소식 ${'라마바 '.repeat(40)}`;
    const snippet = snippetHtml(['', long], highlight);
    expect(snippet).toContain('<mark>북한</mark>');
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippetHtml(['no match here'], highlight)).toBe('no match here');
  });
});
