import type { SafeHtml } from '../html.js';
import { html } from '../html.js';
import { searchT } from '../i18n.js';
import type { RenderContext } from '../render-context.js';

/**
 * The search form: a labelled field that works as a plain GET form without JavaScript; search.js (self-hosted,
 * strict CSP) adds as-you-type suggestions when it loads.
 */
export function searchForm(ctx: RenderContext, options: { id: string; value?: string; className: string; hiddenLabel?: boolean }): SafeHtml {
  const s = searchT(ctx.lang);
  return html`<form class="search-form ${options.className}" role="search" action="/${ctx.lang}/search" method="get"${options.hiddenLabel ? html` aria-label="${s.searchLabel}"` : ''}>
<label for="${options.id}"${options.hiddenLabel ? html` class="visually-hidden"` : ''}>${s.searchLabel}</label>
<div class="search-row"><input id="${options.id}" type="search" name="q" value="${options.value ?? ''}" maxlength="500" placeholder="${s.searchPlaceholder}" autocomplete="off" data-suggest data-suggest-label="${s.suggestions}" data-count-label="${s.suggestionsCount(0).replace('0', '{n}')}"><button type="submit">${s.searchButton}</button></div>
</form>`;
}
