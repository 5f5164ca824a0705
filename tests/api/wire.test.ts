import type { Kysely } from 'kysely';
import { up as rewriteWireSearchText } from '../../src/db/migrations/013-wire-search-tokens.js';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warmUpParsers } from '../../src/ingest/ingest.js';
import type { RunningServer } from '../../src/serve.js';
import { databaseTargets } from '../setup/test-databases.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { api, createAccountWithToken, startTestServer } from '../setup/test-server.js';
import { sinmun } from '../setup/cli.js';

const FIXTURES = path.resolve('tests/fixtures/wire');

interface QueueItem {
  id: number;
  guid: string;
  version: number;
  headline: string;
  pubStatus: string;
  source: string;
  takes: { articleId: number; updatedByAgencyAt: string | null; killedAt: string | null }[];
}
interface Queue {
  items: QueueItem[];
  total: number;
}
interface TakenArticle {
  id: number;
  status: string;
  language: string;
  headline: string;
  dek: string;
  url: string | null;
  section: string;
  body: unknown[];
  credits: { name: string; role: string; organization: string | null; email: string | null }[];
  featuredImage: number | null;
  source: { name: string; url: string | null } | null;
  embargoUntil: string | null;
  wireItem: { id: number; url: string };
  translationDraft: { id: number; language: string } | null;
  warnings?: string[];
}

const fixture = (name: string) => fs.readFile(path.join(FIXTURES, name));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


