import { frontPath, sectionPath } from '../../delivery/urls.js';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { renderDocument } from '../layout.js';
import type { RenderContext } from '../render-context.js';

/** 404 (helpful: where to go instead), 410 (the article was unpublished) and 500. */
export function renderErrorPage(ctx: RenderContext, kind: 'not-found' | 'gone' | 'error', path: string): string {
  const s = t(ctx.lang);
  const title = kind === 'gone' ? s.goneTitle : kind === 'error' ? s.errorTitle : s.notFoundTitle;
  const text = kind === 'gone' ? s.goneText : kind === 'error' ? s.errorText : s.notFoundText;
  const content = html`<section class="notice">
<h1>${title}</h1>
<p>${text}</p>
<p><a href="${frontPath(ctx.lang)}">${s.frontPage}</a></p>
<ul>${ctx.sections.filter((sec) => !sec.parentSlug).map((sec) => html`<li><a href="${sectionPath(ctx.lang, sec.slug)}">${ctx.lang === 'ko' ? sec.nameKo : sec.nameEn}</a></li>`)}</ul>
</section>`;
  return renderDocument(ctx, { title: `${title} | ${ctx.siteName}`, canonicalPath: path, robots: 'noindex' }, content);
}
