import type { QuoteBlock } from '../../content/content.types.js';
import type { SafeHtml } from '../html.js';
import { html } from '../html.js';
import { renderInline } from './inline.js';

export function renderQuoteBlock(block: QuoteBlock): SafeHtml {
  const attribution = block.attribution ? html`<footer>— <cite>${block.attribution}</cite></footer>` : '';
  if (block.variant === 'pull') return html`<blockquote class="pull-quote"><p>${renderInline(block.content)}</p>${attribution}</blockquote>`;
  return html`<blockquote><p>${renderInline(block.content)}</p>${attribution}</blockquote>`;
}
