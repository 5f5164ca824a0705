import type { Article, ArticleType, Language, MediaItem, SectionRef } from '../content/content.types.js';
import { absoluteUrl, articlePath, authorPath, frontPath, sectionPath } from '../delivery/urls.js';
import type { Section } from '../content/taxonomy.service.js';
import type { RenderContext } from './render-context.js';

/**
 * schema.org JSON-LD for reader pages (https://developers.google.com/search/docs/appearance/structured-data/article).
 * Pure functions over plain data; layout.ts writes each object into a `<script type="application/ld+json">` data
 * block, which the strict CSP allows because browsers never execute it.
 */

const SCHEMA_TYPE: Record<ArticleType, string> = {
  news: 'NewsArticle',
  analysis: 'AnalysisNewsArticle',
  opinion: 'OpinionNewsArticle',
  review: 'ReviewNewsArticle',
  // Paid content is not news; schema.org's type for it tells search engines so.
  sponsored: 'AdvertiserContentArticle',
};

export interface PublisherInfo {
  siteName: string;
  siteUrl: string;
  /** Path of the publisher logo (served by the site). */
  logoPath: string;
  logoWidth: number;
  logoHeight: number;
}

/** The publisher as the reader site knows it: its name, address and logo (the site icon, 64×64). */
export const publisherOf = (ctx: Pick<RenderContext, 'siteName' | 'siteUrl' | 'assets'>): PublisherInfo => ({
  siteName: ctx.siteName,
  siteUrl: ctx.siteUrl,
  logoPath: ctx.assets.favicon,
  logoWidth: 64,
  logoHeight: 64,
});

export function publisherJsonLd(publisher: PublisherInfo): Record<string, unknown> {
  return {
    '@type': 'NewsMediaOrganization',
    '@id': `${absoluteUrl(publisher.siteUrl, '/')}#publisher`,
    name: publisher.siteName,
    url: absoluteUrl(publisher.siteUrl, '/'),
    logo: { '@type': 'ImageObject', url: absoluteUrl(publisher.siteUrl, publisher.logoPath), width: publisher.logoWidth, height: publisher.logoHeight },
  };
}

/** The front page: the publication itself and its site. */
export function organizationJsonLd(publisher: PublisherInfo, lang: Language): Record<string, unknown>[] {
  return [
    { '@context': 'https://schema.org', ...publisherJsonLd(publisher) },
    { '@context': 'https://schema.org', '@type': 'WebSite', name: publisher.siteName, url: absoluteUrl(publisher.siteUrl, frontPath(lang)), inLanguage: lang, publisher: { '@id': `${absoluteUrl(publisher.siteUrl, '/')}#publisher` } },
  ];
}

const sectionName = (section: Pick<SectionRef, 'nameKo' | 'nameEn'>, lang: Language) => (lang === 'ko' ? section.nameKo : section.nameEn);

/** Front → parent section → section (→ the page itself when it is not the section page). */
export function breadcrumbJsonLd(siteUrl: string, siteName: string, lang: Language, trail: { name: string; path: string }[]): Record<string, unknown> {
  const items = [{ name: siteName, path: frontPath(lang) }, ...trail];
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: items.map((item, index) => ({ '@type': 'ListItem', position: index + 1, name: item.name, item: absoluteUrl(siteUrl, item.path) })),
  };
}

/** The breadcrumb trail of a section page (its parent first, when it has one). */
export function sectionTrail(section: SectionRef, sections: Section[], lang: Language): { name: string; path: string }[] {
  const full = sections.find((s) => s.slug === section.slug);
  const parent = full?.parentSlug ? sections.find((s) => s.slug === full.parentSlug) : undefined;
  return [...(parent ? [{ name: sectionName(parent, lang), path: sectionPath(lang, parent.slug) }] : []), { name: sectionName(section, lang), path: sectionPath(lang, section.slug) }];
}

/**
 * The article as NewsArticle (or its analysis/opinion/review subtype): every credited person as an author,
 * the publication as publisher, ISO 8601 dates, images, language, free access, and corrections as
 * CorrectionComment (https://schema.org/correction); a correction also counts as a modification.
 */
export function articleJsonLd(article: Article, media: Map<number, MediaItem>, publisher: PublisherInfo): Record<string, unknown> {
  const url = absoluteUrl(publisher.siteUrl, articlePath(article));
  const published = article.publishedAt ?? article.firstPublishedAt ?? article.updatedAt;
  const modified = [published, article.contentUpdatedAt, ...article.corrections.map((c) => c.createdAt)]
    .filter((d): d is string => d !== null)
    .reduce((latest, d) => (Date.parse(d) > Date.parse(latest) ? d : latest), published);
  const imageIds = [...new Set([...(article.featuredMediaId ? [article.featuredMediaId] : []), ...article.body.flatMap((b) => (b.type === 'image' ? [b.mediaId] : []))])];
  const images = imageIds.flatMap((id) => {
    const item = media.get(id);
    return item
      ? [{ '@type': 'ImageObject', url: absoluteUrl(publisher.siteUrl, item.url), width: item.width, height: item.height, ...(item.caption ? { caption: item.caption } : {}), ...(item.credit ? { creditText: item.credit } : {}) }]
      : [];
  });
  return {
    '@context': 'https://schema.org',
    '@type': SCHEMA_TYPE[article.type],
    '@id': `${url}#article`,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    headline: article.headline,
    ...(article.dek ? { description: article.dek } : {}),
    inLanguage: article.language,
    datePublished: new Date(published).toISOString(),
    dateModified: new Date(modified).toISOString(),
    author: article.credits.map((credit) => ({
      '@type': 'Person',
      name: credit.name,
      ...(credit.authorSlug ? { url: absoluteUrl(publisher.siteUrl, authorPath(article.language, credit.authorSlug)) } : {}),
      ...(credit.organization ? { affiliation: { '@type': 'Organization', name: credit.organization } } : {}),
    })),
    publisher: publisherJsonLd(publisher),
    // Google expects an image on every article; a story without a photo falls back to the publication's logo.
    image: images.length ? images : [{ '@type': 'ImageObject', url: absoluteUrl(publisher.siteUrl, publisher.logoPath), width: publisher.logoWidth, height: publisher.logoHeight }],
    isAccessibleForFree: true,
    articleSection: sectionName(article.section, article.language),
    ...(article.tags.length ? { keywords: article.tags.map((t) => t.name) } : {}),
    ...(article.dateline ? { dateline: article.dateline } : {}),
    ...(article.corrections.length
      ? { correction: article.corrections.map((c) => ({ '@type': 'CorrectionComment', text: c.text, datePublished: new Date(c.createdAt).toISOString() })) }
      : {}),
  };
}
