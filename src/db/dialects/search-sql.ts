import type { Kysely, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import type { Dialect, Queryable } from '../database.js';

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

/**
 * Matching articles as a derived table `(id, score, headline_hit)`. Candidates are the `window` most recently
 * created matches of the whole text plus the `window` most recent headline matches (ids grow with time): a query
 * matching much of the archive ranks within that recency window instead of scoring every match, and an article
 * *about* the term (headline) stays in reach much longer than one that only mentions it (decision 007).
 * `scored: false` gives the same candidates without scores, for counting and facets.
 */
export function matchTable(dialect: Dialect, expression: MatchExpression, field: MatchField, window: number, scored = true): RawBuilder<{ id: number; score: number; headline_hit: number }> {
  if (dialect === 'sqlite') {
    const text = fts5Match(expression, field);
    if (field !== 'text') {
      return sql`(select rowid as id, ${scored ? sql`-bm25(search_fts, 4.0, 1.0, 0.0)` : sql`0`} as score, 1 as headline_hit from search_fts where search_fts match ${text} order by rowid desc limit ${window})`;
    }
    // Headline candidates: the words in the headline, and exclusions anywhere.
    const headlineMust = fts5Match({ must: expression.must, not: [] }, 'headline');
    const headline = expression.not.length ? `${headlineMust} AND ${text}` : headlineMust;
    const score = scored ? sql`-bm25(search_fts, 4.0, 1.0, 0.0)` : sql`0`;
    return sql`(select id, max(score) as score, max(headline_hit) as headline_hit from (
      select * from (select rowid as id, ${score} as score, 1 as headline_hit from search_fts where search_fts match ${headline} order by rowid desc limit ${window})
      union all
      select * from (select rowid as id, ${score} as score, 0 as headline_hit from search_fts where search_fts match ${text} order by rowid desc limit ${window})
    ) group by id)`;
  }
  const text = tsQuery(expression, field);
  // `+ 0`: never walk the primary key backwards filtering every row (what the planner picks for ORDER BY id LIMIT,
  // and slow when matches are rare); take the GIN matches, then the newest of them.
  if (field === 'choseong') {
    return sql`(select d.article_id as id, ${scored ? sql`ts_rank_cd(d.choseong_vector, q)` : sql`0`} as score, 1 as headline_hit
      from search_documents d, to_tsquery('simple', ${text}) q where d.choseong_vector @@ q order by d.article_id + 0 desc limit ${window})`;
  }
  const headline = tsQuery({ must: expression.must, not: [] }, 'text');
  const excluded = expression.not.length ? sql`and d.search_vector @@ to_tsquery('simple', ${text})` : sql``;
  const headlineScore = scored ? sql`ts_rank_cd(d.headline_vector, q)` : sql`0`;
  const textScore = scored ? sql`ts_rank_cd(d.search_vector, q)` : sql`0`;
  if (field === 'headline') {
    return sql`(select d.article_id as id, ${headlineScore} as score, 1 as headline_hit
      from search_documents d, to_tsquery('simple', ${headline}) q where d.headline_vector @@ q order by d.article_id + 0 desc limit ${window})`;
  }
  return sql`(select id, max(score) as score, max(headline_hit) as headline_hit from (
    (select d.article_id as id, ${headlineScore} as score, 1 as headline_hit from search_documents d, to_tsquery('simple', ${headline}) q where d.headline_vector @@ q ${excluded} order by d.article_id + 0 desc limit ${window})
    union all
    (select d.article_id as id, ${textScore} as score, 0 as headline_hit from search_documents d, to_tsquery('simple', ${text}) q where d.search_vector @@ q order by d.article_id + 0 desc limit ${window})
  ) c group by id)`;
}

/** Recency decay: the relevance score is halved after `halfLifeDays` (hyperbolic, so it needs no exp()). */
export function decayedScore(nowEpoch: number, halfLifeDays: number): RawBuilder<number> {
  return sql<number>`(m.score / (1.0 + (${nowEpoch} - search_documents.sort_epoch) / (${86_400 * halfLifeDays} * 1.0)))`;
}

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
  const row = await sql<{ bytes: string }>`select pg_total_relation_size('search_documents') as bytes`.execute(db);
  return Number(row.rows[0]?.bytes ?? -1);
}

/** After a bulk load: merge FTS5 segments / refresh planner statistics. */
export async function optimizeSearchIndex(db: Queryable, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') await sql`insert into search_fts(search_fts) values ('optimize')`.execute(db);
  else await sql`analyze search_documents`.execute(db);
}
