import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { listTranslations } from '../../content/article.queries.js';
import { LANGUAGES } from '../../content/content.types.js';
import { isVisibleToReaders } from '../../delivery/visibility.js';
import { AppError, notFound } from '../../lib/errors.js';
import { etagOnSend } from '../http-cache.js';
import { useResponseCache } from '../response-cache.js';
import type { RouteRegistry } from '../route-registry.js';
import { registerContentSearch } from '../search/search.routes.js';
import { toApiAuthor, toApiSection, toApiTag, toContentApiArticle } from '../serializers.js';

const pageQuery = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};
const listQuery = z.object({
  lang: z.enum(LANGUAGES).optional(),
  section: z.string().max(100).optional(),
  tag: z.string().max(100).optional(),
  author: z.string().max(100).optional(),
  ...pageQuery,
});

/**
 * The public Content API: read-only, no key, published content only (everything goes through DeliveryService, which
 * never returns a draft, a scheduled or an unpublished article), cacheable with ETags, rate-limited per client.
 */
export async function registerContentApi(app: FastifyInstance, registry: RouteRegistry, services: Services, options: { rateLimit: number }): Promise<void> {
  const { config, delivery } = services;
  await app.register(async (scope) => {
    scope.addHook('onSend', etagOnSend);
    useResponseCache(scope, services);
    const limit = {
      config: {
        rateLimit: {
          max: options.rateLimit,
          timeWindow: 60_000,
          errorResponseBuilder: (_request: unknown, context: { after: string }) =>
            Object.assign(new AppError('ERR_RATE_LIMITED', `Rate limit reached; retry in ${context.after}.`), { statusCode: 429 }),
        },
      },
    };

    registry.add(scope, {
      method: 'GET',
      url: '/api/content/articles',
      summary: 'Published articles, newest first (filters: lang, section, tag, author)',
      tag: 'Content',
      access: 'public',
      query: listQuery,
      options: limit,
      handler: async ({ query }) => {
        const result = await delivery.listPublishedArticles(query);
        const { media } = await delivery.resolve(result.items);
        return { articles: result.items.map((a) => toContentApiArticle(a, media, config.siteUrl)), page: query.page, pageSize: query.pageSize, total: result.total };
      },
    });

    registry.add(scope, {
      method: 'GET',
      url: '/api/content/articles/:idOrSlug',
      summary: 'One published article by id or slug (any slug it ever had)',
      tag: 'Content',
      access: 'public',
      params: z.object({ idOrSlug: z.string().min(1).max(200) }),
      options: limit,
      handler: async ({ params }) => {
        const article = await delivery.findPublishedArticle(params.idOrSlug);
        if (!article) throw notFound(`article ${params.idOrSlug}`);
        const [{ media }, translations] = await Promise.all([delivery.resolve([article]), listTranslations(services.database.db, article)]);
        return toContentApiArticle(
          article,
          media,
          config.siteUrl,
          translations.filter((t) => isVisibleToReaders(t)),
        );
      },
    });

    registry.add(scope, {
      method: 'GET',
      url: '/api/content/authors',
      summary: 'Author profiles',
      tag: 'Content',
      access: 'public',
      query: z.object(pageQuery),
      options: limit,
      handler: async ({ query }) => {
        const result = await services.authors.listAuthors(query.page, query.pageSize);
        return { authors: result.items.map((a) => publicAuthor(toApiAuthor(a, config.siteUrl))), page: query.page, pageSize: query.pageSize, total: result.total };
      },
    });
    registry.add(scope, {
      method: 'GET',
      url: '/api/content/authors/:slug',
      summary: 'One author profile',
      tag: 'Content',
      access: 'public',
      params: z.object({ slug: z.string().min(1).max(200) }),
      options: limit,
      handler: async ({ params }) => publicAuthor(toApiAuthor(await services.authors.getAuthor(params.slug), config.siteUrl)),
    });

    registry.add(scope, {
      method: 'GET',
      url: '/api/content/sections',
      summary: 'All sections',
      tag: 'Content',
      access: 'public',
      options: limit,
      handler: async () => {
        const sections = await services.taxonomy.listSections();
        return { sections: sections.map((s) => toApiSection(s, config.siteUrl)), page: 1, pageSize: sections.length, total: sections.length };
      },
    });
    registry.add(scope, {
      method: 'GET',
      url: '/api/content/sections/:slug',
      summary: 'One section',
      tag: 'Content',
      access: 'public',
      params: z.object({ slug: z.string().min(1).max(200) }),
      options: limit,
      handler: async ({ params }) => toApiSection(await services.taxonomy.getSection(params.slug), config.siteUrl),
    });

    registry.add(scope, {
      method: 'GET',
      url: '/api/content/tags',
      summary: 'Tags by name',
      tag: 'Content',
      access: 'public',
      query: z.object(pageQuery),
      options: limit,
      handler: async ({ query }) => {
        const result = await services.taxonomy.listTags(query.page, query.pageSize);
        return { tags: result.items.map((t) => toApiTag(t, config.siteUrl)), page: query.page, pageSize: query.pageSize, total: result.total };
      },
    });
    registry.add(scope, {
      method: 'GET',
      url: '/api/content/tags/:slug',
      summary: 'One tag',
      tag: 'Content',
      access: 'public',
      params: z.object({ slug: z.string().min(1).max(200) }),
      options: limit,
      handler: async ({ params }) => toApiTag(await services.taxonomy.getTag(params.slug), config.siteUrl),
    });

    registerContentSearch(scope, registry, services, limit);
  });
}

/** Internal ids stay internal on the public API. */
function publicAuthor<T extends { photoMediaId: number | null }>(author: T): Omit<T, 'photoMediaId'> {
  const { photoMediaId: _omit, ...rest } = author;
  return rest;
}
