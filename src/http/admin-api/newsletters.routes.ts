import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { LANGUAGES } from '../../content/content.types.js';
import { AppError } from '../../lib/errors.js';
import { parseBounceReport } from '../../newsletters/bounce-report.js';
import { bounceInputSchema } from '../../newsletters/newsletter.service.js';
import type { RouteRegistry } from '../route-registry.js';
import { requireActor } from './admin-auth.js';

/** Raw report bodies (RFC 3464 DSN, RFC 5965 ARF) arrive as text; the JSON forms are parsed by Fastify as usual. */
// (text/plain is parsed as a string by Fastify already.)
const REPORT_TYPES = ['multipart/report', 'message/delivery-status', 'message/feedback-report'];

const bouncesBody = z.union([bounceInputSchema, z.object({ bounces: z.array(bounceInputSchema).min(1).max(1000) }).strict(), z.string().min(1).max(1_000_000)]);

/** Newsletter operations for the newsroom: send today's digest now, and receive bounces and complaints. */
export async function registerNewsletterAdminRoutes(app: FastifyInstance, registry: RouteRegistry, services: Services): Promise<void> {
  app.addContentTypeParser(REPORT_TYPES, { parseAs: 'string', bodyLimit: 1_000_000 }, (_request, body, done) => done(null, body));

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/newsletters',
    summary: 'Newsletter overview: whether mail is configured, digest time, subscribers by status and language, the last sends',
    tag: 'Newsletters',
    access: 'editor',
    handler: async ({ request }) => {
      requireActor(request, 'editor');
      return services.newsletters.overview();
    },
  });

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/newsletters/digest',
    summary: "Send today's digest in a language now (once per local day; a second call returns the same send)",
    tag: 'Newsletters',
    access: 'editor',
    body: z.object({ language: z.enum(LANGUAGES) }).strict(),
    response: { status: 202, description: '{ sendId } or { sendId: null } when there is nothing to send' },
    handler: async ({ body, request, reply }) => {
      requireActor(request, 'editor');
      const started = await services.newsletters.startDigest(body.language);
      return reply.status(202).send({ sendId: started?.sendId ?? null });
    },
  });

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/newsletters/bounces',
    summary: 'Bounces and complaints: an RFC 3464 DSN or RFC 5965 report as sent by the mail server, or JSON {email, type} / {bounces: […]}',
    tag: 'Newsletters',
    access: 'editor',
    body: bouncesBody,
    handler: async ({ body, request }) => {
      requireActor(request, 'editor');
      const bounces = typeof body === 'string' ? parseBounceReport(body) : 'bounces' in body ? body.bounces : [body];
      if (!bounces.length) throw new AppError('ERR_VALIDATION', 'No recipient found in the report (Final-Recipient or Original-Rcpt-To).', { errors: [{ path: '', message: 'no recipient in the report' }] });
      return services.newsletters.recordBounces(bounces);
    },
  });
}
