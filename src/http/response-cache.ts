import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../app.js';

/**
 * Serves repeated public GETs from the PageCache: a preHandler answers from the cache, an onSend hook stores fresh
 * 200 responses. Register it after `etagOnSend` so stored entries carry their ETag. `extraKey` adds what changes a
 * response besides its URL (the reader header's date and weather).
 */
export function useResponseCache(scope: FastifyInstance, services: Services, extraKey: () => string = () => ''): void {
  const keyOf = (request: FastifyRequest) => `${request.url}|${extraKey()}`;
  scope.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'GET') return;
    const cached = services.pageCache.get(keyOf(request));
    if (!cached) return;
    if (cached.cacheControl) reply.header('cache-control', cached.cacheControl);
    return reply.status(cached.status).header('x-page-cache', 'hit').header('etag', cached.etag).header('content-type', cached.contentType).send(cached.body);
  });
  scope.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || reply.statusCode !== 200 || typeof payload !== 'string' || reply.getHeader('x-page-cache') === 'hit') return payload;
    const etag = reply.getHeader('etag');
    const contentType = reply.getHeader('content-type');
    const cacheControl = reply.getHeader('cache-control');
    if (typeof etag === 'string' && typeof contentType === 'string') services.pageCache.set(keyOf(request), { status: 200, body: payload, etag, contentType, ...(typeof cacheControl === 'string' ? { cacheControl } : {}) });
    return payload;
  });
}
