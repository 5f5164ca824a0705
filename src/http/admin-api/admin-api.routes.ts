import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { accountInputSchema, accountUpdateSchema } from '../../accounts/accounts.service.js';
import { canManageAccounts, canManageTaxonomy } from '../../accounts/permissions.js';
import { listAuditEntries } from '../../audit/audit.service.js';
import { articleCreateSchema, articleListQuerySchema, articleUpdateSchema, correctionInputSchema } from '../../content/article.service.js';
import type { Article } from '../../content/content.types.js';
import { authorInputSchema, authorUpdateSchema } from '../../content/author.service.js';
import { mediaFieldsSchema, mediaListQuerySchema, mediaUpdateSchema } from '../../content/media.service.js';
import { sectionInputSchema, sectionUpdateSchema, tagInputSchema, tagUpdateSchema } from '../../content/taxonomy.service.js';
import { AppError, forbidden } from '../../lib/errors.js';
import { parseIsoDateTime } from '../../lib/time.js';
import type { RouteRegistry } from '../route-registry.js';
import { adminArticleResponse } from './admin-article.js';
import { toAdminApiAccount, toAdminApiAuthor, toApiMedia, toApiSection, toApiTag } from '../serializers.js';
import { SESSION_COOKIE, noStore, rateLimited, requireActor, startSession } from './admin-auth.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const slugParams = z.object({ slug: z.string().min(1).max(200) });
const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
const transitionBody = z
  .object({
    revision: z.number().int().positive().optional(),
    note: z.string().trim().max(2000).optional(),
    /** Send a breaking alert to subscribers (newsletters and push; see the Distribution docs). */
    alert: z.boolean().optional(),
  })
  .strict();
const scheduleBody = transitionBody.extend({ at: z.string().refine((v) => parseIsoDateTime(v) !== undefined, 'must be an ISO 8601 date-time with a zone, e.g. 2026-12-01T09:00:00-08:00') }).strict();

