import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../app.js';
import { LANGUAGES } from '../content/content.types.js';
import { adminArticleResponse } from '../http/admin-api/admin-article.js';
import { requireActor } from '../http/admin-api/admin-auth.js';
import type { RouteRegistry } from '../http/route-registry.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });

/**
 * The editor's history and translation actions (docs/decisions/014-editor-history-and-translations.md): restore a
 * revision as a new one, and create the linked other-language draft. Both are audited.
 */
export function registerEditorApi(app: FastifyInstance, registry: RouteRegistry, services: Services): void {
  registry.add(app, {
    method: 'POST',
    url: '/api/admin/articles/:id/revisions/:revision/restore',
    summary:
      'Restore an earlier revision as a new revision (history is kept): text, section, tags, credits, images and SEO fields come back; URL, language and embargo stay. `revision` in the body is the one you are looking at (stale → 409). Audited as article.restore.',
    tag: 'Articles',
    access: 'contributor',
    params: idParams.extend({ revision: z.coerce.number().int().positive() }),
    body: z.object({ revision: z.number().int().positive() }).strict(),
    handler: async ({ params, body, request }) => adminArticleResponse(services, await services.articles.restoreRevision(params.id, params.revision, body.revision, requireActor(request))),
  });

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/articles/:id/translations',
    summary:
      'Create the other-language version of this article: a linked draft with the same section, type, tags, credits, dateline and images; headline, dek and body are copied for the translator to replace (422 when that version exists)',
    tag: 'Articles',
    access: 'contributor',
    params: idParams,
    body: z.object({ language: z.enum(LANGUAGES).optional() }).strict().optional(),
    response: { status: 201, description: 'The new draft' },
    handler: async ({ params, body, request, reply }) => {
      const created = await services.articles.createTranslation(params.id, body?.language, requireActor(request));
      return reply.status(201).header('location', `/api/admin/articles/${created.id}`).send(await adminArticleResponse(services, created));
    },
  });
}
