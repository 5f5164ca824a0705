import type { Article, AuthorProfile, Language } from '../../content/content.types.js';
import type { ReaderArticle } from '../../delivery/delivery.service.js';
import { absoluteUrl, articlePath, sectionPath, tagPath } from '../../delivery/urls.js';
import { formatDateTime } from '../../lib/dates.js';
import { renderBlock } from '../blocks/render-block.js';
import { figureDataFor, renderFigure } from '../blocks/image-block.js';
import type { SafeHtml } from '../html.js';
import { html } from '../html.js';
import { articleTypeLabel, t } from '../i18n.js';
import { renderAdSlot } from '../components/ad-slot.js';
import { renderAuthorBoxes } from '../components/author-box.js';
import { renderByline, renderCreditLine } from '../components/byline.js';
import { renderStoryCard } from '../components/story-card.js';
import { renderDocument } from '../layout.js';
import type { RenderContext } from '../render-context.js';
import { articleJsonLd, breadcrumbJsonLd, publisherOf, sectionTrail } from '../structured-data.js';

export interface ArticlePageData extends ReaderArticle {
  related: Article[];
  relatedMedia: ReaderArticle['media'];
}

function timeElement(iso: string, lang: Language, timeZone: string): SafeHtml {
  return html`<time datetime="${iso}">${formatDateTime(new Date(iso), lang, timeZone)}</time>`;
}

/** The page's lead figure: the featured image, unless the body already opens with that same image. */
function leadFigure(data: ReaderArticle, lang: Language): SafeHtml | null {
  const { article, media } = data;
  if (!article.featuredMediaId) return null;
  const first = article.body[0];
  if (first?.type === 'image' && first.mediaId === article.featuredMediaId) return null;
  const figure = figureDataFor({ mediaId: article.featuredMediaId }, media);
  return figure ? renderFigure(figure, lang, { eager: true }) : null;
}

/**
 * The article page, in the order a reader meets it (seed-article-page.md): type and section, headline, dek, byline
 * and times, lead photo with caption and credit once, body, credit line, corrections, ad, author boxes, the other
 * language, related stories. The same function renders previews, so a preview is exactly the page.
 */
export function renderArticleBody(ctx: RenderContext, data: ArticlePageData): SafeHtml {
  const { article } = data;
  const lang = article.language;
  const s = t(lang);
  const sectionName = lang === 'ko' ? article.section.nameKo : article.section.nameEn;
  const byline = renderByline(article.credits, lang);
  const published = article.publishedAt ?? article.firstPublishedAt;
  const showUpdated = article.contentUpdatedAt && published && Date.parse(article.contentUpdatedAt) - Date.parse(published) > 60_000;
  const profiles = article.credits
    .map((c) => (c.authorSlug ? data.authors.get(c.authorSlug) : undefined))
    .filter((a, i, all): a is AuthorProfile => a !== undefined && all.indexOf(a) === i);
  const dateline = article.dateline ? html`<span class="dateline">${article.dateline}</span> — ` : undefined;
  const firstParagraph = article.body.findIndex((b) => b.type === 'paragraph');
  const translation = data.translations[0];

  return html`<article class="article" aria-labelledby="headline">
<header>
  <p class="kicker"><a href="${sectionPath(lang, article.section.slug)}">${sectionName}</a>${article.type !== 'news' ? html`<span class="type-label">${articleTypeLabel(article.type, lang)}</span>` : ''}</p>
  <h1 class="headline" id="headline">${article.headline}</h1>
  ${article.dek ? html`<p class="dek">${article.dek}</p>` : ''}
  <div class="byline-block">
    ${byline ?? ''}
    <p class="times">${published ? html`<span>${s.published} ${timeElement(published, lang, ctx.timeZone)}</span>` : ''}${showUpdated && article.contentUpdatedAt ? html`<span>${s.updated} ${timeElement(article.contentUpdatedAt, lang, ctx.timeZone)}</span>` : ''}</p>
  </div>
</header>
${leadFigure(data, lang) ?? ''}
<div class="article-body">
${article.body.map((block, index) => renderBlock(block, { lang, media: data.media }, index === firstParagraph ? dateline : undefined))}
</div>
${renderCreditLine(article.credits, lang) ?? ''}
${article.source ? html`<p class="source-line">${s.source}: ${article.source.url ? html`<a href="${article.source.url}" rel="noopener">${article.source.name}</a>` : article.source.name}</p>` : ''}
${article.corrections.length
  ? html`<section class="corrections" aria-labelledby="corrections-title"><h2 id="corrections-title">${s.corrections}</h2><ul>${article.corrections.map(
      (c) => html`<li><strong>${c.kind === 'clarification' ? s.clarification : s.correction}</strong> (${timeElement(c.createdAt, lang, ctx.timeZone)}): ${c.text}</li>`,
    )}</ul></section>`
  : ''}
${renderAdSlot(lang, 'article-end')}
${renderAuthorBoxes(profiles, lang) ?? ''}
${article.tags.length ? html`<p class="tags">${article.tags.length > 1 ? s.tags : s.tag}: ${article.tags.map((tag, i) => html`${i ? ', ' : ''}<a href="${tagPath(lang, tag.slug)}">${tag.name}</a>`)}</p>` : ''}
${translation ? html`<p class="translation-link"><a href="${articlePath({ language: translation.language, id: translation.id, slug: translation.slug, section: { slug: translation.sectionSlug } })}" hreflang="${translation.language}" lang="${translation.language}">${translation.language === 'en' ? 'Read this story in English' : '이 기사 한국어로 읽기'}</a></p>` : ''}
<p class="print-url">${absoluteUrl(ctx.siteUrl, articlePath(article))}</p>
</article>
${data.related.length
  ? html`<section class="related article" aria-labelledby="related-title"><h2 id="related-title">${s.related}</h2><ul class="story-list">${data.related.map((r) =>
      renderStoryCard(r, data.relatedMedia, { lang, timeZone: ctx.timeZone, showImage: false }),
    )}</ul></section>`
  : ''}`;
}

