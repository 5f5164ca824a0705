import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve.js';
import { databaseTargets } from '../setup/test-databases.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { localDay } from '../../src/newsletters/local-time.js';
import { SearchService } from '../../src/search/search.service.js';
import { api, createAccountWithToken, startTestServer } from '../setup/test-server.js';

interface Hit {
  id: number;
  headline: string;
  headlineHtml: string;
  url: string;
  snippet: string;
  language: string;
}
interface SearchBody {
  results: Hit[];
  total: number;
  totalIsLowerBound: boolean;
  facets: { language: { value: string; count: number }[]; section: { value: string; count: number }[]; month: { value: string; count: number }[] };
}

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ text }] });

describe.each(databaseTargets)('search on $name', (target) => {
  let db: TestDatabase;
  let server: RunningServer;
  let base: string;
  let editor: string;
  const ids: Record<string, number> = {};

  const create = async (key: string, fields: Record<string, unknown>, publish = true) => {
    const created = await api<{ id: number }>(base, '/api/admin/articles', { token: editor, json: { section: 'world', dek: '', ...fields } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ids[key] = created.body.id;
    if (publish) expect((await api(base, `/api/admin/articles/${created.body.id}/publish`, { token: editor, json: {} })).status).toBe(200);
    return created.body.id;
  };
  const search = async (q: string, extra = "") => {
    const response = await api<SearchBody>(base, `/api/content/search?q=${encodeURIComponent(q)}${extra}`);
    if (response.status !== 200) throw new Error(`${q}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const found = async (q: string, extra = '') => (await search(q, extra)).results.map((r) => r.id);

  beforeAll(async () => {
    db = await target.create();
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
    base = server.url;
    await server.services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    await server.services.taxonomy.createSection({ slug: 'community', nameKo: '한인사회', nameEn: 'Community', position: 1 });
    editor = (await createAccountWithToken(server.services, 'editor')).token;
    await create('army', { language: 'ko', headline: '북한군 포로 2명 한국행 희망', body: [paragraph('우크라이나에서 붙잡힌 북한군은 한국행을 원한다고 밝혔다.')] });
    await create('nk', { language: 'ko', headline: '북한, 미사일 발사', body: [paragraph('합동참모본부는 북한이 동해상으로 탄도미사일을 발사했다고 밝혔다.')] });
    await create('community', { language: 'ko', section: 'community', headline: 'LA 한인 커뮤니티 축제 개막', body: [paragraph('로스앤젤레스 한인타운에서 추석 축제가 열렸다. 대통령 선거 이야기도 나왔다.')] });
    await create('nuke', { language: 'ko', headline: '핵 협상 재개될까', body: [paragraph('전문가들은 협상 전망을 엇갈리게 본다.')] });
    await create('elections', { language: 'en', headline: 'Elections in Seoul draw record turnout', body: [paragraph('Voters elected a new mayor as the city counted ballots late into the night.')] });
    await create('trade', { language: 'en', headline: 'Trade talks stall', body: [paragraph('North Korea was not on the agenda, officials said, but <script> tags were.')] });
    await create('draft', { language: 'ko', headline: '북한 초안 기사', body: [paragraph('아직 출고되지 않은 북한 기사')] }, false);
    await create('embargoed', { language: 'ko', headline: '북한 엠바고 기사', embargoUntil: new Date(Date.now() + 86_400_000).toISOString(), body: [paragraph('엠바고가 걸린 북한 기사')] });
    await server.services.authors.createAuthor({ slug: 'kim-reporter', nameKo: '김기자', nameEn: 'Min Kim', email: 'kim@example.com' });
    const byKim = [{ name: 'Min Kim', role: 'reporter', authorSlug: 'kim-reporter' }];
    await create('typhoonByKim', { language: 'ko', headline: '태풍 피해 복구 시작', credits: byKim, body: [paragraph('태풍이 지나간 해안 마을에서 복구가 시작됐다.')] });
    await create('typhoonNamedKim', { language: 'ko', headline: '태풍 경보 해제', credits: [{ name: 'Min Kim', role: 'reporter' }], body: [paragraph('기상청은 태풍 경보를 해제했다.')] });
    await create('typhoonDraftByKim', { language: 'ko', headline: '태풍 초안', credits: byKim, body: [paragraph('아직 출고되지 않은 태풍 기사')] }, false);
    await create('tradeByKim', { language: 'en', headline: 'Typhoon hits ports', credits: byKim, body: [paragraph('Shipping stopped for a day.')] });
    await create('toUnpublish', { language: 'ko', headline: '북한 철회될 기사', body: [paragraph('곧 게시 취소될 북한 기사')] });
  });

  afterAll(async () => {
    await server?.close();
    await db?.cleanup();
  });

  it('finds 2-syllable Korean words anywhere in a word (북한, 포로, 한인), headline matches first', async () => {
    const nk = await found('북한');
    expect(nk).toEqual(expect.arrayContaining([ids.army, ids.nk, ids.toUnpublish]));
    expect(await found('포로')).toEqual([ids.army]);
    expect(await found('한인')).toEqual([ids.community]);
  });

  it('strips particles from the query (북한군이 finds 북한군) and finds 1- and 3+-syllable words', async () => {
    expect(await found('북한군이')).toEqual([ids.army]);
    expect(await found('한국행을')).toEqual([ids.army]);
    expect(await found('핵')).toEqual([ids.nuke]);
    expect(await found('로스앤젤레스')).toEqual([ids.community]);
    expect(await found('대통령')).toEqual([ids.community]);
  });

  it('stems English, matches quoted phrases, excludes -terms, mixes Korean and English', async () => {
    expect(await found('election')).toEqual([ids.elections]);
    expect(await found('elects')).toEqual([ids.elections]);
    expect(await found('"north korea"')).toEqual([ids.trade]);
    expect(await found('"korea north"')).toEqual([]);
    expect(await found('북한 -미사일')).not.toContain(ids.nk);
    expect(await found('북한 -미사일')).toContain(ids.army);
    expect(await found('LA 한인')).toEqual([ids.community]);
    // An exclusion found only in the body still removes a headline match.
    expect(await found('북한군 -우크라이나')).toEqual([]);
  });

  it('accepts NFD input (macOS) like NFC', async () => {
    expect(await found('북한군'.normalize('NFD'))).toEqual([ids.army]);
  });

  it('highlights matches in an escaped snippet and headline', async () => {
    const body = await search('north');
    expect(body.results[0]?.snippet).toContain('<mark>North</mark>');
    expect(body.results[0]?.snippet).toContain('&lt;script&gt;');
    expect(body.results[0]?.snippet).not.toContain('<script>');
    const ko = await search('포로');
    expect(ko.results[0]?.headlineHtml).toBe('북한군 <mark>포로</mark> 2명 한국행 희망');
    expect(ko.results[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ko\/world\/\d+-/);
  });

  it('filters and counts by language, section and date', async () => {
    const all = await search('북한');
    expect(all.facets.language).toEqual([{ value: 'ko', count: 3 }]);
    expect(all.total).toBe(3);
    expect(all.totalIsLowerBound).toBe(false);
    const both = await search('축제 OR');
    expect(both.total).toBe(0);
    const community = await search('한인', '&section=community');
    expect(community.total).toBe(1);
    expect((await search('한인', '&section=world')).total).toBe(0);
    expect((await search('trade', '&lang=ko')).total).toBe(0);
    expect((await search('trade', '&lang=en')).total).toBe(1);
    // Days and months on the site's calendar (SITE_TIMEZONE).
    const today = localDay(new Date(), server.services.config.siteTimezone);
    expect((await search('trade', `&from=${today}&to=${today}`)).total).toBe(1);
    expect((await search('trade', '&to=2001-01-01')).total).toBe(0);
    expect((await search('한인', '&section=world')).facets.section).toEqual([{ value: 'community', count: 1 }]);
    expect(all.facets.month[0]?.value).toBe(today.slice(0, 7));
  });

  it('filters by author (the profile credited, not a name alone), with total and facets', async () => {
    expect((await found('태풍')).sort()).toEqual([ids.typhoonByKim, ids.typhoonNamedKim].sort());
    const byKim = await search('태풍', '&author=kim-reporter');
    expect(byKim.results.map((r) => r.id)).toEqual([ids.typhoonByKim]);
    expect(byKim.total).toBe(1);
    expect(byKim.facets.language).toEqual([{ value: 'ko', count: 1 }]);
    // Other filters still apply, and a draft by the author stays hidden from readers.
    expect((await search('태풍', '&author=kim-reporter&lang=en')).total).toBe(0);
    expect(await found('typhoon', '&author=kim-reporter')).toEqual([ids.tradeByKim]);
    expect((await search('태풍', '&author=nobody')).total).toBe(0);
    const newsroom = await api<SearchBody>(base, `/api/admin/search?q=${encodeURIComponent('태풍')}&author=kim-reporter`, { token: editor });
    expect(newsroom.body.results.map((r) => r.id).sort()).toEqual([ids.typhoonByKim, ids.typhoonDraftByKim].sort());
  });

  it('ranks equally relevant headline matches by publication date, not by id', async () => {
    const older = await create('quakeOld', { language: 'ko', headline: '지진 대비 훈련', body: [paragraph('학교에서 훈련이 열렸다.')] });
    const newer = await create('quakeNew', { language: 'ko', headline: '지진 대비 점검', body: [paragraph('시청이 점검에 나섰다.')] });
    // The later article (higher id) was published 20 days ago; the earlier one now.
    const { db } = server.services.database;
    await db.updateTable('articles').set({ published_at: new Date(Date.now() - 20 * 86_400_000).toISOString() }).where('id', '=', newer).execute();
    await db.transaction().execute((tx) => server.services.search.indexArticles(tx, [newer]));
    expect(await found('지진')).toEqual([older, newer]);
  });

  it('ranks and counts within the recency window, and says when a query matches more (“N+”)', async () => {
    // Windows of 1: the newest match a reader may see (the newer draft takes no place) of the text and of the headlines.
    const narrow = new SearchService(server.services.database, { recencyWindow: 1, headlineWindow: 1 });
    const result = await narrow.search({ q: '태풍', page: 1, pageSize: 10 }, { kind: 'public' });
    expect(result.results.map((r) => r.id)).toEqual([ids.typhoonNamedKim]);
    expect(result.total).toBe(1);
    expect(result.totalIsLowerBound).toBe(true);
    expect(result.facets.language).toEqual([{ value: 'ko', count: 1 }]);
    // The real windows hold every match here: no “+”.
    const page = await api<string>(base, `/ko/search?q=${encodeURIComponent('태풍')}`);
    expect(page.body).toContain('검색 결과 2건');
  });

  it('suggests headlines from initial consonants (ㅂㅎ) and from the words typed so far', async () => {
    const choseong = await api<{ suggestions: { headline: string; url: string }[] }>(base, `/api/content/search/suggest?q=${encodeURIComponent('ㅂㅎ')}`);
    expect(choseong.status).toBe(200);
    expect(choseong.body.suggestions.map((s) => s.headline).sort()).toEqual(['북한 철회될 기사', '북한, 미사일 발사', '북한군 포로 2명 한국행 희망'].sort());
    const typed = await api<{ suggestions: { headline: string }[] }>(base, `/api/content/search/suggest?q=${encodeURIComponent('Electi')}`);
    expect(typed.body.suggestions.map((s) => s.headline)).toEqual(['Elections in Seoul draw record turnout']);
  });

  it('never shows a draft, an embargoed or an unpublished article to readers; the newsroom sees drafts', async () => {
    const publicIds = await found('북한');
    expect(publicIds).not.toContain(ids.draft);
    expect(publicIds).not.toContain(ids.embargoed);
    const newsroom = await api<SearchBody>(base, `/api/admin/search?q=${encodeURIComponent('북한')}`, { token: editor });
    expect(newsroom.status).toBe(200);
    expect(newsroom.body.results.map((r) => r.id)).toEqual(expect.arrayContaining([ids.draft, ids.embargoed]));
    expect((await api(base, `/api/admin/search?q=x`)).status).toBe(401);

    expect((await api(base, `/api/admin/articles/${ids.toUnpublish}/unpublish`, { token: editor, json: {} })).status).toBe(200);
    expect(await found('북한')).not.toContain(ids.toUnpublish);
    expect(await found('철회')).toEqual([]);
  });

  it('answers a clear 400 for an empty query or exclusions alone', async () => {
    const empty = await api<{ code: string }>(base, '/api/content/search?q=');
    expect(empty.status).toBe(400);
    const onlyExclusion = await api<{ detail: string }>(base, `/api/content/search?q=${encodeURIComponent('-북한')}`);
    expect(onlyExclusion.status).toBe(400);
    expect(onlyExclusion.body.detail).toMatch(/at least one word/);
    expect((await api(base, '/api/content/search?q=a&from=2020-13-01')).status).toBe(400);
  });
});
