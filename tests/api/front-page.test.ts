import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve.js';
import { databaseTargets } from '../setup/test-databases.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { api, createAccountWithToken, startTestServer } from '../setup/test-server.js';

/**
 * Front-page curation (issue 3, item 8): editors pin and order the top stories and the section blocks, and set or
 * clear a breaking banner with an expiry; the site shows each change at once and drops the banner at its expiry by
 * itself.
 */

interface FrontPageBody {
  lang: string;
  topStories: { id: number; headline: string; visible: boolean }[];
  sections: { slug: string }[];
  breaking: { text: string; articleId: number | null; expiresAt: string; active: boolean } | null;
}

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ text }] });
const order = (html: string, needles: string[]) => needles.map((n) => html.indexOf(n));

describe.each(databaseTargets)('front-page curation on $name', (target) => {
  let db: TestDatabase;
  let server: RunningServer;
  let base: string;
  let editor: string;
  let author: string;
  const ids: Record<string, number> = {};

  const publish = async (headline: string, section: string, language: 'ko' | 'en' = 'en') => {
    const created = await api<{ id: number }>(base, '/api/admin/articles', { token: editor, json: { language, headline, section, body: [paragraph('Text.')] } });
    const published = await api<{ id: number }>(base, `/api/admin/articles/${created.body.id}/publish`, { token: editor, json: {} });
    expect(published.status).toBe(200);
    return created.body.id;
  };
  const frontHtml = async (lang = 'en') => {
    const response = await fetch(new URL(`/${lang}`, base));
    expect(response.status).toBe(200);
    return { html: await response.text(), cacheControl: response.headers.get('cache-control') ?? '' };
  };

  beforeAll(async () => {
    db = await target.create();
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
    base = server.url;
    for (const [slug, nameKo, nameEn] of [
      ['world', '국제', 'World'],
      ['business', '경제', 'Business'],
      ['sports', '스포츠', 'Sports'],
    ] as const) {
      await server.services.taxonomy.createSection({ slug, nameKo, nameEn });
    }
    editor = (await createAccountWithToken(server.services, 'editor')).token;
    author = (await createAccountWithToken(server.services, 'author')).token;
    ids.oldest = await publish('Oldest world story', 'world');
    ids.business = await publish('Business story', 'business');
    ids.sports = await publish('Sports story', 'sports');
    ids.newest = await publish('Newest world story', 'world');
    ids.korean = await publish('한국어 기사', 'world', 'ko');
  });

  afterAll(async () => {
    await server?.close();
    await db?.cleanup();
  });

  it('is for editors and admins only, and described in OpenAPI', async () => {
    expect((await api(base, '/api/admin/front-page?lang=en')).status).toBe(401);
    expect((await api(base, '/api/admin/front-page?lang=en', { token: author })).status).toBe(403);
    expect((await api(base, '/api/admin/front-page', { method: 'PUT', token: author, json: { lang: 'en', topStories: [], sections: [] } })).status).toBe(403);
    const openapi = await api<{ paths: Record<string, Record<string, unknown>> }>(base, '/api/openapi.json');
    expect(Object.keys(openapi.body.paths['/api/admin/front-page'] ?? {}).sort()).toEqual(['get', 'put']);
    expect(Object.keys(openapi.body.paths['/api/admin/front-page/breaking'] ?? {}).sort()).toEqual(['delete', 'put']);
  });

  it('pins top stories and orders section blocks; the site changes at once (no stale cached page)', async () => {
    const before = await frontHtml();
    // Automatic: the newest leads.
    expect(/<h2 id="lead-title"><a [^>]+>([^<]+)</.exec(before.html)?.[1]).toBe('Newest world story');

    const put = await api<FrontPageBody>(base, '/api/admin/front-page', { method: 'PUT', token: editor, json: { lang: 'en', topStories: [ids.oldest, ids.sports], sections: ['sports', 'business'] } });
    expect(put.status).toBe(200);
    expect(put.body.topStories.map((s) => s.id)).toEqual([ids.oldest, ids.sports]);
    expect(put.body.sections.map((s) => s.slug)).toEqual(['sports', 'business', 'world']);

    const after = await frontHtml();
    expect(/<h2 id="lead-title"><a [^>]+>([^<]+)</.exec(after.html)?.[1]).toBe('Oldest world story');
    const [lead, second, third] = order(after.html, ['Oldest world story', 'Sports story', 'Newest world story']);
    expect(lead).toBeLessThan(second ?? 0);
    expect(second).toBeLessThan(third ?? 0);
    const blocks = await server.services.delivery.getFrontPage('en', { leadCount: 0 });
    expect(blocks.sectionBlocks.map((b) => b.section.slug)).toEqual(['sports', 'business', 'world']);
    // The Korean front page keeps its own (automatic) curation.
    expect((await frontHtml('ko')).html).toContain('한국어 기사');

    const got = await api<FrontPageBody>(base, '/api/admin/front-page?lang=en', { token: editor });
    expect(got.body.topStories.map((s) => s.headline)).toEqual(['Oldest world story', 'Sports story']);

    // An unpublished pinned story drops out of the site by itself; editors see it flagged.
    await api(base, `/api/admin/articles/${ids.oldest}/unpublish`, { token: editor, json: {} });
    expect(/<h2 id="lead-title"><a [^>]+>([^<]+)</.exec((await frontHtml()).html)?.[1]).toBe('Sports story');
    const flagged = await api<FrontPageBody>(base, '/api/admin/front-page?lang=en', { token: editor });
    expect(flagged.body.topStories.find((s) => s.id === ids.oldest)?.visible).toBe(false);
    await api(base, `/api/admin/articles/${ids.oldest}/publish`, { token: editor, json: {} });
  });

  it('refuses unpublished, missing or other-language articles and unknown sections with a 422 naming them', async () => {
    const draft = await api<{ id: number }>(base, '/api/admin/articles', { token: editor, json: { language: 'en', headline: 'Secret draft', section: 'world' } });
    const bad = await api<{ detail: string; errors: { path: string; message: string }[] }>(base, '/api/admin/front-page', {
      method: 'PUT',
      token: editor,
      json: { lang: 'en', topStories: [draft.body.id, 999_999, ids.korean], sections: [] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.path)).toEqual(['topStories/0', 'topStories/1', 'topStories/2']);
    expect(bad.body.detail).toContain('Secret draft');
    const badSection = await api<{ errors: { path: string }[] }>(base, '/api/admin/front-page', { method: 'PUT', token: editor, json: { lang: 'en', topStories: [], sections: ['nope'] } });
    expect(badSection.status).toBe(422);
    // Nothing was half-written.
    expect((await api<FrontPageBody>(base, '/api/admin/front-page?lang=en', { token: editor })).body.topStories.map((s) => s.id)).toEqual([ids.oldest, ids.sports]);
  });

  it('shows a breaking banner at once, caps caching at its expiry, and drops it at expiry without any request to clear it', async () => {
    const expiresAt = new Date(Date.now() + 2_500).toISOString();
    const set = await api<FrontPageBody>(base, '/api/admin/front-page/breaking', { method: 'PUT', token: editor, json: { lang: 'en', text: 'Polls close in California', articleId: ids.business, expiresAt } });
    expect(set.status).toBe(200);
    expect(set.body.breaking).toMatchObject({ text: 'Polls close in California', articleId: ids.business, active: true });
    const shown = await frontHtml();
    expect(shown.html).toMatch(/<p class="breaking-banner" role="status" data-banner><strong>[^<]+<\/strong> <a href="\/en\/business\/\d+-[^"]+">Polls close in California<\/a><\/p>/);
    const maxAge = Number(/max-age=(\d+)/.exec(shown.cacheControl)?.[1]);
    expect(maxAge).toBeLessThanOrEqual(3);
    expect(shown.cacheControl).not.toContain('stale-while-revalidate');
    expect((await frontHtml('ko')).html).not.toContain('Polls close');

    // Past its expiry (plus the page cache's second) the site no longer shows it.
    await new Promise((resolve) => setTimeout(resolve, Date.parse(expiresAt) - Date.now() + 1_200));
    expect((await frontHtml()).html).not.toContain('Polls close in California');
    const state = await api<FrontPageBody>(base, '/api/admin/front-page?lang=en', { token: editor });
    expect(state.body.breaking).toMatchObject({ text: 'Polls close in California', active: false });
  });

  it('clears a banner at once; refuses a past expiry or an unpublished link', async () => {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    expect((await api(base, '/api/admin/front-page/breaking', { method: 'PUT', token: editor, json: { lang: 'en', text: 'Storm warning', expiresAt } })).status).toBe(200);
    expect((await frontHtml()).html).toMatch(/data-banner><strong>[^<]+<\/strong> <span>Storm warning<\/span>/);
    const cleared = await api<FrontPageBody>(base, '/api/admin/front-page/breaking?lang=en', { method: 'DELETE', token: editor });
    expect(cleared.status).toBe(200);
    expect(cleared.body.breaking).toBeNull();
    expect((await frontHtml()).html).not.toContain('Storm warning');

    const past = await api<{ errors: { path: string }[] }>(base, '/api/admin/front-page/breaking', { method: 'PUT', token: editor, json: { lang: 'en', text: 'Old', expiresAt: new Date(Date.now() - 1000).toISOString() } });
    expect(past.status).toBe(422);
    expect(past.body.errors[0]?.path).toBe('expiresAt');
    const draft = await api<{ id: number }>(base, '/api/admin/articles', { token: editor, json: { language: 'en', headline: 'Unready', section: 'world' } });
    const unpublished = await api(base, '/api/admin/front-page/breaking', { method: 'PUT', token: editor, json: { lang: 'en', text: 'x', articleId: draft.body.id, expiresAt } });
    expect(unpublished.status).toBe(422);
  });
});