describe.each(databaseTargets)('wire desk on $name', (target) => {
  let db: TestDatabase;
  let server: RunningServer;
  let base: string;
  let editor: string;
  let author: string;
  let dropFolder: string;
  let pushToken: string;

  const queue = (query = '') => api<Queue>(base, `/api/admin/wire/items${query}`, { token: editor });
  async function waitFor<T>(probe: () => Promise<T | undefined>, ms: number): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
      await sleep(20);
    }
  }

  beforeAll(async () => {
    db = await target.create();
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
    base = server.url;
    await server.services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    await server.services.taxonomy.createSection({ slug: 'national', nameKo: '전국', nameEn: 'National', position: 1 });
    editor = (await createAccountWithToken(server.services, 'editor')).token;
    author = (await createAccountWithToken(server.services, 'author')).token;
    dropFolder = path.join(db.dataDir, 'drop', 'yonhap');
    // The one-time compile of the ninjs schemas (the watcher does it when it first sees a ninjs source) is a start-up
    // cost, not part of drop-to-queue: done here so it cannot land inside the timed window on a loaded machine.
    warmUpParsers();
  });

  afterAll(async () => {
    await server?.close();
    await db?.cleanup();
  });

  it('adds a source through the Admin API (editors only; bad input is 422)', async () => {
    expect((await api(base, '/api/admin/wire/sources', { token: author, json: { name: 'x', format: 'ninjs' } })).status).toBe(403);
    const bad = await api<{ errors: { path: string }[] }>(base, '/api/admin/wire/sources', { token: editor, json: { name: 'bad name!', format: 'docx' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.path).sort()).toEqual(['format', 'name']);
    const created = await api<{ id: number; name: string; pushToken: string; folder: string }>(base, '/api/admin/wire/sources', {
      token: editor,
      json: { name: 'yonhap', format: 'ninjs', folder: dropFolder, section: 'world' },
    });
    expect(created.status).toBe(201);
    expect(created.body.pushToken).toMatch(/^swp_/);
    pushToken = created.body.pushToken;
    expect((await api(base, '/api/admin/wire/sources', { token: editor, json: { name: 'yonhap', format: 'ninjs' } })).status).toBe(409);
  });

  it('a ninjs file with a photo dropped into the folder is on the desk in under a second; the file is moved aside', async () => {
    const photo = await sharp({ create: { width: 640, height: 400, channels: 3, background: { r: 90, g: 110, b: 130 } } }).jpeg().toBuffer();
    await fs.writeFile(path.join(dropFolder, 'yonhap-pow.jpg'), photo);
    const dropped = Date.now();
    await fs.writeFile(path.join(dropFolder, 'yonhap-photo-story.json'), await fixture('yonhap-photo-story.json'));
    const item = await waitFor(async () => (await queue('?source=yonhap')).body.items.find((i) => i.guid === 'urn:yna.co.kr:AEN20251031000300315'), 2000);
    expect(Date.now() - dropped).toBeLessThan(1000);
    expect(item).toMatchObject({ version: 1, pubStatus: 'usable', source: 'yonhap', headline: expect.stringContaining('North Korean war prisoners') });
    await waitFor(async () => ((await fs.readdir(path.join(dropFolder, 'processed')).catch((): string[] => [])).includes('yonhap-photo-story.json') ? true : undefined), 2000);
    expect(await fs.readdir(dropFolder)).not.toContain('yonhap-photo-story.json');
  });

  let takenId: number;
  let takenUrl: string;

  it('take → a draft with headline, dek, body, structured credits, the photo in the library with caption, credit and terms, and the source; publish → the page shows them', async () => {
    const [item] = (await queue('?q=prisoners')).body.items;
    if (!item) throw new Error('no item');
    expect((await api(base, `/api/admin/wire/items/${item.id}/take`, { token: author, method: 'POST' })).status).toBe(403);
    const taken = await api<TakenArticle>(base, `/api/admin/wire/items/${item.id}/take`, { token: editor, method: 'POST' });
    expect(taken.status).toBe(201);
    const article = taken.body;
    expect(article).toMatchObject({
      status: 'draft',
      language: 'en',
      section: 'world',
      headline: 'Captured North Korean war prisoners in Ukraine ask to be brought to South Korea',
      dek: expect.stringContaining('documentary producer'),
      credits: [{ name: 'Kim Ju-yeon', role: 'reporter', organization: 'Yonhap', email: 'kim.juyeon2@joongang.co.kr' }],
      source: { name: 'Yonhap' },
      wireItem: { id: item.id },
    });
    expect(JSON.stringify(article.body)).not.toMatch(/KIM JU-YEON|script|alert/);
    const media = await api<{ credit: string; caption: string; usageTerms: string }>(base, `/api/admin/media/${article.featuredImage ?? 0}`, { token: editor });
    expect(media.body).toMatchObject({ credit: 'YONHAP', usageTerms: expect.stringContaining('Editorial use only'), caption: expect.stringContaining('Baek and Ri') });
    takenId = article.id;

    // The agency sent no alt text: publishing waits until the desk writes it (the one publish rule for images).
    const refused = await api<{ detail: string }>(base, `/api/admin/articles/${takenId}/publish`, { token: editor, method: 'POST' });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain(`image ${article.featuredImage ?? 0}`);
    expect((await api(base, `/api/admin/media/${article.featuredImage ?? 0}`, { token: editor, method: 'PATCH', json: { alt: 'Two men in uniform at a news conference' } })).status).toBe(200);
    const published = await api<TakenArticle>(base, `/api/admin/articles/${takenId}/publish`, { token: editor, method: 'POST' });
    expect(published.status).toBe(200);
    takenUrl = published.body.url ?? '';
    const page = await fetch(takenUrl).then((r) => r.text());
    expect(page).toContain('Kim Ju-yeon');
    expect(page).toMatch(/By\s+Kim Ju-yeon, Yonhap/);
    expect(page).toContain('YONHAP');
    expect(page).not.toContain('BY KIM JU-YEON');
  });

  it('an update replaces the earlier version on the desk and flags the story "updated by agency"', async () => {
    await fs.writeFile(path.join(dropFolder, 'v2.json'), await fixture('yonhap-photo-story-v2-update.json'));
    const item = await waitFor(async () => (await queue('?source=yonhap')).body.items.find((i) => i.version === 2), 3000);
    const listed = (await queue('?source=yonhap')).body.items.filter((i) => i.guid === item.guid);
    expect(listed.map((i) => i.version)).toEqual([2]);
    expect(item.takes).toEqual([expect.objectContaining({ articleId: takenId, updatedByAgencyAt: expect.any(String), killedAt: null })]);
    // The same file again is a duplicate, not a new item.
    const again = await api<{ id: number; status: string }>(base, '/api/admin/wire/yonhap', { token: pushToken, body: await fixture('yonhap-photo-story-v2-update.json'), headers: { 'content-type': 'application/json' } });
    expect(again.body).toMatchObject({ id: item.id, status: 'duplicate' });
  });

  it('push: the push token or an editor token; 202 with the id, or 422 with the quarantine reason', async () => {
    const noAuth = await api(base, '/api/admin/wire/yonhap', { body: '{}', headers: { 'content-type': 'application/json' } });
    expect(noAuth.status).toBe(401);
    const wrong = await api(base, '/api/admin/wire/yonhap', { token: 'swp_wrong', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(wrong.status).toBe(401);
    const malformed = await api<{ detail: string; status: number }>(base, '/api/admin/wire/yonhap', { token: pushToken, body: '{"uri": "x", "headlines": [', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(422);
    expect(malformed.body.detail).toMatch(/malformed JSON/);
    const korean = await api<{ id: number }>(base, '/api/admin/wire/yonhap', { token: editor, body: await fixture('yonhap-ko-euckr.json'), headers: { 'content-type': 'application/json; charset=EUC-KR' } });
    expect(korean.status).toBe(202);
    const item = await api<{ headline: string; language: string }>(base, `/api/admin/wire/items/${korean.body.id}`, { token: editor });
    expect(item.body).toMatchObject({ language: 'ko', headline: '우크라이나 포로 북한군 "한국으로 보내달라"' });
    const quarantine = await api<{ items: { id: number; reason: string }[] }>(base, '/api/admin/wire/quarantine?source=yonhap', { token: editor });
    expect(quarantine.body.items[0]?.reason).toMatch(/malformed JSON/);
    // The desk searches with the article index's tokens and query syntax (src/search/token-match.ts).
    const found = async (q: string) => (await queue(`?q=${encodeURIComponent(q)}`)).body.items.map((i) => i.id);
    expect(await found('북한군이')).toContain(korean.body.id); // a particle attached
    expect(await found('포로'.normalize('NFD'))).toContain(korean.body.id); // macOS input
    expect(await found('북')).toContain(korean.body.id); // one syllable: a prefix
    expect(await found('"포로 북한군"')).toContain(korean.body.id);
    expect(await found('"포로 우크라이나"')).not.toContain(korean.body.id); // a phrase keeps its order
    expect(await found('북한군 -우크라이나')).not.toContain(korean.body.id);
    expect(await found('prisoner')).not.toEqual([]); // English stems: "prisoners" in the photo story
    expect(await found('prisoner')).not.toContain(korean.body.id);
    // Migration 013 rewrites the search text of items received before it, with the same function as ingest.
    await server.services.database.db.updateTable('wire_items').set({ search_text: 'stale' }).where('id', '=', korean.body.id).execute();
    expect(await found('북한군이')).not.toContain(korean.body.id);
    await rewriteWireSearchText(server.services.database.db as unknown as Kysely<unknown>);
    expect(await found('북한군이')).toContain(korean.body.id);

    // The originals are kept byte for byte, for items and for quarantined documents alike.
    const original = await fetch(`${base}/api/admin/wire/items/${korean.body.id}/original`, { headers: { authorization: `Bearer ${editor}` } });
    expect(original.headers.get('x-original-content-type')).toBe('application/json; charset=EUC-KR');
    expect(Buffer.from(await original.arrayBuffer()).equals(await fixture('yonhap-ko-euckr.json'))).toBe(true);
    const rejected = await fetch(`${base}/api/admin/wire/quarantine/${quarantine.body.items[0]?.id ?? 0}/original`, { headers: { authorization: `Bearer ${editor}` } });
    expect(await rejected.text()).toBe('{"uri": "x", "headlines": [');
  });

  it('a kill notice at a higher version takes the story down (410), flagged and in the audit log', async () => {
    const kill = await api<{ id: number }>(base, '/api/admin/wire/yonhap', { token: pushToken, body: await fixture('yonhap-photo-story-v3-kill.json'), headers: { 'content-type': 'application/json' } });
    expect(kill.status).toBe(202);
    expect((await fetch(takenUrl, { redirect: 'manual' })).status).toBe(410);
    const article = await api<TakenArticle>(base, `/api/admin/articles/${takenId}`, { token: editor });
    expect(article.body.status).toBe('unpublished');
    const item = await api<QueueItem>(base, `/api/admin/wire/items/${kill.body.id}`, { token: editor });
    expect(item.body.takes[0]).toMatchObject({ articleId: takenId, killedAt: expect.any(String) });
    const audit = await api<{ entries: { action: string; details: Record<string, unknown> }[] }>(base, `/api/admin/articles/${takenId}/audit`, { token: editor });
    expect(audit.body.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['wire.take', 'wire.updated-by-agency', 'article.unpublish', 'wire.kill']));
    expect(audit.body.entries.find((e) => e.action === 'article.unpublish')?.details).toMatchObject({ by: 'wire', note: expect.stringContaining('Killed by yonhap') });
    // A killed item cannot be taken again.
    expect((await api(base, `/api/admin/wire/items/${kill.body.id}/take`, { token: editor, method: 'POST' })).status).toBe(409);
  });

  it('agency embargo reaches the draft; rules: section, a linked translation draft, auto-publish for a trusted partner', async () => {
    const partner = await api<{ pushToken: string }>(base, '/api/admin/wire/sources', { token: editor, json: { name: 'newsis', format: 'nitf', section: 'national', needsTranslation: true } });
    const nitf = await api<{ id: number }>(base, '/api/admin/wire/newsis', { token: partner.body.pushToken, body: await fixture('nitf-story.xml'), headers: { 'content-type': 'application/xml' } });
    expect(nitf.status).toBe(202);
    const taken = await api<TakenArticle>(base, `/api/admin/wire/items/${nitf.body.id}/take`, { token: editor, method: 'POST' });
    expect(taken.body).toMatchObject({ section: 'national', credits: [{ name: 'Park Ji-won', organization: 'Newsis' }], translationDraft: { language: 'ko' } });
    expect(taken.body.warnings).toEqual([expect.stringContaining('subway.jpg')]);
    const translation = await api<{ translationGroup: string; status: string; language: string }>(base, `/api/admin/articles/${taken.body.translationDraft?.id ?? 0}`, { token: editor });
    expect(translation.body).toMatchObject({ status: 'draft', language: 'ko' });

    const embargoed = await api<{ id: number }>(base, '/api/admin/wire/yonhap', { token: pushToken, body: await fixture('yonhap-embargoed.json'), headers: { 'content-type': 'application/json' } });
    const draft = await api<TakenArticle>(base, `/api/admin/wire/items/${embargoed.body.id}/take`, { token: editor, method: 'POST' });
    expect(draft.body.embargoUntil).toBe('2099-01-01T00:00:00.000Z');
    const published = await api<TakenArticle>(base, `/api/admin/articles/${draft.body.id}/publish`, { token: editor, method: 'POST' });
    expect((await fetch(published.body.url ?? '', { redirect: 'manual' })).status).not.toBe(200);

    const trusted = await api<{ pushToken: string }>(base, '/api/admin/wire/sources', { token: editor, json: { name: 'trusted', format: 'atom', autoPublish: true } });
    const pushed = await api<{ ids: number[] }>(base, '/api/admin/wire/trusted', { token: trusted.body.pushToken, body: await fixture('partner-atom.xml'), headers: { 'content-type': 'application/atom+xml' } });
    expect(pushed.body.ids).toHaveLength(2);
    const auto = await api<QueueItem>(base, `/api/admin/wire/items/${pushed.body.ids[0] ?? 0}`, { token: editor });
    const autoArticle = await api<TakenArticle>(base, `/api/admin/articles/${auto.body.takes[0]?.articleId ?? 0}`, { token: editor });
    expect(autoArticle.body).toMatchObject({ status: 'published', headline: 'Hanbok exhibition opens downtown' });
    const audit = await api<{ entries: { action: string; details: Record<string, unknown> }[] }>(base, `/api/admin/articles/${autoArticle.body.id}/audit`, { token: editor });
    expect(audit.body.entries.find((e) => e.action === 'article.publish')?.details).toMatchObject({ by: 'wire auto-publish (trusted)' });

    // An editor changes the rules later; a disabled source takes nothing.
    expect((await api(base, '/api/admin/wire/sources/trusted', { token: author, method: 'PATCH', json: { autoPublish: false } })).status).toBe(403);
    const changed = await api<{ autoPublish: boolean; enabled: boolean; section: string | null }>(base, '/api/admin/wire/sources/trusted', { token: editor, method: 'PATCH', json: { autoPublish: false, section: 'world', enabled: false } });
    expect(changed.body).toMatchObject({ autoPublish: false, enabled: false, section: 'world' });
    const refused = await api(base, '/api/admin/wire/trusted', { token: trusted.body.pushToken, body: await fixture('partner-atom.xml'), headers: { 'content-type': 'application/atom+xml' } });
    expect(refused.status).toBe(409);
    expect((await api(base, '/api/admin/wire/sources/trusted', { token: editor, method: 'PATCH', json: { section: 'nowhere' } })).status).toBe(422);
  });

  it('polls a feed URL with ETag and If-Modified-Since (a real local HTTP server)', async () => {
    const rss = await fixture('partner-rss.xml');
    const seen: { inm: string | undefined; ims: string | undefined; status: number }[] = [];
    const feed = http.createServer((request, response) => {
      const inm = request.headers['if-none-match'];
      const ims = request.headers['if-modified-since'];
      const status = inm === '"v1"' ? 304 : 200;
      seen.push({ inm, ims, status });
      if (status === 304) return response.writeHead(304).end();
      response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"', 'last-modified': 'Sun, 02 Nov 2025 18:00:00 GMT' }).end(rss);
    });
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/feed.xml`;
      const created = await api(base, '/api/admin/wire/sources', { token: editor, json: { name: 'partner-feed', format: 'rss', url, interval: 5 } });
      expect(created.status).toBe(201);
      await waitFor(async () => ((await queue('?source=partner-feed')).body.total === 2 ? true : undefined), 5000);
      // The next poll, as if the interval had passed: a conditional GET answered 304, nothing new ingested.
      await server.services.wire.armDuePolls(new Date(Date.now() + 6000));
      await waitFor(async () => (seen.length >= 2 ? true : undefined), 5000);
      expect(seen[1]).toEqual({ inm: '"v1"', ims: 'Sun, 02 Nov 2025 18:00:00 GMT', status: 304 });
      expect((await queue('?source=partner-feed')).body.total).toBe(2);
      expect((await queue('?source=partner-feed&q=night market')).body.items.map((i) => i.headline)).toEqual(['Koreatown night market returns']);
    } finally {
      await new Promise((resolve) => feed.close(resolve));
    }
  });

  it('a source added with the CLI works in the running server at once (push and drop folder)', async () => {
    const folder = path.join(db.dataDir, 'drop', 'cli');
    const result = await sinmun(['wire', 'source', 'add', '--name', 'cli-agency', '--format', 'newsml-g2', '--folder', folder], { DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
    expect(result.code, result.stderr).toBe(0);
    const token = result.stdout.trim();
    expect(token).toMatch(/^swp_/);
    const pushed = await api<{ ids: number[] }>(base, '/api/admin/wire/cli-agency', { token, body: await fixture('newsml-message-withheld.xml'), headers: { 'content-type': 'application/vnd.iptc.g2.newsmessage+xml' } });
    expect(pushed.status).toBe(202);
    expect(pushed.body.ids).toHaveLength(2);
    await fs.writeFile(path.join(folder, 'bad.xml'), '<newsItem><unclosed></newsItem>');
    await waitFor(async () => ((await fs.readdir(path.join(folder, 'failed')).catch((): string[] => [])).includes('bad.xml') ? true : undefined), 3000);
    const quarantine = await api<{ items: { fileName: string; reason: string }[] }>(base, '/api/admin/wire/quarantine?source=cli-agency', { token: editor });
    expect(quarantine.body.items[0]).toMatchObject({ fileName: 'bad.xml', reason: expect.stringMatching(/malformed XML|not valid/) });
    const usage = await sinmun(['wire', 'source', 'add', '--name', 'x'], { DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/--format are required/);
  });
  it('the desk: 304 while the queue is unchanged, a long poll answers as soon as an item arrives; category filter; photos served to editors only', async () => {
    const url = `${base}/api/admin/wire/items?source=yonhap`;
    const first = await fetch(url, { headers: { authorization: `Bearer ${editor}` } });
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^W\/"wq-/);
    expect((await fetch(url, { headers: { authorization: `Bearer ${editor}`, 'if-none-match': etag } })).status).toBe(304);
    // Nothing happens: the long poll answers 304 after its wait.
    const idle = await fetch(`${url}&wait=1`, { headers: { authorization: `Bearer ${editor}`, 'if-none-match': etag } });
    expect(idle.status).toBe(304);
    // An item arrives while the long poll waits: it answers 200 with the item, well before its 10 s wait.
    const started = Date.now();
    const waiting = fetch(`${url}&wait=10`, { headers: { authorization: `Bearer ${editor}`, 'if-none-match': etag } });
    await sleep(200);
    const doc = (await fixture('yonhap-embargoed.json')).toString('utf8').replace(/"uri":\s*"[^"]+"/, '"uri": "urn:test:long-poll"');
    expect((await api(base, '/api/admin/wire/yonhap', { token: pushToken, body: doc, headers: { 'content-type': 'application/json' } })).status).toBe(202);
    const answered = await waiting;
    expect(answered.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(((await answered.json()) as Queue).items.map((i) => i.guid)).toContain('urn:test:long-poll');
    expect(answered.headers.get('etag')).not.toBe(etag);

    expect((await queue('?source=partner-feed&category=Community')).body.items.map((i) => i.headline)).toEqual(['Koreatown night market returns']);
    expect((await queue('?source=partner-feed&category=nothing-like-this')).body.total).toBe(0);

    const firstVersion = await server.services.database.db.selectFrom('wire_items').select('id').where('guid', '=', 'urn:yna.co.kr:AEN20251031000300315').where('version', '=', 1).executeTakeFirstOrThrow();
    const picture = await fetch(`${base}/api/admin/wire/items/${firstVersion.id}/pictures/0`, { headers: { authorization: `Bearer ${editor}` } });
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toBe('image/jpeg');
    expect(picture.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await sharp(Buffer.from(await picture.arrayBuffer())).metadata()).width).toBe(640);
    expect((await fetch(`${base}/api/admin/wire/items/${firstVersion.id}/pictures/0`, { headers: { authorization: `Bearer ${author}` } })).status).toBe(403);
    expect((await fetch(`${base}/api/admin/wire/items/${firstVersion.id}/pictures/0`)).status).toBe(401);
    expect((await fetch(`${base}/api/admin/wire/items/${firstVersion.id}/pictures/5`, { headers: { authorization: `Bearer ${editor}` } })).status).toBe(404);
  });
  it('a batch of documents (one drop-folder look) is one transaction, but each document ends as its items or one quarantine entry', async () => {
    const source = await server.services.wire.getSourceByName('yonhap');
    const story = (await fixture('yonhap-embargoed.json')).toString('utf8');
    const good = (n: number) => Buffer.from(story.replace(/"uri":\s*"[^"]+"/, `"uri": "urn:test:batch-${n}"`));
    const documents = [good(1), Buffer.from('{"uri": "urn:test:broken", "headlines": ['), good(2), Buffer.from('<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'), good(3)].map((bytes, n) => ({ bytes, options: { fileName: `batch-${n}.json` } }));
    const results = await server.services.wire.ingestDocuments(source, documents);
    expect(results.map((r) => r.status)).toEqual(['ingested', 'quarantined', 'ingested', 'quarantined', 'ingested']);
    expect(results[1]?.reason).toMatch(/malformed JSON/);
    expect(results[3]?.quarantineId).toBeGreaterThan(0);
    const items = await server.services.database.db.selectFrom('wire_items').select(['guid', 'received_at']).where('guid', 'like', 'urn:test:batch-%').execute();
    expect(items.map((i) => i.guid).sort()).toEqual(['urn:test:batch-1', 'urn:test:batch-2', 'urn:test:batch-3']);
    expect(new Set(items.map((i) => i.received_at)).size).toBe(1);

    // Through the folder: good and bad files dropped together all end up in processed/ or failed/.
    const names = ['mix-a.json', 'mix-b.json', 'mix-bad.json', 'mix-c.json'];
    await Promise.all(names.map((name, n) => fs.writeFile(path.join(dropFolder, name), name === 'mix-bad.json' ? '{"uri": ' : good(100 + n))));
    await waitFor(async () => {
      const processed = await fs.readdir(path.join(dropFolder, 'processed')).catch((): string[] => []);
      const failed = await fs.readdir(path.join(dropFolder, 'failed')).catch((): string[] => []);
      return ['mix-a.json', 'mix-b.json', 'mix-c.json'].every((n) => processed.includes(n)) && failed.includes('mix-bad.json') ? true : undefined;
    }, 5000);
    expect((await queue('?source=yonhap&pageSize=200')).body.items.filter((i) => i.guid.startsWith('urn:test:batch-10'))).toHaveLength(3);
    const quarantine = await api<{ items: { fileName: string; reason: string }[] }>(base, '/api/admin/wire/quarantine?source=yonhap', { token: editor });
    expect(quarantine.body.items.find((q) => q.fileName === 'mix-bad.json')?.reason).toMatch(/malformed JSON/);
  });

  it('a correction from the agency is linked to the item it corrects, and the story taken from it is flagged', async () => {
    const created = await api<{ pushToken: string }>(base, '/api/admin/wire/sources', { token: editor, json: { name: 'corrections', format: 'ninjs' } });
    const token = created.body.pushToken;
    const original = JSON.parse((await fixture('yonhap-ninjs1-photo-story.json')).toString('utf8')) as Record<string, unknown>;
    const push = (doc: Record<string, unknown>) => api<{ id: number }>(base, '/api/admin/wire/corrections', { token, body: JSON.stringify(doc), headers: { 'content-type': 'application/json' } });
    const v1 = await push(original);
    expect(v1.status).toBe(202);
    const taken = await api<TakenArticle>(base, `/api/admin/wire/items/${v1.body.id}/take`, { token: editor, method: 'POST' });
    expect(taken.status).toBe(201);

    const v2 = await push({ ...original, version: '2', versioncreated: '2025-11-05T14:40:00+09:00', headline: 'Seoul opens first hydrogen bus depot by the Han River', ednote: 'CORRECTS location in headline' });
    expect(v2.status).toBe(202);
    const correction = await api<QueueItem & { isCorrection: boolean; correctsItemId: number | null }>(base, `/api/admin/wire/items/${v2.body.id}`, { token: editor });
    expect(correction.body).toMatchObject({ version: 2, isCorrection: true, correctsItemId: v1.body.id, headline: 'Seoul opens first hydrogen bus depot by the Han River' });
    const earlier = await api<{ supersededBy: number | null; isCorrection: boolean; correctsItemId: number | null }>(base, `/api/admin/wire/items/${v1.body.id}`, { token: editor });
    expect(earlier.body).toMatchObject({ supersededBy: v2.body.id, isCorrection: false, correctsItemId: null });
    expect(correction.body.takes[0]).toMatchObject({ articleId: taken.body.id, updatedByAgencyAt: expect.any(String), killedAt: null });
    const audit = await api<{ entries: { action: string; details: Record<string, unknown> }[] }>(base, `/api/admin/articles/${taken.body.id}/audit`, { token: editor });
    expect(audit.body.entries.find((e) => e.action === 'wire.corrected-by-agency')?.details).toMatchObject({ source: 'corrections', version: 2, wireItemId: v2.body.id });

    // A plain update is not a correction; the desk lists only the newest version.
    const v3 = await push({ ...original, version: '3', body_html: '<p>Updated with the mayor’s remarks.</p>' });
    const update = await api<{ isCorrection: boolean; correctsItemId: number | null }>(base, `/api/admin/wire/items/${v3.body.id}`, { token: editor });
    expect(update.body).toMatchObject({ isCorrection: false, correctsItemId: null });
    expect((await queue('?source=corrections')).body.items.map((i) => [i.id, i.version])).toEqual([[v3.body.id, 3]]);
  });

  it('desk filters: language, urgency and time narrow the queue', async () => {
    const created = await api<{ pushToken: string }>(base, '/api/admin/wire/sources', { token: editor, json: { name: 'filters', format: 'ninjs' } });
    const token = created.body.pushToken;
    const template = JSON.parse((await fixture('yonhap-ninjs1-photo-story.json')).toString('utf8')) as Record<string, unknown>;
    const push = async (key: string, fields: Record<string, unknown>) => {
      const { urgency: _urgency, ...rest } = template;
      const pushed = await api<{ id: number }>(base, '/api/admin/wire/filters', { token, body: JSON.stringify({ ...rest, uri: `urn:test:filters:${key}`, headline: `Filter story ${key}`, ...fields }), headers: { 'content-type': 'application/json' } });
      expect(pushed.status).toBe(202);
      return pushed.body.id;
    };
    const englishFlash = await push('en-flash', { language: 'en', urgency: 1 });
    const koreanRoutine = await push('ko-routine', { language: 'ko', urgency: 6 });
    const britishNoUrgency = await push('en-gb', { language: 'en-GB' });
    // received_at has millisecond resolution; make sure "since" falls strictly between the two batches.
    await sleep(30);
    const since = new Date().toISOString();
    await sleep(30);
    const koreanUrgent = await push('ko-urgent', { language: 'ko', urgency: 2 });
    const englishLater = await push('en-later', { language: 'en', urgency: 5 });

    const ids = async (query: string) => (await queue(`?source=filters${query}`)).body.items.map((i) => i.id).sort((a, b) => a - b);
    const sorted = (...list: number[]) => [...list].sort((a, b) => a - b);
    expect(await ids('')).toEqual(sorted(englishFlash, koreanRoutine, britishNoUrgency, koreanUrgent, englishLater));
    // Language: a BCP 47 prefix, so "en" includes en-GB.
    expect(await ids('&language=ko')).toEqual(sorted(koreanRoutine, koreanUrgent));
    expect(await ids('&language=en')).toEqual(sorted(englishFlash, britishNoUrgency, englishLater));
    expect(await ids('&language=en-GB')).toEqual([britishNoUrgency]);
    // Urgency: this urgent or more (1 is the most urgent); items without an urgency are left out.
    expect(await ids('&urgency=2')).toEqual(sorted(englishFlash, koreanUrgent));
    expect(await ids('&urgency=1')).toEqual([englishFlash]);
    expect(await ids('&urgency=9')).toEqual(sorted(englishFlash, koreanRoutine, koreanUrgent, englishLater));
    // Time: received at or after `since`.
    expect(await ids(`&since=${encodeURIComponent(since)}`)).toEqual(sorted(koreanUrgent, englishLater));
    // Together.
    expect(await ids(`&language=ko&urgency=3&since=${encodeURIComponent(since)}`)).toEqual([koreanUrgent]);
    expect(await ids(`&language=ko&urgency=3&since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
    const filtered = await queue(`?source=filters&language=en&urgency=5`);
    expect(filtered.body.total).toBe(2);
    // Bad filter values are a bad request (400, the API's rule for query parameters), not an empty list.
    expect((await queue('?urgency=high')).status).toBe(400);
    expect((await queue('?urgency=10')).status).toBe(400);
  });

  it('a feed source added with the CLI is polled by the running server at once (a real local HTTP server with an ETag)', async () => {
    const rss = await fixture('partner-rss.xml');
    const seen: { inm: string | undefined; status: number }[] = [];
    const feed = http.createServer((request, response) => {
      const inm = request.headers['if-none-match'];
      const status = inm === '"cli-v1"' ? 304 : 200;
      seen.push({ inm, status });
      if (status === 304) return response.writeHead(304).end();
      response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"cli-v1"' }).end(rss);
    });
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/partner.rss`;
      const result = await sinmun(['wire', 'source', 'add', '--name', 'cli-feed', '--format', 'rss', '--url', url, '--interval', '600'], { DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.trim()).toMatch(/^swp_/);
      // The server learns of the source from the database on its next scan and polls it without waiting an interval.
      const listed = await waitFor(async () => {
        const page = await queue('?source=cli-feed');
        // Both the page and its total: they are two statements, and the poll may commit between them.
        return page.body.total === 2 && page.body.items.length === 2 ? page.body.items : undefined;
      }, 5000);
      expect(listed.map((i) => i.headline).sort()).toEqual(['Koreatown night market returns', 'Library adds Korean-language shelf'].sort());
      expect(seen[0]).toEqual({ inm: undefined, status: 200 });
      const source = (await api<{ items: { name: string; url: string; interval: number; lastError: string | null }[] }>(base, '/api/admin/wire/sources', { token: editor })).body.items.find((s) => s.name === 'cli-feed');
      expect(source).toMatchObject({ url, interval: 600, lastError: null });
      // The next poll (as if the interval had passed) sends the ETag back and is answered 304: nothing new.
      await server.services.wire.armDuePolls(new Date(Date.now() + 601_000));
      await waitFor(async () => (seen.length >= 2 ? true : undefined), 5000);
      expect(seen[1]).toEqual({ inm: '"cli-v1"', status: 304 });
      expect((await queue('?source=cli-feed')).body.total).toBe(2);
      const bad = await sinmun(['wire', 'source', 'add', '--name', 'cli-feed-2', '--format', 'rss', '--url', url, '--interval', 'often'], { DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/--interval is a whole number of seconds/);
    } finally {
      await new Promise((resolve) => feed.close(resolve));
    }
  });
});
