import type { Expression, SelectQueryBuilder, SqlBool } from 'kysely';
import { expressionBuilder, sql } from 'kysely';
import { loadArticles, loadArticlesInOrder } from '../content/article.queries.js';
import type { Article, ArticleBlock, ArticleStatus, InlineText, Language, MediaItem } from '../content/content.types.js';
import { findMediaByIds } from '../content/media.service.js';
import type { Database, Queryable, Tx } from '../db/database.js';
import { matchTable, optimizeSearchIndex, searchIndexBytes, writeSearchMeta } from '../db/dialects/search-sql.js';
import type { MatchField, MetaFilter, RecencyWindows } from '../db/dialects/search-sql.js';
import type { DatabaseSchema, SearchDocumentsTable } from '../db/schema.js';
import { articlePath } from '../delivery/urls.js';
import { isVisibleToReaders, visibleToReaders } from '../delivery/visibility.js';
import type { DomainEvent } from '../events/event-bus.js';
import { AppError } from '../lib/errors.js';
import { nowIso } from '../lib/time.js';
import { localMonthOf, startOfLocalDay } from '../newsletters/local-time.js';
import type { ParsedQuery } from './query-parser.js';
import { parseQuery } from './query-parser.js';
import { highlightHtml, snippetHtml } from './snippet.js';
import { choseongTokens, indexTokens } from './tokenizer.js';

/** Who is searching: readers (published and past embargo, decided at query time) or the newsroom (drafts too). */
export type SearchScope = { kind: 'public'; now?: Date } | { kind: 'newsroom'; onlyCreatedBy?: number | undefined };

