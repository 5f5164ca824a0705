import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/accounts/accounts.types.js';
import type { RunningServer } from '../../src/serve.js';
import { sqliteTarget } from '../setup/test-databases.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { createAccountWithToken, startTestServer } from '../setup/test-server.js';

/** Reader pages as HTML (the browser journeys in tests/e2e cover what a person sees and axe). */
describe('reader site', () => {
  let db: TestDatabase;
  let server: RunningServer;
  let base: string;
  let editor: Actor;

  const page = async (path: string) => {
    const response = await fetch(`${base}${path}`, { redirect: 'manual' });
    return { status: response.status, html: await response.text(), headers: response.headers };
  };

  beforeAll(async () => {
    db = await sqliteTarget.create();
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir, DEFAULT_LANGUAGE: 'ko', SITE_URL: 'https://news.example.com' });
    base = server.url;
    const { taxonomy } = server.services;
    await taxonomy.createSection({ slug: 'community', nameKo: '한인사회', nameEn: 'Community' });
    await taxonomy.createSection({ slug: 'la', nameKo: 'LA', nameEn: 'Los Angeles', parent: 'community', position: 1 });
    const { account } = await createAccountWithToken(server.services, 'editor');
    editor = { id: account.id, email: account.email, name: account.name, role: account.role, authorId: null };
  });
  afterAll(async () => {
    await server?.close();
    await db?.cleanup();
  });

  const publish = async (input: Parameters<RunningServer['services']['articles']['createArticle']>[0]) => {
    const draft = await server.services.articles.createArticle(input, editor);
    return server.services.workflow.publish(draft.id, editor);
  };

  it('serves the DEFAULT_LANGUAGE front page at / and absolute URLs from SITE_URL, never the Host header', async () => {
    const korean = await publish({ language: 'ko', headline: '한인회 송년회 열려', section: 'la', dek: '요약', type: 'analysis' });
    expect(korean.slug).toBe('haninhoe-songnyeonhoe-yeollyeo');
    const root = await page('/');
    expect(root.status).toBe(200);
    expect(root.html).toContain('<html lang="ko"');
    expect(root.html).toContain('한인회 송년회 열려');
    expect(root.html).toContain('<link rel="canonical" href="https://news.example.com/ko">');
    const spoofed = await fetch(`${base}/ko`, { headers: { host: 'evil.example' } }).then((r) => r.text());
    expect(spoofed).not.toContain('evil.example');
    expect(root.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(root.headers.get('etag')).toBeTruthy();
  });

  it('links translations with hreflang only while the other version is published', async () => {
    const ko = await publish({ language: 'ko', headline: '번역 연결 기사', section: 'community' });
    const en = await server.services.articles.createArticle({ language: 'en', headline: 'Linked translation story', section: 'community', translationOf: ko.id }, editor);
    const koPath = `/ko/community/${ko.id}-${ko.slug}`;
    expect((await page(koPath)).html).not.toContain('<link rel="alternate" hreflang="en"');
    await server.services.workflow.publish(en.id, editor);
    const linked = await page(koPath);
    expect(linked.html).toContain(`<link rel="alternate" hreflang="en" href="https://news.example.com/en/community/${en.id}-linked-translation-story">`);
    expect(linked.html).toContain('Read this story in English');
    await server.services.workflow.unpublish(en.id, editor);
    expect((await page(koPath)).html).not.toContain('<link rel="alternate" hreflang="en"');
  });

  it('shows corrections, the type label and the updated time on the article page', async () => {
    const article = await publish({ language: 'en', headline: 'Story that needed a fix', section: 'community', type: 'opinion', body: [{ type: 'paragraph', content: [{ text: 'Text.' }] }] });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await server.services.articles.addCorrection(article.id, { kind: 'correction', text: 'An earlier version misspelled the council member’s name.' }, editor);
    const html = (await page(`/en/community/${article.id}-${article.slug}`)).html;
    expect(html).toContain('Corrections and clarifications');
    expect(html).toContain('An earlier version misspelled the council member’s name.');
    expect(html).toContain('<span class="type-label">Opinion</span>');
    expect(html).toMatch(/Published <time datetime="[^"]+">/);
  });

  it('renders embeds as link cards; the iframe comes only after a click', async () => {
    const article = await publish({ language: 'en', headline: 'Story with a video', section: 'community', body: [{ type: 'embed', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', title: 'Council meeting video', provider: 'YouTube' }] });
    const html = (await page(`/en/community/${article.id}-${article.slug}`)).html;
    expect(html).not.toContain('<iframe');
    expect(html).toContain('href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"');
    expect(html).toContain('data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"');
    expect(html).toMatch(/<script src="\/assets\/embed\.[0-9a-f]+\.js" defer><\/script>/);
  });

  it('paginates section pages with links, including child sections', async () => {
    for (let i = 0; i < 22; i++) await publish({ language: 'en', headline: `Pagination story ${i}`, section: 'la' });
    const first = await page('/en/section/community');
    expect(first.status).toBe(200);
    expect(first.html).toContain('rel="next"');
    expect(first.html).toContain('href="/en/section/community?page=2"');
    const second = await page('/en/section/community?page=2');
    expect(second.html).toContain('rel="prev"');
    expect(second.html).toContain('Page 2');
    expect((await page('/en/tag/nothing-here')).status).toBe(404);
    // The front page's Community block holds stories of its child section too, none of the five lead stories again.
    const front = (await page('/en')).html;
    const block = /<section class="front-section" aria-labelledby="section-community">([\s\S]*?)<\/section>/.exec(front)?.[1] ?? '';
    expect(block.match(/Pagination story \d+/g)).toEqual(['Pagination story 16', 'Pagination story 15', 'Pagination story 14', 'Pagination story 13']);
  });

  it('lists an author with profile, bio and articles; credits link to the profile', async () => {
    await server.services.authors.createAuthor({ slug: 'park-reporter', nameKo: '박기자', nameEn: 'Jay Park', bioEn: 'Covers Koreatown.', bioKo: '코리아타운 담당.', email: 'jay@example.com' });
    const article = await publish({ language: 'en', headline: 'Bylined story', section: 'community', credits: [{ name: 'Jay Park', role: 'reporter', authorSlug: 'park-reporter', email: 'jay@example.com' }], tags: ['Koreatown'] });
    const html = (await page(`/en/community/${article.id}-${article.slug}`)).html;
    expect(html).toContain('<a href="/en/author/park-reporter">Jay Park</a>');
    expect(html).toContain('Covers Koreatown.');
    const authorPage = await page('/en/author/park-reporter');
    expect(authorPage.html).toContain('Bylined story');
    const ko = await page('/ko/author/park-reporter');
    expect(ko.html).toContain('박기자');
    const tag = await page('/en/tag/koreatown');
    expect(tag.status).toBe(200);
    expect(tag.html).toContain('Bylined story');
  });

  it('answers unknown pages with a helpful 404 in the language of the path', async () => {
    const ko = await page('/ko/nowhere/123-missing');
    expect(ko.status).toBe(404);
    expect(ko.html).toContain('<html lang="ko"');
    expect(ko.html).toContain('페이지를 찾을 수 없습니다');
    expect(ko.html).toContain('href="/ko/section/community"');
    const en = await page('/en/section/not-a-section');
    expect(en.status).toBe(404);
    expect(en.html).toContain('Page not found');
    expect((await page('/xx')).status).toBe(404);
  });

  it('reuses a rendered page until a change, which shows at once', async () => {
    const article = await publish({ language: 'en', headline: 'Cached headline', section: 'community' });
    const path = `/en/community/${article.id}-${article.slug}`;
    expect((await page(path)).headers.get('x-page-cache')).toBeNull();
    const again = await page(path);
    expect(again.headers.get('x-page-cache')).toBe('hit');
    expect(again.headers.get('content-security-policy')).toContain("default-src 'none'");
    const revalidated = await fetch(`${base}${path}`, { headers: { 'if-none-match': again.headers.get('etag') ?? '' } });
    expect(revalidated.status).toBe(304);
    await server.services.articles.updateArticle(article.id, { revision: article.revision, headline: 'Corrected cached headline' }, editor);
    const fresh = await page(path);
    expect(fresh.headers.get('x-page-cache')).toBeNull();
    expect(fresh.html).toContain('Corrected cached headline');
  });

  it('shows breaking news in a banner on the front page', async () => {
    await publish({ language: 'en', headline: 'Freeway closed after crash', section: 'community', breaking: true });
    const html = (await page('/en')).html;
    expect(html).toMatch(/class="breaking-banner"[^>]*><strong>Breaking<\/strong> <a href="[^"]+">Freeway closed after crash<\/a>/);
  });
});
