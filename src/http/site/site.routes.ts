import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import type { Language } from '../../content/content.types.js';
import { articlePath, EMBED_FRAME_ORIGINS, sectionPath } from '../../delivery/urls.js';
import { AppError } from '../../lib/errors.js';
import { t } from '../../render/i18n.js';
import { renderArticlePage } from '../../render/pages/article-page.js';
import { PICTURE_CSS } from '../../render/components/picture.js';
import { renderErrorPage } from '../../render/pages/error-page.js';
import { renderFrontPage } from '../../render/pages/front-page.js';
import { renderListPage } from '../../render/pages/list-page.js';
import type { RenderContext } from '../../render/render-context.js';
import { renderSearchPage } from '../../render/pages/search-page.js';
import { PUSH_OPTIN_JS, PUSH_OPTIN_PATH } from '../../render/push-script.js';
import { SEARCH_CSS, SEARCH_JS } from '../../render/search-script.js';
import { EMBED_JS, FAVICON_SVG, SITE_CSS } from '../../render/site-css.js';
import { searchQuerySchema } from '../../search/search-query.js';
import { etagOnSend } from '../http-cache.js';
import { useResponseCache } from '../response-cache.js';

/**
 * Reader pages: strict CSP (no inline script or style, nothing from another origin but an embed the reader asked
 * to load), `lang` on every page, HTML that works without JavaScript.
 */
export const READER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  `frame-src ${EMBED_FRAME_ORIGINS.join(' ')}`,
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

const hashed = (content: string) => createHash('sha256').update(content).digest('hex').slice(0, 12);
const STYLESHEET = SITE_CSS + SEARCH_CSS + PICTURE_CSS;
const CSS_PATH = `/assets/site.${hashed(STYLESHEET)}.css`;
const SEARCH_JS_PATH = `/assets/search.${hashed(SEARCH_JS)}.js`;
const EMBED_JS_PATH = `/assets/embed.${hashed(EMBED_JS)}.js`;
const FAVICON_PATH = `/assets/icon.${hashed(FAVICON_SVG)}.svg`;
const IMMUTABLE = 'public, max-age=31536000, immutable';

const isLanguage = (value: string | undefined): value is Language => value === 'ko' || value === 'en';
const pageOf = (query: unknown): number => {
  const raw = (query as { page?: unknown } | undefined)?.page;
  const page = typeof raw === 'string' ? Number(raw) : 1;
  return Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1;
};
const PAGE_SIZE = 20;

export async function renderContext(services: Services, lang: Language): Promise<RenderContext> {
  return {
    lang,
    siteName: services.config.siteName,
    siteUrl: services.config.siteUrl,
    timeZone: services.config.siteTimezone,
    now: new Date(),
    weather: services.weather.current(),
    sections: await services.taxonomy.listSections(),
    assets: { css: CSS_PATH, embedJs: EMBED_JS_PATH, favicon: FAVICON_PATH, searchJs: SEARCH_JS_PATH },
    newsletterSignup: services.newsletters.enabled,
    push: services.push.publicKey ? { publicKey: services.push.publicKey, script: PUSH_OPTIN_PATH } : undefined,
  };
}

function sendHtml(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.status(status).header('content-type', 'text/html; charset=utf-8').header('content-security-policy', READER_CSP).send(body);
}

/** The HTML error page for readers (404, 410, 500), in the language the path asks for. */
export async function renderSiteError(services: Services, request: FastifyRequest, reply: FastifyReply, error: unknown): Promise<FastifyReply> {
  const first = request.url.split('/')[1];
  const lang: Language = isLanguage(first) ? first : services.config.defaultLanguage;
  const status = error instanceof AppError ? error.status : ((error as { statusCode?: number }).statusCode ?? 500);
  if (status >= 500) request.log.error({ err: error }, 'page failed');
  const kind = status >= 500 ? 'error' : status === 410 ? 'gone' : 'not-found';
  try {
    const ctx = await renderContext(services, lang);
    reply.header('cache-control', status >= 500 ? 'no-store' : 'public, max-age=60');
    return sendHtml(reply, status, renderErrorPage(ctx, kind, request.url));
  } catch {
    return reply.status(status >= 400 ? status : 500).header('content-type', 'text/plain; charset=utf-8').send(status === 404 ? 'Not found' : 'Error');
  }
}

