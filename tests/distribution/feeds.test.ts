import { parseFeed } from '@rowanmanning/feed-parser';
import jsonFeedSchema from 'jsonfeed-schema/schema-v1.1.json' with { type: 'json' };
import RssParser from 'rss-parser';
import { create } from 'xmlbuilder2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DistributionService } from '../../src/distribution/distribution.service.js';
import { createAjv } from '../setup/json-schema.js';
import { sqliteTarget } from '../setup/test-databases.js';
import { HIDDEN_HEADLINES, SITE_URL, get, startNewsroom } from './newsroom-fixture.js';
import type { Newsroom } from './newsroom-fixture.js';

/**
 * Feeds are checked three ways: two independent npm parsers must read them, and our own checks hold them to what
 * RSS 2.0 and RFC 4287 require (parsers accept too much) — required elements and date formats. JSON Feed is
 * validated against the schema of npm `jsonfeed-schema` with ajv.
 */
const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const ATOM_NS = 'http://www.w3.org/2005/Atom';

type El = Element;
const dom = (xml: string): Document => create(xml).node as unknown as Document;
const children = (parent: El, name: string, ns?: string): El[] =>
  Array.from(parent.childNodes).filter((n): n is El => n.nodeType === 1 && (n as El).localName === name && (ns === undefined || (n as El).namespaceURI === ns));
const text = (parent: El, name: string, ns?: string): string | undefined => children(parent, name, ns)[0]?.textContent ?? undefined;

