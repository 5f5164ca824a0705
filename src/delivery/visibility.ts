import type { ExpressionBuilder } from 'kysely';
import type { DatabaseSchema } from '../db/schema.js';
import type { Article } from '../content/content.types.js';

/**
 * The one rule for what a reader may see: published, and past any embargo. Every public surface (site, Content
 * API, search, feeds, sitemaps, partner feeds) uses one of these two forms of it.
 */
export function isVisibleToReaders(article: Pick<Article, 'status' | 'embargoUntil'>, now: Date = new Date()): boolean {
  return article.status === 'published' && (article.embargoUntil === null || Date.parse(article.embargoUntil) <= now.getTime());
}

/** The same rule as a query condition on `articles`: `query.where(visibleToReaders())`. */
export function visibleToReaders(now: Date = new Date()) {
  const at = now.toISOString();
  return (eb: ExpressionBuilder<DatabaseSchema, 'articles'>) =>
    eb.and([eb('articles.status', '=', 'published'), eb.or([eb('articles.embargo_until', 'is', null), eb('articles.embargo_until', '<=', at)])]);
}
