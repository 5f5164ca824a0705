import { describe, expect, it } from 'vitest';
import { romanizeHangul, slugify } from './slug.js';

describe('slugify', () => {
  it.each([
    ['Captured North Korean war prisoners in Ukraine ask to be brought to South Korea', 'captured-north-korean-war-prisoners-in-ukraine-ask-to-be-brought-to-south-korea'],
    ['북한 포로', 'bukhan-poro'],
    ['한인 사회', 'hanin-sahoe'],
    ['Défense & “quotes”', 'defense-quotes'],
    ['!!!', 'article'],
  ])('%s → %s', (input, expected) => {
    expect(slugify(input)).toBe(expected);
  });

  it('romanises syllable by syllable', () => {
    expect(romanizeHangul('서울')).toBe('seoul');
    expect(romanizeHangul('김정은')).toBe('gimjeongeun');
    expect(romanizeHangul('열려')).toBe('yeollyeo');
  });

  it('cuts long slugs at a word boundary', () => {
    const slug = slugify('word '.repeat(40), 30);
    expect(slug.length).toBeLessThanOrEqual(30);
    expect(slug.endsWith('-')).toBe(false);
  });
});
