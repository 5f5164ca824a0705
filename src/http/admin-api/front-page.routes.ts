import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { breakingBannerSchema, frontPageQuerySchema, frontPageUpdateSchema } from '../../front-page/front-page.service.js';
import type { RouteRegistry } from '../route-registry.js';
import { requireActor } from './admin-auth.js';

/** Front-page curation (editors and admins): top stories, section order, breaking banner. */
export function registerFrontPageRoutes(app: FastifyInstance, registry: RouteRegistry, services: Services): void {
  registry.add(app, {
    method: 'GET',
    url: '/api/admin/front-page',
    summary: "The front page's curation for one language: pinned top stories, section order, breaking banner",
    tag: 'Front page',
    access: 'editor',
    query: frontPageQuerySchema,
    handler: async ({ query, request }) => {
      requireActor(request, 'editor');
      return services.frontPage.getFrontPage(query.lang);
    },
  });

  registry.add(app, {
    method: 'PUT',
    url: '/api/admin/front-page',
    summary: 'Replace the pinned top stories (article ids, lead first; published, same language) and the order of section blocks (slugs)',
    tag: 'Front page',
    access: 'editor',
    body: frontPageUpdateSchema,
    handler: async ({ body, request }) => services.frontPage.setFrontPage(body, requireActor(request, 'editor')),
  });

  registry.add(app, {
    method: 'PUT',
    url: '/api/admin/front-page/breaking',
    summary: 'Set the breaking banner (text, optional linked article, expiry); it leaves the site at expiresAt by itself',
    tag: 'Front page',
    access: 'editor',
    body: breakingBannerSchema,
    handler: async ({ body, request }) => services.frontPage.setBreakingBanner(body, requireActor(request, 'editor')),
  });

  registry.add(app, {
    method: 'DELETE',
    url: '/api/admin/front-page/breaking',
    summary: 'Clear the breaking banner now',
    tag: 'Front page',
    access: 'editor',
    query: frontPageQuerySchema,
    handler: async ({ query, request }) => services.frontPage.clearBreakingBanner(query.lang, requireActor(request, 'editor')),
  });
}
