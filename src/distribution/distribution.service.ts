import { sql } from 'kysely';
import { loadArticlesInOrder } from '../content/article.queries.js';
import type { Article, ArticleBlock, Language, MediaItem } from '../content/content.types.js';
import { LANGUAGES } from '../content/content.types.js';
import { findMediaByIds } from '../content/media.service.js';
import type { Db } from '../db/database.js';
import type { DeliveryService } from '../delivery/delivery.service.js';
import { absoluteUrl, articlePath, authorPath, frontPath, sectionPath, tagPath } from '../delivery/urls.js';
import { visibleToReaders } from '../delivery/visibility.js';
import type { FeedEntry, FeedScope } from './distribution.types.js';
import { renderBodyForFeed } from './feed-content.js';
import type { SitemapUrl } from './sitemaps.js';
import { MAX_SITEMAP_URLS } from './sitemaps.js';
import type { NinjsItem } from './ninjs.js';
import { toNinjs } from './ninjs.js';

export interface DistributionSettings {
  siteUrl: string;
  siteName: string;
  /** URLs per article sitemap file. @default 50,000 (the protocol's limit) */
  sitemapMaxUrls?: number;
}

export type FeedKind = 'site' | 'section' | 'tag' | 'author';

/** How many stories a feed carries. */
export const FEED_SIZE = 50;
/** Google News sitemaps: articles of the last two days, at most 1,000 (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap). */
export const NEWS_WINDOW_MS = 48 * 60 * 60 * 1000;
export const NEWS_MAX_URLS = 1000;

const CHUNK = 500;
const chunks = <T>(items: T[], size = CHUNK): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
const imageIds = (featured: number | null, body: ArticleBlock[]): number[] => [...new Set([...(featured ? [featured] : []), ...body.flatMap((b) => (b.type === 'image' ? [b.mediaId] : []))])];

/**
 * Feeds, sitemaps and partner items. Every query here goes through `visibleToReaders()` (delivery/visibility.ts),
 * the same rule as the reader site, so an embargoed, draft or unpublished story never appears in any of them.
 */
export class DistributionService {
  constructor(
    private readonly db: Db,
    private readonly delivery: DeliveryService,
    private readonly settings: DistributionSettings,
  ) {}

  private get maxUrls(): number {
    return this.settings.sitemapMaxUrls ?? MAX_SITEMAP_URLS;
  }

  private url(path: string): string {
    return absoluteUrl(this.settings.siteUrl, path);
  }

  /** A stable `tag:` URI (RFC 4151) per article: the site's host and the day the article was created never change. */
  articleGuid(article: Pick<Article, 'id' | 'createdAt'>): string {
    return `tag:${new URL(this.settings.siteUrl).hostname},${article.createdAt.slice(0, 10)}:article:${article.id}`;
  }

  /** The scope of a feed, or null when the section, tag or author does not exist. */
  async findFeedScope(kind: FeedKind, language: Language, slug?: string): Promise<FeedScope | null> {
    const host = new URL(this.settings.siteUrl).hostname;
    const siteName = this.settings.siteName;
    const scope = (title: string, description: string, pagePath: string, key: string): FeedScope => ({
      language,
      title,
      description,
      homeUrl: this.url(pagePath),
      feedBase: this.url(pagePath).replace(/\/$/, ''),
      id: `tag:${host},2026:feed:${language}:${key}`,
    });
    if (kind === 'site') return scope(siteName, language === 'ko' ? `${siteName} 최신 기사` : `Latest stories from ${siteName}`, frontPath(language), 'site');
    if (!slug) return null;
    if (kind === 'section') {
      const row = await this.db.selectFrom('sections').select(['slug', 'name_ko', 'name_en']).where('slug', '=', slug).executeTakeFirst();
      if (!row) return null;
      const name = language === 'ko' ? row.name_ko : row.name_en;
      return scope(`${name} | ${siteName}`, name, sectionPath(language, row.slug), `section:${row.slug}`);
    }
    if (kind === 'tag') {
      const row = await this.db.selectFrom('tags').select(['slug', 'name']).where('slug', '=', slug).executeTakeFirst();
      if (!row) return null;
      return scope(`${row.name} | ${siteName}`, row.name, tagPath(language, row.slug), `tag:${row.slug}`);
    }
    const row = await this.db.selectFrom('authors').select(['slug', 'name_ko', 'name_en', 'bio_ko', 'bio_en']).where('slug', '=', slug).executeTakeFirst();
    if (!row) return null;
    const name = language === 'ko' ? row.name_ko : row.name_en;
    return scope(`${name} | ${siteName}`, (language === 'ko' ? row.bio_ko : row.bio_en) || name, authorPath(language, row.slug), `author:${row.slug}`);
  }

  /** The newest readable stories of a feed, ready for any format. */
  async listFeedEntries(kind: FeedKind, language: Language, slug?: string): Promise<FeedEntry[]> {
    const filter = kind === 'site' ? {} : { [kind]: slug };
    const { items } = await this.delivery.listPublishedArticles({ lang: language, page: 1, pageSize: FEED_SIZE, ...filter });
    const { media } = await this.delivery.resolve(items);
    return items.map((article) => this.toFeedEntry(article, media));
  }

