import type { Queryable } from '../db/database.js';
import type { ArticleRow } from '../db/schema.js';
import type { Article, ArticleBlock, ArticleStatus, ArticleType, Correction, Credit, CreditRole, Language, TagRef } from './content.types.js';

/**
 * Loads full articles (section, tags, credits, corrections) for a set of ids with one query per table, never one
 * per article.
 */
export async function loadArticles(db: Queryable, ids: number[]): Promise<Map<number, Article>> {
  const unique = [...new Set(ids)];
  const result = new Map<number, Article>();
  if (unique.length === 0) return result;
  const rows = await db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .selectAll('articles')
    .select(['sections.slug as section_slug', 'sections.name_ko as section_name_ko', 'sections.name_en as section_name_en'])
    .where('articles.id', 'in', unique)
    .execute();
  const [credits, tags, corrections] = await Promise.all([
    db
      .selectFrom('article_credits')
      .leftJoin('authors', 'authors.id', 'article_credits.author_id')
      .select([
        'article_credits.article_id',
        'article_credits.position',
        'article_credits.name',
        'article_credits.role',
        'article_credits.organization',
        'article_credits.email',
        'authors.slug as author_slug',
      ])
      .where('article_credits.article_id', 'in', unique)
      .orderBy('article_credits.position', 'asc')
      .execute(),
    db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select(['article_tags.article_id', 'tags.id', 'tags.slug', 'tags.name'])
      .where('article_tags.article_id', 'in', unique)
      .orderBy('article_tags.position', 'asc')
      .execute(),
    db.selectFrom('article_corrections').selectAll().where('article_id', 'in', unique).orderBy('created_at', 'asc').execute(),
  ]);
  const group = <T extends { article_id: number }>(items: T[]) => {
    const map = new Map<number, T[]>();
    for (const item of items) map.set(item.article_id, [...(map.get(item.article_id) ?? []), item]);
    return map;
  };
  const creditsBy = group(credits);
  const tagsBy = group(tags);
  const correctionsBy = group(corrections);
  for (const row of rows) {
    result.set(
      row.id,
      toArticle(
        row,
        { id: row.section_id, slug: row.section_slug, nameKo: row.section_name_ko, nameEn: row.section_name_en },
        (creditsBy.get(row.id) ?? []).map(
          (c): Credit => ({ name: c.name, role: c.role as CreditRole, organization: c.organization, email: c.email, authorSlug: c.author_slug ?? null }),
        ),
        (tagsBy.get(row.id) ?? []).map((t): TagRef => ({ id: t.id, slug: t.slug, name: t.name })),
        (correctionsBy.get(row.id) ?? []).map(
          (c): Correction => ({ id: c.id, kind: c.kind === 'clarification' ? 'clarification' : 'correction', text: c.note, createdAt: c.created_at }),
        ),
      ),
    );
  }
  return result;
}

/**
 * Full articles for ids, in the order of the ids (a list query's order); ids that vanished are skipped. Loaded in
 * slices, so a sitemap's thousands of ids stay within the databases' limits on bound parameters.
 */
export async function loadArticlesInOrder(db: Queryable, ids: number[], sliceSize = 500): Promise<Article[]> {
  const byId = new Map<number, Article>();
  for (let start = 0; start < ids.length; start += sliceSize) {
    for (const [id, article] of await loadArticles(db, ids.slice(start, start + sliceSize))) byId.set(id, article);
  }
  return ids.map((id) => byId.get(id)).filter((a): a is Article => a !== undefined);
}

export async function findArticle(db: Queryable, id: number): Promise<Article | null> {
  return (await loadArticles(db, [id])).get(id) ?? null;
}

function toArticle(row: ArticleRow, section: Article['section'], credits: Credit[], tags: TagRef[], corrections: Correction[]): Article {
  return {
    id: row.id,
    slug: row.slug,
    language: row.language as Language,
    translationGroup: row.translation_group,
    type: row.type as ArticleType,
    headline: row.headline,
    dek: row.dek,
    body: JSON.parse(row.body) as ArticleBlock[],
    section,
    tags,
    credits,
    dateline: row.dateline,
    status: row.status as ArticleStatus,
    breaking: row.breaking === 1,
    featuredMediaId: row.featured_media_id,
    seoTitle: row.seo_title,
    seoDescription: row.seo_description,
    socialTitle: row.social_title ?? '',
    socialDescription: row.social_description ?? '',
    socialMediaId: row.social_media_id ?? null,
    source: row.source_name ? { name: row.source_name, url: row.source_url } : null,
    revision: row.revision,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    firstPublishedAt: row.first_published_at,
    publishedAt: row.published_at,
    contentUpdatedAt: row.content_updated_at,
    scheduledAt: row.scheduled_at,
    embargoUntil: row.embargo_until,
    unpublishAt: row.unpublish_at ?? null,
    corrections,
  };
}

/** The other-language versions of an article (any status; callers filter for readers). */
export async function listTranslations(
  db: Queryable,
  article: Pick<Article, 'id' | 'translationGroup'>,
): Promise<{ id: number; language: Language; status: ArticleStatus; embargoUntil: string | null; slug: string; sectionSlug: string }[]> {
  const rows = await db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .select(['articles.id', 'articles.language', 'articles.status', 'articles.embargo_until', 'articles.slug', 'sections.slug as section_slug'])
    .where('articles.translation_group', '=', article.translationGroup)
    .where('articles.id', '!=', article.id)
    .orderBy('articles.id', 'asc')
    .execute();
  return rows.map((r) => ({ id: r.id, language: r.language as Language, status: r.status as ArticleStatus, embargoUntil: r.embargo_until, slug: r.slug, sectionSlug: r.section_slug }));
}
