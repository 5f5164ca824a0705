import { describe, expect, it } from 'vitest';
import { articleBodySchema } from '../../src/content/content.types.js';
import type { Block } from '../../web/newsroom/blocks.js';
import { blocksToDoc, blocksToText, countText, docToBlocks } from '../../web/newsroom/blocks.js';
import { instantToZoned, zonedToInstant } from '../../web/newsroom/times.js';

/** The editor's document model maps to our typed blocks and back without loss (docs/decisions/010-newsroom-app.md). */
describe('newsroom editor ↔ typed blocks', () => {
  const body: Block[] = [
    { type: 'paragraph', content: [{ text: '서울 — ' }, { text: '굵은', bold: true }, { text: ' 글과 ' }, { text: '기울임', italic: true }, { text: ', ' }, { text: '링크', href: 'https://example.com/a' }, { text: '.' }] },
    { type: 'heading', level: 2, text: '소제목' },
    { type: 'heading', level: 3, text: 'Smaller' },
    { type: 'quote', variant: 'block', content: [{ text: '“포로들은 한국행을 원한다”' }], attribution: '유용원 의원' },
    { type: 'list', ordered: false, items: [[{ text: '하나' }], [{ text: '둘', bold: true }]] },
    { type: 'list', ordered: true, items: [[{ text: 'first' }], [{ text: 'second' }]] },
    { type: 'image', mediaId: 7, caption: '이 기사에서의 캡션', credit: '연합뉴스', alt: '광장에 선 시민들' },
    { type: 'embed', url: 'https://www.youtube.com/watch?v=abc', title: 'Video' },
  ];

  it('round-trips every block type, marks and attributes', () => {
    const back = docToBlocks(blocksToDoc(body));
    expect(back).toEqual(body);
    expect(articleBodySchema.safeParse(back).success).toBe(true);
  });

  it('drops empty paragraphs and headings, gives an empty body one paragraph to type in, and keeps only image overrides', () => {
    const doc = blocksToDoc([], () => undefined);
    expect(doc.childCount).toBe(1);
    expect(docToBlocks(doc)).toEqual([]);
    const withLibrary = blocksToDoc([{ type: 'image', mediaId: 3 }], () => ({ url: '/media/3/a.jpg', alt: '', caption: '', credit: '' }));
    expect(docToBlocks(withLibrary)).toEqual([{ type: 'image', mediaId: 3 }]);
  });

  it('counts Korean by characters, with and without spaces', () => {
    expect(countText('첫눈이 내렸다.')).toEqual({ characters: 8, charactersNoSpaces: 7, words: 2 });
    expect(blocksToText(body)).toContain('소제목');
  });

  it('converts a wall-clock time in PT or KST to the instant and back', () => {
    const at = new Date('2026-12-01T17:00:00.000Z');
    expect(instantToZoned(at, 'America/Los_Angeles')).toBe('2026-12-01T09:00:00');
    expect(instantToZoned(at, 'Asia/Seoul')).toBe('2026-12-02T02:00:00');
    expect(zonedToInstant('2026-12-02T02:00:00', 'Asia/Seoul')?.toISOString()).toBe(at.toISOString());
    expect(zonedToInstant('2026-07-01T09:00', 'America/Los_Angeles')?.toISOString()).toBe('2026-07-01T16:00:00.000Z');
    expect(zonedToInstant('nonsense', 'Asia/Seoul')).toBeUndefined();
  });
});
