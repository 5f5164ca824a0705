import type { Expression, Kysely, RawBuilder, SqlBool } from 'kysely';
import { sql } from 'kysely';
import type { Dialect, Queryable } from '../database.js';
import type { DatabaseSchema } from '../schema.js';

/**
 * Everything search does differently on the two databases, behind the same function names. Both receive tokens
 * already made by src/search/tokenizer.ts (space-separated), so neither tokenises language itself:
 * - SQLite: an FTS5 table over `search_documents` (external content, kept in step by triggers), bm25 ranking.
 * - PostgreSQL: generated `tsvector` columns ('simple' config: split on spaces, nothing else) with GIN indexes,
 *   ts_rank_cd ranking; the headline is weight A, everything else weight B.
 */

/** One phrase of index tokens; `prefix` leaves the last token open (a 1-syllable Korean word, as-you-type). */
export interface MatchClause {
  tokens: string[];
  prefix: boolean;
}
export interface MatchExpression {
  must: MatchClause[];
  not: MatchClause[];
}
/** text = headline and body; headline = headline only; choseong = the headline's initial consonants. */
export type MatchField = 'text' | 'headline' | 'choseong';

const FTS_COLUMNS: Record<MatchField, string> = {
  text: '{headline_tokens body_tokens}',
  headline: '{headline_tokens}',
  choseong: '{choseong_tokens}',
};

const ftsClause = (clause: MatchClause): string => `"${clause.tokens.map((t) => t.replaceAll('"', '""')).join(' ')}"${clause.prefix ? '*' : ''}`;

/** The FTS5 MATCH string. */
export function fts5Match(expression: MatchExpression, field: MatchField): string {
  const must = expression.must.map(ftsClause).join(' AND ');
  const not = expression.not.map((c) => ` NOT ${ftsClause(c)}`).join('');
  return `${FTS_COLUMNS[field]} : ((${must})${not})`;
}

