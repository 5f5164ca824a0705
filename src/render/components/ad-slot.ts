import type { Language } from '../../content/content.types.js';
import type { SafeHtml } from '../html.js';
import { html } from '../html.js';
import { t } from '../i18n.js';

/** A labelled ad slot with reserved height, so nothing moves when an ad fills it. */
export function renderAdSlot(lang: Language, slot: string): SafeHtml {
  const s = t(lang);
  return html`<aside class="ad-slot" aria-label="${s.advertisement}" data-ad-slot="${slot}"><span class="ad-label">${s.advertisement}</span><div class="ad-space"></div></aside>`;
}