export interface SearchParams {
  q: string;
  lang?: Language | undefined;
  section?: string | undefined;
  author?: string | undefined;
  /** YYYY-MM-DD, inclusive, on the publication date (creation date for drafts). */
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

export interface SearchHit {
  id: number;
  headline: string;
  /** The headline, escaped, with matches in <mark>. */
  headlineHtml: string;
  url: string | null;
  /** A passage around the first match, escaped, with matches in <mark>. */
  snippet: string;
  language: Language;
  section: { slug: string; nameKo: string; nameEn: string };
  status: ArticleStatus;
  publishedAt: string | null;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface SearchResponse {
  results: SearchHit[];
  total: number;
  /** The query matched more articles than the recency window (decision 007): `total` counts the window; show “N+”. */
  totalIsLowerBound: boolean;
  page: number;
  pageSize: number;
  facets: { language: FacetValue[]; section: FacetValue[]; month: FacetValue[] };
}

export interface SearchOptions {
  /** A query matching more articles than this ranks only the most recent ones (see decision 007). */
  recencyWindow?: number;
  /** How many of the most recent headline matches are candidates too, scored for relevance (decision 007). */
  headlineWindow?: number;
  /** Days after which the recency factor halves a match's relevance. */
  halfLifeDays?: number;
  /** The site's calendar (SITE_TIMEZONE) for the month facet and the from/to days. @default 'UTC' */
  timeZone?: string;
}

export interface SearchDocumentInput {
  articleId: number;
  language: string;
  headline: string;
  /** Everything else a reader could search for: dek, body, captions, credits, tags, source. */
  text: string;
  sortAt: string;
}

type Filtered = SelectQueryBuilder<DatabaseSchema & { m: { id: number; score: number; headline_hit: number; more: number } }, 'search_meta' | 'm', object>;

const inlineText = (content: InlineText[]): string => content.map((c) => c.text).join('');
const blockText = (block: ArticleBlock, media: Map<number, MediaItem>): string => {
  switch (block.type) {
    case 'paragraph':
      return inlineText(block.content);
    case 'heading':
      return block.text;
    case 'quote':
      return `${inlineText(block.content)} ${block.attribution ?? ''}`;
    case 'list':
      return block.items.map(inlineText).join('\n');
    case 'image': {
      const item = media.get(block.mediaId);
      return `${block.caption ?? item?.caption ?? ''} ${block.credit ?? item?.credit ?? ''}`;
    }
    case 'embed':
      return `${block.title ?? ''} ${block.description ?? ''}`;
  }
};

/** The searchable texts of an article besides its headline, in snippet order. */
export function articleTexts(article: Article, media: Map<number, MediaItem>): string[] {
  const featured = article.featuredMediaId ? media.get(article.featuredMediaId) : undefined;
  return [
    article.dek,
    article.body.map((b) => blockText(b, media)).join('\n'),
    featured ? `${featured.caption} ${featured.credit}` : '',
    article.credits.map((c) => `${c.name} ${c.organization ?? ''}`).join(', '),
    article.tags.map((t) => t.name).join(', '),
    article.source?.name ?? '',
    article.dateline,
  ];
}

/**
 * Articles that show a media item, as featured image or as an image block (found in the stored JSON; media edits
 * are rare, so a scan of the articles is acceptable here).
 */
async function articlesShowingMedia(db: Queryable, mediaId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('articles')
    .select('id')
    .where((eb) => eb.or([eb('featured_media_id', '=', mediaId), eb('body', 'like', `%"mediaId":${mediaId},%`), eb('body', 'like', `%"mediaId":${mediaId}}%`)]))
    .execute();
  return rows.map((r) => r.id);
}

const mediaIdsOf = (articles: Article[]): number[] =>
  articles.flatMap((a) => [...(a.featuredMediaId ? [a.featuredMediaId] : []), ...a.body.flatMap((b) => (b.type === 'image' ? [b.mediaId] : []))]);

/** The row stored for one article: tokens made in TypeScript so both databases index the same ones. */
export function toSearchRow(input: SearchDocumentInput): SearchDocumentsTable {
  return {
    article_id: input.articleId,
    language: input.language,
    headline_tokens: indexTokens(input.headline),
    body_tokens: indexTokens(input.text),
    choseong_tokens: choseongTokens(input.headline),
    sort_epoch: Math.floor(Date.parse(input.sortAt) / 1000),
    indexed_at: nowIso(),
  };
}

/**
 * Search for readers, the Content API and the newsroom (docs/decisions/007-search.md). The index is derived data
 * kept in the same transaction as every article change (`attach`), so it never disagrees with the content; what a
 * reader may see is decided at query time by `visibleToReaders()`, so an embargo lifts by itself.
 */
export class SearchService {
  private readonly windows: RecencyWindows;
  private readonly halfLifeDays: number;
  private readonly timeZone: string;
  private readonly monthOf: (at: Date) => string;

  constructor(
    private readonly database: Database,
    options: SearchOptions = {},
  ) {
    this.windows = { text: options.recencyWindow ?? 2_000, headline: options.headlineWindow ?? 500 };
    this.halfLifeDays = options.halfLifeDays ?? 30;
    this.timeZone = options.timeZone ?? 'UTC';
    this.monthOf = localMonthOf(this.timeZone);
  }

  /**
   * Keeps the index in step, inside the change's transaction: every article event, and the changes to text that
   * articles show without being changed themselves — a media item's caption or credit (the articles showing it as
   * featured or body image) and a tag's name (the articles carrying it, listed in the event).
   */
  attach(events: { subscribeInTransaction(name: '*', handler: (tx: Tx, event: DomainEvent) => Promise<void>): void }): void {
    events.subscribeInTransaction('*', async (tx, event) => {
      if (event.articleId !== null) await this.indexArticles(tx, [event.articleId]);
      else if (event.name === 'tag.updated' && Array.isArray(event.payload.articleIds)) await this.indexArticles(tx, event.payload.articleIds as number[]);
      else if (event.name === 'media.updated' && Array.isArray(event.payload.fields) && (event.payload.fields as string[]).some((f) => f === 'caption' || f === 'credit')) {
        await this.indexArticles(tx, await articlesShowingMedia(tx, Number(event.payload.mediaId)));
      }
    });
  }

