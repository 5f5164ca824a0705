import type { EmbedBlock, Language } from '../../content/content.types.js';
import { embedFrameUrl } from '../../delivery/urls.js';
import type { SafeHtml } from '../html.js';
import { html } from '../html.js';
import { t } from '../i18n.js';

/** An embed is a link card; a player iframe loads only after the reader presses the button (no request before). */
export function renderEmbedBlock(block: EmbedBlock, lang: Language): SafeHtml {
  const s = t(lang);
  const frame = embedFrameUrl(block.url);
  const host = new URL(block.url).hostname.replace(/^www\./, '');
  const title = block.title ?? host;
  return html`<aside class="embed-card" aria-label="${block.provider ?? host}">
<p class="provider">${block.provider ?? host}</p>
<p><a href="${block.url}" rel="noopener">${title}</a></p>
${block.description ? html`<p>${block.description}</p>` : ''}
${frame ? html`<button type="button" data-embed-src="${frame}" data-embed-title="${title}">${s.loadEmbed}<span class="visually-hidden"> (${s.embedNotice})</span></button>` : ''}
</aside>`;
}
