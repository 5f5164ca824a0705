import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { create } from 'xmlbuilder2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DistributionService } from '../../src/distribution/distribution.service.js';
import { databaseTargets } from '../setup/test-databases.js';
import { HIDDEN_HEADLINES, SITE_URL, get, startNewsroom } from './newsroom-fixture.js';
import type { Newsroom } from './newsroom-fixture.js';

const run = promisify(execFile);
/** As shipped in the shared fixtures (CI clones the repository with shared/ beside it). */
const XSD = path.resolve('../shared/fixtures/schemas/sitemaps/sitemap-with-extensions.xsd');
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** xmllint against the sitemap schema with the news, image and xhtml:link extensions; returns xmllint's verdict. */
async function xmllint(xml: string): Promise<{ valid: boolean; output: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sinmun-sitemap-'));
  const file = path.join(dir, 'sitemap.xml');
  await fs.writeFile(file, xml);
  try {
    const { stderr } = await run('xmllint', ['--noout', '--nonet', '--schema', XSD, file]);
    return { valid: true, output: stderr };
  } catch (error) {
    return { valid: false, output: String((error as { stderr?: string }).stderr ?? error) };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const elements = (xml: string, ns: string, name: string): Element[] => Array.from((create(xml).node as unknown as Document).getElementsByTagNameNS(ns, name));
const locs = (xml: string): string[] => elements(xml, SITEMAP_NS, 'loc').map((e) => e.textContent ?? '');

describe.each(databaseTargets)('sitemaps on $name', (target) => {
  let room: Newsroom;
  const articleUrl = (a: { id: number; slug: string; language: string }, section = 'world') => `${SITE_URL}/${a.language}/${section}/${a.id}-${a.slug}`;
  const thisMonth = new Date().toISOString().slice(0, 7);

  beforeAll(async () => {
    room = await startNewsroom(target);
  });
  afterAll(async () => {
    await room?.close();
  });

  it('has a schema that can say no', async () => {
    const bad = `<?xml version="1.0"?><urlset xmlns="${SITEMAP_NS}"><url><lastmod>yesterday</lastmod></url></urlset>`;
    expect((await xmllint(bad)).valid).toBe(false);
  });

  it('points robots.txt at the index and the news sitemap', async () => {
    const robots = await get(room.base, '/robots.txt');
    expect(robots.type).toBe('text/plain; charset=utf-8');
    expect(robots.body).toContain(`Sitemap: ${SITE_URL}/sitemap.xml`);
    expect(robots.body).toContain(`Sitemap: ${SITE_URL}/sitemaps/news.xml`);
    expect(robots.body).toContain('Disallow: /api/admin/');
  });

  it('lists every sitemap in the index, and xmllint accepts each of them', async () => {
    const index = await get(room.base, '/sitemap.xml');
    expect(index.type).toBe('application/xml; charset=utf-8');
    // The index format is not in sitemap.xsd: its own rules (sitemaps.org): <sitemapindex> of <sitemap> with <loc>, optional W3C <lastmod>.
    const root = (create(index.body).node as unknown as Document).documentElement;
    expect(root.localName).toBe('sitemapindex');
    expect(root.namespaceURI).toBe(SITEMAP_NS);
    const entries = elements(index.body, SITEMAP_NS, 'sitemap');
    expect(entries.length).toBeLessThanOrEqual(50_000);
    for (const lastmod of elements(index.body, SITEMAP_NS, 'lastmod')) expect(lastmod.textContent).toMatch(W3C_DATETIME);
    const listed = locs(index.body);
    expect(listed).toEqual([
      `${SITE_URL}/sitemaps/news.xml`,
      `${SITE_URL}/sitemaps/sections.xml`,
      `${SITE_URL}/sitemaps/tags.xml`,
      `${SITE_URL}/sitemaps/authors.xml`,
      `${SITE_URL}/sitemaps/articles-${thisMonth}.xml`,
    ]);
    for (const loc of listed) {
      const sitemap = await get(room.base, new URL(loc).pathname);
      expect(sitemap.status, loc).toBe(200);
      const verdict = await xmllint(sitemap.body);
      expect(verdict.valid, `${loc}: ${verdict.output}`).toBe(true);
      for (const hidden of HIDDEN_HEADLINES) expect(sitemap.body).not.toContain(hidden);
    }
  });

  it('lists readable articles of the month with images and hreflang alternates between translations', async () => {
    const xml = (await get(room.base, `/sitemaps/articles-${thisMonth}.xml`)).body;
    expect(locs(xml).sort()).toEqual([articleUrl(room.lead), articleUrl(room.leadKo), articleUrl(room.opinion, 'opinion')].sort());
    for (const hidden of [room.draft, room.embargoed, room.unpublished]) expect(xml).not.toContain(`/${hidden.id}-`);
    const leadEntry = elements(xml, SITEMAP_NS, 'url').find((u) => u.getElementsByTagNameNS(SITEMAP_NS, 'loc')[0]?.textContent === articleUrl(room.lead));
    if (!leadEntry) throw new Error('lead missing');
    const links = Array.from(leadEntry.getElementsByTagNameNS('http://www.w3.org/1999/xhtml', 'link')).map((l) => [l.getAttribute('hreflang'), l.getAttribute('href')]);
    expect(links).toEqual(
      expect.arrayContaining([
        ['en', articleUrl(room.lead)],
        ['ko', articleUrl(room.leadKo)],
      ]),
    );
    const images = Array.from(leadEntry.getElementsByTagNameNS('http://www.google.com/schemas/sitemap-image/1.1', 'loc')).map((e) => e.textContent);
    expect(images).toHaveLength(1);
    expect(images[0]).toMatch(/^https:\/\/news\.example\.com\/media\/\d+\//);
    expect(leadEntry.getElementsByTagNameNS(SITEMAP_NS, 'lastmod')[0]?.textContent).toMatch(W3C_DATETIME);
    const opinionEntry = elements(xml, SITEMAP_NS, 'url').find((u) => u.getElementsByTagNameNS(SITEMAP_NS, 'loc')[0]?.textContent === articleUrl(room.opinion, 'opinion'));
    expect(opinionEntry?.getElementsByTagNameNS('http://www.w3.org/1999/xhtml', 'link').length).toBe(0);
  });

  it('lists sections in both languages, and tags and authors only where they have readable stories', async () => {
    const sections = locs((await get(room.base, '/sitemaps/sections.xml')).body);
    expect(sections).toEqual(expect.arrayContaining([`${SITE_URL}/ko`, `${SITE_URL}/en`, `${SITE_URL}/en/section/world`, `${SITE_URL}/ko/section/opinion`]));
    const tags = locs((await get(room.base, '/sitemaps/tags.xml')).body);
    expect(tags.sort()).toEqual([`${SITE_URL}/en/tag/north-korea`, `${SITE_URL}/en/tag/ukraine`]);
    const authors = locs((await get(room.base, '/sitemaps/authors.xml')).body);
    expect(authors.sort()).toEqual([`${SITE_URL}/en/author/jane-park`, `${SITE_URL}/ko/author/jane-park`]);
  });

  it('puts only the last 48 hours in the news sitemap, with publication name and language; older months get their own file', async () => {
    const news = (await get(room.base, '/sitemaps/news.xml')).body;
    const NEWS = 'http://www.google.com/schemas/sitemap-news/0.9';
    expect(locs(news).sort()).toEqual([articleUrl(room.lead), articleUrl(room.leadKo), articleUrl(room.opinion, 'opinion')].sort());
    expect(new Set(elements(news, NEWS, 'name').map((e) => e.textContent))).toEqual(new Set(['Sinmun Daily']));
    expect(elements(news, NEWS, 'language').map((e) => e.textContent).sort()).toEqual(['en', 'en', 'ko']);
    for (const date of elements(news, NEWS, 'publication_date')) expect(date.textContent).toMatch(W3C_DATETIME);
    expect(elements(news, NEWS, 'title').map((e) => e.textContent)).toContain('Captured soldiers ask to be brought to South Korea & <safety>');

    // An old story (publication date moved back, as an import would store it): out of the news sitemap, in its month's file.
    const old = await room.publish({ language: 'en', headline: 'An archive story', section: 'world' });
    await room.server.services.database.db.updateTable('articles').set({ published_at: '2025-03-10T08:00:00.000Z' }).where('id', '=', old.id).execute();
    room.server.services.pageCache.clear();
    expect(locs((await get(room.base, '/sitemaps/news.xml')).body)).not.toContain(articleUrl(old));
    expect(locs((await get(room.base, '/sitemap.xml')).body)).toContain(`${SITE_URL}/sitemaps/articles-2025-03.xml`);
    const march = await get(room.base, '/sitemaps/articles-2025-03.xml');
    expect(locs(march.body)).toEqual([articleUrl(old)]);
    expect((await xmllint(march.body)).valid).toBe(true);
    expect((await get(room.base, '/sitemaps/articles-2025-13.xml')).status).toBe(404);
    expect((await get(room.base, '/sitemaps/articles-2025-03-2.xml')).status).toBe(404);
    expect((await get(room.base, '/sitemaps/nope.xml')).status).toBe(404);
  });

  it('splits a month into several files past the per-file limit (50,000; 2 here)', async () => {
    const { services } = room.server;
    const small = new DistributionService(services.database.db, services.delivery, { siteUrl: SITE_URL, siteName: 'x', sitemapMaxUrls: 2 });
    const files = (await small.listArticleSitemaps()).map((f) => f.name).filter((n) => n.includes(thisMonth));
    expect(files).toEqual([`articles-${thisMonth}`, `articles-${thisMonth}-2`]);
    const first = (await small.listArticleSitemapUrls(thisMonth, 1)) ?? [];
    const second = (await small.listArticleSitemapUrls(thisMonth, 2)) ?? [];
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(1);
    expect(new Set([...first, ...second].map((u) => u.loc)).size).toBe(3);
    expect(await small.listArticleSitemapUrls(thisMonth, 3)).toBeNull();
  });

  it('drops an unpublished article from the article and news sitemaps at once', async () => {
    const story = await room.publish({ language: 'en', headline: 'Briefly published', section: 'world' });
    expect((await get(room.base, '/sitemaps/news.xml')).body).toContain(articleUrl(story));
    expect((await get(room.base, `/sitemaps/articles-${thisMonth}.xml`)).body).toContain(articleUrl(story));
    await room.server.services.workflow.unpublish(story.id, room.editor);
    expect((await get(room.base, '/sitemaps/news.xml')).body).not.toContain(articleUrl(story));
    expect((await get(room.base, `/sitemaps/articles-${thisMonth}.xml`)).body).not.toContain(articleUrl(story));
  });
});
