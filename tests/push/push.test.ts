import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebPushSender } from '../../src/push/push-sender.js';
import type { RunningServer } from '../../src/serve.js';
import { startPushService, synthesiseSubscription, verifyVapid, vapidKeyPair } from '../fakes/push-service.js';
import { databaseTargets, sqliteTarget } from '../setup/test-databases.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { api, createAccountWithToken, startTestServer } from '../setup/test-server.js';

async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface PushStatusBody {
  configured: boolean;
  publicKey: string | null;
  subscribers: { total: number; byLanguage: { ko: number; en: number } };
  recentAlerts: { articleId: number; headline: string; sent: number; gone: number; failed: number; pending: number }[];
}

describe.each(databaseTargets)('Web Push breaking alerts on $name', (target) => {
  let db: TestDatabase;
  let server: RunningServer;
  let pushService: Awaited<ReturnType<typeof startPushService>>;
  let editorToken: string;
  const vapid = vapidKeyPair();
  const subject = 'mailto:desk@sinmun.example';

  beforeAll(async () => {
    [db, pushService] = await Promise.all([target.create(), startPushService()]);
    server = await startTestServer({
      DATABASE_URL: db.databaseUrl,
      DATA_DIR: db.dataDir,
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: subject,
      PUSH_CA_FILE: pushService.caFile,
      PUSH_ENDPOINT_HOSTS: '127.0.0.1',
    });
    await server.services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    editorToken = (await createAccountWithToken(server.services, 'editor')).token;
  });
  afterAll(async () => {
    await server?.close();
    await pushService?.close();
    await db?.cleanup();
  });

  const subscribe = (json: unknown) => api(server.url, '/api/push/subscriptions', { json });
  const pushJobs = async () => (await server.services.jobs.listJobs()).filter((j) => j.name.startsWith('push.'));

  it('validates subscriptions: only well-formed keys and https endpoints of allowed push services', async () => {
    const good = synthesiseSubscription(pushService.endpoint('validation'));
    const cases: [string, unknown][] = [
      ['no keys', { endpoint: good.json.endpoint, language: 'en' }],
      ['short auth', { ...good.json, keys: { ...good.json.keys, auth: 'AAAA' }, language: 'en' }],
      ['bad point', { ...good.json, keys: { ...good.json.keys, p256dh: Buffer.alloc(65, 7).toString('base64url') }, language: 'en' }],
      ['unknown language', { ...good.json, language: 'fr' }],
      ['host not allowed', { ...good.json, endpoint: 'https://internal.example/push/1', language: 'en' }],
      ['plain http', { ...good.json, endpoint: good.json.endpoint.replace('https:', 'http:'), language: 'en' }],
    ];
    for (const [name, body] of cases) expect((await subscribe(body)).status, name).toBe(422);
    expect((await api(server.url, '/api/push/subscriptions', { body: '{', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    const stored = await subscribe({ ...good.json, language: 'en' });
    expect(stored.status).toBe(201);
    expect((await subscribe({ ...good.json, language: 'en' })).status).toBe(201); // the same browser again: one row
    expect((await api(server.url, '/api/push/subscriptions', { method: 'DELETE', json: { endpoint: good.json.endpoint } })).status).toBe(204);
    expect((await api(server.url, '/api/push/subscriptions', { method: 'DELETE', json: { endpoint: good.json.endpoint } })).status).toBe(204);
    const status = await api<PushStatusBody>(server.url, '/api/admin/push', { token: editorToken });
    expect(status.body.subscribers.total).toBe(0);
  });

  it('sends an alert that decrypts to the headline and URL, with a valid VAPID signature; retries, and forgets gone browsers', async () => {
    const reader = synthesiseSubscription(pushService.endpoint('reader'));
    const flaky = synthesiseSubscription(pushService.endpoint('flaky'));
    const gone = synthesiseSubscription(pushService.endpoint('gone'));
    const korean = synthesiseSubscription(pushService.endpoint('korean'));
    pushService.answer('/push/flaky', [503]);
    pushService.answer('/push/gone', [410]);
    for (const [sub, language] of [[reader, 'en'], [flaky, 'en'], [gone, 'en'], [korean, 'ko']] as const) expect((await subscribe({ ...sub.json, language })).status).toBe(201);
    expect((await api<PushStatusBody>(server.url, '/api/admin/push', { token: editorToken })).body.subscribers).toEqual({ total: 4, byLanguage: { ko: 1, en: 3 } });

    // -- the embargo holds: no alert (mail or push) for a story readers cannot see yet --
    const held = await api<{ id: number }>(server.url, '/api/admin/articles', { token: editorToken, json: { language: 'en', headline: 'Held story', section: 'world', embargoUntil: new Date(Date.now() + 3_600_000).toISOString() } });
    expect((await api(server.url, `/api/admin/articles/${held.body.id}/publish`, { token: editorToken, json: { alert: true } })).status).toBe(409);
    const quiet = await api<{ id: number }>(server.url, '/api/admin/articles', { token: editorToken, json: { language: 'en', headline: 'Published without an alert', section: 'world' } });
    expect((await api(server.url, `/api/admin/articles/${quiet.body.id}/publish`, { token: editorToken, json: {} })).status).toBe(200);
    await sleep(300);
    expect(await pushJobs()).toEqual([]);
    expect(pushService.received).toEqual([]);

    // -- publish with {"alert": true} --
    const story = await api<{ id: number }>(server.url, '/api/admin/articles', { token: editorToken, json: { language: 'en', headline: 'Earthquake shakes Seoul', section: 'world' } });
    const published = await api<{ url: string }>(server.url, `/api/admin/articles/${story.body.id}/publish`, { token: editorToken, json: { alert: true } });
    expect(published.status).toBe(200);
    const at = (p: string) => pushService.received.filter((r) => r.path === p);
    await waitFor(() => at('/push/reader').length === 1 && at('/push/gone').length === 1 && at('/push/flaky').length === 2);

    const [delivered] = at('/push/reader');
    if (!delivered) throw new Error('no push');
    expect(delivered.headers['content-encoding']).toBe('aes128gcm');
    expect(delivered.headers['content-type']).toBe('application/octet-stream');
    expect(delivered.headers.urgency).toBe('high');
    expect(Number(delivered.headers.ttl)).toBeGreaterThan(0);
    const alert = JSON.parse(reader.decrypt(delivered.body)) as Record<string, unknown>;
    expect(alert).toMatchObject({ type: 'breaking', articleId: story.body.id, lang: 'en', headline: 'Earthquake shakes Seoul', body: 'Earthquake shakes Seoul', title: 'Breaking news | Sinmun' });
    expect(alert.url).toBe(`${server.url}/en/world/${story.body.id}-earthquake-shakes-seoul`);
    expect((await fetch(String(alert.url))).status).toBe(200);
    const claims = verifyVapid(delivered.headers.authorization ?? '', vapid.publicKey);
    expect(claims.aud).toBe(pushService.origin);
    expect(claims.sub).toBe(subject);
    expect(claims.exp * 1000).toBeGreaterThan(Date.now());
    expect(claims.exp * 1000).toBeLessThanOrEqual(Date.now() + 24 * 3600_000);
    // Each browser's copy is encrypted for that browser only.
    const flakyCopy = at('/push/flaky')[1];
    expect(JSON.parse(flaky.decrypt(flakyCopy?.body ?? Buffer.alloc(0))).headline).toBe('Earthquake shakes Seoul');
    expect(() => reader.decrypt(flakyCopy?.body ?? Buffer.alloc(0))).toThrow();

    // -- 410 from the push service: the subscription is deleted; Korean readers got nothing of an English story --
    expect(at('/push/korean')).toEqual([]);
    const status = await waitFor(async () => {
      const s = (await api<PushStatusBody>(server.url, '/api/admin/push', { token: editorToken })).body;
      return s.recentAlerts[0]?.sent === 2 && s;
    });
    expect(status.configured).toBe(true);
    expect(status.publicKey).toBe(vapid.publicKey);
    expect(status.subscribers).toEqual({ total: 3, byLanguage: { ko: 1, en: 2 } });
    expect(status.recentAlerts[0]).toMatchObject({ articleId: story.body.id, headline: 'Earthquake shakes Seoul', sent: 2, gone: 1, failed: 0, pending: 0 });

    // -- one alert per story and browser: publishing again with an alert sends nothing new --
    await api(server.url, `/api/admin/articles/${story.body.id}/unpublish`, { token: editorToken, json: {} });
    await api(server.url, `/api/admin/articles/${story.body.id}/publish`, { token: editorToken, json: { alert: true } });
    await waitFor(async () => (await pushJobs()).every((j) => j.status === 'done'));
    expect(pushService.received).toHaveLength(4);
    // Roles: readers' counts are for the newsroom only.
    const author = await createAccountWithToken(server.services, 'author');
    expect((await api(server.url, '/api/admin/push', { token: author.token })).status).toBe(403);
    expect((await api(server.url, '/api/admin/push')).status).toBe(401);
  });

  it('serves the service worker at the root and the opt-in on reader pages', async () => {
    const sw = await fetch(`${server.url}/push-sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(sw.headers.get('service-worker-allowed')).toBe('/');
    expect(await sw.text()).toContain("addEventListener('notificationclick'");
    const page = await (await fetch(`${server.url}/en`)).text();
    expect(page).toContain(`data-key="${vapid.publicKey}"`);
    expect(page).toMatch(/<section class="push-optin" id="push-optin" hidden/);
    const script = /<script src="(\/assets\/push\.[0-9a-f]{12}\.js)" defer><\/script>/.exec(page)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(`${server.url}${script ?? ''}`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });
});

describe('Web Push without VAPID keys', () => {
  let db: TestDatabase;
  let server: RunningServer;
  beforeAll(async () => {
    db = await sqliteTarget.create();
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
  });
  afterAll(async () => {
    await server?.close();
    await db?.cleanup();
  });

  it('is off: no opt-in, no service worker, subscriptions refused, publishing with an alert still works', async () => {
    const page = await (await fetch(`${server.url}/en`)).text();
    expect(page).not.toContain('push-optin');
    expect((await fetch(`${server.url}/push-sw.js`)).status).toBe(404);
    const sub = synthesiseSubscription('https://fcm.googleapis.com/fcm/send/abc');
    expect((await api(server.url, '/api/push/subscriptions', { json: { ...sub.json, language: 'en' } })).status).toBe(409);
    const { token } = await createAccountWithToken(server.services, 'editor');
    expect((await api<PushStatusBody>(server.url, '/api/admin/push', { token })).body).toMatchObject({ configured: false, publicKey: null, subscribers: { total: 0 } });
    await server.services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    const story = await api<{ id: number }>(server.url, '/api/admin/articles', { token, json: { language: 'en', headline: 'Alert without push', section: 'world' } });
    expect((await api(server.url, `/api/admin/articles/${story.body.id}/publish`, { token, json: { alert: true } })).status).toBe(200);
    expect((await server.services.jobs.listJobs()).filter((j) => j.name.startsWith('push.'))).toEqual([]);
  });

  it('rate-limits the anonymous subscription endpoint like the newsletter form (20 a minute per address)', async () => {
    const sub = synthesiseSubscription('https://fcm.googleapis.com/fcm/send/limit');
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await api(server.url, '/api/push/subscriptions', { method: 'DELETE', json: { endpoint: sub.json.endpoint } })).status);
    expect(statuses.slice(0, 19).every((status) => status === 204)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('the push sender trusts the push service through PUSH_CA_FILE only', () => {
  it('refuses the self-signed push service without the CA file, and delivers with it', async () => {
    const pushService = await startPushService();
    const vapid = { ...vapidKeyPair(), subject: 'mailto:desk@sinmun.example' };
    const sub = synthesiseSubscription(pushService.endpoint('tls'));
    const untrusting = createWebPushSender(vapid);
    const trusting = createWebPushSender(vapid, { caFile: pushService.caFile });
    try {
      await expect(untrusting.send(sub.json, '{"x":1}', { ttl: 60, urgency: 'high' })).rejects.toThrow(/self[- ]signed|certificate/i);
      expect(pushService.received).toEqual([]);
      expect((await trusting.send(sub.json, '{"x":1}', { ttl: 60, urgency: 'high' })).status).toBe(201);
      expect(sub.decrypt(pushService.received[0]?.body ?? Buffer.alloc(0))).toBe('{"x":1}');
    } finally {
      untrusting.close();
      trusting.close();
      await pushService.close();
    }
  });
});
