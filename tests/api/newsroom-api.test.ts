import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateToLatest } from '../../src/db/migrator.js';
import type { RunningServer } from '../../src/serve.js';
import { databaseTargets } from '../setup/test-databases.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { api, createAccountWithToken, startTestServer } from '../setup/test-server.js';

interface ArticleBody {
  id: number;
  revision: number;
  status: string;
  headline: string;
  scheduledAt: string | null;
  unpublishAt: string | null;
  url: string | null;
}

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ text }] });

describe.each(databaseTargets)('newsroom Admin API on $name', (target) => {
  let db: TestDatabase;
  let server: RunningServer;
  let base: string;
  let editor: { token: string; name: string; id: number };
  let otherEditor: { token: string; name: string; id: number };
  let contributor: { token: string; name: string; id: number };

  const account = async (role: 'editor' | 'contributor', name: string) => {
    const made = await createAccountWithToken(server.services, role);
    await server.services.accounts.updateAccount(made.account.id, { name });
    return { token: made.token, name, id: made.account.id };
  };
  const create = async (token: string, headline: string) =>
    (await api<ArticleBody>(base, '/api/admin/articles', { token, json: { language: 'ko', headline, section: 'world', body: [paragraph('본문')] } })).body;

  beforeAll(async () => {
    db = await target.create();
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
    base = server.url;
    await server.services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    editor = await account('editor', '박편집');
    otherEditor = await account('editor', '이데스크');
    contributor = await account('contributor', '김기고');
  });

  afterAll(async () => {
    await server?.close();
    await db?.cleanup();
  });

  it('autosave keeps a private working copy: the live article and readers are unchanged, other accounts never see it, a save replaces it', async () => {
    const article = await create(contributor.token, '원래 제목');
    const saved = await api(base, `/api/admin/articles/${article.id}/autosave`, {
      method: 'PUT',
      token: contributor.token,
      json: { baseRevision: article.revision, draft: { headline: '쓰는 중인 제', body: [paragraph('반쯤 쓴 문')] } },
    });
    expect(saved.status).toBe(200);
    const live = await api<ArticleBody>(base, `/api/admin/articles/${article.id}`, { token: editor.token });
    expect(live.body).toMatchObject({ headline: '원래 제목', revision: article.revision });
    const own = await api<{ draft: { headline: string }; baseRevision: number }>(base, `/api/admin/articles/${article.id}/autosave`, { token: contributor.token });
    expect(own.body).toMatchObject({ baseRevision: article.revision, draft: { headline: '쓰는 중인 제' } });
    expect((await api(base, `/api/admin/articles/${article.id}/autosave`, { token: editor.token })).status).toBe(404);
    // The preview of the working copy is the reader page with the half-typed text; the published site has none of it.
    const preview = await api<string>(base, `/api/admin/articles/${article.id}/preview?workingCopy=1`, { token: contributor.token });
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toContain('text/html');
    expect(preview.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(preview.body).toContain('쓰는 중인 제');
    expect(preview.body).toContain('<h1 class="headline" id="headline">');
    // Bad input is a clear 422, not a crash.
    const bad = await api<{ errors: { path: string }[] }>(base, `/api/admin/articles/${article.id}/autosave`, { method: 'PUT', token: contributor.token, json: { draft: { headline: 5 } } });
    expect(bad.status).toBe(422);
    // An explicit save makes the text live and drops the working copy.
    const patched = await api<ArticleBody>(base, `/api/admin/articles/${article.id}`, { method: 'PATCH', token: contributor.token, json: { revision: article.revision, headline: '고친 제목' } });
    expect(patched.body).toMatchObject({ headline: '고친 제목', revision: article.revision + 1 });
    expect((await api(base, `/api/admin/articles/${article.id}/autosave`, { token: contributor.token })).status).toBe(404);
    // A preview of revision 1 shows the text as it was.
    const old = await api<string>(base, `/api/admin/articles/${article.id}/preview?revision=1`, { token: contributor.token });
    expect(old.body).toContain('원래 제목');
    expect((await api(base, `/api/admin/articles/${article.id}/preview?revision=99`, { token: contributor.token })).status).toBe(404);
  });

  it('edit lock: 409 names the holder, autosave keeps and renews it, take-over is audited, release frees it', async () => {
    const article = await create(editor.token, '잠금 기사');
    const first = await api<{ lock: { holder: { name: string }; expiresAt: string; mine: boolean } }>(base, `/api/admin/articles/${article.id}/lock`, { method: 'POST', token: editor.token, json: {} });
    expect(first.status).toBe(200);
    expect(first.body.lock).toMatchObject({ holder: { name: '박편집' }, mine: true });

    const refused = await api<{ detail: string; holder: { name: string } }>(base, `/api/admin/articles/${article.id}/lock`, { method: 'POST', token: otherEditor.token, json: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.holder.name).toBe('박편집');
    expect(refused.body.detail).toContain('박편집');
    expect(refused.body.detail).toContain('편집 중');

    await new Promise((resolve) => setTimeout(resolve, 20));
    await api(base, `/api/admin/articles/${article.id}/autosave`, { method: 'PUT', token: editor.token, json: { baseRevision: article.revision, draft: { headline: '잠금 기사 (수정)' } } });
    const seen = await api<{ lock: { holder: { name: string }; expiresAt: string; mine: boolean } }>(base, `/api/admin/articles/${article.id}/lock`, { token: otherEditor.token });
    expect(seen.body.lock).toMatchObject({ holder: { name: '박편집' }, mine: false });
    expect(Date.parse(seen.body.lock.expiresAt)).toBeGreaterThan(Date.parse(first.body.lock.expiresAt));

    // A lapsed heartbeat frees the lock for the next person.
    await server.services.database.db.updateTable('article_locks').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('article_id', '=', article.id).execute();
    expect((await api<{ lock: unknown }>(base, `/api/admin/articles/${article.id}/lock`, { token: otherEditor.token })).body.lock).toBeNull();
    await api(base, `/api/admin/articles/${article.id}/lock`, { method: 'POST', token: editor.token, json: {} });

    const takeOver = await api<{ lock: { holder: { name: string } } }>(base, `/api/admin/articles/${article.id}/lock`, { method: 'POST', token: otherEditor.token, json: { takeOver: true } });
    expect(takeOver.status).toBe(200);
    expect(takeOver.body.lock.holder.name).toBe('이데스크');
    const audit = await api<{ entries: { action: string; accountId: number; details: Record<string, unknown> }[] }>(base, `/api/admin/articles/${article.id}/audit`, { token: editor.token });
    expect(audit.body.entries.find((e) => e.action === 'article.lock-takeover')).toMatchObject({ accountId: otherEditor.id, details: { from: editor.id, fromName: '박편집' } });

    // Releasing someone else's lock does nothing; the holder's release frees it.
    expect((await api(base, `/api/admin/articles/${article.id}/lock`, { method: 'DELETE', token: editor.token })).status).toBe(204);
    expect((await api<{ lock: unknown }>(base, `/api/admin/articles/${article.id}/lock`, { token: editor.token })).body.lock).not.toBeNull();
    expect((await api(base, `/api/admin/articles/${article.id}/lock`, { method: 'DELETE', token: otherEditor.token })).status).toBe(204);
    expect((await api<{ lock: unknown }>(base, `/api/admin/articles/${article.id}/lock`, { token: editor.token })).body.lock).toBeNull();
    // A contributor cannot lock an article that is not theirs.
    expect((await api(base, `/api/admin/articles/${article.id}/lock`, { method: 'POST', token: contributor.token, json: {} })).status).toBe(403);
  });

  it('lock request: another editor asks, the holder sees requestedBy (also on its heartbeat), it is audited; releasing hands over', async () => {
    const article = await create(editor.token, '잠금 요청 기사');
    const lockUrl = `/api/admin/articles/${article.id}/lock`;
    type Lock = { lock: { holder: { name: string }; mine: boolean; requestedBy: { id: number; name: string; at: string } | null } };
    // Nobody holds it yet: asking is a conflict (take it instead).
    expect((await api(base, `${lockUrl}/request`, { method: 'POST', token: otherEditor.token })).status).toBe(409);
    const held = await api<Lock>(base, lockUrl, { method: 'POST', token: editor.token, json: {} });
    expect(held.body.lock.requestedBy).toBeNull();
    // The holder cannot ask themselves.
    expect((await api(base, `${lockUrl}/request`, { method: 'POST', token: editor.token })).status).toBe(409);

    const before = Date.now();
    const asked = await api<Lock>(base, `${lockUrl}/request`, { method: 'POST', token: otherEditor.token });
    expect(asked.status).toBe(200);
    expect(asked.body.lock).toMatchObject({ holder: { name: '박편집' }, mine: false, requestedBy: { id: otherEditor.id, name: '이데스크' } });
    expect(Date.parse(asked.body.lock.requestedBy?.at ?? '')).toBeGreaterThanOrEqual(before - 1000);
    // The holder's GET and heartbeat (POST) both carry the request; the lock itself stays put.
    const seen = await api<Lock>(base, lockUrl, { token: editor.token });
    expect(seen.body.lock).toMatchObject({ holder: { name: '박편집' }, mine: true, requestedBy: { name: '이데스크' } });
    const heartbeat = await api<Lock>(base, lockUrl, { method: 'POST', token: editor.token, json: {} });
    expect(heartbeat.body.lock).toMatchObject({ mine: true, requestedBy: { name: '이데스크' } });
    const audit = await api<{ entries: { action: string; accountId: number; details: Record<string, unknown> }[] }>(base, `/api/admin/articles/${article.id}/audit`, { token: editor.token });
    expect(audit.body.entries.find((e) => e.action === 'article.lock-request')).toMatchObject({ accountId: otherEditor.id, details: { holder: editor.id, holderName: '박편집' } });

    // The holder lets go; the requester takes it, and the old request is gone with the old lock.
    expect((await api(base, lockUrl, { method: 'DELETE', token: editor.token })).status).toBe(204);
    const taken = await api<Lock>(base, lockUrl, { method: 'POST', token: otherEditor.token, json: {} });
    expect(taken.body.lock).toMatchObject({ holder: { name: '이데스크' }, mine: true, requestedBy: null });
    // Someone who may not open the article may not ask either; an unknown article is 404.
    expect((await api(base, `${lockUrl}/request`, { method: 'POST', token: contributor.token })).status).toBe(403);
    expect((await api(base, '/api/admin/articles/999999/lock/request', { method: 'POST', token: editor.token })).status).toBe(404);
  });

  it('migration 011 still applies to a database that already ran 012 (numbers are handed out per slice)', async () => {
    const { db: kysely, dialect } = server.services.database;
    await sql`alter table article_locks drop column requested_at`.execute(kysely);
    await sql`alter table article_locks drop column requested_by`.execute(kysely);
    await kysely.deleteFrom('schema_migrations' as never).where('name' as never, '=', '011-lock-request' as never).execute();
    expect(await migrateToLatest(kysely as never, dialect)).toEqual(['011-lock-request']);
    const article = await create(editor.token, '다시 만든 열');
    await api(base, `/api/admin/articles/${article.id}/lock`, { method: 'POST', token: editor.token, json: {} });
    const asked = await api<{ lock: { requestedBy: { name: string } | null } }>(base, `/api/admin/articles/${article.id}/lock/request`, { method: 'POST', token: otherEditor.token });
    expect(asked.body.lock.requestedBy?.name).toBe('이데스크');
  });

  it('lists with status=, section= and lang= filters, and combines them', async () => {
    await server.services.taxonomy.createSection({ slug: 'sports', nameKo: '스포츠', nameEn: 'Sports' });
    const ko = await create(editor.token, '필터 국제 기사');
    const en = (await api<ArticleBody>(base, '/api/admin/articles', { token: editor.token, json: { language: 'en', headline: 'Filter sports story', section: 'sports', body: [paragraph('Body')] } })).body;
    const review = await create(editor.token, '필터 검토 기사');
    expect((await api(base, `/api/admin/articles/${review.id}/transitions`, { token: editor.token, json: { to: 'in_review' } })).status).toBe(200);
    type Listed = { articles: { id: number; status: string; language: string; section: { slug: string } | string }[] };
    const list = async (query: string) => (await api<Listed>(base, `/api/admin/articles?pageSize=100&${query}`, { token: editor.token })).body.articles;
    const slug = (a: Listed['articles'][number]) => (typeof a.section === 'string' ? a.section : a.section.slug);

    const inReview = await list('status=in_review');
    expect(inReview.map((a) => a.id)).toContain(review.id);
    expect(inReview.map((a) => a.id)).not.toContain(ko.id);
    expect(inReview.every((a) => a.status === 'in_review')).toBe(true);
    const sports = await list('section=sports');
    expect(sports.map((a) => a.id)).toEqual([en.id]);
    const english = await list('lang=en');
    expect(english.map((a) => a.id)).toContain(en.id);
    expect(english.every((a) => a.language === 'en')).toBe(true);
    const korean = await list('lang=ko&section=world&status=draft');
    expect(korean.map((a) => a.id)).toContain(ko.id);
    expect(korean.map((a) => a.id)).not.toContain(review.id);
    expect(korean.every((a) => a.language === 'ko' && a.status === 'draft' && slug(a) === 'world')).toBe(true);
    expect(await list('lang=en&section=world')).toEqual([]);
    expect((await api(base, '/api/admin/articles?status=bogus', { token: editor.token })).status).toBe(400);
  });

  it('PATCH with publishAt schedules (and a contributor may not), unpublishAt takes it down once, within a second', async () => {
    const article = await create(editor.token, '예약 기사');
    const refusedArticle = await create(contributor.token, '기고 예약');
    const refused = await api(base, `/api/admin/articles/${refusedArticle.id}`, { method: 'PATCH', token: contributor.token, json: { revision: refusedArticle.revision, headline: '바뀌면 안 됨', publishAt: new Date(Date.now() + 60_000).toISOString() } });
    expect(refused.status).toBe(403);
    expect((await api<ArticleBody>(base, `/api/admin/articles/${refusedArticle.id}`, { token: contributor.token })).body.headline).toBe('기고 예약');
    const past = await api(base, `/api/admin/articles/${article.id}`, { method: 'PATCH', token: editor.token, json: { revision: article.revision, publishAt: new Date(Date.now() - 60_000).toISOString() } });
    expect(past.status).toBe(422);

    const publishAt = new Date(Date.now() + 1200);
    const unpublishAt = new Date(Date.now() + 2600);
    const scheduled = await api<ArticleBody>(base, `/api/admin/articles/${article.id}`, {
      method: 'PATCH',
      token: editor.token,
      json: { revision: article.revision, dek: '예약된 요약', publishAt: publishAt.toISOString(), unpublishAt: unpublishAt.toISOString() },
    });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body).toMatchObject({ status: 'scheduled', scheduledAt: publishAt.toISOString(), unpublishAt: unpublishAt.toISOString() });

    const status = async () => (await api<ArticleBody>(base, `/api/admin/articles/${article.id}`, { token: editor.token })).body.status;
    const waitFor = async (wanted: string, deadline: Date) => {
      while (Date.now() < deadline.getTime() + 1000) {
        if ((await status()) === wanted) return Date.now();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`article never became ${wanted}`);
    };
    const publishedAt = await waitFor('published', publishAt);
    expect(publishedAt - publishAt.getTime()).toBeLessThan(1000);
    const downAt = await waitFor('unpublished', unpublishAt);
    expect(downAt - unpublishAt.getTime()).toBeLessThan(1000);
    const audit = await api<{ entries: { action: string }[] }>(base, `/api/admin/articles/${article.id}/audit`, { token: editor.token });
    expect(audit.body.entries.filter((e) => e.action === 'article.unpublish')).toHaveLength(1);
    expect(audit.body.entries.filter((e) => e.action === 'article.publish')).toHaveLength(1);
    const after = await api<ArticleBody>(base, `/api/admin/articles/${article.id}`, { token: editor.token });
    expect(after.body.unpublishAt).toBeNull();
  });

  it('the headline search ignores letter case on both databases', async () => {
    const made = await api<ArticleBody>(base, '/api/admin/articles', { token: editor.token, json: { language: 'en', headline: 'Seoul Summit Opens', section: 'world', body: [paragraph('Text')] } });
    for (const q of ['seoul summit', 'SEOUL SUMMIT', 'Summit']) {
      const found = await api<{ articles: { id: number }[] }>(base, `/api/admin/articles?q=${encodeURIComponent(q)}`, { token: editor.token });
      expect(found.body.articles.map((a) => a.id)).toContain(made.body.id);
    }
    const none = await api<{ articles: { id: number }[] }>(base, '/api/admin/articles?q=summitx', { token: editor.token });
    expect(none.body.articles.map((a) => a.id)).not.toContain(made.body.id);
  });

  it('lists by author (me, account id) and the new routes are in the OpenAPI document', async () => {
    const mine = await create(contributor.token, '내 기사 목록');
    const list = await api<{ articles: { id: number }[] }>(base, '/api/admin/articles?author=me', { token: contributor.token });
    expect(list.body.articles.map((a) => a.id)).toContain(mine.id);
    const byId = await api<{ articles: { id: number; createdBy: number }[] }>(base, `/api/admin/articles?author=${editor.id}`, { token: editor.token });
    expect(byId.body.articles.length).toBeGreaterThan(0);
    expect(byId.body.articles.every((a) => a.createdBy === editor.id)).toBe(true);
    const openapi = await api<{ paths: Record<string, Record<string, unknown>> }>(base, '/api/openapi.json');
    expect(Object.keys(openapi.body.paths['/api/admin/articles/{id}/autosave'] ?? {})).toEqual(expect.arrayContaining(['put', 'get']));
    expect(Object.keys(openapi.body.paths['/api/admin/articles/{id}/lock'] ?? {})).toEqual(expect.arrayContaining(['post', 'delete']));
    expect(openapi.body.paths['/api/admin/articles/{id}/preview']).toBeDefined();
    expect(Object.keys(openapi.body.paths['/api/admin/articles/{id}/transitions'] ?? {})).toContain('post');
    expect(Object.keys(openapi.body.paths['/api/admin/articles/{id}/corrections'] ?? {})).toContain('post');
    expect(Object.keys(openapi.body.paths['/api/admin/articles/{id}/revisions'] ?? {})).toContain('get');
    expect(Object.keys(openapi.body.paths['/api/admin/articles/{id}/lock/request'] ?? {})).toContain('post');
    const patch = openapi.body.paths['/api/admin/articles/{id}']?.patch as { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } } | undefined;
    expect(Object.keys(patch?.requestBody?.content['application/json']?.schema.properties ?? {})).toEqual(expect.arrayContaining(['publishAt', 'unpublishAt', 'embargoUntil']));
    const own = await api<{ language: string }>(base, '/api/admin/session', { method: 'PATCH', token: contributor.token, json: { language: 'en' } });
    expect(own.body.language).toBe('en');
  });
});
