import type { SelectQueryBuilder } from 'kysely';
import { sql } from 'kysely';
import { findAuthorsByIds } from '../content/author.service.js';
import { listTranslations, loadArticles, loadArticlesInOrder } from '../content/article.queries.js';
import type { Article, AuthorProfile, Language, MediaItem } from '../content/content.types.js';
import type { Section } from '../content/taxonomy.service.js';
import { findMediaByIds } from '../content/media.service.js';
import type { Db } from '../db/database.js';
import type { DatabaseSchema } from '../db/schema.js';
import { loadFrontPageCuration } from '../front-page/front-page.service.js';
import { isVisibleToReaders, visibleToReaders } from './visibility.js';

/**
 * Reader-facing reads, shared by the reader site and the Content API. Every public read goes through
 * `publicArticles()`, the one place that decides what a reader may see: a draft, a scheduled or an unpublished
 * article is never returned from here.
 */
export interface PublicListQuery {
  lang?: Language | undefined;
  section?: string | undefined;
  tag?: string | undefined;
  author?: string | undefined;
  page: number;
  pageSize: number;
}

/** An article with everything a page or API response needs resolved (media, author profiles, translations). */
export interface ReaderArticle {
  article: Article;
  media: Map<number, MediaItem>;
  authors: Map<string, AuthorProfile>;
  /** Published other-language versions only. */
  translations: { id: number; language: Language; slug: string; sectionSlug: string }[];
}

export interface FrontPage {
  /** Editors' pinned top stories first (in their order), then the newest. */
  latest: Article[];
  breaking: Article[];
  /** The editors' breaking banner while it has not expired; the link only while its article is visible. */
  banner: { text: string; article: Article | null; expiresAt: string } | null;
  sectionBlocks: { section: Section; articles: Article[] }[];
  media: Map<number, MediaItem>;
}

export type PublicLookup = { kind: 'found'; article: Article } | { kind: 'gone'; article: Article } | { kind: 'missing' };

type ArticleQuery = SelectQueryBuilder<DatabaseSchema, 'articles', object>;

export class DeliveryService {
  constructor(private readonly db: Db) {}

  /** Every public read starts here (the rule itself is in visibility.ts). */
  private publicArticles(): ArticleQuery {
    return this.db.selectFrom('articles').where(visibleToReaders());
  }

  /**
   * An article by id: found when readers may see it; gone when it was published once and is no longer; missing
   * otherwise (a draft, a scheduled article, or one still under embargo: nothing says it exists).
   */
  async lookupArticle(id: number): Promise<PublicLookup> {
    const article = (await loadArticles(this.db, [id])).get(id);
    if (!article) return { kind: 'missing' };
    if (isVisibleToReaders(article)) return { kind: 'found', article };
    if (article.firstPublishedAt && (article.status === 'unpublished' || article.status === 'trashed')) return { kind: 'gone', article };
    return { kind: 'missing' };
  }

  /** A published article by id or by any slug it ever had. */
  async findPublishedArticle(idOrSlug: string): Promise<Article | null> {
    let id: number | undefined;
    if (/^\d+$/.test(idOrSlug)) id = Number(idOrSlug);
    else {
      const row = await this.db.selectFrom('article_slugs').select('article_id').where('slug', '=', idOrSlug).executeTakeFirst();
      id = row?.article_id;
    }
    if (id === undefined || !Number.isSafeInteger(id)) return null;
    const lookup = await this.lookupArticle(id);
    return lookup.kind === 'found' ? lookup.article : null;
  }

