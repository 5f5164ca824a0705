import fs from 'node:fs';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver } from '../fakes/webhook-receiver.js';
import { createAjv } from '../setup/json-schema.js';
import { databaseTargets } from '../setup/test-databases.js';
import { api, createAccountWithToken } from '../setup/test-server.js';
import { HIDDEN_HEADLINES, startNewsroom } from './newsroom-fixture.js';
import type { Newsroom } from './newsroom-fixture.js';

const NINJS_DIR = path.resolve('../shared/fixtures/wire/iptc/ninjs/schemas');
const readSchema = (file: string) => JSON.parse(fs.readFileSync(path.join(NINJS_DIR, file), 'utf8')) as Record<string, unknown>;
const ajv = createAjv('draft2020');
ajv.addSchema(readSchema('GeoJSON-schema.json'));
const validateNinjs = ajv.compile(readSchema('ninjs-schema_2.2.json'));

async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(databaseTargets)('partner syndication on $name', (target) => {
  let room: Newsroom;
  let partnerToken: string;
  let adminToken: string;

  beforeAll(async () => {
    room = await startNewsroom(target);
    partnerToken = (await createAccountWithToken(room.server.services, 'partner')).token;
    adminToken = (await createAccountWithToken(room.server.services, 'admin')).token;
  });
  afterAll(async () => {
    await room?.close();
  });

  it('serves published stories as ninjs 2.2 items valid against the IPTC schema, to partner tokens', async () => {
    const response = await api<{ items: Record<string, unknown>[]; total: number }>(room.base, '/api/partner/ninjs?lang=en', { token: partnerToken });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body.items.map((i) => (i.headlines as { value: string }[])[0]?.value).sort()).toEqual(['Captured soldiers ask to be brought to South Korea & <safety>', 'Why the peninsula must talk']);
    for (const item of response.body.items) expect(validateNinjs(item), ajv.errorsText(validateNinjs.errors)).toBe(true);
    const lead = response.body.items.find((i) => (i.altids as { value: string }[])[0]?.value === String(room.lead.id));
    expect(lead).toMatchObject({
      type: 'text',
      language: 'en',
      standard: { name: 'ninjs', version: '2.2' },
      by: 'Jane Park (Sinmun), Min-su Lee (Yonhap)',
      subjects: [{ name: 'World' }, { name: 'North Korea' }, { name: 'Ukraine' }],
      associations: [{ name: 'featureimage', type: 'picture', by: 'YONHAP' }],
    });
    expect((lead?.bodies as { value: string }[])[0]?.value).toContain('<strong>on Tuesday</strong>');
    const all = JSON.stringify((await api(room.base, '/api/partner/ninjs?pageSize=100', { token: partnerToken })).body);
    for (const hidden of HIDDEN_HEADLINES) expect(all).not.toContain(hidden);
    // The schema can say no.
    expect(validateNinjs({ type: 'text' })).toBe(false);
    expect(validateNinjs({ uri: 'x:y', headline: 'not a ninjs field' })).toBe(false);

    const future = await api<{ items: unknown[] }>(room.base, `/api/partner/ninjs?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, { token: partnerToken });
    expect(future.body.items).toEqual([]);
    expect((await api(room.base, '/api/partner/ninjs?since=yesterday', { token: partnerToken })).status).toBe(400);
    expect((await api(room.base, '/api/partner/ninjs')).status).toBe(401);
    const contributor = await createAccountWithToken(room.server.services, 'contributor');
    expect((await api(room.base, '/api/partner/ninjs', { token: contributor.token })).status).toBe(403);
    expect((await api(room.base, '/api/partner/ninjs', { token: room.editorToken })).status).toBe(200);
  });

  it('refuses a partner token on every Admin API route (403), whatever the body', async () => {
    const openapi = await api<{ paths: Record<string, Record<string, unknown>> }>(room.base, '/api/openapi.json');
    const routes = Object.entries(openapi.body.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => [m.toUpperCase(), p] as const));
    const admin = routes.filter(([, p]) => p.startsWith('/api/admin') && !p.startsWith('/api/admin/session'));
    expect(admin.length).toBeGreaterThan(25);
    for (const [method, template] of admin) {
      const url = template.replace(/\{[^}]+\}/g, '1');
      const response = await api(room.base, url, { method, token: partnerToken, ...(method === 'GET' || method === 'DELETE' ? {} : { json: {} }) });
      expect(response.status, `${method} ${url}`).toBe(403);
    }
    // Nothing was changed on the way.
    expect((await api(room.base, `/api/admin/articles/${room.lead.id}`, { token: room.editorToken })).body).toMatchObject({ status: 'published' });
    // Even the signed-in-account endpoint wants a newsroom role.
    expect((await api(room.base, '/api/admin/session', { token: partnerToken })).status).toBe(403);
  });

  it('signs webhooks per Standard Webhooks, retries a failing receiver with backoff and reports publish, update and unpublish', async () => {
    const receiver = await startWebhookReceiver([503]);
    try {
      expect((await api(room.base, '/api/admin/webhooks', { token: room.editorToken, json: { url: receiver.url } })).status).toBe(403);
      expect((await api(room.base, '/api/admin/webhooks', { token: adminToken, json: { url: 'ftp://example.com/x' } })).status).toBe(422);
      const created = await api<{ webhook: { id: number; events: string[] }; secret: string }>(room.base, '/api/admin/webhooks', { token: adminToken, json: { url: receiver.url, description: 'Partner desk' } });
      expect(created.status).toBe(201);
      expect(created.body.secret).toMatch(/^whsec_/);
      expect(created.body.webhook.events).toEqual(['article.published', 'article.updated', 'article.unpublished']);
      expect(JSON.stringify((await api(room.base, '/api/admin/webhooks', { token: adminToken })).body)).not.toContain(created.body.secret);
      const verifier = new Webhook(created.body.secret);
      const { services } = room.server;

      // Not announced: a draft, an edit of a draft, a story under embargo.
      const draft = await services.articles.createArticle({ language: 'en', headline: 'Quiet draft', section: 'world' }, room.editor);
      await services.articles.updateArticle(draft.id, { revision: draft.revision, dek: 'still a draft' }, room.editor);
      const embargoed = await services.articles.createArticle({ language: 'en', headline: 'Held story', section: 'world', embargoUntil: new Date(Date.now() + 3_600_000).toISOString() }, room.editor);
      await services.workflow.publish(embargoed.id, room.editor);

      const story = await room.publish({ language: 'en', headline: 'Partner-bound story', section: 'world', body: [{ type: 'paragraph', content: [{ text: 'Text.' }] }] });
      // First attempt gets 503; the job runner tries again about 2 s later with the same webhook-id.
      const [first, second] = await waitFor(() => receiver.received.length >= 2 && receiver.received);
      expect(first?.status).toBe(503);
      expect(second?.status).toBe(200);
      expect(second?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
      expect(Number(second?.headers['webhook-timestamp']) - Number(first?.headers['webhook-timestamp'])).toBeGreaterThanOrEqual(1);
      const published = verifier.verify(second?.body ?? '', second?.headers ?? {}) as { type: string; timestamp: string; data: { id: number; headline: string; ninjs: unknown } };
      expect(published.type).toBe('article.published');
      expect(published.data).toMatchObject({ id: story.id, headline: 'Partner-bound story' });
      expect(validateNinjs(published.data.ninjs), ajv.errorsText(validateNinjs.errors)).toBe(true);
      // A tampered body or another secret fails verification.
      expect(() => verifier.verify((second?.body ?? '').replace('Partner-bound', 'Partner-found'), second?.headers ?? {})).toThrow();
      expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(second?.body ?? '', second?.headers ?? {})).toThrow();

      const current = await services.articles.getArticleAs(story.id, room.editor);
      await services.articles.updateArticle(story.id, { revision: current.revision, headline: 'Partner-bound story, updated' }, room.editor);
      await services.workflow.unpublish(story.id, room.editor);
      const events = await waitFor(() => receiver.received.length >= 4 && receiver.received.slice(2));
      const bodies = events.map((e) => verifier.verify(e.body, e.headers) as { type: string; data: { id: number; headline?: string } });
      expect(bodies.map((b) => b.type)).toEqual(['article.updated', 'article.unpublished']);
      expect(bodies[0]?.data.headline).toBe('Partner-bound story, updated');
      expect(bodies.every((b) => b.data.id === story.id)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.received).toHaveLength(4);

      const deliveries = await api<{ deliveries: { eventType: string; status: string; attempts: number; responseStatus: number }[] }>(room.base, `/api/admin/webhooks/${created.body.webhook.id}/deliveries`, { token: adminToken });
      expect(deliveries.body.deliveries.map((d) => [d.eventType, d.status, d.attempts, d.responseStatus])).toEqual([
        ['article.unpublished', 'delivered', 1, 200],
        ['article.updated', 'delivered', 1, 200],
        ['article.published', 'delivered', 2, 200],
      ]);
      expect((await api(room.base, `/api/admin/webhooks/${created.body.webhook.id}`, { method: 'DELETE', token: adminToken })).status).toBe(204);
    } finally {
      await receiver.close();
    }
  });
});
