import type { AuthorProfile, Language } from '../../content/content.types.js';
import { authorPath } from '../../delivery/urls.js';
import type { SafeHtml } from '../html.js';
import { html } from '../html.js';
import { t } from '../i18n.js';

export const authorName = (author: AuthorProfile, lang: Language): string => (lang === 'ko' ? author.nameKo : author.nameEn);
export const authorBio = (author: AuthorProfile, lang: Language): string => (lang === 'ko' ? author.bioKo || author.bioEn : author.bioEn || author.bioKo);

/** The people in the byline who have a profile. The photo's alt is empty: the name is right beside it. */
export function renderAuthorBoxes(authors: AuthorProfile[], lang: Language): SafeHtml | null {
  if (authors.length === 0) return null;
  const s = t(lang);
  return html`<section class="author-boxes" aria-label="${s.aboutAuthor}">
${authors.map(
  (a) => html`<div class="author-box">
${a.photo ? html`<img src="${a.photo.url}" width="72" height="72" alt="" loading="lazy" decoding="async">` : ''}
<div>
<p class="name"><a href="${authorPath(lang, a.slug)}">${authorName(a, lang)}</a></p>
${a.organization || a.location ? html`<p class="role">${[a.organization, a.location].filter(Boolean).join(' · ')}</p>` : ''}
${authorBio(a, lang) ? html`<p class="bio">${authorBio(a, lang)}</p>` : ''}
</div>
</div>`,
)}
</section>`;
}