  async listPublishedArticles(query: PublicListQuery): Promise<{ items: Article[]; total: number }> {
    let base = this.publicArticles();
    if (query.lang) base = base.where('articles.language', '=', query.lang);
    if (query.section) {
      const section = query.section;
      // A parent section lists its children's articles too.
      base = base.where('articles.section_id', 'in', (eb) =>
        eb
          .selectFrom('sections as s')
          .leftJoin('sections as parent', 'parent.id', 's.parent_id')
          .select('s.id')
          .where((w) => w.or([w('s.slug', '=', section), w('parent.slug', '=', section)])),
      );
    }
    if (query.tag) {
      const tag = query.tag;
      base = base.where('articles.id', 'in', (eb) =>
        eb.selectFrom('article_tags').innerJoin('tags', 'tags.id', 'article_tags.tag_id').select('article_tags.article_id').where('tags.slug', '=', tag),
      );
    }
    if (query.author) {
      const author = query.author;
      base = base.where('articles.id', 'in', (eb) =>
        eb.selectFrom('article_credits').innerJoin('authors', 'authors.id', 'article_credits.author_id').select('article_credits.article_id').where('authors.slug', '=', author),
      );
    }
    const rows = await base
      .select('articles.id')
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
    const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const items = await loadArticlesInOrder(
      this.db,
      rows.map((r) => r.id),
    );
    return { items, total: Number(total) };
  }

  /** Latest published articles in the same section or sharing a tag, newest first. */
  async listRelatedArticles(article: Article, limit = 4): Promise<Article[]> {
    const tagIds = article.tags.map((t) => t.id);
    const rows = await this.publicArticles()
      .select('articles.id')
      .where('articles.language', '=', article.language)
      .where('articles.id', '!=', article.id)
      .where((eb) =>
        eb.or([
          eb('articles.section_id', '=', article.section.id),
          ...(tagIds.length ? [eb('articles.id', 'in', eb.selectFrom('article_tags').select('article_id').where('tag_id', 'in', tagIds))] : []),
        ]),
      )
      .orderBy('articles.published_at', 'desc')
      .limit(limit)
      .execute();
    const items = await loadArticlesInOrder(
      this.db,
      rows.map((r) => r.id),
    );
    return items;
  }

  /** Resolves what a page or API response needs around a set of articles, with one query per kind of thing. */
  async resolve(articles: Article[]): Promise<{ media: Map<number, MediaItem>; authors: Map<string, AuthorProfile> }> {
    const mediaIds = articles.flatMap((a) => [
      ...(a.featuredMediaId ? [a.featuredMediaId] : []),
      ...(a.socialMediaId ? [a.socialMediaId] : []),
      ...a.body.flatMap((b) => (b.type === 'image' ? [b.mediaId] : [])),
    ]);
    const authorSlugs = [...new Set(articles.flatMap((a) => a.credits.map((c) => c.authorSlug).filter((s): s is string => s !== null)))];
    const authorRows = authorSlugs.length ? await this.db.selectFrom('authors').select('id').where('slug', 'in', authorSlugs).execute() : [];
    const [media, authorsById] = await Promise.all([
      findMediaByIds(this.db, mediaIds),
      findAuthorsByIds(
        this.db,
        authorRows.map((r) => r.id),
      ),
    ]);
    return { media, authors: new Map([...authorsById.values()].map((a) => [a.slug, a])) };
  }

  async getReaderArticle(article: Article): Promise<ReaderArticle> {
    const [{ media, authors }, translations] = await Promise.all([this.resolve([article]), listTranslations(this.db, article)]);
    return {
      article,
      media,
      authors,
      translations: translations.filter((t) => isVisibleToReaders(t)).map(({ id, language, slug, sectionSlug }) => ({ id, language, slug, sectionSlug })),
    };
  }

