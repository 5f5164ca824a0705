import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../app.js';
import type { Article } from '../../content/content.types.js';
import { wireItemsQuerySchema, wireSourceInputSchema, wireSourceUpdateSchema } from '../../ingest/wire.service.js';
import { AppError } from '../../lib/errors.js';
import type { RouteRegistry } from '../route-registry.js';
import { adminArticleResponse } from './admin-article.js';
import { requireActor } from './admin-auth.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const sourceParams = z.object({ source: z.string().min(1).max(100) });

/**
 * The desk polls the queue every half second: the ETag is the queue's stamp (plus the query), so an unchanged
 * queue answers 304 after three index lookups instead of listing and serialising a page of items.
 */
async function notModified(request: FastifyRequest, reply: FastifyReply, wire: Services['wire'], waitSeconds = 0): Promise<boolean> {
  // The same query with or without `wait` is the same list, so it has the same ETag.
  const url = new URL(request.url, 'http://x');
  url.searchParams.delete('wait');
  const etagOf = (stamp: string) => `W/"wq-${createHash('sha1').update(`${stamp}${url.pathname}?${url.searchParams.toString()}`).digest('base64url')}"`;
  let stamp = await wire.queueStamp();
  if (waitSeconds > 0 && request.headers['if-none-match'] === etagOf(stamp)) {
    // Long poll: answer as soon as something changes, or 304 after waitSeconds. The wait ends if the client leaves.
    const gone = new AbortController();
    const onClose = () => gone.abort();
    request.raw.socket.once('close', onClose);
    try {
      await wire.waitForChange(stamp, waitSeconds * 1000, gone.signal);
    } finally {
      request.raw.socket.off('close', onClose);
    }
    stamp = await wire.queueStamp();
  }
  const etag = etagOf(stamp);
  reply.header('etag', etag).header('cache-control', 'private, no-cache');
  return request.headers['if-none-match'] === etag;
}

