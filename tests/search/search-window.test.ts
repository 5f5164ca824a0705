import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve.js';
import { SearchService } from '../../src/search/search.service.js';
import type { SearchParams, SearchScope } from '../../src/search/search.service.js';
import { databaseTargets } from '../setup/test-databases.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { api, createAccountWithToken, startTestServer } from '../setup/test-server.js';

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ text }] });

/**
 * Filters apply before the recency window (decision 007): with windows of 20 text / 5 headline matches and 54 newer
 * matches, the few old articles a filter asks for must still be found — all of them, and nothing else.
 */
describe.each(databaseTargets)('search filters inside the recency window on $name', (target) => {
  let db: TestDatabase;
  let server: RunningServer;
  let narrow: SearchService;
  let contributorId: number;
  let editorToken: string;
  const old: Record<string, number[]> = { local: [], january: [], byLee: [], contributor: [] };
  const newest: { en: number[]; ko: number[] } = { en: [], ko: [] };

  beforeAll(async () => {
    db = await target.create();
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
    const base = server.url;
    await server.services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    await server.services.taxonomy.createSection({ slug: 'local', nameKo: '지역', nameEn: 'Local', position: 1 });
    await server.services.authors.createAuthor({ slug: 'lee-reporter', nameKo: '이기자', nameEn: 'Lee', email: 'lee@example.com' });
    const editor = (editorToken = (await createAccountWithToken(server.services, 'editor')).token);
    const contributor = await createAccountWithToken(server.services, 'contributor');
    contributorId = contributor.account.id;
    const create = async (fields: Record<string, unknown>, { publish = true, token = editor } = {}) => {
      const created = await api<{ id: number }>(base, '/api/admin/articles', { token, json: { section: 'world', language: 'ko', dek: '', ...fields } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      if (publish) expect((await api(base, `/api/admin/articles/${created.body.id}/publish`, { token: editor, json: {} })).status).toBe(200);
      return created.body.id;
    };
    // The old ones first (lower ids: the window counts ids).
    for (const n of [1, 2]) old.local!.push(await create({ section: 'local', headline: `지역 소식 ${n}`, body: [paragraph('북한 관련 지역 행사가 열렸다.')] }));
    for (const n of [1, 2]) old.january!.push(await create({ headline: `1월 기사 ${n}`, body: [paragraph('북한 관련 1월 기사.')] }));
    const lee = [{ name: 'Lee', role: 'reporter', authorSlug: 'lee-reporter' }];
    old.byLee!.push(await create({ headline: '이기자 기사', credits: lee, body: [paragraph('북한 관련 취재.')] }));
    old.byLee!.push(await create({ language: 'en', headline: 'Report by Lee', credits: lee, body: [paragraph('A note on 북한 policy.')] }));
    old.contributor!.push(await create({ headline: '기고 초안', body: [paragraph('북한 관련 기고.')] }, { publish: false, token: contributor.token }));
    // January 2024, by publication date.
    const { database, search } = server.services;
    for (const [i, id] of old.january!.entries()) await database.db.updateTable('articles').set({ published_at: `2024-01-${10 + i * 10}T03:00:00.000Z` }).where('id', '=', id).execute();
    await database.db.transaction().execute((tx) => search.indexArticles(tx, old.january!));
    for (let n = 0; n < 54; n++) {
      const en = n % 18 === 17;
      const id = await create(en ? { language: 'en', headline: `Seoul note ${n}`, body: [paragraph(`Talks on 북한 continue, day ${n}.`)] } : { headline: `북한 소식 ${n}`, body: [paragraph(`북한 관련 새 기사 ${n}.`)] });
      newest[en ? 'en' : 'ko'].push(id);
    }
    narrow = new SearchService(database, { recencyWindow: 20, headlineWindow: 5 });
  });

  afterAll(async () => {
    await server?.close();
    await db?.cleanup();
  });

  const run = (params: Partial<SearchParams>, scope: SearchScope = { kind: 'public' }) => narrow.search({ q: '북한', page: 1, pageSize: 100, ...params }, scope);
  const ids = async (params: Partial<SearchParams>, scope?: SearchScope) => (await run(params, scope)).results.map((r) => r.id).sort((a, b) => a - b);

  it('without filters ranks only the window, so the old articles are out of reach and the total says “N+”', async () => {
    const all = await run({});
    expect(all.totalIsLowerBound).toBe(true);
    expect(all.results.length).toBeLessThanOrEqual(25);
    for (const id of Object.values(old).flat()) expect(all.results.map((r) => r.id)).not.toContain(id);
  });

  it('finds exactly the old articles of a section, a date range, an author', async () => {
    const local = await run({ section: 'local' });
    expect(local.results.map((r) => r.id).sort((a, b) => a - b)).toEqual(old.local);
    expect(local.total).toBe(2);
    expect(local.totalIsLowerBound).toBe(false);
    // Each facet ignores its own filter: the other section is still counted (within its own window).
    expect(local.facets.section.find((f) => f.value === 'local')?.count).toBe(2);
    expect(local.facets.section.find((f) => f.value === 'world')?.count).toBeGreaterThan(0);
    expect(await ids({ from: '2024-01-01', to: '2024-01-31' })).toEqual(old.january);
    expect((await run({ from: '2024-01-01', to: '2024-01-31' })).facets.month).toEqual([{ value: '2024-01', count: 2 }]);
    expect(await ids({ author: 'lee-reporter' })).toEqual(old.byLee);
    expect(await ids({ author: 'lee-reporter', lang: 'en' })).toEqual([old.byLee![1]]);
  });

  it('finds every article of a language, and both languages when none is asked for', async () => {
    expect(await ids({ lang: 'en' })).toEqual([old.byLee![1], ...newest.en]);
    const all = await run({});
    expect(all.facets.language.map((f) => f.value).sort()).toEqual(['en', 'ko']);
    expect(new Set(all.results.map((r) => r.language))).toEqual(new Set(['en', 'ko']));
  });

  it('counts months and from/to days on the site calendar (SITE_TIMEZONE), not in UTC', async () => {
    const { database, search, config } = server.services;
    expect(config.siteTimezone).toBe('America/Los_Angeles');
    const id = await createZoned();
    const zoned = (params: Partial<SearchParams>) => search.search({ q: '시간대', page: 1, pageSize: 5, ...params }, { kind: 'public' });
    // 2025-03-01 05:00 UTC is the evening of February 28 in Los Angeles.
    expect((await zoned({})).facets.month).toEqual([{ value: '2025-02', count: 1 }]);
    expect((await zoned({ from: '2025-02-28', to: '2025-02-28' })).results.map((r) => r.id)).toEqual([id]);
    expect((await zoned({ from: '2025-03-01', to: '2025-03-01' })).total).toBe(0);

    async function createZoned() {
      const created = await api<{ id: number }>(server.url, '/api/admin/articles', { token: editorToken, json: { section: 'world', language: 'ko', dek: '', headline: '시간대 기사', body: [paragraph('본문')] } });
      expect((await api(server.url, `/api/admin/articles/${created.body.id}/publish`, { token: editorToken, json: {} })).status).toBe(200);
      await database.db.updateTable('articles').set({ published_at: '2025-03-01T05:00:00.000Z' }).where('id', '=', created.body.id).execute();
      await database.db.transaction().execute((tx) => search.indexArticles(tx, [created.body.id]));
      return created.body.id;
    }
  });

  it('applies the contributor scope and visibility before the window', async () => {
    expect(await ids({}, { kind: 'newsroom', onlyCreatedBy: contributorId })).toEqual(old.contributor);
    expect(await ids({ section: 'local' }, { kind: 'newsroom' })).toEqual(old.local);
  });
});