export async function registerSite(app: FastifyInstance, services: Services): Promise<void> {
  const { delivery, config } = services;

  app.get('/assets/:file', async (request, reply) => {
    const { file } = request.params as { file: string };
    const path = `/assets/${file}`;
    if (path === CSS_PATH) return reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', IMMUTABLE).send(STYLESHEET);
    if (path === SEARCH_JS_PATH) return reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', IMMUTABLE).send(SEARCH_JS);
    if (path === PUSH_OPTIN_PATH) return reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', IMMUTABLE).send(PUSH_OPTIN_JS);
    if (path === EMBED_JS_PATH) return reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', IMMUTABLE).send(EMBED_JS);
    if (path === FAVICON_PATH) return reply.header('content-type', 'image/svg+xml').header('cache-control', IMMUTABLE).send(FAVICON_SVG);
    throw new AppError('ERR_NOT_FOUND', 'no such asset');
  });

  // Browsers ask for /favicon.ico whatever the page says.
  app.get('/favicon.ico', async (_request, reply) => reply.redirect(FAVICON_PATH, 301));

  app.get('/media/:id/:file', async (request, reply) => {
    const { id, file } = request.params as { id: string; file: string };
    const found = /^\d+$/.test(id) ? await services.media.findFile(Number(id), file) : null;
    if (!found) throw new AppError('ERR_NOT_FOUND', 'no such media file');
    return reply.header('content-type', found.mimeType).header('cache-control', IMMUTABLE).send(createReadStream(found.path));
  });

  await app.register(async (site) => {
    // Rendered pages are reused for a moment (PageCache). Besides the URL, the header's site-local date and the
    // weather reading change a page.
    const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: config.siteTimezone });
    site.addHook('onSend', etagOnSend);
    useResponseCache(site, services, () => `${localDay.format(new Date())}|${services.weather.current()?.fetchedAt ?? ''}`);
    // A cached page keeps its security headers.
    site.addHook('onSend', async (_request, reply, payload) => {
      if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) reply.header('content-security-policy', READER_CSP);
      return payload;
    });

    const front = async (lang: Language, reply: FastifyReply) => {
      const [ctx, frontPage] = await Promise.all([renderContext(services, lang), delivery.getFrontPage(lang)]);
      // No browser or CDN may keep a breaking banner past its expiry.
      if (frontPage.banner) reply.header('cache-control', `public, max-age=${Math.max(0, Math.min(60, Math.floor((Date.parse(frontPage.banner.expiresAt) - Date.now()) / 1000)))}`);
      return sendHtml(reply, 200, renderFrontPage(ctx, frontPage));
    };

    site.get('/', async (_request, reply) => front(config.defaultLanguage, reply));

    site.get('/:lang', async (request, reply) => {
      const { lang } = request.params as { lang: string };
      if (!isLanguage(lang)) throw new AppError('ERR_NOT_FOUND', 'unknown page');
      return front(lang, reply);
    });

    site.get('/:lang/search', async (request, reply) => {
      const { lang } = request.params as { lang: string };
      if (!isLanguage(lang)) throw new AppError('ERR_NOT_FOUND', 'unknown page');
      const ctx = await renderContext(services, lang);
      const raw = request.query as Record<string, unknown>;
      const q = typeof raw.q === 'string' ? raw.q.trim() : '';
      const parsed = searchQuerySchema.safeParse({ ...raw, q: q || '-', lang: raw.lang ?? lang, pageSize: 20 });
      // A reader never gets an error page for a query: bad filters fall back to none, a page past the end to page 1.
      const params = parsed.success ? { ...parsed.data, q } : { q, lang, page: 1, pageSize: 20 };
      if (!q) return sendHtml(reply, 200, renderSearchPage(ctx, { q: '', lang: params.lang ?? lang, result: null }));
      try {
        const result = await services.search.search(params, { kind: 'public' });
        return sendHtml(reply, 200, renderSearchPage(ctx, { q, lang: params.lang ?? lang, section: params.section, result }));
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 400) throw error;
        return sendHtml(reply, 200, renderSearchPage(ctx, { q, lang: params.lang ?? lang, result: null }));
      }
    });

    site.get('/:lang/section/:slug', async (request, reply) => {
      const { lang, slug } = request.params as { lang: string; slug: string };
      if (!isLanguage(lang)) throw new AppError('ERR_NOT_FOUND', 'unknown page');
      const section = await services.taxonomy.findSection(slug);
      if (!section) throw new AppError('ERR_NOT_FOUND', 'unknown section');
      const page = pageOf(request.query);
      const ctx = await renderContext(services, lang);
      const result = await delivery.listPublishedArticles({ lang, section: slug, page, pageSize: PAGE_SIZE });
      const { media } = await delivery.resolve(result.items);
      const other: Language = lang === 'ko' ? 'en' : 'ko';
      return sendHtml(
        reply,
        200,
        renderListPage(
          { ...ctx, currentSectionSlug: slug },
          {
            title: lang === 'ko' ? section.nameKo : section.nameEn,
            basePath: sectionPath(lang, slug),
            alternatePath: sectionPath(other, slug),
            articles: result.items,
            media,
            page,
            pageSize: PAGE_SIZE,
            total: result.total,
          },
        ),
      );
    });

    site.get('/:lang/tag/:slug', async (request, reply) => {
      const { lang, slug } = request.params as { lang: string; slug: string };
      if (!isLanguage(lang)) throw new AppError('ERR_NOT_FOUND', 'unknown page');
      const tag = await services.taxonomy.findTag(slug);
      if (!tag) throw new AppError('ERR_NOT_FOUND', 'unknown tag');
      const page = pageOf(request.query);
      const ctx = await renderContext(services, lang);
      const result = await delivery.listPublishedArticles({ lang, tag: slug, page, pageSize: PAGE_SIZE });
      const { media } = await delivery.resolve(result.items);
      return sendHtml(
        reply,
        200,
        renderListPage(ctx, {
          title: `${t(lang).tag}: ${tag.name}`,
          basePath: `/${lang}/tag/${slug}`,
          alternatePath: `/${lang === 'ko' ? 'en' : 'ko'}/tag/${slug}`,
          articles: result.items,
          media,
          page,
          pageSize: PAGE_SIZE,
          total: result.total,
        }),
      );
    });

    site.get('/:lang/author/:slug', async (request, reply) => {
      const { lang, slug } = request.params as { lang: string; slug: string };
      if (!isLanguage(lang)) throw new AppError('ERR_NOT_FOUND', 'unknown page');
      const author = await services.authors.findAuthor(slug);
      if (!author) throw new AppError('ERR_NOT_FOUND', 'unknown author');
      const page = pageOf(request.query);
      const ctx = await renderContext(services, lang);
      const result = await delivery.listPublishedArticles({ lang, author: slug, page, pageSize: PAGE_SIZE });
      const { media } = await delivery.resolve(result.items);
      return sendHtml(
        reply,
        200,
        renderListPage(ctx, {
          title: lang === 'ko' ? author.nameKo : author.nameEn,
          description: (lang === 'ko' ? author.bioKo : author.bioEn) || undefined,
          basePath: `/${lang}/author/${slug}`,
          alternatePath: `/${lang === 'ko' ? 'en' : 'ko'}/author/${slug}`,
          articles: result.items,
          media,
          page,
          pageSize: PAGE_SIZE,
          total: result.total,
          author,
        }),
      );
    });

    site.get('/:lang/:section/:idSlug', async (request, reply) => {
      const { lang, section, idSlug } = request.params as { lang: string; section: string; idSlug: string };
      const match = /^(\d{1,15})(?:-[^/]*)?$/.exec(idSlug);
      if (!isLanguage(lang) || !match) throw new AppError('ERR_NOT_FOUND', 'unknown page');
      const lookup = await delivery.lookupArticle(Number(match[1]));
      if (lookup.kind === 'missing') throw new AppError('ERR_NOT_FOUND', 'unknown article');
      if (lookup.kind === 'gone') throw new AppError('ERR_GONE', 'unpublished article');
      const article = lookup.article;
      // The id decides; a wrong language, section or slug (an old one, a typo) redirects to the one true URL.
      const canonical = articlePath(article);
      if (canonical !== `/${lang}/${section}/${idSlug}`) return reply.redirect(canonical, 301);
      const ctx = await renderContext(services, article.language);
      const [reader, related] = await Promise.all([delivery.getReaderArticle(article), delivery.listRelatedArticles(article)]);
      const { media: relatedMedia } = await delivery.resolve(related);
      return sendHtml(reply, 200, renderArticlePage(ctx, { ...reader, related, relatedMedia }));
    });
  });

}