/** The wire desk's Admin API (docs/decisions/008-wire-ingest.md). */
export async function registerWireApi(app: FastifyInstance, registry: RouteRegistry, services: Services): Promise<void> {
  const { wire, config } = services;

  // A long poll must not hold up a graceful shutdown.
  app.addHook('preClose', (done) => {
    wire.stopWaiting();
    done();
  });

  const adminArticle = (article: Article & { warnings?: string[] }) => adminArticleResponse(services, article);

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/wire/sources',
    summary: 'Add a wire source (drop folder, feed URL and/or push); the push token is shown only in this answer',
    tag: 'Wire',
    access: 'editor',
    body: wireSourceInputSchema,
    response: { status: 201, description: 'The source and its push token' },
    handler: async ({ body, request, reply }) => {
      const { source, pushToken } = await wire.createSource(body, requireActor(request, 'editor'));
      return reply.status(201).send({ ...source, pushToken, pushUrl: `${config.siteUrl}/api/admin/wire/${source.name}` });
    },
  });

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/wire/sources',
    summary: 'List wire sources',
    tag: 'Wire',
    access: 'editor',
    handler: async ({ request }) => {
      requireActor(request, 'editor');
      return { items: await wire.listSources() };
    },
  });

  registry.add(app, {
    method: 'PATCH',
    url: '/api/admin/wire/sources/:source',
    summary: "Change a source's folder, URL, interval or rules (section, needsTranslation, autoPublish, enabled)",
    tag: 'Wire',
    access: 'editor',
    params: sourceParams,
    body: wireSourceUpdateSchema,
    handler: async ({ params, body, request }) => {
      requireActor(request, 'editor');
      return wire.updateSource(params.source, body);
    },
  });

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/wire/items',
    summary: 'The wire queue: current version of each item, newest first; filter by source, language, urgency, time, full text (q)',
    tag: 'Wire',
    access: 'editor',
    query: wireItemsQuerySchema,
    handler: async ({ query, request, reply }) => {
      requireActor(request, 'editor');
      if (await notModified(request, reply, wire, query.wait)) return reply.status(304).send();
      return wire.listItems(query);
    },
  });

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/wire/items/:id',
    summary: 'One wire item with the stories taken from it',
    tag: 'Wire',
    access: 'editor',
    params: idParams,
    handler: async ({ params, request }) => {
      requireActor(request, 'editor');
      return wire.getItem(params.id);
    },
  });

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/wire/items/:id/pictures/:index',
    summary: "A picture that came with a wire item (the desk's preview); only raster images the wire store holds",
    tag: 'Wire',
    access: 'editor',
    params: z.object({ id: z.coerce.number().int().positive(), index: z.coerce.number().int().min(0).max(200) }),
    handler: async ({ params, request, reply }) => {
      requireActor(request, 'editor');
      const picture = await wire.getPicture(params.id, params.index);
      return reply.header('content-type', picture.contentType).header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff').send(picture.bytes);
    },
  });

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/wire/items/:id/take',
    summary: 'Take a wire item: a draft with headline, dek, body, credits, imported photos, source and embargo',
    tag: 'Wire',
    access: 'editor',
    params: idParams,
    response: { status: 201, description: 'The new draft article' },
    handler: async ({ params, request, reply }) => {
      const { article, translation, wireItemId } = await wire.take(params.id, requireActor(request, 'editor'));
      return reply
        .status(201)
        .header('location', `/api/admin/articles/${article.id}`)
        .send({ ...(await adminArticle(article)), wireItem: { id: wireItemId, url: `/api/admin/wire/items/${wireItemId}` }, translationDraft: translation ? { id: translation.id, language: translation.language } : null });
    },
  });

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/wire/quarantine',
    summary: 'Documents that were not accepted, with the reason',
    tag: 'Wire',
    access: 'editor',
    query: z.object({ source: z.string().trim().max(100).optional(), wait: wireItemsQuerySchema.shape.wait }),
    handler: async ({ query, request, reply }) => {
      requireActor(request, 'editor');
      if (await notModified(request, reply, wire, query.wait)) return reply.status(304).send();
      return { items: await wire.listQuarantine(query.source) };
    },
  });

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/wire/:kind/:id/original',
    summary: 'The original document of a wire item or quarantine entry, byte for byte',
    tag: 'Wire',
    access: 'editor',
    params: z.object({ kind: z.enum(['items', 'quarantine']), id: z.coerce.number().int().positive() }),
    handler: async ({ params, request, reply }) => {
      requireActor(request, 'editor');
      const original = await wire.getOriginal(params.kind === 'items' ? 'item' : 'quarantine', params.id);
      // Served as a download, never rendered: it is agency input, possibly hostile.
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', `attachment; filename="${original.fileName.replace(/[^\w.-]+/g, '_')}"`)
        .header('x-original-content-type', original.contentType ?? '')
        .send(original.bytes);
    },
  });

  // Push: the body is the agency's document as it sends it, whatever its media type, read as bytes.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: config.wire.maxBytes * 2 }, (_request, body, done) => done(null, body));
    registry.add(scope, {
      method: 'POST',
      url: '/api/admin/wire/:source',
      summary: "Push one document to a source (an editor's token or the source's push token); 202 with the item id, or 422 with the quarantine reason",
      tag: 'Wire',
      access: 'editor',
      params: sourceParams,
      response: { status: 202, description: '{"id": …}' },
      handler: async ({ params, request, reply }) => {
        const source = await wire.getSourceByName(params.source);
        if (!request.auth) {
          const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
          if (!token || !(await wire.checkPushToken(source.name, token))) throw new AppError('ERR_UNAUTHENTICATED', "Send the source's push token or an editor's API token (Authorization: Bearer …).");
        } else {
          requireActor(request, 'editor');
        }
        if (!source.enabled) throw new AppError('ERR_CONFLICT', `the wire source ${source.name} is disabled`);
        const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const result = await wire.ingestDocument(source, bytes, { fileName: `push-${Date.now()}`, contentType: request.headers['content-type'] });
        if (result.status === 'quarantined') throw new AppError('ERR_VALIDATION', result.reason ?? 'quarantined', { quarantineId: result.quarantineId, errors: [{ path: '(body)', message: result.reason ?? 'quarantined' }] });
        return reply.status(202).send({ id: result.ids[0], ids: result.ids, status: result.status });
      },
    });
  });
}
