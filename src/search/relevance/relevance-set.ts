import type { Database } from '../../db/database.js';
import type { SearchService } from '../search.service.js';

/**
 * The judged relevance set (issue 5): a deterministic generated corpus and ≥60 Korean + ≥40 English queries, each
 * with the rule that makes an article relevant written beside it. It lives in src/ so that the suite
 * (tests/search/relevance.test.ts) and the script (bench/search-relevance.mjs, on the built dist/) share it.
 *
 * The rule is the same for every query — "the article is about X" is modelled as "X is in the headline" — and is
 * evaluated on the generated text by the `relevant` function written with each query, never by the search engine.
 * Every query term also occurs in the body of ≥50 articles that are not about it (they only mention it), so a query
 * scores well only when ranking puts the articles about the term above the ones that merely mention it.
 */

export interface JudgedQuery {
  language: 'ko' | 'en';
  /** What the reader types. */
  query: string;
  /** The relevance rule, in words. */
  rule: string;
  /** The relevance rule, as code over the article headline. */
  relevant: (headline: string) => boolean;
  /** Words placed in relevant headlines (one is picked per article; Korean gets a particle). */
  headlineForms: string[];
  /** Words mentioned in the body of non-relevant articles (all of them, so the query matches the article). */
  mentions: string[];
}

const has = (...needles: string[]) => (headline: string) => needles.every((n) => headline.includes(n));
const word = (pattern: string) => {
  const re = new RegExp(`\\b(?:${pattern})\\b`, 'i');
  return (headline: string) => re.test(headline);
};

const ko = (query: string, term: string, forms: string[] = [term], mentions: string[] = [term]): JudgedQuery => ({
  language: 'ko',
  query,
  rule: `relevant ⇔ the headline contains “${term}”`,
  relevant: has(term),
  headlineForms: forms,
  mentions,
});
const koAll = (query: string, terms: string[]): JudgedQuery => ({
  language: 'ko',
  query,
  rule: `relevant ⇔ the headline contains ${terms.map((t) => `“${t}”`).join(' and ')}`,
  relevant: has(...terms),
  headlineForms: [terms.join(' ')],
  mentions: terms,
});
const en = (query: string, pattern: string, forms: string[], mentions: string[] = [forms[0]!]): JudgedQuery => ({
  language: 'en',
  query,
  rule: `relevant ⇔ the headline contains a word matching /\\b(${pattern})\\b/i`,
  relevant: word(pattern),
  headlineForms: forms,
  mentions,
});

