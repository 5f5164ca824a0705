import type { Article, MediaItem } from '../content/content.types.js';

/**
 * IPTC ninjs 2.2 (https://iptc.org/standards/ninjs/) for partner newsrooms: one news item per published story,
 * with the body as sanitised HTML, the credits in `by`, tags as subjects, the article type as genre and the
 * featured photo as a picture association. Valid against the IPTC schema (tests/distribution/partner.test.ts).
 */
export const NINJS_SCHEMA_URI = 'http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json';

export interface NinjsContext {
  guid: string;
  url: string;
  bodyHtml: string;
  siteName: string;
  absolute: (path: string) => string;
}

export type NinjsItem = Record<string, unknown> & { uri: string };

const picture = (name: string, item: MediaItem, absolute: (path: string) => string): NinjsItem => ({
  name,
  uri: absolute(item.url),
  type: 'picture',
  representationtype: 'full',
  ...(item.caption ? { descriptions: [{ role: 'caption', value: item.caption }] } : {}),
  ...(item.credit ? { by: item.credit } : {}),
  ...(item.usageTerms ? { usageterms: item.usageTerms } : {}),
  renditions: [{ name: 'original', href: absolute(item.url), contenttype: item.mimeType, width: item.width, height: item.height, sizeinbytes: item.bytes }],
});

export function toNinjs(article: Article, media: Map<number, MediaItem>, ctx: NinjsContext): NinjsItem {
  const published = article.publishedAt ?? article.firstPublishedAt ?? article.updatedAt;
  const versioncreated = article.contentUpdatedAt && article.contentUpdatedAt > published ? article.contentUpdatedAt : published;
  const featured = article.featuredMediaId ? media.get(article.featuredMediaId) : undefined;
  const text = ctx.bodyHtml.replace(/<[^>]*>/g, '');
  return {
    uri: ctx.guid,
    standard: { name: 'ninjs', version: '2.2', schema: NINJS_SCHEMA_URI },
    type: 'text',
    representationtype: 'full',
    profile: article.type,
    version: String(article.revision),
    firstcreated: new Date(article.firstPublishedAt ?? published).toISOString(),
    versioncreated: new Date(versioncreated).toISOString(),
    pubstatus: 'usable',
    urgency: article.breaking ? 1 : 5,
    language: article.language,
    copyrightholder: ctx.siteName,
    headlines: [{ role: 'main', value: article.headline }],
    ...(article.dek ? { descriptions: [{ role: 'summary', value: article.dek }] } : {}),
    bodies: [{ role: 'main', contenttype: 'text/html', charcount: text.length, value: ctx.bodyHtml }],
    ...(article.credits.length ? { by: article.credits.map((c) => (c.organization ? `${c.name} (${c.organization})` : c.name)).join(', ') } : {}),
    ...(article.dateline ? { located: article.dateline } : {}),
    slugline: article.slug,
    genres: [{ name: article.type, literal: article.type }],
    subjects: [
      { name: article.language === 'ko' ? article.section.nameKo : article.section.nameEn, literal: `section:${article.section.slug}`, rel: 'section' },
      ...article.tags.map((t) => ({ name: t.name, literal: `tag:${t.slug}`, rel: 'about' })),
    ],
    ...(article.source ? { infosources: [{ name: article.source.name, role: 'originator', ...(article.source.url ? { uri: article.source.url } : {}) }] } : {}),
    altids: [{ role: 'sinmun-article-id', value: String(article.id) }, { role: 'translation-group', value: article.translationGroup }],
    renditions: [{ name: 'web', title: article.headline, contenttype: 'text/html', href: ctx.url }],
    ...(featured ? { associations: [picture('featureimage', featured, ctx.absolute)] } : {}),
  };
}