  toFeedEntry(article: Article, media: Map<number, MediaItem>): FeedEntry {
    const published = article.publishedAt ?? article.firstPublishedAt ?? article.updatedAt;
    const featured = article.featuredMediaId ? media.get(article.featuredMediaId) : undefined;
    const firstBodyImage = article.body.find((b) => b.type === 'image');
    const image = featured ?? (firstBodyImage?.type === 'image' ? media.get(firstBodyImage.mediaId) : undefined);
    return {
      guid: this.articleGuid(article),
      url: this.url(articlePath(article)),
      title: article.headline,
      summary: article.dek || article.seoDescription,
      contentHtml: renderBodyForFeed(article, media, this.settings.siteUrl),
      language: article.language,
      published,
      updated: article.contentUpdatedAt && Date.parse(article.contentUpdatedAt) > Date.parse(published) ? article.contentUpdatedAt : published,
      authors: article.credits.map((c) => ({ name: c.name, url: c.authorSlug ? this.url(authorPath(article.language, c.authorSlug)) : undefined })),
      categories: [article.language === 'ko' ? article.section.nameKo : article.section.nameEn, ...article.tags.map((t) => t.name)],
      image: image
        ? { url: this.url(image.url), mimeType: image.mimeType, width: image.width, height: image.height, bytes: image.bytes, caption: image.caption, credit: image.credit, alt: image.alt }
        : null,
    };
  }

  // ## Sitemaps

  /** Article sitemap files: one per month of first publication, split further when a month has more than 50,000. */
  async listArticleSitemaps(): Promise<{ name: string; lastmod: string }[]> {
    const month = sql<string>`substr(articles.published_at, 1, 7)`;
    const rows = await this.db
      .selectFrom('articles')
      .where(visibleToReaders())
      .where('articles.published_at', 'is not', null)
      .select([month.as('month'), (eb) => eb.fn.countAll<number>().as('count'), (eb) => eb.fn.max(sql<string>`coalesce(articles.content_updated_at, articles.published_at)`).as('lastmod')])
      .groupBy(month)
      .orderBy(month, 'desc')
      .execute();
    return rows.flatMap((row) => {
      const pages = Math.max(1, Math.ceil(Number(row.count) / this.maxUrls));
      return Array.from({ length: pages }, (_, i) => ({ name: `articles-${row.month}${i ? `-${i + 1}` : ''}`, lastmod: String(row.lastmod) }));
    });
  }