const tsClause = (clause: MatchClause, weight: string): string =>
  `(${clause.tokens
    .map((t, i) => `'${t.replaceAll("'", "''").replaceAll('\\', '\\\\')}'${clause.prefix && i === clause.tokens.length - 1 ? `:*${weight}` : weight ? `:${weight}` : ''}`)
    .join(' <-> ')})`;

/** The to_tsquery('simple', …) string. */
export function tsQuery(expression: MatchExpression, field: MatchField): string {
  const weight = field === 'headline' ? 'A' : '';
  const must = expression.must.map((c) => tsClause(c, weight)).join(' & ');
  const not = expression.not.map((c) => ` & !${tsClause(c, weight)}`).join('');
  return `(${must})${not}`;
}

/** How many of the newest matches each arm ranks (decision 007): the whole text, and the headline (scored). */
export interface RecencyWindows {
  text: number;
  headline: number;
}

/** `more` = 1 when an arm filled its window: the query matches more than the candidates (a total shown as “N+”). */
export type MatchRows = RawBuilder<{ id: number; score: number; headline_hit: number; more: number }>;

/** SQLite: one arm (`… order by rowid desc limit n`) with `more` = whether it filled its window. */
const armOf = (arm: RawBuilder<unknown>, window: number) => sql`select *, (count(*) over () >= ${window}) as more from (${arm})`;

/**
 * A condition on `search_meta` (visibility, language, section, author, dates, contributor scope) that every arm applies
 * to each match BEFORE its window limit, so a filter narrows the newest matches that pass it instead of the newest
 * matches of all (an old article in a small section or a date range stays in reach).
 */
export type MetaFilter = Expression<SqlBool>;

/**
 * Matching articles as a derived table `(id, score, headline_hit, more)`. Candidates are the `windows.text` most recently
 * created matches of the whole text plus the `windows.headline` most recent headline matches (ids grow with time), each
 * among the articles that pass `filter`: a query matching much of the archive ranks within that recency window instead
 * of scoring every match, and an article *about* the term (headline) stays in reach much longer than one that only
 * mentions it (decision 007).
 * Only headline candidates get a relevance score (bm25 / ts_rank_cd); body-only candidates score 0 and rank by
 * recency alone, so the engine never scores the bulk of a broad query's window.
 * SQLite: FTS5 walks its doclists newest first, probes each match's `search_meta` row by primary key (CROSS JOIN
 * keeps that order) and stops at the window. PostgreSQL: GIN cannot, so the newest matches are fetched in id ranges,
 * newest range first (`newestMatches`), and passed on as an array.
 */
export async function matchTable(db: Queryable, dialect: Dialect, expression: MatchExpression, field: MatchField, windows: RecencyWindows, filter: MetaFilter): Promise<MatchRows> {
  if (dialect === 'sqlite') {
    const text = fts5Match(expression, field);
    const meta = (fts: string) => sql`cross join search_meta on search_meta.article_id = ${sql.raw(fts)}.rowid`;
    if (field === 'choseong') {
      return sql`(${armOf(sql`select search_fts.rowid as id, -bm25(search_fts, 0.0, 0.0, 1.0) as score, 1 as headline_hit from search_fts ${meta('search_fts')}
        where search_fts match ${text} and ${filter} order by search_fts.rowid desc limit ${windows.headline}`, windows.headline)})`;
    }
    // Headline candidates come from the headline-only index (migration 012): its doclists hold headline matches
    // alone, where the full index would walk every body match of a common word to find the few in headlines.
    // Exclusions apply to the whole text.
    const headlineMust = fts5Match({ must: expression.must, not: [] }, 'headline');
    const excluded = expression.not.length
      ? sql`and search_headline_fts.rowid not in (select rowid from search_fts where search_fts match ${`${FTS_COLUMNS.text} : (${expression.not.map(ftsClause).join(' OR ')})`})`
      : sql``;
    const headline = sql`select search_headline_fts.rowid as id, -bm25(search_headline_fts) as score, 1 as headline_hit from search_headline_fts ${meta('search_headline_fts')}
      where search_headline_fts match ${headlineMust} and ${filter} ${excluded} order by search_headline_fts.rowid desc limit ${windows.headline}`;
    if (field === 'headline') return sql`(${armOf(headline, windows.headline)})`;
    const body = sql`select search_fts.rowid as id, 0 as score, 0 as headline_hit from search_fts ${meta('search_fts')}
      where search_fts match ${text} and ${filter} order by search_fts.rowid desc limit ${windows.text}`;
    return sql`(select id, max(score) as score, max(headline_hit) as headline_hit, max(more) as more from (
      select * from (${armOf(headline, windows.headline)})
      union all
      select * from (${armOf(body, windows.text)})
    ) group by id)`;
  }
  const text = sql`to_tsquery('simple', ${tsQuery(expression, field)})`;
  const headline = sql`to_tsquery('simple', ${tsQuery({ must: expression.must, not: [] }, 'text')})`;
  const top = (await sql<{ top: number | null }>`select max(article_id) as top from search_meta`.execute(db)).rows[0]?.top ?? 0;
  const newest = (condition: RawBuilder<unknown>, score: RawBuilder<number> | null, window: number) => newestMatches(db, sql`${condition} and ${filter}`, score, window, Number(top));
  const arms =
    field === 'choseong'
      ? [newest(sql`d.choseong_vector @@ ${text}`, sql`ts_rank_cd(d.choseong_vector, ${text})`, windows.headline)]
      : field === 'headline'
        ? [newest(sql`d.headline_vector @@ ${headline}`, sql`ts_rank_cd(d.headline_vector, ${headline})`, windows.headline)]
        : [
            newest(expression.not.length ? sql`d.headline_vector @@ ${headline} and d.search_vector @@ ${text}` : sql`d.headline_vector @@ ${headline}`, sql`ts_rank_cd(d.headline_vector, ${headline})`, windows.headline),
            newest(sql`d.search_vector @@ ${text}`, null, windows.text),
          ];
  const merged = new Map<number, { score: number; hit: number }>();
  const results = await Promise.all(arms);
  const more = results.some((rows, arm) => rows.length >= (field === 'text' && arm === 1 ? windows.text : windows.headline)) ? 1 : 0;
  results.forEach((rows, arm) => {
    for (const row of rows) {
      const seen = merged.get(row.id);
      const hit = arm === 0 ? 1 : 0;
      merged.set(row.id, { score: Math.max(seen?.score ?? 0, row.score), hit: Math.max(seen?.hit ?? 0, hit) });
    }
  });
  const ids = [...merged.keys()];
  return sql`(select * from unnest(${ids}::int[], ${ids.map((id) => merged.get(id)!.score)}::float8[], ${ids.map((id) => merged.get(id)!.hit)}::int[]) as m(id, score, headline_hit), (select ${more}::int as more) as w)`;
}

/**
 * PostgreSQL: the `window` newest rows of `search_documents` meeting `condition` (which may test the joined
 * `search_meta` row: the filters). GIN cannot read a match list
 * newest first, and a common word's list (300k rows at 1M articles) costs hundreds of milliseconds to decode and
 * fetch. So: first the newest `PG_RECENT_IDS` ids, walked backwards through the primary key (bounded work; enough
 * for any word in more than ~1 in 30 articles); only when that leaves the window short, the GIN matches among the
 * older ids (`+ 0` keeps the planner off the primary key there, which it would otherwise walk across the archive
 * for a rare word). Rare words cost their GIN list; common words never reach it.
 */
async function newestMatches(db: Queryable, condition: RawBuilder<unknown>, score: RawBuilder<number> | null, window: number, top: number): Promise<{ id: number; score: number }[]> {
  const lo = Math.max(0, top + 1 - PG_RECENT_IDS);
  const recent = await sql<{ id: number; score: number }>`select d.article_id as id, ${score ?? sql`0`} as score from search_documents d
    join search_meta on search_meta.article_id = d.article_id where ${condition} and d.article_id >= ${lo} order by d.article_id desc limit ${window}`.execute(db);
  const found = recent.rows.map((row) => ({ id: Number(row.id), score: Number(row.score) }));
  if (found.length >= window || lo === 0) return found;
  const older = await sql<{ id: number; score: number }>`select d.article_id as id, ${score ?? sql`0`} as score from search_documents d
    join search_meta on search_meta.article_id = d.article_id where ${condition} and d.article_id + 0 < ${lo} order by d.article_id + 0 desc limit ${window - found.length}`.execute(db);
  return [...found, ...older.rows.map((row) => ({ id: Number(row.id), score: Number(row.score) }))];
}

/** How many of the newest ids PostgreSQL walks in id order before it turns to the GIN index (newestMatches). */
const PG_RECENT_IDS = 16_384;

/** Creates the index (migration 003). */
export async function createSearchSchema(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('search_documents')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('headline_tokens', 'text', (c) => c.notNull())
    .addColumn('body_tokens', 'text', (c) => c.notNull())
    .addColumn('choseong_tokens', 'text', (c) => c.notNull())
    .addColumn('sort_epoch', 'bigint', (c) => c.notNull())
    .addColumn('indexed_at', 'text', (c) => c.notNull())
    .execute();
  if (dialect === 'sqlite') {
    await sql`create virtual table search_fts using fts5(headline_tokens, body_tokens, choseong_tokens, content='search_documents', content_rowid='article_id', tokenize='unicode61 remove_diacritics 0')`.execute(db);
    await sql`create trigger search_documents_ai after insert on search_documents begin
      insert into search_fts(rowid, headline_tokens, body_tokens, choseong_tokens) values (new.article_id, new.headline_tokens, new.body_tokens, new.choseong_tokens); end`.execute(db);
    await sql`create trigger search_documents_ad after delete on search_documents begin
      insert into search_fts(search_fts, rowid, headline_tokens, body_tokens, choseong_tokens) values ('delete', old.article_id, old.headline_tokens, old.body_tokens, old.choseong_tokens); end`.execute(db);
    await sql`create trigger search_documents_au after update on search_documents begin
      insert into search_fts(search_fts, rowid, headline_tokens, body_tokens, choseong_tokens) values ('delete', old.article_id, old.headline_tokens, old.body_tokens, old.choseong_tokens);
      insert into search_fts(rowid, headline_tokens, body_tokens, choseong_tokens) values (new.article_id, new.headline_tokens, new.body_tokens, new.choseong_tokens); end`.execute(db);
  } else {
    await sql`alter table search_documents add column search_vector tsvector generated always as
      (setweight(to_tsvector('simple'::regconfig, headline_tokens), 'A') || setweight(to_tsvector('simple'::regconfig, body_tokens), 'B')) stored`.execute(db);
    await sql`alter table search_documents add column headline_vector tsvector generated always as (to_tsvector('simple'::regconfig, headline_tokens)) stored`.execute(db);
    await sql`alter table search_documents add column choseong_vector tsvector generated always as (to_tsvector('simple'::regconfig, choseong_tokens)) stored`.execute(db);
    // fastupdate off: a pending list makes every query scan it linearly (slow after bulk writes); news is read far
    // more than written.
    await sql`create index search_documents_vector on search_documents using gin (search_vector) with (fastupdate = off)`.execute(db);
    await sql`create index search_documents_headline on search_documents using gin (headline_vector) with (fastupdate = off)`.execute(db);
    await sql`create index search_documents_choseong on search_documents using gin (choseong_vector) with (fastupdate = off)`.execute(db);
  }
  await db.schema.createIndex('search_documents_sort').on('search_documents').column('sort_epoch').execute();
}

/** Space the index takes, in bytes (for `sinmun search stats` and the benchmark). */
export async function searchIndexBytes(db: Queryable, dialect: Dialect): Promise<number> {
  if (dialect === 'sqlite') {
    const row = await sql<{ bytes: number }>`select coalesce(sum(pgsize), 0) as bytes from dbstat where name like 'search_%'`.execute(db).catch(() => ({ rows: [{ bytes: -1 }] }));
    return Number(row.rows[0]?.bytes ?? -1);
  }
  const row = await sql<{ bytes: string }>`select pg_total_relation_size('search_documents') + coalesce(pg_total_relation_size(to_regclass('search_meta')), 0) as bytes`.execute(db);
  return Number(row.rows[0]?.bytes ?? -1);
}

/** After a bulk load: merge FTS5 segments / refresh planner statistics. */
export async function optimizeSearchIndex(db: Queryable, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`insert into search_fts(search_fts) values ('optimize')`.execute(db);
    await sql`insert into search_headline_fts(search_headline_fts) values ('optimize')`.execute(db);
  } else {
    await sql`analyze search_documents`.execute(db);
    await sql`analyze search_meta`.execute(db);
  }
}

/**
 * Migration 012: the narrow row search ranks, filters and counts on, filled from the index; on SQLite also a
 * headline-only FTS5 index (external content on the same rows, kept in step by its own triggers), rebuilt from the
 * stored tokens. Neither needs the articles re-tokenised.
 */
export async function createSearchSpeedSchema(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`create virtual table search_headline_fts using fts5(headline_tokens, content='search_documents', content_rowid='article_id', tokenize='unicode61 remove_diacritics 0')`.execute(db);
    await sql`create trigger search_documents_headline_ai after insert on search_documents begin
      insert into search_headline_fts(rowid, headline_tokens) values (new.article_id, new.headline_tokens); end`.execute(db);
    await sql`create trigger search_documents_headline_ad after delete on search_documents begin
      insert into search_headline_fts(search_headline_fts, rowid, headline_tokens) values ('delete', old.article_id, old.headline_tokens); end`.execute(db);
    await sql`create trigger search_documents_headline_au after update on search_documents begin
      insert into search_headline_fts(search_headline_fts, rowid, headline_tokens) values ('delete', old.article_id, old.headline_tokens);
      insert into search_headline_fts(rowid, headline_tokens) values (new.article_id, new.headline_tokens); end`.execute(db);
    await sql`insert into search_headline_fts(search_headline_fts) values ('rebuild')`.execute(db);
  }
  await db.schema
    .createTable('search_meta')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('embargo_until', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('section_id', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('sort_epoch', 'bigint', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .execute();
  await writeSearchMeta(db as unknown as Kysely<DatabaseSchema>);
  if (dialect === 'postgres') await sql`analyze search_meta`.execute(db);
}

/**
 * (Re)writes the narrow rows of the given indexed articles (all when `ids` is omitted) from `articles` and
 * `search_documents`; articles without a search document (trashed) get none. `month` is the publication (else
 * creation) month on the site's calendar: `monthOf` maps the instant to YYYY-MM in SITE_TIMEZONE; without it (the
 * migration, which fills every row) the UTC month, until the next `sinmun search reindex`.
 */
export async function writeSearchMeta(db: Queryable, ids?: number[], monthOf?: (at: Date) => string): Promise<void> {
  if (ids) await db.deleteFrom('search_meta').where('article_id', 'in', ids).execute();
  let rows = db
    .selectFrom('articles as a')
    .innerJoin('search_documents as d', 'd.article_id', 'a.id')
    .select(['a.id', 'a.status', 'a.embargo_until', 'a.language', 'a.section_id', 'a.created_by', 'd.sort_epoch', sql<string>`substr(coalesce(a.published_at, a.created_at), 1, 7)`.as('month')]);
  if (ids) rows = rows.where('a.id', 'in', ids);
  const columns = ['article_id', 'status', 'embargo_until', 'language', 'section_id', 'created_by', 'sort_epoch', 'month'] as const;
  if (!monthOf || !ids) {
    await db.insertInto('search_meta').columns([...columns]).expression(rows).execute();
    return;
  }
  const values = (await rows.execute()).map((r) => ({
    article_id: r.id,
    status: r.status,
    embargo_until: r.embargo_until,
    language: r.language,
    section_id: r.section_id,
    created_by: r.created_by,
    sort_epoch: r.sort_epoch,
    month: monthOf(new Date(Number(r.sort_epoch) * 1000)),
  }));
  for (let i = 0; i < values.length; i += 200) await db.insertInto('search_meta').values(values.slice(i, i + 200)).execute();
}
