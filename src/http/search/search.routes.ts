import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import type { Services } from '../../app.js';
import { absoluteUrl } from '../../delivery/urls.js';
import { searchQuerySchema, suggestQuerySchema } from '../../search/search-query.js';
import type { SearchResponse } from '../../search/search.service.js';
import { noStore, requireActor } from '../admin-api/admin-auth.js';
import type { RouteRegistry } from '../route-registry.js';

const publicResponse = (result: SearchResponse, siteUrl: string) => ({
  results: result.results.map(({ status: _status, url, ...hit }) => ({ ...hit, url: url ? absoluteUrl(siteUrl, url) : null })),
  total: result.total,
  totalIsLowerBound: result.totalIsLowerBound,
  page: result.page,
  pageSize: result.pageSize,
  facets: result.facets,
});

/** Content API search and suggestions; registered inside the Content API scope (ETag, response cache, rate limit). */
export function registerContentSearch(scope: FastifyInstance, registry: RouteRegistry, services: Services, options: RouteShorthandOptions): void {
  registry.add(scope, {
    method: 'GET',
    url: '/api/content/search',
    summary: 'Search published articles in Korean and English (terms, "phrases", -exclusions, ㅂㅎ initial consonants); without lang, both languages',
    tag: 'Content',
    access: 'public',
    query: searchQuerySchema,
    options,
    handler: async ({ query }) => publicResponse(await services.search.search(query, { kind: 'public' }), services.config.siteUrl),
  });
  registry.add(scope, {
    method: 'GET',
    url: '/api/content/search/suggest',
    summary: 'Headlines for a search box as the reader types (words so far, or initial consonants such as ㅂㅎ)',
    tag: 'Content',
    access: 'public',
    query: suggestQuerySchema,
    options,
    handler: async ({ query }) => ({ suggestions: await services.search.suggest(query.q, query.lang) }),
  });
}

/** Newsroom search: every status but trashed; contributors find their own articles only. */
export function registerAdminSearch(app: FastifyInstance, registry: RouteRegistry, services: Services): void {
  registry.add(app, {
    method: 'GET',
    url: '/api/admin/search',
    summary: 'Search all articles including drafts (contributors: their own)',
    tag: 'Articles',
    access: 'contributor',
    query: searchQuerySchema,
    handler: async ({ query, request, reply }) => {
      const actor = requireActor(request);
      noStore(reply);
      return services.search.search(query, { kind: 'newsroom', onlyCreatedBy: actor.role === 'contributor' ? actor.id : undefined });
    },
  });
}
