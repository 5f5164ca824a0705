import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../app.js';
import { READER_CSP, renderContext } from '../http/site/site.routes.js';
import { requireActor } from '../http/admin-api/admin-auth.js';
import type { RouteRegistry } from '../http/route-registry.js';
import { toAdminApiAccount } from '../http/serializers.js';
import { renderArticlePage } from '../render/pages/article-page.js';
import { lockInputSchema, workingCopyInputSchema } from './newsroom.service.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });

/** The Admin API routes the newsroom app adds: autosave, the edit lock, previews, and the caller's own settings. */
export function registerNewsroomApi(app: FastifyInstance, registry: RouteRegistry, services: Services): void {
  registry.add(app, {
    method: 'PUT',
    url: '/api/admin/articles/:id/autosave',
    summary: 'Autosave: store the caller’s private working copy of an article (readers and other accounts never see it; it renews the caller’s edit lock)',
    tag: 'Newsroom',
    access: 'contributor',
    params: idParams,
    body: workingCopyInputSchema,
    handler: async ({ params, body, request }) => services.newsroom.saveWorkingCopy(params.id, body, requireActor(request)),
  });

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/articles/:id/autosave',
    summary: 'The caller’s own working copy of an article (404 when there is none)',
    tag: 'Newsroom',
    access: 'contributor',
    params: idParams,
    handler: async ({ params, request }) => services.newsroom.getWorkingCopy(params.id, requireActor(request)),
  });

  registry.add(app, {
    method: 'DELETE',
    url: '/api/admin/articles/:id/autosave',
    summary: 'Discard the caller’s working copy',
    tag: 'Newsroom',
    access: 'contributor',
    params: idParams,
    handler: async ({ params, request, reply }) => {
      await services.newsroom.discardWorkingCopy(params.id, requireActor(request));
      return reply.status(204).send();
    },
  });

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/articles/:id/lock',
    summary: 'Who holds the edit lock ({ lock: null } when nobody does)',
    tag: 'Newsroom',
    access: 'contributor',
    params: idParams,
    handler: async ({ params, request }) => ({ lock: await services.newsroom.getLock(params.id, requireActor(request)) }),
  });

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/articles/:id/lock',
    summary: 'Take or renew (heartbeat) the edit lock; 409 with the holder’s name when someone else holds it, unless takeOver (kept in the audit log)',
    tag: 'Newsroom',
    access: 'contributor',
    params: idParams,
    body: lockInputSchema.optional(),
    handler: async ({ params, body, request }) => ({ lock: await services.newsroom.acquireLock(params.id, requireActor(request), { takeOver: body?.takeOver ?? false }) }),
  });

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/articles/:id/lock/request',
    summary: 'Ask the holder of the edit lock to let go: shown in their editor (GET …/lock answers requestedBy) and kept in the audit log; 409 when nobody else holds it',
    tag: 'Newsroom',
    access: 'contributor',
    params: idParams,
    handler: async ({ params, request }) => ({ lock: await services.newsroom.requestLock(params.id, requireActor(request)) }),
  });

  registry.add(app, {
    method: 'DELETE',
    url: '/api/admin/articles/:id/lock',
    summary: 'Release the caller’s edit lock',
    tag: 'Newsroom',
    access: 'contributor',
    params: idParams,
    handler: async ({ params, request, reply }) => {
      await services.newsroom.releaseLock(params.id, requireActor(request));
      return reply.status(204).send();
    },
  });

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/articles/:id/preview',
    summary: 'The reader page of an article as HTML, rendered by the reader page’s own function: the live version, a revision (?revision=) or the caller’s working copy (?workingCopy=1)',
    tag: 'Newsroom',
    access: 'contributor',
    params: idParams,
    query: z.object({ revision: z.coerce.number().int().positive().optional(), workingCopy: z.enum(['0', '1', 'true', 'false']).optional() }),
    response: { status: 200, description: 'text/html' },
    handler: async ({ params, query, request, reply }) => {
      const data = await services.newsroom.previewData(params.id, requireActor(request), { revision: query.revision, workingCopy: query.workingCopy === '1' || query.workingCopy === 'true' });
      const page = renderArticlePage(await renderContext(services, data.article.language), data);
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', READER_CSP)
        .header('x-robots-tag', 'noindex')
        .send(page);
    },
  });

  registry.add(app, {
    method: 'PATCH',
    url: '/api/admin/session',
    summary: 'Change your own settings (the newsroom’s language)',
    tag: 'Session',
    access: 'contributor',
    body: z.object({ language: z.enum(['ko', 'en']) }).strict(),
    handler: async ({ body, request }) => toAdminApiAccount(await services.accounts.updateAccount(requireActor(request).id, { language: body.language })),
  });
}