  /** (Re)indexes articles by id; trashed or missing ones leave the index. */
  async indexArticles(db: Queryable, ids: number[]): Promise<void> {
    if (!ids.length) return;
    const articles = [...(await loadArticles(db, ids)).values()].filter((a) => a.status !== 'trashed');
    const media = await findMediaByIds(db, mediaIdsOf(articles));
    await db.deleteFrom('search_documents').where('article_id', 'in', ids).execute();
    const rows = articles.map((article) =>
      toSearchRow({
        articleId: article.id,
        language: article.language,
        headline: article.headline,
        text: articleTexts(article, media).join('\n'),
        sortAt: article.publishedAt ?? article.createdAt,
      }),
    );
    for (let i = 0; i < rows.length; i += 200) await db.insertInto('search_documents').values(rows.slice(i, i + 200)).execute();
    await writeSearchMeta(db, ids, this.monthOf);
  }

  /** Bulk load of ready documents (benchmarks and the relevance set); the articles must exist. */
  async insertDocuments(db: Queryable, documents: SearchDocumentInput[]): Promise<void> {
    const rows = documents.map(toSearchRow);
    for (let i = 0; i < rows.length; i += 200) await db.insertInto('search_documents').values(rows.slice(i, i + 200)).execute();
    await writeSearchMeta(
      db,
      rows.map((r) => r.article_id),
      this.monthOf,
    );
  }

  /** Rebuilds the whole index in batches (one transaction each); `onProgress(done, total)` after every batch. */
  async reindexAll(onProgress: (done: number, total: number) => void = () => undefined, batchSize = 500): Promise<{ indexed: number }> {
    const { db } = this.database;
    const { total } = await db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    let done = 0;
    let after = 0;
    onProgress(0, Number(total));
    for (;;) {
      const ids = (await db.selectFrom('articles').select('id').where('id', '>', after).orderBy('id', 'asc').limit(batchSize).execute()).map((r) => r.id);
      if (!ids.length) break;
      await db.transaction().execute((tx) => this.indexArticles(tx, ids));
      after = ids[ids.length - 1]!;
      done += ids.length;
      onProgress(done, Number(total));
    }
    // Documents of articles that no longer exist cannot remain: the foreign key cascades. Merge segments now.
    await optimizeSearchIndex(db, this.database.dialect);
    return { indexed: done };
  }

  async indexSize(): Promise<number> {
    return searchIndexBytes(this.database.db, this.database.dialect);
  }