export const JUDGED_QUERIES: JudgedQuery[] = [
  // Korean, 2 syllables (the most common length)
  ko('북한', '북한'), ko('포로', '포로'), ko('한인', '한인'), ko('국회', '국회'), ko('선거', '선거'), ko('경제', '경제'),
  ko('금리', '금리'), ko('물가', '물가'), ko('환율', '환율'), ko('주택', '주택'), ko('교육', '교육'), ko('의료', '의료'),
  ko('태풍', '태풍'), ko('지진', '지진'), ko('화재', '화재'), ko('축제', '축제'), ko('영화', '영화'), ko('야구', '야구'),
  ko('축구', '축구'), ko('대학', '대학'), ko('병원', '병원'), ko('공항', '공항'), ko('관세', '관세'), ko('수출', '수출'),
  ko('우주', '우주'), ko('기후', '기후'), ko('청년', '청년'), ko('이민', '이민'), ko('비자', '비자'), ko('경찰', '경찰'),
  ko('검찰', '검찰'), ko('법원', '법원'), ko('예산', '예산'), ko('세금', '세금'), ko('연금', '연금'), ko('백신', '백신'),
  ko('마약', '마약'), ko('한류', '한류'), ko('김치', '김치'),
  // Korean, 1 syllable
  ko('핵', '핵'), ko('쌀', '쌀'), ko('빚', '빚'),
  // Korean, 3+ syllables, compounds written without spaces
  ko('대통령', '대통령'), ko('로스앤젤레스', '로스앤젤레스'), ko('민주당', '민주당'), ko('공화당', '공화당'), ko('부동산', '부동산'),
  ko('반도체', '반도체'), ko('전기차', '전기차'), ko('인공지능', '인공지능'), ko('올림픽', '올림픽'), ko('캘리포니아', '캘리포니아'),
  ko('지하철', '지하철'), ko('부동산시장', '부동산시장'),
  // Korean, the query carries a particle; headlines carry other particles
  ko('북한군이', '북한군', ['북한군은', '북한군을', '북한군의'], ['북한군']),
  ko('총격이', '총격', ['총격은', '총격으로', '총격에'], ['총격']),
  ko('한인회가', '한인회', ['한인회는', '한인회와', '한인회에서'], ['한인회']),
  ko('영사관에서', '영사관', ['영사관이', '영사관을'], ['영사관']),
  ko('노숙자를', '노숙자', ['노숙자들이', '노숙자에게'], ['노숙자']),
  // Korean, two words (both must be there)
  koAll('북한 미사일', ['북한', '미사일']), koAll('한인 교회', ['한인', '교회']), koAll('금리 인상', ['금리', '인상']),
  // English, with stemming: the query form differs from the headline forms
  en('elections', 'elections?|elected', ['election', 'elections', 'elected']),
  en('trade', 'trade|trades|trading', ['trade', 'trading', 'trades']),
  en('immigration', 'immigration', ['immigration']),
  en('housing', 'housing', ['housing']),
  en('wildfires', 'wildfires?', ['wildfire', 'wildfires']),
  en('earthquake', 'earthquakes?', ['earthquake', 'earthquakes']),
  en('vaccines', 'vaccines?', ['vaccine', 'vaccines']),
  en('tariff', 'tariffs?', ['tariffs', 'tariff']),
  en('inflation', 'inflation', ['inflation']),
  en('mayor', 'mayors?', ['mayor', 'mayors']),
  en('senators', 'senators?', ['senator', 'senators']),
  en('court', 'courts?', ['court', 'courts']),
  en('budget', 'budgets?', ['budget', 'budgets']),
  en('taxes', 'tax|taxes', ['tax', 'taxes']),
  en('hospitals', 'hospitals?', ['hospital', 'hospitals']),
  en('airport', 'airports?', ['airport', 'airports']),
  en('subway', 'subways?', ['subway']),
  en('festival', 'festivals?', ['festival', 'festivals']),
  en('concerts', 'concerts?', ['concert', 'concerts']),
  en('baseball', 'baseball', ['baseball']),
  en('soccer', 'soccer', ['soccer']),
  en('university', 'university|universities', ['university', 'universities']),
  en('students', 'students?', ['student', 'students']),
  en('police', 'police', ['police']),
  en('shooting', 'shootings?', ['shooting', 'shootings']),
  en('drought', 'droughts?', ['drought']),
  en('climate', 'climate', ['climate']),
  en('batteries', 'battery|batteries', ['battery', 'batteries']),
  en('semiconductors', 'semiconductors?', ['semiconductor', 'semiconductors']),
  en('startups', 'startups?', ['startup', 'startups']),
  en('rent', 'rent|rents', ['rent', 'rents']),
  en('homelessness', 'homelessness', ['homelessness']),
  en('visas', 'visas?', ['visa', 'visas']),
  en('consulate', 'consulates?', ['consulate']),
  en('museums', 'museums?', ['museum', 'museums']),
  en('libraries', 'library|libraries', ['library', 'libraries']),
  en('restaurants', 'restaurants?', ['restaurant', 'restaurants']),
  en('veterans', 'veterans?', ['veteran', 'veterans']),
  en('teachers', 'teachers?', ['teacher', 'teachers']),
  en('"north korea"', 'north korea', ['North Korea'], ['North Korea']),
  en('"heat wave"', 'heat waves?', ['heat wave'], ['heat wave']),
  en('trade talks', 'trade talks', ['trade talks'], ['trade', 'talks']),
  // Mixed Korean and English in one query, judged on Korean headlines
  { language: 'ko', query: 'LA 한인', rule: 'relevant ⇔ the headline contains “LA” and “한인”', relevant: (h) => /\bLA\b/.test(h) && h.includes('한인'), headlineForms: ['LA 한인'], mentions: ['LA', '한인'] },
];

