import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve.js';
import { databaseTargets } from '../setup/test-databases.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { api, createAccountWithToken, startTestServer } from '../setup/test-server.js';

interface ArticleBody {
  id: number;
  revision: number;
  status: string;
  language: string;
  headline: string;
  dek: string;
  section: string;
  tags: string[];
  credits: { name: string; role: string; authorSlug: string | null }[];
  body: unknown[];
  slug: string;
  translationGroup: string;
  translations: { id: number; language: string; status: string }[];
  embargoUntil: string | null;
  unpublishAt: string | null;
}
interface Revision {
  revision: number;
  createdBy: number;
  createdByName: string | null;
  snapshot: { headline: string; body: unknown[] };
}
type Audit = { entries: { action: string; accountId: number; details: Record<string, unknown> }[] };

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ text }] });

/** The editor's history and translation routes (restore a revision, create the other-language version). */
describe.each(databaseTargets)('editor Admin API on $name', (target) => {
  let db: TestDatabase;
  let server: RunningServer;
  let base: string;
  let editor: { token: string; id: number };
  let contributor: { token: string; id: number };

  const account = async (role: 'editor' | 'contributor', name: string) => {
    const made = await createAccountWithToken(server.services, role);
    await server.services.accounts.updateAccount(made.account.id, { name });
    return { token: made.token, id: made.account.id };
  };
  const patch = (token: string, id: number, json: Record<string, unknown>) => api<ArticleBody>(base, `/api/admin/articles/${id}`, { method: 'PATCH', token, json });

  beforeAll(async () => {
    db = await target.create();
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
    base = server.url;
    await server.services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    await server.services.taxonomy.createSection({ slug: 'economy', nameKo: '경제', nameEn: 'Economy' });
    editor = await account('editor', '박편집');
    contributor = await account('contributor', '김기고');
  });

  afterAll(async () => {
    await server?.close();
    await db?.cleanup();
  });

  it('restores an earlier revision as a new one: history kept, audited, stale or unknown revisions refused', async () => {
    const created = await api<ArticleBody>(base, '/api/admin/articles', { token: editor.token, json: { language: 'ko', headline: '첫 제목', section: 'world', tags: ['서울'], body: [paragraph('첫 문단')] } });
    const r2 = await patch(editor.token, created.body.id, { revision: 1, headline: '둘째 제목', section: 'economy', tags: ['부산'], body: [paragraph('둘째 문단')] });
    expect(r2.body.revision).toBe(2);
    const r3 = await patch(editor.token, created.body.id, { revision: 2, dek: '요약 추가' });
    expect(r3.body.revision).toBe(3);
    const id = created.body.id;

    // Someone saved since you looked: 409, nothing changes.
    const stale = await api(base, `/api/admin/articles/${id}/revisions/1/restore`, { token: editor.token, json: { revision: 2 } });
    expect(stale.status).toBe(409);
    expect((await api(base, `/api/admin/articles/${id}/revisions/9/restore`, { token: editor.token, json: { revision: 3 } })).status).toBe(404);
    expect((await api(base, `/api/admin/articles/${id}/revisions/1/restore`, { token: editor.token, json: {} })).status).toBe(422);
    expect((await api(base, `/api/admin/articles/${id}/revisions/1/restore`, { token: contributor.token, json: { revision: 3 } })).status).toBe(403);
    expect((await api(base, `/api/admin/articles/${id}/revisions/1/restore`, { json: { revision: 3 } })).status).toBe(401);

    const restored = await api<ArticleBody>(base, `/api/admin/articles/${id}/revisions/1/restore`, { token: editor.token, json: { revision: 3 } });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ revision: 4, headline: '첫 제목', dek: '', section: 'world', tags: ['서울'], body: [paragraph('첫 문단')] });

    const history = await api<{ revisions: Revision[] }>(base, `/api/admin/articles/${id}/revisions`, { token: editor.token });
    expect(history.body.revisions.map((r) => r.revision)).toEqual([4, 3, 2, 1]);
    expect(history.body.revisions.map((r) => r.snapshot.headline)).toEqual(['첫 제목', '둘째 제목', '둘째 제목', '첫 제목']);
    expect(history.body.revisions[0]).toMatchObject({ createdBy: editor.id, createdByName: '박편집' });

    const audit = await api<Audit>(base, `/api/admin/articles/${id}/audit`, { token: editor.token });
    expect(audit.body.entries.filter((e) => e.action === 'article.restore')).toEqual([expect.objectContaining({ accountId: editor.id, details: expect.objectContaining({ fromRevision: 1, revision: 4 }) })]);

    // Any revision previews through the reader page's own render function.
    const preview = await api<string>(base, `/api/admin/articles/${id}/preview?revision=2`, { token: editor.token });
    expect(preview.status).toBe(200);
    expect(preview.body).toContain('둘째 제목');
    expect(preview.body).toContain('둘째 문단');

    const openapi = await api<{ paths: Record<string, Record<string, unknown>> }>(base, '/api/openapi.json');
    expect(openapi.body.paths['/api/admin/articles/{id}/revisions/{revision}/restore']?.post).toBeDefined();
    expect(openapi.body.paths['/api/admin/articles/{id}/translations']?.post).toBeDefined();
  });

  it('creates the linked other-language draft with the same section, tags and credits; once per language', async () => {
    const source = await api<ArticleBody>(base, '/api/admin/articles', {
      token: contributor.token,
      json: {
        language: 'ko',
        headline: '한강 다리 야경',
        dek: '서울의 밤',
        section: 'economy',
        tags: ['서울', '야경'],
        credits: [{ name: '김기고', role: 'photographer', organization: '신문' }],
        dateline: '서울',
        body: [paragraph('한강의 밤은 밝다.')],
      },
    });
    expect(source.status).toBe(201);
    const made = await api<ArticleBody>(base, `/api/admin/articles/${source.body.id}/translations`, { token: contributor.token, json: {} });
    expect(made.status).toBe(201);
    expect(made.headers.get('location')).toBe(`/api/admin/articles/${made.body.id}`);
    expect(made.body).toMatchObject({
      language: 'en',
      status: 'draft',
      headline: '한강 다리 야경',
      dek: '서울의 밤',
      section: 'economy',
      tags: ['서울', '야경'],
      credits: [expect.objectContaining({ name: '김기고', role: 'photographer' })],
      body: [paragraph('한강의 밤은 밝다.')],
      translationGroup: source.body.translationGroup,
      translations: [{ id: source.body.id, language: 'ko', status: 'draft' }],
    });
    expect(made.body.slug).not.toBe(source.body.slug);
    const again = await api<ArticleBody>(base, `/api/admin/articles/${source.body.id}`, { token: contributor.token });
    expect(again.body.translations).toEqual([{ id: made.body.id, language: 'en', status: 'draft' }]);

    // One version per language: a second one is a clear 422, and nothing was written.
    const twice = await api<{ errors: { path: string; message: string }[] }>(base, `/api/admin/articles/${source.body.id}/translations`, { token: contributor.token, json: { language: 'en' } });
    expect(twice.status).toBe(422);
    expect(twice.body.errors[0]?.path).toBe('translationOf');
    expect((await api(base, `/api/admin/articles/${source.body.id}/translations`, { token: contributor.token, json: { language: 'ko' } })).status).toBe(422);
    expect((await api(base, `/api/admin/articles/${source.body.id}/translations`, { token: contributor.token, json: { language: 'fr' } })).status).toBe(422);
    const editorsOwn = await api<ArticleBody>(base, '/api/admin/articles', { token: editor.token, json: { language: 'en', headline: 'Desk story', section: 'world' } });
    expect((await api(base, `/api/admin/articles/${editorsOwn.body.id}/translations`, { method: 'POST', token: contributor.token })).status).toBe(403);

    const audit = await api<Audit>(base, `/api/admin/articles/${made.body.id}/audit`, { token: editor.token });
    expect(audit.body.entries.find((e) => e.action === 'article.create')?.details).toMatchObject({ language: 'en', translationOf: source.body.id });
  });

  it('social (OpenGraph) fields: saved, kept in revisions, and used by the reader page\'s share tags over the SEO fields', async () => {
    const png = await sharp({ create: { width: 120, height: 63, channels: 3, background: '#336699' } }).png().toBuffer();
    const image = await server.services.media.createMedia({ bytes: png, originalName: 'card.png' }, { alt: '공유 카드', caption: '카드', credit: '신문' }, editor.id);
    const created = await api<ArticleBody>(base, '/api/admin/articles', { token: editor.token, json: { language: 'ko', headline: '공유 카드 기사', section: 'world', seoTitle: '검색용 제목', seoDescription: '검색용 설명' } });
    const badImage = await api<{ errors: { path: string }[] }>(base, `/api/admin/articles/${created.body.id}`, { method: 'PATCH', token: editor.token, json: { revision: 1, socialImage: 99_999 } });
    expect(badImage.status).toBe(422);
    expect(badImage.body.errors[0]?.path).toBe('socialImage');
    const saved = await patch(editor.token, created.body.id, { revision: 1, socialTitle: '친구에게 보낼 제목', socialDescription: '친구에게 보낼 설명', socialImage: image.id });
    expect(saved.body).toMatchObject({ socialTitle: '친구에게 보낼 제목', socialDescription: '친구에게 보낼 설명', socialImage: image.id });
    const published = await api<ArticleBody & { url: string }>(base, `/api/admin/articles/${created.body.id}/publish`, { token: editor.token, json: { revision: saved.body.revision } });
    const page = await (await fetch(published.body.url)).text();
    expect(page).toContain('<title>검색용 제목 | ');
    expect(page).toContain('<meta name="description" content="검색용 설명">');
    expect(page).toContain('<meta property="og:title" content="친구에게 보낼 제목">');
    expect(page).toContain('<meta property="og:description" content="친구에게 보낼 설명">');
    expect(page).toContain('<meta name="twitter:title" content="친구에게 보낼 제목">');
    expect(page).toMatch(new RegExp(`<meta property="og:image" content="[^"]*/media/${image.id}/`));
    const history = await api<{ revisions: Revision[] }>(base, `/api/admin/articles/${created.body.id}/revisions`, { token: editor.token });
    expect(history.body.revisions[0]?.snapshot).toMatchObject({ socialTitle: '친구에게 보낼 제목', socialImage: image.id });
    // The editor autosaves them with the rest of its fields.
    const autosaved = await api(base, `/api/admin/articles/${created.body.id}/autosave`, {
      method: 'PUT',
      token: editor.token,
      json: { baseRevision: saved.body.revision, draft: { socialTitle: '작업 중인 공유 제목', socialDescription: '', socialImage: null } },
    });
    expect(autosaved.status).toBe(200);
    // Cleared, the share card falls back to the search title.
    await patch(editor.token, created.body.id, { revision: saved.body.revision, socialTitle: '', socialImage: null });
    const fallback = await (await fetch(published.body.url)).text();
    expect(fallback).toContain('<meta property="og:title" content="검색용 제목 | ');
  });

  it('PATCH sets and clears the embargo and the scheduled unpublish', async () => {
    const created = await api<ArticleBody>(base, '/api/admin/articles', { token: editor.token, json: { language: 'en', headline: 'Embargoed report', section: 'world' } });
    const embargoUntil = new Date(Date.now() + 3_600_000).toISOString();
    const unpublishAt = new Date(Date.now() + 7_200_000).toISOString();
    const set = await patch(editor.token, created.body.id, { revision: 1, embargoUntil, unpublishAt });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ embargoUntil, unpublishAt });
    const cleared = await patch(editor.token, created.body.id, { revision: set.body.revision, embargoUntil: null, unpublishAt: null });
    expect(cleared.body).toMatchObject({ embargoUntil: null, unpublishAt: null });
    const bad = await patch(editor.token, created.body.id, { revision: cleared.body.revision, embargoUntil: 'tomorrow' });
    expect(bad.status).toBe(422);
  });
});