  async search(params: SearchParams, scope: SearchScope): Promise<SearchResponse> {
    const parsed = this.parse(params.q);
    const field: MatchField = parsed.choseong ? 'choseong' : 'text';
    const nowEpoch = Math.floor((scope.kind === 'public' ? (scope.now ?? new Date()) : new Date()).getTime() / 1000);
    const sections = await this.sectionSlugs();
    const inSection = (sectionId: number) => !params.section || sections.get(sectionId)?.slug === params.section || sections.get(sectionId)?.parent === params.section;
    // One statement: the candidates that pass every filter (the full-text match run once, materialised) give the
    // ranked page and the counts per (language, section, month) for the total and the facets. Each facet ignores its
    // own filter, so with a language or section filter a second candidate set without those two gives the counts of
    // the other languages and sections (its rows that pass both are left to the first set, which holds them all).
    const columns = ['m.id', 'm.score', 'm.headline_hit', 'm.more', 'search_meta.sort_epoch', 'search_meta.language', 'search_meta.section_id', 'search_meta.month'] as const;
    const candidates = (await this.filtered(parsed, field, params, scope)).select(columns);
    const widened = params.lang || params.section ? (await this.filtered(parsed, field, { ...params, lang: undefined, section: undefined }, scope)).select(columns) : null;
    // Headline matches first; then relevance (headline candidates) or 1 (body-only candidates) × recency decay.
    // (`* 1.0` in SQL: both engines would divide the integers without it.)
    const rank = sql`(case when v.headline_hit = 1 then v.score else 1.0 end) / (1.0 + (${nowEpoch} - v.sort_epoch) / (${86_400 * this.halfLifeDays} * 1.0))`;
    const { rows } = await sql<{ id: number | null; language: string; section_id: number; month: string; n: number; more: number; wide: number }>`with v as materialized ${candidates}
      ${widened ? sql`, w as materialized ${widened}` : sql``}
      select * from (select v.id, v.language, v.section_id, v.month, 0 as n, 0 as more, 0 as wide from v
        order by v.headline_hit desc, ${rank} desc, v.id desc limit ${params.pageSize} offset ${(params.page - 1) * params.pageSize}) as page
      union all
      select null, v.language, v.section_id, v.month, count(*), max(v.more), 0 from v group by v.language, v.section_id, v.month
      ${widened ? sql`union all select null, w.language, w.section_id, w.month, count(*), max(w.more), 1 from w group by w.language, w.section_id, w.month` : sql``}`.execute(this.database.db);
    const inLanguage = (c: { language: string }) => !params.lang || c.language === params.lang;
    const combos = rows
      .filter((r) => r.id === null && (Number(r.wide) === 0 || !(inLanguage(r) && inSection(r.section_id))))
      .map((r) => ({ ...r, n: Number(r.n), section: sections.get(r.section_id)?.slug ?? '' }));
    const facet = (list: typeof combos, key: 'language' | 'section' | 'month', byValue = false): FacetValue[] => {
      const counts = new Map<string, number>();
      for (const c of list) counts.set(c[key], (counts.get(c[key]) ?? 0) + c.n);
      return [...counts]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => (byValue ? b.value.localeCompare(a.value) : b.count - a.count || a.value.localeCompare(b.value)));
    };
    const both = combos.filter((c) => inLanguage(c) && inSection(c.section_id));
    return {
      results: await this.hits(
        rows.filter((r) => r.id !== null).map((r) => Number(r.id)),
        parsed,
        scope,
      ),
      total: both.reduce((sum, c) => sum + c.n, 0),
      totalIsLowerBound: combos.some((c) => Number(c.wide) === 0 && Number(c.more) === 1),
      page: params.page,
      pageSize: params.pageSize,
      facets: {
        language: facet(
          combos.filter((c) => inSection(c.section_id)),
          'language',
        ),
        section: facet(combos.filter(inLanguage), 'section'),
        month: facet(both, 'month', true),
      },
    };
  }

  /** Headlines for the search box as the reader types: choseong (`ㅂㅎ`) or the words so far, newest first among matches. */
  async suggest(q: string, lang: Language | undefined, limit = 8): Promise<{ id: number; headline: string; url: string }[]> {
    const parsed = parseQuery(q, { prefixLast: true });
    if (!parsed.expression.must.length) return [];
    const field: MatchField = parsed.choseong ? 'choseong' : 'headline';
    const rows = await (await this.filtered(parsed, field, { q, lang, page: 1, pageSize: limit }, { kind: 'public' }))
      .select('m.id')
      .orderBy('search_meta.sort_epoch', 'desc')
      .limit(limit)
      .execute();
    const articles = await loadArticlesInOrder(
      this.database.db,
      rows.map((r) => r.id),
    );
    return articles.map((a) => ({ id: a.id, headline: a.headline, url: articlePath(a) }));
  }

  private parse(q: string): ParsedQuery {
    const parsed = parseQuery(q);
    if (!parsed.expression.must.length) {
      throw new AppError('ERR_BAD_REQUEST', q.trim() ? 'q: the query needs at least one word to search for (exclusions alone match nothing)' : 'q: enter something to search for', {
        errors: [{ path: 'q', message: 'needs a word to search for' }],
      });
    }
    return parsed;
  }

  /** Section id → slug and parent slug, for the section filter and facet (a parent section counts its children). */
  private async sectionSlugs(): Promise<Map<number, { slug: string; parent: string | null }>> {
    const rows = await this.database.db.selectFrom('sections as s').leftJoin('sections as p', 'p.id', 's.parent_id').select(['s.id', 's.slug', 'p.slug as parent']).execute();
    return new Map(rows.map((r) => [r.id, { slug: r.slug, parent: r.parent }]));
  }

