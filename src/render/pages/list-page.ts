import type { Article, AuthorProfile, MediaItem } from '../../content/content.types.js';
import type { SafeHtml } from '../html.js';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { authorBio, authorName } from '../components/author-box.js';
import { renderStoryCard } from '../components/story-card.js';
import { renderDocument } from '../layout.js';
import type { RenderContext } from '../render-context.js';
import { breadcrumbJsonLd } from '../structured-data.js';

export interface ListPageData {
  title: string;
  description?: string | undefined;
  /** Path of page 1; further pages add ?page=N. */
  basePath: string;
  alternatePath?: string | undefined;
  articles: Article[];
  media: Map<number, MediaItem>;
  page: number;
  pageSize: number;
  total: number;
  author?: AuthorProfile | undefined;
}

const pagePath = (base: string, page: number): string => (page <= 1 ? base : `${base}?page=${page}`);

/** Section, tag and author pages: a title, a description, stories, and pagination as plain links. */
export function renderListPage(ctx: RenderContext, data: ListPageData): string {
  const s = t(ctx.lang);
  const lastPage = Math.max(1, Math.ceil(data.total / data.pageSize));
  const header: SafeHtml = data.author
    ? html`<header class="list-header author-header">
${data.author.photo ? html`<img src="${data.author.photo.url}" width="96" height="96" alt="">` : ''}
<div><h1>${authorName(data.author, ctx.lang)}</h1>
${data.author.organization || data.author.location ? html`<p class="role">${[data.author.organization, data.author.location].filter(Boolean).join(' · ')}</p>` : ''}
${authorBio(data.author, ctx.lang) ? html`<p>${authorBio(data.author, ctx.lang)}</p>` : ''}
${data.author.email ? html`<p><a href="mailto:${data.author.email}">${data.author.email}</a></p>` : ''}</div>
</header>`
    : html`<header class="list-header"><h1>${data.title}</h1>${data.description ? html`<p>${data.description}</p>` : ''}</header>`;
  const content = html`${header}
${data.articles.length
  ? html`<ul class="story-list">${data.articles.map((a) => renderStoryCard(a, data.media, { lang: ctx.lang, timeZone: ctx.timeZone, headingLevel: 2 }))}</ul>`
  : html`<p>${s.noArticles}</p>`}
${lastPage > 1
  ? html`<nav class="pagination" aria-label="${s.pagination}">
${data.page > 1 ? html`<a href="${pagePath(data.basePath, data.page - 1)}" rel="prev">← ${s.previous}</a>` : html`<span></span>`}
<span>${s.page} ${data.page} / ${lastPage}</span>
${data.page < lastPage ? html`<a href="${pagePath(data.basePath, data.page + 1)}" rel="next">${s.next} →</a>` : html`<span></span>`}
</nav>`
  : ''}`;
  return renderDocument(
    { ...ctx, alternatePath: data.alternatePath },
    {
      title: `${data.page > 1 ? `${data.title} (${s.page} ${data.page})` : data.title} | ${ctx.siteName}`,
      description: data.description,
      canonicalPath: pagePath(data.basePath, data.page),
      feedBasePath: data.basePath,
      jsonLd: [breadcrumbJsonLd(ctx.siteUrl, ctx.siteName, ctx.lang, [{ name: data.title, path: data.basePath }])],
      alternates: data.alternatePath ? [{ lang: ctx.lang === 'ko' ? 'en' : 'ko', path: data.alternatePath }] : [],
    },
    content,
  );
}