/** Words that carry no query term (checked by the test: no judged query matches them). */
const KO_FILLER = ['오늘', '시민', '관계자', '발표', '계획', '지역', '주민', '행사', '소식', '현장', '이번', '결과', '상황', '방안', '논의', '전망', '참석', '설명', '강조', '준비'];
const KO_VERBS = ['밝혔다', '전했다', '말했다', '나섰다', '예정이다', '알려졌다'];
const KO_PARTICLES = ['', '은', '이', '을', '의', '에', '도'];
const EN_FILLER = ['officials', 'residents', 'community', 'plan', 'meeting', 'city', 'county', 'report', 'week', 'statement', 'local', 'group', 'leaders', 'update', 'review', 'morning', 'members', 'board', 'program', 'details'];
const EN_VERBS = ['said', 'announced', 'reported', 'discussed', 'noted', 'expects'];

/** mulberry32: a tiny seeded PRNG, so the corpus is the same on every run and every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CorpusArticle {
  language: 'ko' | 'en';
  headline: string;
  body: string;
  /** Seconds since the epoch. */
  publishedEpoch: number;
}

/**
 * `size` articles: for every query 3–6 articles about it (term in the headline), and the rest filler whose bodies
 * mention three query terms each in passing (so each term is in ≥50 articles not about it; the test checks).
 * Dates spread over two years, in random order, so recency does not line up with relevance.
 */
export function generateCorpus(size: number, seed = 20261126, queries: JudgedQuery[] = JUDGED_QUERIES, now = Date.UTC(2026, 10, 1) / 1000): CorpusArticle[] {
  const rand = random(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]!;
  const sentence = (language: 'ko' | 'en', extra: string[] = []) => {
    const words = language === 'ko' ? [pick(KO_FILLER), pick(KO_FILLER), pick(KO_FILLER)] : [pick(EN_FILLER), pick(EN_FILLER), pick(EN_FILLER)];
    for (const e of extra) words.splice(Math.floor(rand() * (words.length + 1)), 0, language === 'ko' ? `${e}${pick(KO_PARTICLES)}` : e);
    return language === 'ko' ? `${words.join(' ')} ${pick(KO_VERBS)}.` : `${words.join(' ')} ${pick(EN_VERBS)}.`;
  };
  const body = (language: 'ko' | 'en', mentions: string[]) => [sentence(language), sentence(language, mentions), sentence(language), sentence(language)].join(' ');
  const articles: CorpusArticle[] = [];
  const date = () => Math.floor(now - rand() * 730 * 86_400);
  queries.forEach((q) => {
    const count = 3 + Math.floor(rand() * 4);
    for (let i = 0; i < count; i++) {
      const form = pick(q.headlineForms);
      const subject = q.language === 'ko' && !/[a-z]/i.test(form) && !form.includes(' ') ? `${form}${pick(KO_PARTICLES)}` : form;
      const headline = q.language === 'ko' ? `${pick(KO_FILLER)} ${subject} ${pick(KO_FILLER)} ${pick(KO_VERBS)}` : `${pick(EN_FILLER)} ${subject} ${pick(EN_FILLER)} ${pick(EN_VERBS)}`;
      articles.push({ language: q.language, headline, body: body(q.language, q.mentions.slice(0, 1)), publishedEpoch: date() });
    }
  });
  const byLanguage = { ko: queries.filter((q) => q.language === 'ko'), en: queries.filter((q) => q.language === 'en') };
  for (let j = 0; articles.length < size; j++) {
    const language = j % 10 < 6 ? 'ko' : 'en';
    const list = byLanguage[language];
    const mentioned = [list[j % list.length]!, list[(j * 7 + 3) % list.length]!, list[(j * 13 + 5) % list.length]!].flatMap((q) => q.mentions);
    const headline = language === 'ko' ? `${pick(KO_FILLER)} ${pick(KO_FILLER)} ${pick(KO_VERBS)}` : `${pick(EN_FILLER)} ${pick(EN_FILLER)} ${pick(EN_VERBS)}`;
    articles.push({ language, headline, body: body(language, mentioned), publishedEpoch: date() });
  }
  // Shuffle (Fisher–Yates) so ids, and with them the recency window, do not group relevant articles together.
  for (let i = articles.length - 1; i > 0; i--) {
    const k = Math.floor(rand() * (i + 1));
    [articles[i], articles[k]] = [articles[k]!, articles[i]!];
  }
  return articles;
}

