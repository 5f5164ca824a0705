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
  url: string | null;
  body: unknown[];
  slug: string;
  section: string;
  credits: unknown[];
}

const HOSTILE_HTML =
  '<p>Lead paragraph with <strong>bold</strong> text.</p><script>window.pwned = 1</script>' +
  '<p onmouseover="alert(1)">Second <a href="javascript:alert(2)">paragraph</a>.</p>' +
  '<img src="x" onerror="alert(3)"><iframe src="https://evil.example/"></iframe>';

describe.each(databaseTargets)('publish → read on $name', (target) => {
  let db: TestDatabase;
  let server: RunningServer;
  let base: string;
  let editor: string;
  let author: string;
  let contributor: string;
  let contributorId: number;

  beforeAll(async () => {
    db = await target.create();
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
    base = server.url;
    await server.services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    await server.services.taxonomy.createSection({ slug: 'community', nameKo: '한인사회', nameEn: 'Community', position: 1 });
    editor = (await createAccountWithToken(server.services, 'editor')).token;
    author = (await createAccountWithToken(server.services, 'author')).token;
    const c = await createAccountWithToken(server.services, 'contributor');
    contributor = c.token;
    contributorId = c.account.id;
  });

  afterAll(async () => {
    await server?.close();
    await db?.cleanup();
  });

  it('creates from hostile bodyHtml, publishes, and shows it on the site and the Content API within a second, without script or handler', async () => {
    const created = await api<ArticleBody>(base, '/api/admin/articles', {
      token: editor,
      json: {
        language: 'en',
        headline: `Publish flow ${target.name} headline`,
        dek: 'A dek',
        section: 'world',
        tags: ['Test tag'],
        credits: [{ name: 'Kim Ju-yeon', role: 'reporter', organization: 'Yonhap', email: 'kim@example.com' }],
        bodyHtml: HOSTILE_HTML,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('draft');
    expect(created.body.url).toBeNull();
    expect(JSON.stringify(created.body.body)).not.toMatch(/script|onmouseover|onerror|javascript:|iframe|pwned/i);
    // The <img src="x"> is not in the media library: left out, and the editor is told.
    expect((created.body as unknown as { warnings: string[] }).warnings).toEqual([expect.stringContaining('"x" was left out')]);

    const publishedAt = Date.now();
    const published = await api<ArticleBody>(base, `/api/admin/articles/${created.body.id}/publish`, { token: editor, method: 'POST' });
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    expect(published.body.url).toMatch(new RegExp(`^${base}/en/world/${created.body.id}-publish-flow-`));

    const front = await fetch(`${base}/en`).then((r) => r.text());
    const content = await api<{ articles: { id: number; headline: string }[] }>(base, '/api/content/articles?lang=en');
    expect(Date.now() - publishedAt).toBeLessThan(1000);
    expect(front).toContain(`Publish flow ${target.name} headline`);
    expect(content.body.articles.map((a) => a.id)).toContain(created.body.id);

    const articleUrl = published.body.url ?? '';
    const page = await fetch(articleUrl).then(async (r) => ({ status: r.status, html: await r.text(), csp: r.headers.get('content-security-policy') }));
    expect(page.status).toBe(200);
    expect(page.csp).toContain("script-src 'self'");
    for (const html of [page.html, front]) {
      // Only self-hosted scripts, and JSON-LD data blocks (never executed; their text escapes every "<").
      expect(html).not.toMatch(/<script(?![^>]*\bsrc="\/assets\/)(?! type="application\/ld\+json">[^<]*<\/script>)/i);
      expect(html).not.toMatch(/\son\w+=/i);
      expect(html).not.toMatch(/javascript:/i);
      expect(html).not.toContain('pwned');
      expect(html).not.toContain('evil.example');
    }
    expect(page.html).toContain('<strong>bold</strong>');
    expect(page.html).toContain('<a href="mailto:kim@example.com">kim@example.com</a>');
  });

  it('answers 401 to anonymous, 403 to a contributor publishing, 409 to a stale revision', async () => {
    const anonymous = await api(base, '/api/admin/articles', { json: { language: 'en', headline: 'x' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');

    const badToken = await api(base, '/api/admin/articles', { token: 'snm_not-a-real-token' });
    expect(badToken.status).toBe(401);

    const draft = await api<ArticleBody>(base, '/api/admin/articles', { token: contributor, json: { language: 'ko', headline: '기고자 초안', section: 'community', body: [{ type: 'paragraph', content: [{ text: '본문' }] }] } });
    expect(draft.status).toBe(201);
    const publish = await api(base, `/api/admin/articles/${draft.body.id}/publish`, { token: contributor, method: 'POST' });
    expect(publish.status).toBe(403);
    expect(publish.body).toMatchObject({ status: 403, title: 'Forbidden' });

    const first = await api<ArticleBody>(base, `/api/admin/articles/${draft.body.id}`, { token: contributor, method: 'PATCH', json: { revision: 1, headline: '기고자 초안 수정' } });
    expect(first.status).toBe(200);
    expect(first.body.revision).toBe(2);
    const stale = await api<{ currentRevision: number }>(base, `/api/admin/articles/${draft.body.id}`, { token: editor, method: 'PATCH', json: { revision: 1, headline: 'overwrite' } });
    expect(stale.status).toBe(409);
    expect(stale.body.currentRevision).toBe(2);
    const after = await api<{ headline: string }>(base, `/api/admin/articles/${draft.body.id}`, { token: editor });
    expect(after.body.headline).toBe('기고자 초안 수정');

    // Another contributor's draft is not theirs to read or edit.
    const other = await createAccountWithToken(server.services, 'contributor');
    expect((await api(base, `/api/admin/articles/${draft.body.id}`, { token: other.token })).status).toBe(403);
    expect(contributorId).toBeGreaterThan(0);
  });

  it('never shows a draft, a scheduled or an unpublished article to the public', async () => {
    const draft = await api<ArticleBody>(base, '/api/admin/articles', { token: author, json: { language: 'en', headline: 'Secret draft', section: 'world' } });
    const id = draft.body.id;
    const guess = `/en/world/${id}-${draft.body.slug}`;
    expect((await api(base, `/api/content/articles/${id}`)).status).toBe(404);
    expect((await api(base, `/api/content/articles/${draft.body.slug}`)).status).toBe(404);
    const sitePage = await fetch(`${base}${guess}`);
    expect(sitePage.status).toBe(404);
    expect(await sitePage.text()).not.toContain('Secret draft');
    expect(await fetch(`${base}/en`).then((r) => r.text())).not.toContain('Secret draft');

    const scheduled = await api<ArticleBody>(base, `/api/admin/articles/${id}/schedule`, { token: author, json: { at: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(scheduled.body.status).toBe('scheduled');
    expect((await api(base, `/api/content/articles/${id}`)).status).toBe(404);
    expect((await fetch(`${base}${guess}`)).status).toBe(404);

    const live = await api<ArticleBody>(base, `/api/admin/articles/${id}/publish`, { token: author, method: 'POST' });
    expect(live.body.status).toBe('published');
    expect((await api(base, `/api/content/articles/${id}`)).status).toBe(200);

    const down = await api<ArticleBody>(base, `/api/admin/articles/${id}/unpublish`, { token: author, method: 'POST' });
    expect(down.body.status).toBe('unpublished');
    expect((await api(base, `/api/content/articles/${id}`)).status).toBe(404);
    const gone = await fetch(`${base}${guess}`);
    expect(gone.status).toBe(410);
    expect(await gone.text()).not.toContain('Secret draft');
    const list = await api<{ articles: { id: number }[] }>(base, '/api/content/articles?pageSize=100');
    expect(list.body.articles.map((a) => a.id)).not.toContain(id);
  });

  it('runs the review workflow: submit, send back with a note, resubmit, approve, publish', async () => {
    const draft = await api<ArticleBody>(base, '/api/admin/articles', { token: contributor, json: { language: 'ko', headline: '리뷰 흐름 기사', section: 'community' } });
    const id = draft.body.id;
    const step = async (token: string, to: string, note?: string) => api<ArticleBody>(base, `/api/admin/articles/${id}/transitions`, { token, json: { to, ...(note ? { note } : {}) } });
    expect((await step(contributor, 'in_review')).body.status).toBe('in_review');
    expect((await step(contributor, 'approved')).status).toBe(403);
    expect((await step(editor, 'draft', '첫 문단 출처를 밝혀 주세요')).body.status).toBe('draft');
    expect((await step(contributor, 'in_review')).body.status).toBe('in_review');
    expect((await step(editor, 'approved')).body.status).toBe('approved');
    expect((await step(editor, 'published' as string)).status).toBe(422);
    const live = await api<ArticleBody>(base, `/api/admin/articles/${id}/publish`, { token: editor, method: 'POST' });
    expect(live.body.status).toBe('published');
    expect((await step(editor, 'draft')).status).toBe(409);
    const corrected = await api<{ corrections: { kind: string; text: string }[] }>(base, `/api/admin/articles/${id}/corrections`, { token: editor, json: { kind: 'clarification', text: '제목을 명확히 했습니다.' } });
    expect(corrected.status).toBe(201);
    expect(corrected.body.corrections).toEqual([expect.objectContaining({ kind: 'clarification', text: '제목을 명확히 했습니다.' })]);
    expect((await api<{ corrections: unknown[] }>(base, `/api/content/articles/${id}`)).body.corrections).toHaveLength(1);
    const audit = await api<{ entries: { action: string; details: { note?: string } }[] }>(base, `/api/admin/articles/${id}/audit`, { token: editor });
    expect(audit.body.entries.map((e) => e.action).reverse()).toEqual([
      'article.create',
      'article.status.in_review',
      'article.status.draft',
      'article.status.in_review',
      'article.status.approved',
      'article.publish',
      'article.correct',
    ]);
    expect(audit.body.entries.find((e) => e.action === 'article.status.draft')?.details.note).toBe('첫 문단 출처를 밝혀 주세요');
  });

  it('keeps an embargoed article off every public surface until its time, then announces it once', async () => {
    const embargoUntil = new Date(Date.now() + 2000).toISOString();
    const created = await api<ArticleBody & { embargoUntil: string }>(base, '/api/admin/articles', { token: editor, json: { language: 'en', headline: 'Embargoed results', section: 'world', embargoUntil } });
    expect(created.body.embargoUntil).toBe(embargoUntil);
    const published = await api<ArticleBody>(base, `/api/admin/articles/${created.body.id}/publish`, { token: editor, method: 'POST' });
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    const path = new URL(published.body.url ?? '').pathname;
    const announced = () => server.services.database.db.selectFrom('events').select(['name', 'payload', 'created_at']).where('article_id', '=', created.body.id).where('name', '=', 'article.published').execute();
    expect((await api(base, `/api/content/articles/${created.body.id}`)).status).toBe(404);
    expect((await fetch(`${base}${path}`)).status).toBe(404);
    expect(await fetch(`${base}/en`).then((r) => r.text())).not.toContain('Embargoed results');
    expect((await api<{ articles: { id: number }[] }>(base, '/api/content/articles?pageSize=100')).body.articles.map((a) => a.id)).not.toContain(created.body.id);
    expect(await announced()).toHaveLength(0);

    const until = Date.parse(embargoUntil) + 1000;
    let status = 404;
    while (status !== 200 && Date.now() < until + 500) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await api(base, `/api/content/articles/${created.body.id}`)).status;
    }
    expect(status).toBe(200);
    expect(await fetch(`${base}/en`).then((r) => r.text())).toContain('Embargoed results');
    // Visibility follows the clock; the announcement comes from the lift job, armed for the same moment.
    let events = await announced();
    while (events.length === 0 && Date.now() < until + 500) {
      await new Promise((r) => setTimeout(r, 50));
      events = await announced();
    }
    await new Promise((r) => setTimeout(r, 300));
    events = await announced();
    // Announced within a second of the embargo time, exactly once.
    expect(Date.parse(events[0]?.created_at ?? '') - Date.parse(embargoUntil)).toBeLessThan(1000);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]?.payload ?? '{}')).toMatchObject({ embargoLifted: true });
    const row = await server.services.database.db.selectFrom('articles').select(['published_at']).where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(row.published_at).toBe(embargoUntil);
  });

  it('redirects wrong and old slugs to the canonical URL with 301', async () => {
    const created = await api<ArticleBody>(base, '/api/admin/articles', { token: editor, json: { language: 'en', headline: 'Original headline here', section: 'world' } });
    await api(base, `/api/admin/articles/${created.body.id}/publish`, { token: editor, method: 'POST' });
    const renamed = await api<ArticleBody>(base, `/api/admin/articles/${created.body.id}`, { token: editor, method: 'PATCH', json: { revision: 1, slug: 'better-slug', section: 'community' } });
    expect(renamed.status).toBe(200);
    const canonical = `/en/community/${created.body.id}-better-slug`;
    for (const old of [`/en/world/${created.body.id}-original-headline-here`, `/en/community/${created.body.id}`, `/ko/community/${created.body.id}-better-slug`]) {
      const response = await fetch(`${base}${old}`, { redirect: 'manual' });
      expect(response.status, old).toBe(301);
      expect(response.headers.get('location')).toBe(canonical);
    }
    expect((await fetch(`${base}${canonical}`)).status).toBe(200);
    // The Content API finds it by its old slug too.
    expect((await api<{ id: number }>(base, '/api/content/articles/original-headline-here')).body.id).toBe(created.body.id);
  });

  it('validates input with problem+json: 400 malformed JSON, 422 invalid fields, 404 unknown id, 413 too large', async () => {
    const malformed = await api(base, '/api/admin/articles', { token: editor, body: '{"language": "en",', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');

    const invalid = await api<{ errors: { path: string }[] }>(base, '/api/admin/articles', { token: editor, json: { language: 'fr', headline: '', section: 'nowhere', credits: [{ name: 'X', email: 'not-an-email' }] } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['language', 'headline']));

    const unknownSection = await api<{ errors: { path: string }[] }>(base, '/api/admin/articles', { token: editor, json: { language: 'en', headline: 'ok', section: 'nowhere' } });
    expect(unknownSection.status).toBe(422);
    expect(unknownSection.body.errors[0]?.path).toBe('section');

    expect((await api(base, '/api/admin/articles/999999', { token: editor })).status).toBe(404);
    expect((await api(base, '/api/admin/articles/not-a-number', { token: editor })).status).toBe(404);
    expect((await api(base, '/api/content/articles/999999')).status).toBe(404);

    const huge = await api(base, '/api/admin/articles', { token: editor, json: { language: 'en', headline: 'big', bodyHtml: 'x'.repeat(6 * 1024 * 1024) } });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toContain('application/problem+json');
  });

  it('uploads images checked by content and uses them in articles', async () => {
    const png = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#336699' } }).png().toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'photo.txt');
    form.append('alt', 'A blue rectangle');
    form.append('caption', 'A caption');
    form.append('credit', 'YONHAP');
    const uploaded = await api<{ id: number; url: string; width: number; height: number; mimeType: string }>(base, '/api/admin/media', { token: contributor, body: form });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ width: 1600, height: 900, mimeType: 'image/png' });
    const file = await fetch(uploaded.body.url);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true);

    const fake = new FormData();
    fake.append('file', new Blob([new TextEncoder().encode('<?php echo 1; ?>')], { type: 'image/png' }), 'evil.png');
    expect((await api(base, '/api/admin/media', { token: contributor, body: fake })).status).toBe(415);
    expect((await api(base, '/api/admin/media', { body: form })).status).toBe(401);

    const article = await api<ArticleBody>(base, '/api/admin/articles', {
      token: editor,
      json: { language: 'en', headline: 'With a figure', section: 'world', featuredImage: uploaded.body.id, bodyHtml: `<figure><img src="/media/${uploaded.body.id}/x.png" alt="A blue rectangle"><figcaption>A caption <span class="credit">YONHAP</span></figcaption></figure><p>Text</p>` },
    });
    expect(article.status).toBe(201);
    expect(article.body.body[0]).toMatchObject({ type: 'image', mediaId: uploaded.body.id, caption: 'A caption', credit: 'YONHAP' });
    const missing = await api(base, '/api/admin/articles', { token: editor, json: { language: 'en', headline: 'Bad image', featuredImage: 424242 } });
    expect(missing.status).toBe(422);
  });

  it('serves the Content API cacheable with ETags, and the Admin API never cached', async () => {
    const first = await fetch(`${base}/api/content/articles?lang=en`);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=600');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const second = await fetch(`${base}/api/content/articles?lang=en`, { headers: { 'if-none-match': etag ?? '' } });
    expect(second.status).toBe(304);
    const admin = await fetch(`${base}/api/admin/articles`, { headers: { authorization: `Bearer ${editor}` } });
    expect(admin.headers.get('cache-control')).toBe('no-store');
    for (const path of ['/api/content/sections', '/api/content/tags', '/api/content/authors']) {
      expect((await api(base, path)).status, path).toBe(200);
    }
  });

  it('keeps an audit log and a domain event for every change', async () => {
    const created = await api<ArticleBody>(base, '/api/admin/articles', { token: editor, json: { language: 'en', headline: 'Audited', section: 'world' } });
    await api(base, `/api/admin/articles/${created.body.id}/publish`, { token: editor, method: 'POST' });
    await api(base, `/api/admin/articles/${created.body.id}/unpublish`, { token: editor, method: 'POST' });
    const audit = await api<{ entries: { action: string }[] }>(base, `/api/admin/articles/${created.body.id}/audit`, { token: editor });
    expect(audit.body.entries.map((e) => e.action).reverse()).toEqual(['article.create', 'article.publish', 'article.unpublish']);
    const events = await server.services.database.db.selectFrom('events').select('name').where('article_id', '=', created.body.id).orderBy('id').execute();
    expect(events.map((e) => e.name)).toEqual(['article.created', 'article.published', 'article.unpublished']);
  });

  it('stores the content in the configured database', async () => {
    const created = await api<ArticleBody>(base, '/api/admin/articles', { token: editor, json: { language: 'ko', headline: '데이터베이스 확인', section: 'world' } });
    const row = await server.services.database.db.selectFrom('articles').select(['headline']).where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(row.headline).toBe('데이터베이스 확인');
    expect(server.services.database.dialect).toBe(target.name);
  });
});
