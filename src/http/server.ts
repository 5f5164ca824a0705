import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Services } from '../app.js';
import { registerAdminApi } from './admin-api/admin-api.routes.js';
import { registerNewsletterAdminRoutes } from './admin-api/newsletters.routes.js';
import { registerPeopleApi } from './admin-api/people.routes.js';
import { registerPushAdminRoutes } from './admin-api/push.routes.js';
import { registerWebhookRoutes } from './admin-api/webhooks.routes.js';
import { registerFrontPageRoutes } from './admin-api/front-page.routes.js';
import { createAuthenticator } from './admin-api/admin-auth.js';
import { registerNewsroomApp } from '../newsroom/newsroom-app.routes.js';
import { registerNewsroomApi } from '../newsroom/newsroom.routes.js';
import { registerEditorApi } from '../newsroom/editor.routes.js';
import { registerWireApi } from './admin-api/wire.routes.js';
import { registerContentApi } from './content-api/content-api.routes.js';
import { registerPartnerApi } from './partner-api/partner-api.routes.js';
import { AppError } from '../lib/errors.js';
import { sendProblem } from './problem.js';
import { RouteRegistry, buildOpenApi } from './route-registry.js';
import { registerAdminSearch } from './search/search.routes.js';
import { registerDistributionRoutes } from './site/distribution.routes.js';
import { registerNewsletterRoutes } from './site/newsletter.routes.js';
import { registerPushRoutes } from './site/push.routes.js';
import { registerSite, renderSiteError } from './site/site.routes.js';

export interface ServerOptions {
  /** Requests per minute per client on the public Content API. @default config.contentApiRateLimit */
  contentApiRateLimit?: number;
  /** Sign-in attempts per 15 minutes per client address. @default 10 */
  loginRateLimit?: number;
}

const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Builds the HTTP app: the reader site, the Content API and the Admin API in one Fastify instance, with request
 * ids, problem+json errors for the APIs and HTML error pages for readers.
 */
export async function buildServer(services: Services, options: ServerOptions = {}): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    loggerInstance: services.logger as FastifyBaseLogger,
    // Honour a request id from a trusted proxy when it looks like one; otherwise make one.
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{8,128}$/.test(incoming) ? incoming : randomUUID();
    },
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: 5 * 1024 * 1024,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 300 },
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    if (request.url.startsWith('/api/')) reply.header('content-security-policy', API_CSP);
  });

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: config.mediaMaxBytes, files: 1, fields: 20, fieldSize: 100_000 } });
  await app.register(rateLimit, { global: false });

  const authenticate = createAuthenticator(services.accounts);
  app.addHook('preHandler', async (request) => {
    if (request.url.startsWith('/api/admin') || request.url.startsWith('/api/partner')) request.auth = await authenticate(request);
    // Partners are off the newsroom's role ladder: nothing under /api/admin is theirs but their own session
    // (docs/decisions/009-distribution.md). Refused before any parsing, so every admin route answers 403 alike.
    if (request.auth?.account.role === 'partner' && request.url.startsWith('/api/admin') && !request.url.startsWith('/api/admin/session')) {
      throw new AppError('ERR_FORBIDDEN', 'Partner accounts may use the partner API (/api/partner/…) only.');
    }
  });

  app.setErrorHandler((error, request, reply) => {
    if (request.url.startsWith('/api/') || request.url === '/healthz') return sendProblem(request, reply, error);
    return renderSiteError(services, request, reply, error);
  });
  app.setNotFoundHandler((request, reply) => {
    const error = Object.assign(new Error(`No route for ${request.method} ${request.url.split('?')[0] ?? ''}`), { statusCode: 404 });
    if (request.url.startsWith('/api/')) return sendProblem(request, reply, error);
    return renderSiteError(services, request, reply, error);
  });

  const registry = new RouteRegistry();
  await registerAdminApi(app, registry, services, { loginRateLimit: options.loginRateLimit ?? 10 });
  registerPeopleApi(app, registry, services, { loginRateLimit: options.loginRateLimit ?? 10 });
  registerAdminSearch(app, registry, services);
  await registerWireApi(app, registry, services);
  registerNewsroomApi(app, registry, services);
  registerEditorApi(app, registry, services);
  await registerContentApi(app, registry, services, { rateLimit: options.contentApiRateLimit ?? config.contentApiRateLimit });
  registerNewsroomApp(app, services);
  await registerWebhookRoutes(app, registry, services);
  registerFrontPageRoutes(app, registry, services);
  await registerPartnerApi(app, registry, services);
  await registerNewsletterAdminRoutes(app, registry, services);
  await registerNewsletterRoutes(app, services);
  registerPushRoutes(app, registry, services);
  registerPushAdminRoutes(app, registry, services);
  await registerSite(app, services);
  await registerDistributionRoutes(app, services);

  const openapi = buildOpenApi(registry, { title: `${config.siteName} API`, version: '1', serverUrl: config.siteUrl });
  app.get('/api/openapi.json', async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return openapi;
  });

  app.get('/healthz', async (_request, reply) => {
    const ok = await services.database.ping();
    reply.header('cache-control', 'no-store');
    return reply.status(ok ? 200 : 503).send(ok ? { status: 'ok' } : { status: 'unavailable', detail: 'the database does not answer' });
  });

  return app;
}