/**
 * Writes the corpus straight into `articles` and the search index (no HTTP, no events): ids follow array order.
 * Needs an empty database with the migrations applied, used for nothing else (explicit ids leave PostgreSQL's
 * identity sequence behind).
 */
export async function loadCorpus(database: Database, search: SearchService, corpus: CorpusArticle[], onProgress: (done: number, total: number) => void = () => undefined): Promise<void> {
  const { db } = database;
  const now = new Date().toISOString();
  const section = await db.insertInto('sections').values({ slug: 'news', name_ko: '뉴스', name_en: 'News', parent_id: null, position: 0, created_at: now }).returning('id').executeTakeFirstOrThrow();
  const batch = 500;
  for (let start = 0; start < corpus.length; start += batch) {
    await db.transaction().execute(async (tx) => {
      const slice = corpus.slice(start, start + batch);
      const rows = slice.map((a, i) => {
        const at = new Date(a.publishedEpoch * 1000).toISOString();
        return {
          id: start + i + 1,
          slug: `a-${start + i + 1}`,
          language: a.language,
          translation_group: `g-${start + i + 1}`,
          type: 'news',
          headline: a.headline,
          dek: '',
          body: JSON.stringify([{ type: 'paragraph', content: [{ text: a.body }] }]),
          section_id: section.id,
          dateline: '',
          status: 'published',
          breaking: 0,
          featured_media_id: null,
          seo_title: '',
          seo_description: '',
          source_name: null,
          source_url: null,
          revision: 1,
          created_by: null,
          created_at: at,
          updated_at: at,
          first_published_at: at,
          published_at: at,
          content_updated_at: null,
          scheduled_at: null,
          embargo_until: null,
        };
      });
      for (let i = 0; i < rows.length; i += 100) await tx.insertInto('articles').values(rows.slice(i, i + 100) as never).execute();
      await search.insertDocuments(
        tx,
        slice.map((a, i) => ({ articleId: start + i + 1, language: a.language, headline: a.headline, text: a.body, sortAt: new Date(a.publishedEpoch * 1000).toISOString() })),
      );
    });
    onProgress(Math.min(corpus.length, start + batch), corpus.length);
  }
}

export interface LanguageScore {
  queries: number;
  recallAt10: number;
  mrr: number;
  /** Queries below perfect recall, for the report. */
  misses: { query: string; recall: number; rank: number | null }[];
}

/** recall@10 = |relevant ∩ top 10| / min(10, |relevant|); MRR = mean of 1 / rank of the first relevant result. */
export async function evaluate(search: SearchService, corpus: CorpusArticle[], queries: JudgedQuery[] = JUDGED_QUERIES, now = new Date(Date.UTC(2026, 10, 1))): Promise<Record<'ko' | 'en', LanguageScore>> {
  const result = { ko: { queries: 0, recallAt10: 0, mrr: 0, misses: [] }, en: { queries: 0, recallAt10: 0, mrr: 0, misses: [] } } as Record<'ko' | 'en', LanguageScore>;
  for (const q of queries) {
    const relevant = new Set(corpus.flatMap((a, i) => (q.relevant(a.headline) ? [i + 1] : [])));
    const { results } = await search.search({ q: q.query, page: 1, pageSize: 10 }, { kind: 'public', now });
    const ids = results.map((r) => r.id);
    const found = ids.filter((id) => relevant.has(id)).length;
    const recall = relevant.size ? found / Math.min(10, relevant.size) : 1;
    const firstRank = ids.findIndex((id) => relevant.has(id));
    const score = result[q.language];
    score.queries++;
    score.recallAt10 += recall;
    score.mrr += firstRank === -1 ? 0 : 1 / (firstRank + 1);
    if (recall < 1) score.misses.push({ query: q.query, recall, rank: firstRank === -1 ? null : firstRank + 1 });
  }
  for (const score of Object.values(result)) {
    score.recallAt10 /= score.queries || 1;
    score.mrr /= score.queries || 1;
  }
  return result;
}
