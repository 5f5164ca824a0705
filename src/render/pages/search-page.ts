import type { Language } from '../../content/content.types.js';
import { formatShortDate } from '../../lib/dates.js';
import type { SearchResponse } from '../../search/search.service.js';
import { searchForm } from '../components/search-form.js';
import type { SafeHtml } from '../html.js';
import { html, trusted } from '../html.js';
import { searchT, t } from '../i18n.js';
import { renderDocument } from '../layout.js';
import type { RenderContext } from '../render-context.js';

export interface SearchPageData {
  q: string;
  /** Language filter of the results (the page's language by default). */
  lang: Language;
  section?: string | undefined;
  /** null for a query that cannot be searched (only exclusions): shown as the empty state. */
  result: SearchResponse | null;
}

const searchPath = (ctx: RenderContext, params: Record<string, string | number | undefined>): string => {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, String(value));
  const text = query.toString();
  return `/${ctx.lang}/search${text ? `?${text}` : ''}`;
};

/** /{lang}/search?q=: results with highlighted snippets, language and section filters, pagination, empty state. */
export function renderSearchPage(ctx: RenderContext, data: SearchPageData): string {
  const s = searchT(ctx.lang);
  const common = t(ctx.lang);
  const other: Language = data.lang === 'ko' ? 'en' : 'ko';
  const result = data.result;
  const lastPage = result ? Math.max(1, Math.ceil(result.total / result.pageSize)) : 1;
  const page = result?.page ?? 1;
  const languageCount = (lang: Language) => result?.facets.language.find((f) => f.value === lang)?.count ?? 0;
  const sectionName = (slug: string) => {
    const section = ctx.sections.find((x) => x.slug === slug);
    return section ? (ctx.lang === 'ko' ? section.nameKo : section.nameEn) : slug;
  };
  let body: SafeHtml;
  if (!data.q) body = html`<p class="search-intro">${s.enterQuery}</p><p class="search-tips">${s.tips}</p>`;
  else if (!result || result.total === 0) {
    const otherCount = languageCount(other);
    body = html`<div class="search-empty"><p class="search-summary" role="status">${s.noResultsFor(data.q)}</p>
<ul>${s.emptyHints.map((hint) => html`<li>${hint}</li>`)}
${otherCount ? html`<li><a href="${searchPath(ctx, { q: data.q, lang: other })}">${s.otherLanguage} (${otherCount})</a></li>` : ''}</ul>
<p class="search-tips">${s.tips}</p></div>`;
  } else {
    body = html`<p class="search-summary" role="status">${s.resultsFor(data.q, result.total, result.totalIsLowerBound)}</p>
<div class="search-filters">
<nav aria-label="${s.language}"><ul>${(['ko', 'en'] as const).map((lang) =>
      lang === data.lang
        ? html`<li><a href="${searchPath(ctx, { q: data.q, lang })}" aria-current="true">${t(lang).languageName} (${languageCount(lang)})</a></li>`
        : html`<li><a href="${searchPath(ctx, { q: data.q, lang })}" lang="${lang}">${t(lang).languageName} (${languageCount(lang)})</a></li>`,
    )}</ul></nav>
${result.facets.section.length > 1 || data.section
  ? html`<nav aria-label="${s.section}"><ul>${data.section ? html`<li><a href="${searchPath(ctx, { q: data.q, lang: data.lang })}">${common.sections}: ${sectionName(data.section)} ✕</a></li>` : ''}${result.facets.section.map(
      (f) =>
        html`<li><a href="${searchPath(ctx, { q: data.q, lang: data.lang, section: f.value })}"${f.value === data.section ? html` aria-current="true"` : ''}>${sectionName(f.value)} (${f.count})</a></li>`,
    )}</ul></nav>`
  : ''}
</div>
<ol class="search-results" start="${(page - 1) * result.pageSize + 1}">${result.results.map(
      (hit) => html`<li class="search-result" lang="${hit.language}">
<h2><a href="${hit.url ?? '#'}">${trusted(hit.headlineHtml)}</a></h2>
<p class="snippet">${trusted(hit.snippet)}</p>
<p class="meta">${ctx.lang === 'ko' ? hit.section.nameKo : hit.section.nameEn}${hit.publishedAt ? html` · <time datetime="${hit.publishedAt}">${formatShortDate(new Date(hit.publishedAt), ctx.lang, ctx.timeZone)}</time>` : ''}</p>
</li>`,
    )}</ol>
${lastPage > 1
  ? html`<nav class="pagination" aria-label="${common.pagination}">
${page > 1 ? html`<a href="${searchPath(ctx, { q: data.q, lang: data.lang, section: data.section, page: page - 1 })}" rel="prev">← ${common.previous}</a>` : html`<span></span>`}
<span>${common.page} ${page} / ${lastPage}</span>
${page < lastPage ? html`<a href="${searchPath(ctx, { q: data.q, lang: data.lang, section: data.section, page: page + 1 })}" rel="next">${common.next} →</a>` : html`<span></span>`}
</nav>`
  : ''}`;
  }
  const content = html`<header class="list-header"><h1>${s.search}</h1></header>
${searchForm(ctx, { id: 'search-page-q', value: data.q, className: 'search-page-form' })}
${body}`;
  return renderDocument(
    { ...ctx, hideHeaderSearch: true, alternatePath: searchPath({ ...ctx, lang: other }, { q: data.q }) },
    {
      title: `${data.q ? `${data.q} - ${s.search}` : s.search} | ${ctx.siteName}`,
      canonicalPath: searchPath(ctx, { q: data.q, lang: data.lang === ctx.lang ? undefined : data.lang, page: page > 1 ? page : undefined }),
      robots: 'noindex, follow',
    },
    content,
  );
}
