import { create } from 'xmlbuilder2';

/**
 * Sitemaps (https://www.sitemaps.org/protocol.html) with the image, Google News and xhtml:link (hreflang)
 * extensions. Pure functions over plain data; xmlbuilder2 does the escaping.
 */
export const MAX_SITEMAP_URLS = 50_000;

const NS = {
  sitemap: 'http://www.sitemaps.org/schemas/sitemap/0.9',
  image: 'http://www.google.com/schemas/sitemap-image/1.1',
  news: 'http://www.google.com/schemas/sitemap-news/0.9',
  xhtml: 'http://www.w3.org/1999/xhtml',
};

export interface SitemapUrl {
  loc: string;
  /** W3C datetime (ISO 8601). */
  lastmod?: string | undefined;
  images?: { loc: string; caption?: string | undefined }[];
  alternates?: { hreflang: string; href: string }[];
}

export function renderSitemapIndex(entries: { loc: string; lastmod?: string | undefined }[]): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS.sitemap, 'sitemapindex');
  for (const entry of entries) {
    const sitemap = root.ele('sitemap');
    sitemap.ele('loc').txt(entry.loc);
    if (entry.lastmod) sitemap.ele('lastmod').txt(new Date(entry.lastmod).toISOString());
  }
  return root.end({ prettyPrint: true });
}

export function renderUrlset(urls: SitemapUrl[]): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS.sitemap, 'urlset', { 'xmlns:image': NS.image, 'xmlns:xhtml': NS.xhtml });
  for (const url of urls.slice(0, MAX_SITEMAP_URLS)) {
    const el = root.ele('url');
    el.ele('loc').txt(url.loc);
    if (url.lastmod) el.ele('lastmod').txt(new Date(url.lastmod).toISOString());
    for (const alt of url.alternates ?? []) el.ele(NS.xhtml, 'xhtml:link', { rel: 'alternate', hreflang: alt.hreflang, href: alt.href });
    for (const image of url.images ?? []) {
      const img = el.ele(NS.image, 'image:image');
      img.ele(NS.image, 'image:loc').txt(image.loc);
      if (image.caption) img.ele(NS.image, 'image:caption').txt(image.caption);
    }
  }
  return root.end({ prettyPrint: true });
}

export function renderNewsSitemap(publicationName: string, articles: { loc: string; language: string; title: string; publicationDate: string; keywords: string[] }[]): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS.sitemap, 'urlset', { 'xmlns:news': NS.news });
  for (const article of articles) {
    const el = root.ele('url');
    el.ele('loc').txt(article.loc);
    const news = el.ele(NS.news, 'news:news');
    const publication = news.ele(NS.news, 'news:publication');
    publication.ele(NS.news, 'news:name').txt(publicationName);
    publication.ele(NS.news, 'news:language').txt(article.language);
    news.ele(NS.news, 'news:publication_date').txt(new Date(article.publicationDate).toISOString());
    news.ele(NS.news, 'news:title').txt(article.title);
    if (article.keywords.length) news.ele(NS.news, 'news:keywords').txt(article.keywords.join(', '));
  }
  return root.end({ prettyPrint: true });
}

export function renderRobotsTxt(siteUrl: string): string {
  const base = siteUrl.replace(/\/$/, '');
  return ['User-agent: *', 'Disallow: /api/admin/', 'Allow: /', '', `Sitemap: ${base}/sitemap.xml`, `Sitemap: ${base}/sitemaps/news.xml`, ''].join('\n');
}
