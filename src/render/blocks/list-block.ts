import type { ListBlock } from '../../content/content.types.js';
import type { SafeHtml } from '../html.js';
import { html } from '../html.js';
import { renderInline } from './inline.js';

export function renderListBlock(block: ListBlock): SafeHtml {
  const items = block.items.map((item) => html`<li>${renderInline(item)}</li>`);
  return block.ordered ? html`<ol>${items}</ol>` : html`<ul>${items}</ul>`;
}