  /**
   * Everything the front page shows, in a fixed number of queries whatever the number of sections: the latest
   * stories, breaking ones, and up to `perSection` more per top-level section (children included) that are not
   * already among the first `leadCount` latest.
   */
  async getFrontPage(lang: Language, options: { latest?: number; leadCount?: number; perSection?: number } = {}): Promise<FrontPage> {
    const latestCount = options.latest ?? 12;
    const leadCount = options.leadCount ?? 5;
    const perSection = options.perSection ?? 4;
    const now = new Date();
    const curation = await loadFrontPageCuration(this.db, lang, now);
    const [newest, breakingArticles, sectionRows, curated] = await Promise.all([
      this.listPublishedArticles({ lang, page: 1, pageSize: latestCount + curation.storyIds.length }),
      this.listBreaking(lang),
      this.db.selectFrom('sections').select(['id', 'slug', 'name_ko', 'name_en', 'position', 'parent_id']).orderBy('position').orderBy('id').execute(),
      loadArticles(this.db, [...curation.storyIds, ...(curation.banner?.articleId ? [curation.banner.articleId] : [])]),
    ]);
    // Pinned stories lead while readers may see them (an unpublished one simply drops out), then the newest.
    const pinned = curation.storyIds.map((id) => curated.get(id)).filter((a): a is Article => a !== undefined && a.language === lang && isVisibleToReaders(a, now));
    const pinnedIds = new Set(pinned.map((a) => a.id));
    const latest = { items: [...pinned, ...newest.items.filter((a) => !pinnedIds.has(a.id))].slice(0, Math.max(latestCount, pinned.length)) };
    const bannerArticle = curation.banner?.articleId ? curated.get(curation.banner.articleId) : undefined;
    const banner = curation.banner ? { text: curation.banner.text, expiresAt: curation.banner.expiresAt, article: bannerArticle && isVisibleToReaders(bannerArticle, now) ? bannerArticle : null } : null;
    const breaking = breakingArticles.filter((a) => a.id !== banner?.article?.id);
    const sectionRank = new Map(curation.sectionIds.map((id, i) => [id, i]));
    const sections = [...sectionRows].sort((a, b) => (sectionRank.get(a.id) ?? Infinity) - (sectionRank.get(b.id) ?? Infinity));
    const shown = new Set(latest.items.slice(0, leadCount).map((a) => a.id));
    const ranked = await this.db
      .selectFrom((eb) =>
        eb
          .selectFrom('articles')
          .innerJoin('sections as s', 's.id', 'articles.section_id')
          .select([
            'articles.id',
            sql<number>`coalesce(s.parent_id, s.id)`.as('block_id'),
            sql<number>`row_number() over (partition by coalesce(s.parent_id, s.id) order by articles.published_at desc, articles.id desc)`.as('rank'),
          ])
          .where(visibleToReaders())
          .where('articles.language', '=', lang)
          .as('ranked'),
      )
      .select(['ranked.id', 'ranked.block_id'])
      .where('ranked.rank', '<=', perSection + leadCount)
      .orderBy('ranked.block_id')
      .orderBy('ranked.rank')
      .execute();
    const byId = await loadArticles(
      this.db,
      ranked.map((r) => r.id),
    );
    const sectionBlocks = sections
      .filter((section) => section.parent_id === null)
      .map((section) => ({
        section: { id: section.id, slug: section.slug, nameKo: section.name_ko, nameEn: section.name_en, position: section.position, parentSlug: null },
        articles: ranked
          .filter((r) => Number(r.block_id) === section.id && !shown.has(r.id))
          .map((r) => byId.get(r.id))
          .filter((a): a is Article => a !== undefined)
          .slice(0, perSection),
      }));
    const { media } = await this.resolve([...latest.items, ...sectionBlocks.flatMap((b) => b.articles)]);
    return { latest: latest.items, breaking, banner, sectionBlocks, media };
  }

  async listBreaking(lang: Language, limit = 3): Promise<Article[]> {
    const rows = await this.publicArticles()
      .select('articles.id')
      .where('articles.language', '=', lang)
      .where('articles.breaking', '=', 1)
      .orderBy('articles.published_at', 'desc')
      .limit(limit)
      .execute();
    const items = await loadArticlesInOrder(
      this.db,
      rows.map((r) => r.id),
    );
    return items;
  }
}
