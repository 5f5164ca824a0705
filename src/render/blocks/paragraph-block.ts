import type { ParagraphBlock } from '../../content/content.types.js';
import type { SafeHtml } from '../html.js';
import { html } from '../html.js';
import { renderInline } from './inline.js';

export function renderParagraphBlock(block: ParagraphBlock, dateline?: SafeHtml): SafeHtml {
  return html`<p>${dateline ?? ''}${renderInline(block.content)}</p>`;
}
