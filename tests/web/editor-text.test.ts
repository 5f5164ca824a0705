import { describe, expect, it } from 'vitest';
import { comparableText, displayWidth, truncateToWidth, wordDiff } from '../../web/newsroom/editor-text.js';

describe('editor text helpers', () => {
  it('diffs Korean and English text word by word, keeping spaces and line breaks', () => {
    const parts = wordDiff('서울 시청 앞에 눈이 내렸다.\n\nSecond line', '서울 광장 앞에 눈이 내렸다.\n\nSecond line here');
    expect(parts.filter((p) => p.kind === 'removed').map((p) => p.text)).toEqual(['시청']);
    expect(parts.filter((p) => p.kind === 'added').map((p) => p.text.trim())).toEqual(['광장', 'here']);
    // Korean is compared by 어절, never syllable by syllable.
    const korean = wordDiff('첫 문단 내용입니다.', '첫 문단 내용을 고쳤습니다.');
    expect(korean.filter((p) => p.kind !== 'same').map((p) => [p.kind, p.text])).toEqual([
      ['removed', '내용입니다.'],
      ['added', '내용을 고쳤습니다.'],
    ]);
    expect(parts.filter((p) => p.kind !== 'removed').map((p) => p.text).join('')).toBe('서울 광장 앞에 눈이 내렸다.\n\nSecond line here');
    expect(parts.filter((p) => p.kind !== 'added').map((p) => p.text).join('')).toBe('서울 시청 앞에 눈이 내렸다.\n\nSecond line');
  });

  it('measures Korean as double width and truncates like a search result', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('한국어')).toBe(6);
    const korean = truncateToWidth('가'.repeat(40), 60);
    expect(korean).toEqual({ text: `${'가'.repeat(29)}…`, truncated: true });
    expect(truncateToWidth('Short title', 60)).toEqual({ text: 'Short title', truncated: false });
    expect(truncateToWidth('x'.repeat(70), 60).text).toHaveLength(60);
  });

  it('reads the comparable texts from a revision snapshot', () => {
    expect(comparableText({ headline: '제목', dek: '요약', body: [{ type: 'paragraph', content: [{ text: '본문' }] }, { type: 'heading', level: 2, text: '소제목' }] })).toEqual({
      headline: '제목',
      dek: '요약',
      body: '본문\n\n소제목',
    });
    expect(comparableText({})).toEqual({ headline: '', dek: '', body: '' });
  });
});
