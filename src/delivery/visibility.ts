import type { ExpressionBuilder } from 'kysely';
import { sql } from 'kysely';
import type { DatabaseSchema } from '../db/schema.js';
import type { Article } from '../content/content.types.js';

/**
 * The one rule for what a reader may see: published, and past any embargo. Every public surface (site, Content
 * API, search, feeds, sitemaps, partner feeds) uses one of these two forms of it.
 */
export function isVisibleToReaders(article: Pick<Article, 'status' | 'embargoUntil'>, now: Date = new Date()): boolean {
  return article.status === 'published' && (article.embargoUntil === null || Date.parse(article.embargoUntil) <= now.getTime());
}

/**
 * The same rule as a query condition on `articles`: `query.where(visibleToReaders())`; or on search's narrow copy of
 * the two columns (`search_meta`, rewritten in the article's own transaction), so search need not read article rows.
 */
export function visibleToReaders<T extends 'articles' | 'search_meta' = 'articles'>(now: Date = new Date(), table: T = 'articles' as T) {
  const at = now.toISOString();
  const status = sql.ref<string>(`${table}.status`);
  const embargo = sql.ref<string | null>(`${table}.embargo_until`);
  return (eb: ExpressionBuilder<DatabaseSchema, T>) => eb.and([eb(status, '=', 'published'), eb.or([eb(embargo, 'is', null), eb(embargo, '<=', at)])]);
}
