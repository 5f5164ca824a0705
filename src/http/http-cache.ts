import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** What CDNs and browsers may keep public responses for: a minute fresh, ten more minutes while revalidating. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

export const strongEtag = (payload: string | Buffer): string => `"${createHash('sha1').update(payload).digest('base64url')}"`;

/**
 * Adds a strong ETag to a public 200 response and answers 304 when the client already has it (RFC 9110 §13.1.2).
 * Used as an onSend hook, so routes just return their payload.
 */
export async function etagOnSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return payload;
  if (reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload;
  // A response from the page cache already carries the ETag computed when it was rendered.
  const known = reply.getHeader('etag');
  const etag = typeof known === 'string' ? known : strongEtag(payload);
  reply.header('etag', etag);
  // A route that knows better (a front page whose breaking banner expires sooner) sets its own.
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', PUBLIC_CACHE_CONTROL);
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch && ifNoneMatch.split(',').some((value) => value.trim().replace(/^W\//, '') === etag)) {
    reply.code(304);
    reply.removeHeader('content-length');
    return '';
  }
  return payload;
}
