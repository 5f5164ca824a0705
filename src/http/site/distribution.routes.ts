import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../app.js';
import type { Language } from '../../content/content.types.js';
import type { FeedKind } from '../../distribution/distribution.service.js';
import { FEED_FILES, renderAtom, renderJsonFeed, renderRss } from '../../distribution/feeds.js';
import { renderNewsSitemap, renderRobotsTxt, renderSitemapIndex, renderUrlset } from '../../distribution/sitemaps.js';
import { absoluteUrl } from '../../delivery/urls.js';
import { AppError } from '../../lib/errors.js';
import { etagOnSend } from '../http-cache.js';
import { useResponseCache } from '../response-cache.js';

const isLanguage = (value: string | undefined): value is Language => value === 'ko' || value === 'en';
const FEED_KINDS = new Set<FeedKind>(['section', 'tag', 'author']);
const XML = 'application/xml; charset=utf-8';

/**
 * Feeds, sitemaps and robots.txt. Public and cached like reader pages (the response cache is cleared by every
 * domain event, so an unpublished story leaves them at once); everything they list comes from
 * DistributionService, which reads through the reader-visibility rule.
 */
export async function registerDistributionRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const { distribution, config } = services;
  const generator = 'Sinmun';

  await app.register(async (scope) => {
    scope.addHook('onSend', etagOnSend);
    useResponseCache(scope, services);

    const sendFeed = async (reply: FastifyReply, kind: FeedKind, lang: string, file: string, slug?: string) => {
      if (!isLanguage(lang)) throw new AppError('ERR_NOT_FOUND', 'unknown feed');
      const feedScope = await distribution.findFeedScope(kind, lang, slug);
      if (!feedScope) throw new AppError('ERR_NOT_FOUND', `unknown ${kind}`);
      const entries = await distribution.listFeedEntries(kind, lang, slug);
      const now = new Date();
      if (file === FEED_FILES.rss) return reply.header('content-type', 'application/rss+xml; charset=utf-8').send(renderRss(feedScope, entries, now, generator));
      if (file === FEED_FILES.atom) return reply.header('content-type', 'application/atom+xml; charset=utf-8').send(renderAtom(feedScope, entries, now, generator, config.siteName));
      if (file === FEED_FILES.json) return reply.header('content-type', 'application/feed+json; charset=utf-8').send(JSON.stringify(renderJsonFeed(feedScope, entries, config.siteName, config.siteUrl)));
      throw new AppError('ERR_NOT_FOUND', 'unknown feed format');
    };

    for (const file of Object.values(FEED_FILES)) {
      scope.get(`/:lang/${file}`, async (request, reply) => sendFeed(reply, 'site', (request.params as { lang: string }).lang, file));
    }
    scope.get('/:lang/:kind/:slug/:file', async (request, reply) => {
      const { lang, kind, slug, file } = request.params as { lang: string; kind: string; slug: string; file: string };
      if (!FEED_KINDS.has(kind as FeedKind)) throw new AppError('ERR_NOT_FOUND', 'unknown page');
      return sendFeed(reply, kind as FeedKind, lang, file, slug);
    });

    scope.get('/robots.txt', async (_request, reply) => reply.header('content-type', 'text/plain; charset=utf-8').send(renderRobotsTxt(config.siteUrl)));

    scope.get('/sitemap.xml', async (_request, reply) => {
      const articles = await distribution.listArticleSitemaps();
      const url = (name: string) => absoluteUrl(config.siteUrl, `/sitemaps/${name}.xml`);
      const newest = articles.map((a) => a.lastmod).sort().at(-1);
      const index = [
        { loc: url('news'), lastmod: newest },
        { loc: url('sections') },
        { loc: url('tags') },
        { loc: url('authors') },
        ...articles.map((a) => ({ loc: url(a.name), lastmod: a.lastmod })),
      ];
      return reply.header('content-type', XML).send(renderSitemapIndex(index));
    });

    scope.get('/sitemaps/:file', async (request, reply) => {
      const { file } = request.params as { file: string };
      const xml = (body: string) => reply.header('content-type', XML).send(body);
      if (file === 'news.xml') return xml(renderNewsSitemap(config.siteName, await distribution.listNewsSitemapArticles()));
      if (file === 'sections.xml') return xml(renderUrlset(await distribution.listSectionSitemapUrls()));
      if (file === 'tags.xml') return xml(renderUrlset(await distribution.listTagSitemapUrls()));
      if (file === 'authors.xml') return xml(renderUrlset(await distribution.listAuthorSitemapUrls()));
      const match = /^articles-(\d{4}-\d{2})(?:-(\d{1,4}))?\.xml$/.exec(file);
      const urls = match?.[1] ? await distribution.listArticleSitemapUrls(match[1], match[2] ? Number(match[2]) : 1) : null;
      if (!urls) throw new AppError('ERR_NOT_FOUND', 'no such sitemap');
      return xml(renderUrlset(urls));
    });
  });
}