/** RSS 2.0 (rssboard.org/rss-specification): channel title/link/description; each item a title or description; RFC 822 dates. */
function checkRss(xml: string): { titles: string[]; guids: string[] } {
  const root = dom(xml).documentElement;
  expect(root.localName).toBe('rss');
  expect(root.getAttribute('version')).toBe('2.0');
  const [channel] = children(root, 'channel');
  if (!channel) throw new Error('no channel');
  for (const required of ['title', 'link', 'description']) expect(text(channel, required), `channel/${required}`).toBeTruthy();
  expect(() => new URL(text(channel, 'link') ?? '')).not.toThrow();
  expect(text(channel, 'lastBuildDate')).toMatch(RFC822);
  const items = children(channel, 'item');
  for (const item of items) {
    expect(text(item, 'title') ?? text(item, 'description')).toBeTruthy();
    expect(text(item, 'pubDate')).toMatch(RFC822);
    expect(Number.isNaN(Date.parse(text(item, 'pubDate') ?? ''))).toBe(false);
    expect(text(item, 'link')).toMatch(/^https:\/\/news\.example\.com\//);
    const guid = children(item, 'guid')[0];
    expect(guid?.getAttribute('isPermaLink')).toBe('false');
  }
  return { titles: items.map((i) => text(i, 'title') ?? ''), guids: items.map((i) => text(i, 'guid') ?? '') };
}

/** Atom (RFC 4287 §4.1): feed id/title/updated, a self link, an author for every entry; entry id/title/updated; RFC 3339 dates. */
function checkAtom(xml: string): { titles: string[]; ids: string[] } {
  const root = dom(xml).documentElement;
  expect(root.localName).toBe('feed');
  expect(root.namespaceURI).toBe(ATOM_NS);
  for (const required of ['id', 'title', 'updated']) expect(text(root, required, ATOM_NS), `feed/${required}`).toBeTruthy();
  expect(text(root, 'updated', ATOM_NS)).toMatch(RFC3339);
  expect(() => new URL(text(root, 'id', ATOM_NS) ?? '')).not.toThrow();
  expect(children(root, 'link', ATOM_NS).some((l) => l.getAttribute('rel') === 'self')).toBe(true);
  const feedHasAuthor = children(root, 'author', ATOM_NS).some((a) => text(a, 'name', ATOM_NS));
  const entries = children(root, 'entry', ATOM_NS);
  for (const entry of entries) {
    for (const required of ['id', 'title', 'updated']) expect(text(entry, required, ATOM_NS), `entry/${required}`).toBeTruthy();
    expect(text(entry, 'updated', ATOM_NS)).toMatch(RFC3339);
    expect(text(entry, 'published', ATOM_NS)).toMatch(RFC3339);
    expect(feedHasAuthor || children(entry, 'author', ATOM_NS).length > 0).toBe(true);
    expect(children(entry, 'link', ATOM_NS).some((l) => (l.getAttribute('rel') ?? 'alternate') === 'alternate')).toBe(true);
    // §4.1.1.1: an entry without an alternate link must have content; ours has both, and content type html.
    expect(children(entry, 'content', ATOM_NS)[0]?.getAttribute('type')).toBe('html');
  }
  return { titles: entries.map((e) => text(e, 'title', ATOM_NS) ?? ''), ids: entries.map((e) => text(e, 'id', ATOM_NS) ?? '') };
}

const ajv = createAjv('draft07');
const validateJsonFeed = ajv.compile(jsonFeedSchema);

describe('feeds (RSS 2.0, Atom, JSON Feed 1.1)', () => {
  let room: Newsroom;
  const rssParser = new RssParser({ customFields: { item: [['media:content', 'mediaContent'], ['dc:creator', 'creators', { keepArray: true }]] } });

  beforeAll(async () => {
    room = await startNewsroom(sqliteTarget);
  });
  afterAll(async () => {
    await room?.close();
  });

  it('serves the site RSS feed that two parsers read and RSS 2.0 rules accept, with full content, images and every credit', async () => {
    const response = await get(room.base, '/en/rss.xml');
    expect(response.status).toBe(200);
    expect(response.type).toBe('application/rss+xml; charset=utf-8');
    const own = checkRss(response.body);
    expect(own.titles).toEqual(['Why the peninsula must talk', 'Captured soldiers ask to be brought to South Korea & <safety>']);
    for (const hidden of HIDDEN_HEADLINES) expect(response.body).not.toContain(hidden);

    const parsed = await rssParser.parseString(response.body);
    expect(parsed.items.map((i) => i.title)).toEqual(own.titles);
    const lead = parsed.items.find((i) => i.title?.startsWith('Captured')) as unknown as Record<string, unknown> & RssParser.Item;
    expect(lead.guid).toBe(`tag:news.example.com,${room.lead.createdAt.slice(0, 10)}:article:${room.lead.id}`);
    expect(lead.link).toBe(`${SITE_URL}/en/world/${room.lead.id}-${room.lead.slug}`);
    expect(lead.creators).toEqual(['Jane Park', 'Min-su Lee']);
    expect(lead.categories).toEqual(['World', 'North Korea', 'Ukraine']);
    expect((lead.mediaContent as { $: Record<string, string> }).$).toMatchObject({ medium: 'image', type: 'image/jpeg', width: '1200', height: '675' });
    expect((lead.mediaContent as { $: Record<string, string> }).$.url).toMatch(/^https:\/\/news\.example\.com\/media\/\d+\//);
    const content = lead['content:encoded'] as string;
    expect(content).toContain('<strong>on Tuesday</strong>');
    expect(content).toContain(`<a href="${SITE_URL}/en/world">our earlier report</a>`);
    expect(content).toMatch(/<img src="https:\/\/news\.example\.com\/media\/\d+\/[^"]+" width="1200" height="675" alt="Two men in uniform at a desk" \/>/);
    expect(content).toContain('<blockquote>');
    expect(content).not.toMatch(/class=|loading=|<button|<script/);

    const second = parseFeed(response.body);
    expect(second.items.map((i) => i.title)).toEqual(own.titles);
    expect(second.items[1]?.id).toBe(lead.guid);
    // RFC 822 carries whole seconds.
    expect(second.items[1]?.published?.getTime()).toBe(Math.floor(Date.parse(room.lead.publishedAt ?? '') / 1000) * 1000);
    expect(second.items[1]?.media[0]?.url).toBe((lead.mediaContent as { $: Record<string, string> }).$.url);
    expect(second.language).toBe('en');
  });

  it('serves Atom that two parsers read and RFC 4287 rules accept', async () => {
    const response = await get(room.base, '/en/atom.xml');
    expect(response.type).toBe('application/atom+xml; charset=utf-8');
    const own = checkAtom(response.body);
    expect(own.titles).toEqual(['Why the peninsula must talk', 'Captured soldiers ask to be brought to South Korea & <safety>']);
    const parsed = await rssParser.parseString(response.body);
    expect(parsed.items.map((i) => i.title)).toEqual(own.titles);
    expect(parsed.items.map((i) => (i as unknown as { id: string }).id)).toEqual(own.ids);
    const second = parseFeed(response.body);
    expect(second.items.map((i) => i.id)).toEqual(own.ids);
    expect(second.items[1]?.authors.map((a) => a.name)).toEqual(['Jane Park', 'Min-su Lee']);
    expect(second.items[1]?.content).toContain('<strong>on Tuesday</strong>');
  });

  it('serves JSON Feed 1.1 valid against the jsonfeed-schema JSON Schema', async () => {
    const response = await get(room.base, '/en/feed.json');
    expect(response.type).toBe('application/feed+json; charset=utf-8');
    const feed = JSON.parse(response.body) as { items: { id: string; title: string; authors: { name: string }[]; image?: string; date_published: string }[] };
    expect(validateJsonFeed(feed), ajv.errorsText(validateJsonFeed.errors)).toBe(true);
    expect(feed.items.map((i) => i.title)).toEqual(['Why the peninsula must talk', 'Captured soldiers ask to be brought to South Korea & <safety>']);
    expect(feed.items[1]?.authors.map((a) => a.name)).toEqual(['Jane Park', 'Min-su Lee']);
    expect(feed.items[1]?.image).toMatch(/^https:\/\/news\.example\.com\/media\//);
    for (const item of feed.items) expect(item.date_published).toMatch(RFC3339);
    // Not schema-valid: the schema must be able to say no.
    expect(validateJsonFeed({ version: 'https://jsonfeed.org/version/1.1', items: [] })).toBe(false);
  });

  it('has feeds per language, section, tag and author in all three formats; unknown ones are 404', async () => {
    const titlesOf = async (path: string) => checkRss((await get(room.base, path)).body).titles;
    expect(await titlesOf('/ko/rss.xml')).toEqual(['포로들 한국행 희망']);
    expect(await titlesOf('/en/section/opinion/rss.xml')).toEqual(['Why the peninsula must talk']);
    expect(await titlesOf('/en/tag/ukraine/rss.xml')).toEqual(['Captured soldiers ask to be brought to South Korea & <safety>']);
    expect(await titlesOf('/en/author/jane-park/rss.xml')).toEqual(['Captured soldiers ask to be brought to South Korea & <safety>']);
    expect(await titlesOf('/ko/author/jane-park/rss.xml')).toEqual(['포로들 한국행 희망']);
    expect(checkAtom((await get(room.base, '/en/tag/ukraine/atom.xml')).body).titles).toHaveLength(1);
    const json = JSON.parse((await get(room.base, '/en/author/jane-park/feed.json')).body) as unknown;
    expect(validateJsonFeed(json), ajv.errorsText(validateJsonFeed.errors)).toBe(true);
    for (const path of ['/en/section/nope/rss.xml', '/en/tag/nope/atom.xml', '/fr/rss.xml', '/en/section/world/feed.xml', '/en/topic/world/rss.xml']) {
      expect((await get(room.base, path)).status, path).toBe(404);
    }
  });

  it('keeps GUIDs stable when the headline and slug change, and drops an unpublished story at once', async () => {
    const before = checkRss((await get(room.base, '/en/section/opinion/rss.xml')).body).guids;
    const story = await room.server.services.articles.getArticleAs(room.opinion.id, room.editor);
    await room.server.services.articles.updateArticle(room.opinion.id, { revision: story.revision, headline: 'Why the peninsula must keep talking', slug: 'keep-talking' }, room.editor);
    const after = checkRss((await get(room.base, '/en/section/opinion/rss.xml')).body);
    expect(after.titles).toEqual(['Why the peninsula must keep talking']);
    expect(after.guids).toEqual(before);
    await room.server.services.workflow.unpublish(room.opinion.id, room.editor);
    expect(checkRss((await get(room.base, '/en/section/opinion/rss.xml')).body).titles).toEqual([]);
    expect(checkAtom((await get(room.base, '/en/atom.xml')).body).titles).not.toContain('Why the peninsula must keep talking');
    await room.server.services.workflow.publish(room.opinion.id, room.editor);
  });

  it('makes GUIDs valid tag: URIs (RFC 4151: a host name, never a port)', () => {
    const { services } = room.server;
    const local = new DistributionService(services.database.db, services.delivery, { siteUrl: 'http://127.0.0.1:3917', siteName: 'x' });
    expect(local.articleGuid({ id: 7, createdAt: '2026-11-26T08:00:00.000Z' })).toBe('tag:127.0.0.1,2026-11-26:article:7');
  });

  it('announces the feeds on reader pages (autodiscovery)', async () => {
    const front = (await get(room.base, '/en')).body;
    expect(front).toContain('<link rel="alternate" type="application/rss+xml" title="Sinmun Daily (RSS)" href="/en/rss.xml">');
    expect(front).toContain('<link rel="alternate" type="application/atom+xml" title="Sinmun Daily (Atom)" href="/en/atom.xml">');
    expect(front).toContain('<link rel="alternate" type="application/feed+json" title="Sinmun Daily (JSON Feed)" href="/en/feed.json">');
    const section = (await get(room.base, '/en/section/world')).body;
    expect(section).toContain('type="application/rss+xml" title="World | Sinmun Daily (RSS)" href="/en/section/world/rss.xml"');
    const author = (await get(room.base, '/ko/author/jane-park')).body;
    expect(author).toContain('href="/ko/author/jane-park/feed.json"');
  });
});
