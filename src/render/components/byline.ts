import type { Credit, Language } from '../../content/content.types.js';
import { authorPath } from '../../delivery/urls.js';
import type { SafeHtml } from '../html.js';
import { html } from '../html.js';
import { creditRoleLabel, t } from '../i18n.js';

const BYLINE_ROLES = new Set(['reporter', 'writer', 'correspondent', 'columnist', 'contributor']);

function joinNames(parts: SafeHtml[], lang: Language): SafeHtml {
  const s = t(lang);
  if (parts.length <= 1) return html`${parts}`;
  return html`${parts.slice(0, -1).map((p, i) => html`${i > 0 ? ', ' : ''}${p}`)}${s.and}${parts[parts.length - 1]}`;
}

/** "By Kim Ju-yeon, Yonhap" / "김주연 기자 (연합뉴스)": the writers, linked to their profiles. */
export function renderByline(credits: Credit[], lang: Language): SafeHtml | null {
  const writers = credits.filter((c) => BYLINE_ROLES.has(c.role));
  const shown = writers.length ? writers : credits.slice(0, 1);
  if (shown.length === 0) return null;
  const s = t(lang);
  const names = shown.map((c) => {
    const name = c.authorSlug ? html`<a href="${authorPath(lang, c.authorSlug)}">${c.name}</a>` : html`${c.name}`;
    if (lang === 'ko') return html`${name} ${creditRoleLabel(c.role, lang)}${c.organization ? html` (${c.organization})` : ''}`;
    return html`${name}${c.organization ? html`, ${c.organization}` : ''}`;
  });
  return lang === 'ko' ? html`<p class="byline">${joinNames(names, lang)}</p>` : html`<p class="byline">${s.by} ${joinNames(names, lang)}</p>`;
}

/** The credit line at the end: everyone who worked on the story, their role, agency and e-mail. */
export function renderCreditLine(credits: Credit[], lang: Language): SafeHtml | null {
  if (credits.length === 0) return null;
  const s = t(lang);
  return html`<section class="credit-line" aria-label="${s.credits}">
${credits.map(
  (c) =>
    html`<p><span class="credit-name">${c.name}</span>${lang === 'ko' ? ' ' : ', '}${creditRoleLabel(c.role, lang)}${c.organization ? html`, ${c.organization}` : ''}${c.email ? html` <span class="credit-email">[<a href="mailto:${c.email}">${c.email}</a>]</span>` : ''}</p>`,
)}
</section>`;
}
