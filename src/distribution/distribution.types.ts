import type { Language } from '../content/content.types.js';

/** One story as every feed format needs it: absolute URLs, ISO times, rendered and sanitised body. */
export interface FeedEntry {
  /** Stable for the article's whole life (a slug or section change keeps it): a `tag:` URI. */
  guid: string;
  url: string;
  title: string;
  summary: string;
  contentHtml: string;
  language: Language;
  /** ISO 8601 UTC. */
  published: string;
  /** ISO 8601 UTC; equals `published` until the text changes. */
  updated: string;
  authors: { name: string; url?: string | undefined }[];
  categories: string[];
  image: { url: string; mimeType: string; width: number; height: number; bytes: number; caption: string; credit: string; alt: string } | null;
}

/** A feed's identity: what it lists and where it lives. */
export interface FeedScope {
  language: Language;
  title: string;
  description: string;
  /** The reader page this feed mirrors (absolute). */
  homeUrl: string;
  /** Path prefix of the feed files: `${feedBase}/rss.xml`, `/atom.xml`, `/feed.json` (absolute). */
  feedBase: string;
  /** A stable `tag:` URI for the Atom feed id. */
  id: string;
}
