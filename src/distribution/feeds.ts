import { create } from 'xmlbuilder2';
import type { FeedEntry, FeedScope } from './distribution.types.js';

/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification), Atom (RFC 4287) and JSON Feed 1.1
 * (https://www.jsonfeed.org/version/1.1/) from the same entries. Pure functions; the XML goes through xmlbuilder2,
 * so escaping is never done by hand.
 */

/** RFC 822 date-time as RSS wants it (RFC 1123 form: four-digit year, GMT). */
export const rfc822 = (iso: string): string => new Date(iso).toUTCString();
/** RFC 3339 date-time (Atom): ISO 8601 in UTC with a `Z`. */
export const rfc3339 = (iso: string): string => new Date(iso).toISOString();

const newest = (entries: FeedEntry[], fallback: string): string =>
  entries.reduce((latest, e) => (Date.parse(e.updated) > Date.parse(latest) ? e.updated : latest), entries[0]?.updated ?? fallback);

export const FEED_FILES = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' } as const;

export function renderRss(scope: FeedScope, entries: FeedEntry[], now: Date, generator: string): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('rss', {
    version: '2.0',
    'xmlns:atom': 'http://www.w3.org/2005/Atom',
    'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
    'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
    'xmlns:media': 'http://search.yahoo.com/mrss/',
  });
  const channel = root.ele('channel');
  channel.ele('title').txt(scope.title);
  channel.ele('link').txt(scope.homeUrl);
  channel.ele('description').txt(scope.description);
  channel.ele('language').txt(scope.language);
  channel.ele('lastBuildDate').txt(rfc822(newest(entries, now.toISOString())));
  channel.ele('generator').txt(generator);
  channel.ele('atom:link', { href: `${scope.feedBase}/${FEED_FILES.rss}`, rel: 'self', type: 'application/rss+xml' });
  for (const entry of entries) {
    const item = channel.ele('item');
    item.ele('title').txt(entry.title);
    item.ele('link').txt(entry.url);
    item.ele('guid', { isPermaLink: 'false' }).txt(entry.guid);
    item.ele('pubDate').txt(rfc822(entry.published));
    if (entry.summary) item.ele('description').txt(entry.summary);
    // Every credited person; RSS's <author> wants an e-mail address, so names go in dc:creator.
    for (const author of entry.authors) item.ele('dc:creator').txt(author.name);
    for (const category of entry.categories) item.ele('category').txt(category);
    item.ele('content:encoded').txt(entry.contentHtml);
    if (entry.image) {
      const media = item.ele('media:content', {
        url: entry.image.url,
        medium: 'image',
        type: entry.image.mimeType,
        fileSize: String(entry.image.bytes),
        width: String(entry.image.width),
        height: String(entry.image.height),
      });
      if (entry.image.caption) media.ele('media:description', { type: 'plain' }).txt(entry.image.caption);
      if (entry.image.credit) media.ele('media:credit').txt(entry.image.credit);
    }
  }
  return root.end({ prettyPrint: true });
}

export function renderAtom(scope: FeedScope, entries: FeedEntry[], now: Date, generator: string, siteName: string): string {
  const feed = create({ version: '1.0', encoding: 'UTF-8' }).ele('feed', { xmlns: 'http://www.w3.org/2005/Atom', 'xmlns:media': 'http://search.yahoo.com/mrss/', 'xml:lang': scope.language });
  feed.ele('id').txt(scope.id);
  feed.ele('title').txt(scope.title);
  feed.ele('subtitle').txt(scope.description);
  feed.ele('updated').txt(rfc3339(newest(entries, now.toISOString())));
  feed.ele('link', { rel: 'self', type: 'application/atom+xml', href: `${scope.feedBase}/${FEED_FILES.atom}` });
  feed.ele('link', { rel: 'alternate', type: 'text/html', href: scope.homeUrl });
  // RFC 4287 §4.1.1: a feed needs an author unless every entry has one; the publication is the feed's author.
  feed.ele('author').ele('name').txt(siteName);
  feed.ele('generator').txt(generator);
  for (const entry of entries) {
    const item = feed.ele('entry');
    item.ele('id').txt(entry.guid);
    item.ele('title', { type: 'text' }).txt(entry.title);
    item.ele('link', { rel: 'alternate', type: 'text/html', href: entry.url });
    item.ele('published').txt(rfc3339(entry.published));
    item.ele('updated').txt(rfc3339(entry.updated));
    for (const author of entry.authors) {
      const a = item.ele('author');
      a.ele('name').txt(author.name);
      if (author.url) a.ele('uri').txt(author.url);
    }
    for (const category of entry.categories) item.ele('category', { term: category });
    if (entry.summary) item.ele('summary', { type: 'text' }).txt(entry.summary);
    item.ele('content', { type: 'html' }).txt(entry.contentHtml);
    if (entry.image) {
      item.ele('link', { rel: 'enclosure', type: entry.image.mimeType, length: String(entry.image.bytes), href: entry.image.url });
      item.ele('media:content', { url: entry.image.url, medium: 'image', type: entry.image.mimeType, width: String(entry.image.width), height: String(entry.image.height) });
    }
  }
  return feed.end({ prettyPrint: true });
}

export interface JsonFeed {
  version: 'https://jsonfeed.org/version/1.1';
  title: string;
  home_page_url: string;
  feed_url: string;
  description: string;
  language: string;
  authors: { name: string; url?: string }[];
  items: Record<string, unknown>[];
}

export function renderJsonFeed(scope: FeedScope, entries: FeedEntry[], siteName: string, siteUrl: string): JsonFeed {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: scope.title,
    home_page_url: scope.homeUrl,
    feed_url: `${scope.feedBase}/${FEED_FILES.json}`,
    description: scope.description,
    language: scope.language,
    authors: [{ name: siteName, url: siteUrl }],
    items: entries.map((entry) => ({
      id: entry.guid,
      url: entry.url,
      title: entry.title,
      content_html: entry.contentHtml,
      ...(entry.summary ? { summary: entry.summary } : {}),
      ...(entry.image ? { image: entry.image.url } : {}),
      date_published: rfc3339(entry.published),
      date_modified: rfc3339(entry.updated),
      ...(entry.authors.length ? { authors: entry.authors.map((a) => ({ name: a.name, ...(a.url ? { url: a.url } : {}) })) } : {}),
      ...(entry.categories.length ? { tags: entry.categories } : {}),
      language: entry.language,
      ...(entry.image
        ? { attachments: [{ url: entry.image.url, mime_type: entry.image.mimeType, size_in_bytes: entry.image.bytes, ...(entry.image.caption ? { title: entry.image.caption } : {}) }] }
        : {}),
    })),
  };
}