/** The Admin API: JSON under /api/admin, every route checks the caller's role; services check ownership. */
export async function registerAdminApi(app: FastifyInstance, registry: RouteRegistry, services: Services, options: { loginRateLimit: number }): Promise<void> {
  const { config } = services;
  const secureCookie = config.siteUrl.startsWith('https://');

  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/admin')) noStore(reply);
  });

  const adminArticle = (article: Article & { warnings?: string[] }) => adminArticleResponse(services, article);

  // ## Session

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/session',
    summary: 'Sign in with e-mail and password; sets an HttpOnly session cookie and returns the CSRF token',
    tag: 'Session',
    access: 'public',
    body: z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(1000) }).strict(),
    options: rateLimited(options.loginRateLimit, 'sign-in attempts'),
    handler: async ({ body, reply }) => {
      const account = await services.accounts.verifyCredentials(body.email, body.password);
      if (!account) throw new AppError('ERR_UNAUTHENTICATED', 'Wrong e-mail or password.');
      const session = await startSession(services.accounts, reply, account, secureCookie);
      return { account: toAdminApiAccount(account), ...session };
    },
  });

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/session',
    summary: 'The signed-in account and its CSRF token',
    tag: 'Session',
    access: 'session',
    handler: async ({ request }) => {
      requireActor(request);
      const auth = request.auth;
      if (!auth) throw new AppError('ERR_UNAUTHENTICATED', 'Not signed in.');
      return { account: toAdminApiAccount(auth.account), csrfToken: auth.csrfToken ?? null, via: auth.via };
    },
  });

  registry.add(app, {
    method: 'DELETE',
    url: '/api/admin/session',
    summary: 'Sign out',
    tag: 'Session',
    access: 'session',
    handler: async ({ request, reply }) => {
      const value = request.cookies[SESSION_COOKIE];
      if (value) await services.accounts.deleteSession(value);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  });

  // ## Articles

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/articles',
    summary: 'Create a draft (body as typed blocks, or bodyHtml converted and sanitised on the server)',
    tag: 'Articles',
    access: 'contributor',
    body: articleCreateSchema,
    response: { status: 201, description: 'The new draft' },
    handler: async ({ body, request, reply }) => {
      const article = await services.articles.createArticle(body, requireActor(request));
      return reply.status(201).header('location', `/api/admin/articles/${article.id}`).send(await adminArticle(article));
    },
  });

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/articles',
    summary: 'List articles (newest change first); contributors see their own',
    tag: 'Articles',
    access: 'contributor',
    query: articleListQuerySchema,
    handler: async ({ query, request }) => {
      const result = await services.articles.listArticlesAs(requireActor(request), query);
      return { articles: await Promise.all(result.items.map(adminArticle)), page: result.page, pageSize: result.pageSize, total: result.total };
    },
  });

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/articles/:id',
    summary: 'One article, any status but trashed',
    tag: 'Articles',
    access: 'contributor',
    params: idParams,
    handler: async ({ params, request }) => adminArticle(await services.articles.getArticleAs(params.id, requireActor(request))),
  });

  registry.add(app, {
    method: 'PATCH',
    url: '/api/admin/articles/:id',
    summary:
      'Edit an article; carries the revision it edits (stale → 409 with currentRevision). On a published article this changes the live version. publishAt schedules it (status scheduled); unpublishAt schedules its unpublish (null cancels).',
    tag: 'Articles',
    access: 'contributor',
    params: idParams,
    body: articleUpdateSchema,
    handler: async ({ params, body, request }) => adminArticle(await services.newsroom.saveArticle(params.id, body, requireActor(request))),
  });

  registry.add(app, {
    method: 'DELETE',
    url: '/api/admin/articles/:id',
    summary: 'Move an article to the trash (a published one leaves every public surface at once)',
    tag: 'Articles',
    access: 'contributor',
    params: idParams,
    handler: async ({ params, request }) => adminArticle(await services.workflow.trash(params.id, requireActor(request))),
  });

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/articles/:id/publish',
    summary: 'Publish now (authors: own articles; editors: any)',
    tag: 'Workflow',
    access: 'contributor',
    params: idParams,
    body: transitionBody.optional(),
    handler: async ({ params, body, request }) =>
      adminArticle(
        await services.workflow.publish(params.id, requireActor(request), {
          ...(body?.revision ? { revision: body.revision } : {}),
          ...(body?.note ? { note: body.note } : {}),
          ...(body?.alert ? { alert: true } : {}),
        }),
      ),
  });

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/articles/:id/unpublish',
    summary: 'Take a published or scheduled article down (its URL answers 410)',
    tag: 'Workflow',
    access: 'contributor',
    params: idParams,
    body: transitionBody.optional(),
    handler: async ({ params, body, request }) =>
      adminArticle(await services.workflow.unpublish(params.id, requireActor(request), { ...(body?.revision ? { revision: body.revision } : {}), ...(body?.note ? { note: body.note } : {}) })),
  });

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/articles/:id/schedule',
    summary: 'Publish at a future time (runs within a second of it, also across restarts)',
    tag: 'Workflow',
    access: 'contributor',
    params: idParams,
    body: scheduleBody,
    handler: async ({ params, body, request }) =>
      adminArticle(
        await services.workflow.schedule(params.id, new Date(parseIsoDateTime(body.at) ?? ''), requireActor(request), {
          ...(body.revision ? { revision: body.revision } : {}),
          ...(body.note ? { note: body.note } : {}),
        }),
      ),
  });

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/articles/:id/transitions',
    summary: 'Move between the editorial states: submit for review (in_review), approve (editors), or send back to draft — with a note kept in the audit log',
    tag: 'Workflow',
    access: 'contributor',
    params: idParams,
    body: transitionBody.extend({ to: z.enum(['draft', 'in_review', 'approved']) }).strict(),
    handler: async ({ params, body, request }) =>
      adminArticle(await services.workflow.transition(params.id, body.to, requireActor(request), { ...(body.revision ? { revision: body.revision } : {}), ...(body.note ? { note: body.note } : {}) })),
  });

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/articles/:id/corrections',
    summary: 'Add a dated correction or clarification (shown on the page and in the API)',
    tag: 'Articles',
    access: 'contributor',
    params: idParams,
    body: correctionInputSchema,
    response: { status: 201, description: 'The article with its corrections' },
    handler: async ({ params, body, request, reply }) => reply.status(201).send(await adminArticle(await services.articles.addCorrection(params.id, body, requireActor(request)))),
  });

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/articles/:id/revisions',
    summary: 'Revision history (newest first)',
    tag: 'Articles',
    access: 'contributor',
    params: idParams,
    handler: async ({ params, request }) => ({ revisions: await services.articles.listRevisions(params.id, requireActor(request)) }),
  });

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/articles/:id/audit',
    summary: 'Who did what to this article',
    tag: 'Articles',
    access: 'contributor',
    params: idParams,
    handler: async ({ params, request }) => {
      await services.articles.getArticleAs(params.id, requireActor(request));
      return { entries: await listAuditEntries(services.database.db, { articleId: params.id }) };
    },
  });

  // ## Media

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/media',
    summary: 'Upload an image (multipart: file, alt, caption, credit, usageTerms); checked by content, limited to MEDIA_MAX_BYTES',
    tag: 'Media',
    access: 'contributor',
    response: { status: 201, description: 'The stored media item' },
    multipart: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' }, alt: { type: 'string' }, caption: { type: 'string' }, credit: { type: 'string' }, usageTerms: { type: 'string' } },
    },
    handler: async ({ request, reply }) => {
      const actor = requireActor(request);
      if (!request.isMultipart()) throw new AppError('ERR_UNSUPPORTED_MEDIA', 'Send multipart/form-data with a `file` part.');
      const fields: Record<string, string> = {};
      let file: { bytes: Buffer; originalName: string } | undefined;
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file' || file) {
            part.file.resume();
            continue;
          }
          const bytes = await part.toBuffer();
          if (part.file.truncated) throw new AppError('ERR_TOO_LARGE', `The file is larger than ${config.mediaMaxBytes} bytes (MEDIA_MAX_BYTES).`);
          file = { bytes, originalName: part.filename || 'upload' };
        } else if (typeof part.value === 'string') {
          fields[part.fieldname] = part.value;
        }
      }
      if (!file) throw new AppError('ERR_VALIDATION', 'The `file` part is missing.', { errors: [{ path: 'file', message: 'required' }] });
      const parsed = mediaFieldsSchema.safeParse({ alt: fields.alt, caption: fields.caption, credit: fields.credit, usageTerms: fields.usageTerms });
      if (!parsed.success) throw parsed.error;
      const media = await services.media.createMedia(file, parsed.data, actor.id);
      return reply.status(201).send(toApiMedia(media, config.siteUrl));
    },
  });

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/media',
    summary: 'The media library, newest first; `q` searches caption, credit, alt text and file name',
    tag: 'Media',
    access: 'contributor',
    query: mediaListQuerySchema,
    handler: async ({ query, request }) => {
      requireActor(request);
      const result = await services.media.listMedia(query);
      return { media: result.items.map((m) => toApiMedia(m, config.siteUrl)), page: query.page, pageSize: query.pageSize, total: result.total };
    },
  });

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/media/:id',
    summary: 'One media item',
    tag: 'Media',
    access: 'contributor',
    params: idParams,
    handler: async ({ params, request }) => {
      requireActor(request);
      return toApiMedia(await services.media.getMedia(params.id), config.siteUrl);
    },
  });

  registry.add(app, {
    method: 'PATCH',
    url: '/api/admin/media/:id',
    summary: 'Edit alt text, caption, credit, usage terms or the focal point (focalX, focalY: 0..1 from the left and the top)',
    tag: 'Media',
    access: 'contributor',
    params: idParams,
    body: mediaUpdateSchema,
    handler: async ({ params, body, request }) => {
      requireActor(request);
      return toApiMedia(await services.media.updateMedia(params.id, body), config.siteUrl);
    },
  });

  // ## Sections, tags, authors (read by every role, changed by editors)

  const taxonomyWriter = (request: Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(request);
    if (!canManageTaxonomy(actor)) throw forbidden('Only editors and admins change sections, tags and author profiles.');
    return actor;
  };

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/sections',
    summary: 'All sections',
    tag: 'Sections',
    access: 'contributor',
    handler: async ({ request }) => {
      requireActor(request);
      const sections = await services.taxonomy.listSections();
      return { sections: sections.map((s) => toApiSection(s, config.siteUrl)), page: 1, pageSize: sections.length, total: sections.length };
    },
  });
  registry.add(app, {
    method: 'POST',
    url: '/api/admin/sections',
    summary: 'Create a section',
    tag: 'Sections',
    access: 'editor',
    body: sectionInputSchema,
    response: { status: 201, description: 'The section' },
    handler: async ({ body, request, reply }) => {
      taxonomyWriter(request);
      return reply.status(201).send(toApiSection(await services.taxonomy.createSection(body), config.siteUrl));
    },
  });
  registry.add(app, {
    method: 'GET',
    url: '/api/admin/sections/:slug',
    summary: 'One section',
    tag: 'Sections',
    access: 'contributor',
    params: slugParams,
    handler: async ({ params, request }) => {
      requireActor(request);
      return toApiSection(await services.taxonomy.getSection(params.slug), config.siteUrl);
    },
  });
  registry.add(app, {
    method: 'PATCH',
    url: '/api/admin/sections/:slug',
    summary: 'Edit a section',
    tag: 'Sections',
    access: 'editor',
    params: slugParams,
    body: sectionUpdateSchema,
    handler: async ({ params, body, request }) => {
      taxonomyWriter(request);
      return toApiSection(await services.taxonomy.updateSection(params.slug, body), config.siteUrl);
    },
  });
  registry.add(app, {
    method: 'DELETE',
    url: '/api/admin/sections/:slug',
    summary: 'Delete an empty section',
    tag: 'Sections',
    access: 'editor',
    params: slugParams,
    handler: async ({ params, request, reply }) => {
      taxonomyWriter(request);
      await services.taxonomy.deleteSection(params.slug);
      return reply.status(204).send();
    },
  });

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/tags',
    summary: 'Tags by name',
    tag: 'Tags',
    access: 'contributor',
    query: pageQuery,
    handler: async ({ query, request }) => {
      requireActor(request);
      const result = await services.taxonomy.listTags(query.page, query.pageSize);
      return { tags: result.items.map((t) => toApiTag(t, config.siteUrl)), page: query.page, pageSize: query.pageSize, total: result.total };
    },
  });
  registry.add(app, {
    method: 'POST',
    url: '/api/admin/tags',
    summary: 'Create a tag',
    tag: 'Tags',
    access: 'editor',
    body: tagInputSchema,
    response: { status: 201, description: 'The tag' },
    handler: async ({ body, request, reply }) => {
      taxonomyWriter(request);
      return reply.status(201).send(toApiTag(await services.taxonomy.createTag(body), config.siteUrl));
    },
  });
  registry.add(app, {
    method: 'GET',
    url: '/api/admin/tags/:slug',
    summary: 'One tag',
    tag: 'Tags',
    access: 'contributor',
    params: slugParams,
    handler: async ({ params, request }) => {
      requireActor(request);
      return toApiTag(await services.taxonomy.getTag(params.slug), config.siteUrl);
    },
  });
  registry.add(app, {
    method: 'PATCH',
    url: '/api/admin/tags/:slug',
    summary: 'Rename a tag',
    tag: 'Tags',
    access: 'editor',
    params: slugParams,
    body: tagUpdateSchema,
    handler: async ({ params, body, request }) => {
      taxonomyWriter(request);
      return toApiTag(await services.taxonomy.updateTag(params.slug, body), config.siteUrl);
    },
  });
  registry.add(app, {
    method: 'DELETE',
    url: '/api/admin/tags/:slug',
    summary: 'Delete a tag (articles keep their other tags)',
    tag: 'Tags',
    access: 'editor',
    params: slugParams,
    handler: async ({ params, request, reply }) => {
      taxonomyWriter(request);
      await services.taxonomy.deleteTag(params.slug);
      return reply.status(204).send();
    },
  });

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/authors',
    summary: 'Author profiles',
    tag: 'Authors',
    access: 'contributor',
    query: pageQuery,
    handler: async ({ query, request }) => {
      requireActor(request);
      const result = await services.authors.listAuthors(query.page, query.pageSize);
      return { authors: result.items.map((a) => toAdminApiAuthor(a, config.siteUrl)), page: query.page, pageSize: query.pageSize, total: result.total };
    },
  });
  registry.add(app, {
    method: 'POST',
    url: '/api/admin/authors',
    summary: 'Create an author profile',
    tag: 'Authors',
    access: 'editor',
    body: authorInputSchema,
    response: { status: 201, description: 'The profile' },
    handler: async ({ body, request, reply }) => {
      taxonomyWriter(request);
      return reply.status(201).send(toAdminApiAuthor(await services.authors.createAuthor(body), config.siteUrl));
    },
  });
  registry.add(app, {
    method: 'GET',
    url: '/api/admin/authors/:slug',
    summary: 'One author profile',
    tag: 'Authors',
    access: 'contributor',
    params: slugParams,
    handler: async ({ params, request }) => {
      requireActor(request);
      return toAdminApiAuthor(await services.authors.getAuthor(params.slug), config.siteUrl);
    },
  });
  registry.add(app, {
    method: 'PATCH',
    url: '/api/admin/authors/:slug',
    summary: 'Edit an author profile',
    tag: 'Authors',
    access: 'editor',
    params: slugParams,
    body: authorUpdateSchema,
    handler: async ({ params, body, request }) => {
      taxonomyWriter(request);
      return toAdminApiAuthor(await services.authors.updateAuthor(params.slug, body), config.siteUrl);
    },
  });
  registry.add(app, {
    method: 'DELETE',
    url: '/api/admin/authors/:slug',
    summary: 'Delete an author profile (credits keep the name)',
    tag: 'Authors',
    access: 'editor',
    params: slugParams,
    handler: async ({ params, request, reply }) => {
      taxonomyWriter(request);
      await services.authors.deleteAuthor(params.slug);
      return reply.status(204).send();
    },
  });

  // ## Accounts (admins only)

  const accountsAdmin = (request: Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(request);
    if (!canManageAccounts(actor)) throw forbidden('Only admins manage accounts.');
    return actor;
  };

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/accounts',
    summary: 'All accounts',
    tag: 'Accounts',
    access: 'admin',
    query: pageQuery,
    handler: async ({ query, request }) => {
      accountsAdmin(request);
      const result = await services.accounts.listAccounts(query.page, query.pageSize);
      return { accounts: result.items.map(toAdminApiAccount), page: query.page, pageSize: query.pageSize, total: result.total };
    },
  });
  registry.add(app, {
    method: 'POST',
    url: '/api/admin/accounts',
    summary: 'Create an account',
    tag: 'Accounts',
    access: 'admin',
    body: accountInputSchema,
    response: { status: 201, description: 'The account' },
    handler: async ({ body, request, reply }) => {
      accountsAdmin(request);
      return reply.status(201).send(toAdminApiAccount(await services.accounts.createAccount(body)));
    },
  });
  registry.add(app, {
    method: 'GET',
    url: '/api/admin/accounts/:id',
    summary: 'One account',
    tag: 'Accounts',
    access: 'admin',
    params: idParams,
    handler: async ({ params, request }) => {
      accountsAdmin(request);
      return toAdminApiAccount(await services.accounts.getAccount(params.id));
    },
  });
  registry.add(app, {
    method: 'PATCH',
    url: '/api/admin/accounts/:id',
    summary:
      'Change role, name, password, language or profile link; deactivate (disabled: true — its sessions and API tokens stop working at once) or reactivate. Audited; you cannot deactivate or demote yourself.',
    tag: 'Accounts',
    access: 'admin',
    params: idParams,
    body: accountUpdateSchema,
    handler: async ({ params, body, request }) => {
      const actor = accountsAdmin(request);
      return toAdminApiAccount(await services.accounts.updateAccountAs(params.id, body, actor));
    },
  });

  // ## API tokens (your own; admins see and revoke all)

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/tokens',
    summary: 'API tokens (never the secret; only its prefix)',
    tag: 'Tokens',
    access: 'contributor',
    handler: async ({ request }) => {
      const actor = requireActor(request);
      const tokens = await services.accounts.listTokens(actor.role === 'admin' ? {} : { accountId: actor.id });
      return { tokens, page: 1, pageSize: tokens.length, total: tokens.length };
    },
  });
  registry.add(app, {
    method: 'POST',
    url: '/api/admin/tokens',
    summary: 'Create an API token for yourself; the token is in this response only',
    tag: 'Tokens',
    access: 'contributor',
    body: z.object({ label: z.string().trim().min(1).max(100) }).strict(),
    response: { status: 201, description: '{ token, info }' },
    handler: async ({ body, request, reply }) => {
      const actor = requireActor(request);
      return reply.status(201).send(await services.accounts.createToken(actor.id, body.label));
    },
  });
  registry.add(app, {
    method: 'DELETE',
    url: '/api/admin/tokens/:id',
    summary: 'Revoke a token',
    tag: 'Tokens',
    access: 'contributor',
    params: idParams,
    handler: async ({ params, request }) => {
      const actor = requireActor(request);
      return services.accounts.revokeToken(params.id, actor.role === 'admin' ? undefined : actor.id);
    },
  });
}