  private async filtered(parsed: ParsedQuery, field: MatchField, params: Omit<SearchParams, 'q'> & { q?: string }, scope: SearchScope): Promise<Filtered> {
    // The matches drive the query (SQLite keeps CROSS JOIN order; PostgreSQL plans it as an inner join): otherwise
    // SQLite may walk every published article and probe the matches, ten times slower. Everything the conditions
    // need is in the narrow search_meta row, never in the wide article or token rows; the conditions are applied
    // inside each arm of the match, before its recency window (matchTable).
    const match = await matchTable(this.database.db, this.database.dialect, parsed.expression, field, this.windows, this.metaFilter(params, scope));
    return this.database.db
      .selectFrom(match.as('m'))
      .crossJoin('search_meta')
      .whereRef('search_meta.article_id', '=', 'm.id') as unknown as Filtered;
  }

  /** Who may see what, and the reader's filters, as one condition on `search_meta`. */
  private metaFilter(params: Omit<SearchParams, 'q' | 'page' | 'pageSize'>, scope: SearchScope): MetaFilter {
    const eb = expressionBuilder<DatabaseSchema, 'search_meta'>();
    const conditions: Expression<SqlBool>[] = [];
    if (scope.kind === 'public') {
      conditions.push(visibleToReaders(scope.now, 'search_meta')(eb));
    } else {
      conditions.push(eb('search_meta.status', '!=', 'trashed'));
      if (scope.onlyCreatedBy !== undefined) conditions.push(eb('search_meta.created_by', '=', scope.onlyCreatedBy));
    }
    if (params.lang) conditions.push(eb('search_meta.language', '=', params.lang));
    if (params.section) {
      const section = params.section;
      conditions.push(
        eb(
          'search_meta.section_id',
          'in',
          eb
            .selectFrom('sections as s')
            .leftJoin('sections as parent', 'parent.id', 's.parent_id')
            .select('s.id')
            .where((w) => w.or([w('s.slug', '=', section), w('parent.slug', '=', section)])),
        ),
      );
    }
    if (params.author) {
      const author = params.author;
      conditions.push(
        eb(
          'search_meta.article_id',
          'in',
          eb.selectFrom('article_credits').innerJoin('authors', 'authors.id', 'article_credits.author_id').select('article_credits.article_id').where('authors.slug', '=', author),
        ),
      );
    }
    // Days on the site's calendar (SITE_TIMEZONE), as readers see the dates; `to` is inclusive (before the next day).
    const dayStart = (day: string) => Math.floor(startOfLocalDay(day, this.timeZone).getTime() / 1000);
    if (params.from) conditions.push(eb('search_meta.sort_epoch', '>=', dayStart(params.from)));
    if (params.to) conditions.push(eb('search_meta.sort_epoch', '<', dayStart(new Date(Date.parse(`${params.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10))));
    return eb.and(conditions);
  }

  private async hits(ids: number[], parsed: ParsedQuery, scope: SearchScope): Promise<SearchHit[]> {
    // search_meta's copy of status and embargo is rewritten in every article change's transaction; the page's own
    // articles are checked against the rule once more, so a copy gone stale could never show a hidden article.
    const articles = (await loadArticlesInOrder(this.database.db, ids)).filter((a) => scope.kind !== 'public' || isVisibleToReaders(a, scope.now));
    const media = await findMediaByIds(this.database.db, mediaIdsOf(articles));
    return articles.map((article) => ({
      id: article.id,
      headline: article.headline,
      headlineHtml: highlightHtml(article.headline, parsed.highlight),
      url: scope.kind === 'public' || article.status === 'published' ? articlePath(article) : null,
      snippet: snippetHtml(articleTexts(article, media), parsed.highlight),
      language: article.language,
      section: { slug: article.section.slug, nameKo: article.section.nameKo, nameEn: article.section.nameEn },
      status: article.status,
      publishedAt: article.publishedAt,
    }));
  }
}
