import { bodyHtmlToBlocks } from '../content/body-html.js';
import type { ArticleBlock } from '../content/content.types.js';
import { BYLINE_LINE } from './byline.js';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const blockText = (block: ArticleBlock): string => (block.type === 'paragraph' ? block.content.map((c) => c.text).join('') : '');

/**
 * Agency HTML or plain text → our typed blocks, through the same sanitiser as every other outside HTML
 * (content/body-html.ts). A paragraph that is only a byline ("BY KIM JU-YEON, YONHAP") is taken out and returned,
 * so it becomes a structured credit and never body text.
 */
export function wireBody(input: { html?: string | null; text?: string | null }): { blocks: ArticleBlock[]; bylines: string[] } {
  let html = input.html ?? '';
  if (!html.trim() && input.text) {
    const paragraphs = input.text.includes('\n\n') ? input.text.split(/\n\s*\n/) : input.text.split(/\n/);
    html = paragraphs
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => `<p>${escapeHtml(p)}</p>`)
      .join('');
  }
  if (!html.trim()) return { blocks: [], bylines: [] };
  const { blocks } = bodyHtmlToBlocks(html);
  const bylines: string[] = [];
  const kept = blocks.filter((block) => {
    const text = blockText(block).trim();
    if (text && BYLINE_LINE.test(text)) {
      bylines.push(text);
      return false;
    }
    return true;
  });
  return { blocks: kept, bylines };
}

export function firstWords(blocks: ArticleBlock[], max = 200): string {
  const text = blocks.map(blockText).find((t) => t.trim()) ?? '';
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text.trim();
}