  /** The URLs of one article sitemap (`month` = YYYY-MM, `page` from 1), with images and hreflang alternates. */
  async listArticleSitemapUrls(month: string, page: number): Promise<SitemapUrl[] | null> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month) || page < 1) return null;
    const start = new Date(`${month}-01T00:00:00.000Z`);
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    const rows = await this.db
      .selectFrom('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .where(visibleToReaders())
      .where('articles.published_at', '>=', start.toISOString())
      .where('articles.published_at', '<', end.toISOString())
      .select(['articles.id', 'articles.slug', 'articles.language', 'articles.translation_group', 'articles.published_at', 'articles.content_updated_at', 'articles.featured_media_id', 'articles.body', 'sections.slug as section_slug'])
      .orderBy('articles.published_at', 'asc')
      .orderBy('articles.id', 'asc')
      .limit(this.maxUrls)
      .offset((page - 1) * this.maxUrls)
      .execute();
    if (!rows.length && page > 1) return null;
    const parsed = rows.map((row) => ({ ...row, blocks: JSON.parse(row.body) as ArticleBlock[] }));
    const media = await this.mediaFor(parsed.flatMap((r) => imageIds(r.featured_media_id, r.blocks)));
    const alternates = await this.translationsOf([...new Set(parsed.map((r) => r.translation_group))]);
    return parsed.map((row) => {
      const versions = alternates.get(row.translation_group) ?? [];
      return {
        loc: this.url(articlePath({ language: row.language as Language, id: row.id, slug: row.slug, section: { slug: row.section_slug } })),
        lastmod: row.content_updated_at && row.published_at && row.content_updated_at > row.published_at ? row.content_updated_at : (row.published_at ?? undefined),
        images: imageIds(row.featured_media_id, row.blocks).flatMap((id) => {
          const item = media.get(id);
          return item ? [{ loc: this.url(item.url), caption: item.caption || undefined }] : [];
        }),
        // hreflang pairs only when another language version is readable; each version lists all, itself included.
        alternates: versions.length > 1 ? versions.map((v) => ({ hreflang: v.language, href: this.url(articlePath(v)) })) : [],
      };
    });
  }

  private async mediaFor(ids: number[]): Promise<Map<number, MediaItem>> {
    const all = new Map<number, MediaItem>();
    for (const part of chunks([...new Set(ids)])) for (const [id, item] of await findMediaByIds(this.db, part)) all.set(id, item);
    return all;
  }

  private async translationsOf(groups: string[]) {
    const byGroup = new Map<string, { id: number; language: Language; slug: string; section: { slug: string } }[]>();
    for (const part of chunks(groups)) {
      if (!part.length) continue;
      const rows = await this.db
        .selectFrom('articles')
        .innerJoin('sections', 'sections.id', 'articles.section_id')
        .where(visibleToReaders())
        .where('articles.translation_group', 'in', part)
        .select(['articles.id', 'articles.slug', 'articles.language', 'articles.translation_group', 'sections.slug as section_slug'])
        .orderBy('articles.language')
        .execute();
      for (const row of rows) {
        const list = byGroup.get(row.translation_group) ?? [];
        list.push({ id: row.id, language: row.language as Language, slug: row.slug, section: { slug: row.section_slug } });
        byGroup.set(row.translation_group, list);
      }
    }
    return byGroup;
  }

  /** Fronts and section pages in both languages, each pointing at its other-language version. */
  async listSectionSitemapUrls(): Promise<SitemapUrl[]> {
    const sections = await this.db.selectFrom('sections').select('slug').orderBy('position').orderBy('slug').execute();
    const both = (pathFor: (lang: Language) => string): SitemapUrl[] =>
      LANGUAGES.map((lang) => ({ loc: this.url(pathFor(lang)), alternates: LANGUAGES.map((l) => ({ hreflang: l, href: this.url(pathFor(l)) })) }));
    return [...both(frontPath), ...sections.flatMap((s) => both((lang) => sectionPath(lang, s.slug)))];
  }

  /** Tag pages in the languages that have readable stories with the tag. */
  async listTagSitemapUrls(): Promise<SitemapUrl[]> {
    const rows = await this.db
      .selectFrom('tags')
      .innerJoin('article_tags', 'article_tags.tag_id', 'tags.id')
      .innerJoin('articles', 'articles.id', 'article_tags.article_id')
      .where(visibleToReaders())
      .select(['tags.slug', 'articles.language', (eb) => eb.fn.max('articles.published_at').as('lastmod')])
      .groupBy(['tags.slug', 'articles.language'])
      .orderBy('tags.slug')
      .execute();
    return rows.map((r) => ({ loc: this.url(tagPath(r.language as Language, r.slug)), lastmod: r.lastmod ?? undefined }));
  }

  /** Author pages in the languages that have readable stories by the author. */
  async listAuthorSitemapUrls(): Promise<SitemapUrl[]> {
    const rows = await this.db
      .selectFrom('authors')
      .innerJoin('article_credits', 'article_credits.author_id', 'authors.id')
      .innerJoin('articles', 'articles.id', 'article_credits.article_id')
      .where(visibleToReaders())
      .select(['authors.slug', 'articles.language', (eb) => eb.fn.max('articles.published_at').as('lastmod')])
      .groupBy(['authors.slug', 'articles.language'])
      .orderBy('authors.slug')
      .execute();
    return rows.map((r) => ({ loc: this.url(authorPath(r.language as Language, r.slug)), lastmod: r.lastmod ?? undefined }));
  }

  /** The Google News sitemap: readable stories first published in the last 48 hours, newest first, at most 1,000. */
  async listNewsSitemapArticles(now: Date = new Date()): Promise<{ loc: string; language: Language; title: string; publicationDate: string; keywords: string[] }[]> {
    const since = new Date(now.getTime() - NEWS_WINDOW_MS).toISOString();
    const rows = await this.db
      .selectFrom('articles')
      .where(visibleToReaders(now))
      .where('articles.published_at', '>=', since)
      .select('articles.id')
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(NEWS_MAX_URLS)
      .execute();
    const articles = await this.load(rows.map((r) => r.id));
    return articles.map((a) => ({
      loc: this.url(articlePath(a)),
      language: a.language,
      title: a.headline,
      publicationDate: a.publishedAt ?? a.firstPublishedAt ?? a.updatedAt,
      keywords: a.tags.map((t) => t.name),
    }));
  }

  // ## Partner syndication

  /** Readable stories as ninjs 2.2, most recently changed first; `since` keeps those changed at or after it. */
  async listPartnerItems(query: { lang?: Language | undefined; since?: string | undefined; page: number; pageSize: number }): Promise<{ items: NinjsItem[]; total: number }> {
    let base = this.db.selectFrom('articles').where(visibleToReaders());
    if (query.lang) base = base.where('articles.language', '=', query.lang);
    if (query.since) base = base.where('articles.updated_at', '>=', query.since);
    const rows = await base
      .select('articles.id')
      .orderBy('articles.updated_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
    const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const articles = await this.load(rows.map((r) => r.id));
    const { media } = await this.delivery.resolve(articles);
    return { items: articles.map((a) => this.toNinjs(a, media)), total: Number(total) };
  }

  toNinjs(article: Article, media: Map<number, MediaItem>): NinjsItem {
    return toNinjs(article, media, {
      guid: this.articleGuid(article),
      url: this.url(articlePath(article)),
      bodyHtml: renderBodyForFeed(article, media, this.settings.siteUrl),
      siteName: this.settings.siteName,
      absolute: (path) => this.url(path),
    });
  }

  private load(ids: number[]): Promise<Article[]> {
    return loadArticlesInOrder(this.db, ids, CHUNK);
  }
}
