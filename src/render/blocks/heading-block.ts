import type { HeadingBlock } from '../../content/content.types.js';
import type { SafeHtml } from '../html.js';
import { html, trusted } from '../html.js';

export function renderHeadingBlock(block: HeadingBlock): SafeHtml {
  const tag = trusted(`h${block.level}`);
  return html`<${tag}>${block.text}</${tag}>`;
}
