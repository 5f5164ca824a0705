import { describe, expect, it } from 'vitest';
import { bodyHtmlToBlocks } from './body-html.js';

describe('bodyHtmlToBlocks', () => {
  it('keeps structure and inline marks', () => {
    const { blocks } = bodyHtmlToBlocks(
      '<h2>Title</h2><p>Hello <strong>bold</strong> and <em>it</em> <a href="https://example.com/x">link</a></p>' +
        '<blockquote class="pull">Quote text<cite>Jang Se-yul</cite></blockquote><ul><li>one</li><li>two</li></ul>' +
        '<figure><img src="/media/7/photo.jpg" alt="Two men at a table"><figcaption>Caption here <span class="credit">YONHAP</span></figcaption></figure>',
    );
    expect(blocks).toEqual([
      { type: 'heading', level: 2, text: 'Title' },
      {
        type: 'paragraph',
        content: [{ text: 'Hello ' }, { text: 'bold', bold: true }, { text: ' and ' }, { text: 'it', italic: true }, { text: ' ' }, { text: 'link', href: 'https://example.com/x' }],
      },
      { type: 'quote', variant: 'pull', content: [{ text: 'Quote text' }], attribution: 'Jang Se-yul' },
      { type: 'list', ordered: false, items: [[{ text: 'one' }], [{ text: 'two' }]] },
      { type: 'image', mediaId: 7, caption: 'Caption here', credit: 'YONHAP', alt: 'Two men at a table' },
    ]);
  });

  it('removes scripts, event handlers and javascript: URLs', () => {
    const { blocks } = bodyHtmlToBlocks(
      '<p>Safe<script>alert(1)</script></p><p><img src="/media/3/a.jpg" onerror="alert(2)"></p><p><a href="javascript:alert(3)">click</a></p><p onclick="x()">text</p>',
    );
    const json = JSON.stringify(blocks);
    expect(json).not.toMatch(/alert|onerror|onclick|javascript/i);
    expect(blocks).toContainEqual({ type: 'paragraph', content: [{ text: 'Safe' }] });
    expect(blocks).toContainEqual({ type: 'paragraph', content: [{ text: 'click' }] });
  });

  it('leaves out images that are not uploaded media, with a warning', () => {
    const result = bodyHtmlToBlocks('<figure><img src="https://elsewhere.example/p.jpg"></figure><p>kept</p>');
    expect(result.blocks).toEqual([{ type: 'paragraph', content: [{ text: 'kept' }] }]);
    expect(result.warnings[0]).toMatch(/elsewhere\.example.*not an uploaded media item/);
  });

  it('wraps loose text in paragraphs', () => {
    expect(bodyHtmlToBlocks('loose <b>text</b>').blocks).toEqual([{ type: 'paragraph', content: [{ text: 'loose ' }, { text: 'text', bold: true }] }]);
  });
});
