import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve.js';
import { sqliteTarget } from '../setup/test-databases.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { api, createAccountWithToken, startTestServer } from '../setup/test-server.js';

describe('sessions, roles, OpenAPI and health', () => {
  let db: TestDatabase;
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    db = await sqliteTarget.create();
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
    base = server.url;
    await server.services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
  });
  afterAll(async () => {
    await server?.close();
    await db?.cleanup();
  });

  it('signs in with a cookie session that needs the CSRF token for changes', async () => {
    await server.services.accounts.createAccount({ email: 'desk@example.com', name: 'Desk', role: 'editor', password: 'desk password 123' });
    const wrong = await api(base, '/api/admin/session', { json: { email: 'desk@example.com', password: 'nope' } });
    expect(wrong.status).toBe(401);
    const login = await api<{ csrfToken: string; account: { role: string } }>(base, '/api/admin/session', { json: { email: 'DESK@example.com', password: 'desk password 123' } });
    expect(login.status).toBe(200);
    expect(login.body.account.role).toBe('editor');
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^sinmun_session=/);
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly/i);

    const read = await api(base, '/api/admin/articles', { headers: { cookie } });
    expect(read.status).toBe(200);
    const withoutCsrf = await api(base, '/api/admin/articles', { headers: { cookie }, json: { language: 'en', headline: 'x' } });
    expect(withoutCsrf.status).toBe(403);
    const withCsrf = await api(base, '/api/admin/articles', { headers: { cookie, 'x-csrf-token': login.body.csrfToken }, json: { language: 'en', headline: 'Via session' } });
    expect(withCsrf.status).toBe(201);

    const logout = await api(base, '/api/admin/session', { method: 'DELETE', headers: { cookie, 'x-csrf-token': login.body.csrfToken } });
    expect(logout.status).toBe(204);
    expect((await api(base, '/api/admin/articles', { headers: { cookie } })).status).toBe(401);
  });

  it('rate-limits sign-in attempts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await api(base, '/api/admin/session', { json: { email: 'victim@example.com', password: `guess ${i}` } })).status);
    expect(statuses).toContain(429);
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
  });

  it('enforces roles on every kind of route', async () => {
    const tokens = {
      contributor: (await createAccountWithToken(server.services, 'contributor')).token,
      author: (await createAccountWithToken(server.services, 'author')).token,
      editor: (await createAccountWithToken(server.services, 'editor')).token,
      admin: (await createAccountWithToken(server.services, 'admin')).token,
    };
    const expectStatus = async (role: keyof typeof tokens | 'anonymous', method: string, path: string, json: unknown, status: number) => {
      const response = await api(base, path, { method, ...(role === 'anonymous' ? {} : { token: tokens[role] }), ...(json === undefined ? {} : { json }) });
      expect(response.status, `${role} ${method} ${path}`).toBe(status);
    };
    await expectStatus('anonymous', 'GET', '/api/admin/sections', undefined, 401);
    // Access is decided before validation: a bad body from the wrong caller says nothing about the schema.
    await expectStatus('anonymous', 'POST', '/api/admin/sections', { slug: 'NOT VALID' }, 401);
    await expectStatus('contributor', 'POST', '/api/admin/sections', { slug: 'NOT VALID' }, 403);
    await expectStatus('editor', 'POST', '/api/admin/sections', { slug: 'NOT VALID' }, 422);
    await expectStatus('contributor', 'GET', '/api/admin/sections', undefined, 200);
    await expectStatus('contributor', 'POST', '/api/admin/sections', { slug: 'c-section', nameKo: '가', nameEn: 'A' }, 403);
    await expectStatus('author', 'POST', '/api/admin/tags', { name: 'Author tag' }, 403);
    await expectStatus('editor', 'POST', '/api/admin/sections', { slug: 'e-section', nameKo: '나', nameEn: 'B' }, 201);
    await expectStatus('editor', 'POST', '/api/admin/authors', { nameKo: '기자', nameEn: 'Reporter One' }, 201);
    await expectStatus('editor', 'GET', '/api/admin/accounts', undefined, 403);
    await expectStatus('admin', 'GET', '/api/admin/accounts', undefined, 200);
    await expectStatus('editor', 'POST', '/api/admin/accounts', { email: 'n@example.com', name: 'N', role: 'admin', password: 'long enough password' }, 403);
    await expectStatus('admin', 'POST', '/api/admin/accounts', { email: 'n@example.com', name: 'N', role: 'author', password: 'long enough password' }, 201);

    // Authors publish their own articles only; editors publish any.
    const own = await api<{ id: number }>(base, '/api/admin/articles', { token: tokens.author, json: { language: 'en', headline: 'Author own' } });
    const others = await api<{ id: number }>(base, '/api/admin/articles', { token: tokens.editor, json: { language: 'en', headline: 'Editor article' } });
    await expectStatus('author', 'POST', `/api/admin/articles/${own.body.id}/publish`, undefined, 200);
    await expectStatus('author', 'POST', `/api/admin/articles/${others.body.id}/publish`, undefined, 403);
    await expectStatus('author', 'PATCH', `/api/admin/articles/${others.body.id}`, { revision: 1, headline: 'hijack' }, 403);
    await expectStatus('editor', 'PATCH', `/api/admin/articles/${own.body.id}`, { revision: 1, dek: 'edited by the desk' }, 200);
    await expectStatus('contributor', 'DELETE', `/api/admin/articles/${others.body.id}`, undefined, 403);
    await expectStatus('editor', 'DELETE', `/api/admin/articles/${own.body.id}`, undefined, 200);
    await expectStatus('editor', 'GET', `/api/admin/articles/${own.body.id}`, undefined, 404);
    expect((await api(base, `/api/content/articles/${own.body.id}`)).status).toBe(404);
  });

  it('publishes an OpenAPI 3.1 document generated from the request schemas', async () => {
    const doc = await api<{ openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, { enum?: string[] }> } }> } }>> }>(base, '/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(doc.body as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const create = doc.body.paths['/api/admin/articles']?.post?.requestBody?.content['application/json']?.schema;
    expect(create?.properties.language?.enum).toEqual(['ko', 'en']);
    expect(Object.keys(create?.properties ?? {})).toEqual(expect.arrayContaining(['headline', 'bodyHtml', 'body', 'credits', 'featuredImage']));
    for (const path of ['/api/admin/articles/{id}/publish', '/api/admin/media', '/api/content/articles/{idOrSlug}', '/api/admin/tokens']) {
      expect(doc.body.paths[path], path).toBeDefined();
    }
  });

  it('reports health', async () => {
    const health = await api(base, '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
  });
});

describe('health when the database is gone', () => {
  it('answers 503', async () => {
    const db = await sqliteTarget.create();
    const server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
    try {
      await server.services.database.close();
      const health = await api(server.url, '/healthz');
      expect(health.status).toBe(503);
    } finally {
      await server.close().catch(() => undefined);
      await db.cleanup();
    }
  });
});