function articleMeta(ctx: RenderContext, article: Article) {
  const published = article.publishedAt ?? article.firstPublishedAt ?? article.updatedAt;
  return {
    publishedTime: new Date(published).toISOString(),
    modifiedTime: new Date(article.contentUpdatedAt && article.contentUpdatedAt > published ? article.contentUpdatedAt : published).toISOString(),
    section: article.language === 'ko' ? article.section.nameKo : article.section.nameEn,
    tags: article.tags.map((t) => t.name),
    authorUrls: [...new Set(article.credits.flatMap((c) => (c.authorSlug ? [absoluteUrl(ctx.siteUrl, `/${article.language}/author/${c.authorSlug}`)] : [])))],
  };
}

export function renderArticlePage(ctx: RenderContext, data: ArticlePageData): string {
  const { article } = data;
  const featured = article.featuredMediaId ? data.media.get(article.featuredMediaId) : undefined;
  // The share card: its own fields when the newsroom set them, else the search title/description and the lead photo.
  const shareImage = (article.socialMediaId ? data.media.get(article.socialMediaId) : undefined) ?? featured;
  const hasPlayer = article.body.some((b) => b.type === 'embed');
  const translation = data.translations[0];
  const ld = articleJsonLd(article, data.media, publisherOf(ctx));
  const translationPath = translation
    ? articlePath({ language: translation.language, id: translation.id, slug: translation.slug, section: { slug: translation.sectionSlug } })
    : undefined;
  return renderDocument(
    { ...ctx, lang: article.language, alternatePath: translationPath, currentSectionSlug: article.section.slug },
    {
      title: `${article.seoTitle || article.headline} | ${ctx.siteName}`,
      description: article.seoDescription || article.dek || undefined,
      canonicalPath: articlePath(article),
      alternates: data.translations.map((tr) => ({
        lang: tr.language,
        path: articlePath({ language: tr.language, id: tr.id, slug: tr.slug, section: { slug: tr.sectionSlug } }),
      })),
      ogType: 'article',
      ogTitle: article.socialTitle || undefined,
      ogDescription: article.socialDescription || undefined,
      ogImage: shareImage?.url,
      ogImageMeta: shareImage ? { width: shareImage.width, height: shareImage.height, alt: shareImage.alt } : undefined,
      article: articleMeta(ctx, article),
      jsonLd: [
        ld,
        breadcrumbJsonLd(ctx.siteUrl, ctx.siteName, article.language, [...sectionTrail(article.section, ctx.sections, article.language), { name: article.headline, path: articlePath(article) }]),
      ],
      scripts: hasPlayer ? [ctx.assets.embedJs] : [],
    },
    renderArticleBody({ ...ctx, lang: article.language }, data),
  );
}
