import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_DERIVATIVES_JOB } from '../../src/content/media.service.js';
import type { RunningServer } from '../../src/serve.js';
import { databaseTargets } from '../setup/test-databases.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { api, createAccountWithToken, startTestServer } from '../setup/test-server.js';

/**
 * Media library (issue 3, item 7): responsive derivatives made by the job runner after upload, served as immutable
 * files and used by the reader page's <picture>; the focal point; library search; and the publish rule for alt text,
 * caption and credit.
 */

interface MediaBody {
  id: number;
  url: string;
  width: number;
  height: number;
  focalX: number;
  focalY: number;
  usageTerms: string;
  derivatives: { format: string; width: number; height: number; url: string }[];
}

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ text }] });

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(databaseTargets)('media derivatives and library on $name', (target) => {
  let db: TestDatabase;
  let server: RunningServer;
  let base: string;
  let editor: string;
  let contributor: string;

  const upload = async (bytes: Buffer, name: string, fields: Record<string, string>) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), name);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const response = await api<MediaBody>(base, '/api/admin/media', { token: contributor, body: form });
    expect(response.status).toBe(201);
    return response.body;
  };
  const derivativesOf = (id: number) =>
    waitFor(`derivatives of ${id}`, async () => {
      const media = (await api<MediaBody>(base, `/api/admin/media/${id}`, { token: editor })).body;
      return media.derivatives.length ? media : undefined;
    });

  beforeAll(async () => {
    db = await target.create();
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
    base = server.url;
    await server.services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    editor = (await createAccountWithToken(server.services, 'editor')).token;
    contributor = (await createAccountWithToken(server.services, 'contributor')).token;
  });

  afterAll(async () => {
    await server?.close();
    await db?.cleanup();
  });

  it('makes AVIF, WebP and JPEG at every width up to the original in a background job, and the reader page serves them in <picture>', async () => {
    const jpeg = await sharp({ create: { width: 700, height: 400, channels: 3, background: '#447799' } }).jpeg().toBuffer();
    const uploaded = await upload(jpeg, 'harbour.jpg', { alt: 'A harbour at dusk', caption: 'The harbour in Busan', credit: 'YONHAP', usageTerms: 'Editorial use only' });
    // Right after upload the page would use the original: nothing is made in the request itself.
    expect(uploaded.derivatives).toEqual([]);
    expect(uploaded.usageTerms).toBe('Editorial use only');

    const media = await derivativesOf(uploaded.id);
    const jobs = await server.services.jobs.listJobs({ name: MEDIA_DERIVATIVES_JOB, status: 'done' });
    expect(jobs.some((j) => j.payload.mediaId === uploaded.id)).toBe(true);
    // Never upscaled: 320 and 640, then the original's own 700.
    const summary = media.derivatives.map((d) => `${d.format}@${d.width}`).sort();
    expect(summary).toEqual(['avif@320', 'avif@640', 'avif@700', 'jpeg@320', 'jpeg@640', 'jpeg@700', 'webp@320', 'webp@640', 'webp@700'].sort());
    for (const d of media.derivatives) {
      const response = await fetch(d.url);
      expect(response.status, d.url).toBe(200);
      expect(response.headers.get('content-type')).toBe({ avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg' }[d.format]);
      expect(response.headers.get('cache-control')).toContain('immutable');
      const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      expect(meta.format === 'heif' ? 'avif' : meta.format).toBe(d.format);
      expect(meta.width).toBe(d.width);
      expect(meta.height).toBe(Math.round((d.width * 400) / 700));
    }

    const article = await api<{ id: number; revision: number; url: string }>(base, '/api/admin/articles', {
      token: editor,
      json: { language: 'en', headline: 'Harbour lights', section: 'world', featuredImage: uploaded.id, body: [paragraph('Text.')] },
    });
    const published = await api<{ url: string }>(base, `/api/admin/articles/${article.body.id}/publish`, { token: editor, json: {} });
    expect(published.status).toBe(200);
    const page = await (await fetch(published.body.url)).text();
    const picture = /<picture>[\s\S]*?<\/picture>/.exec(page)?.[0] ?? '';
    const avifSource = /<source type="image\/avif" srcset="([^"]+)" sizes="([^"]+)">/.exec(picture);
    const webpSource = /<source type="image\/webp" srcset="([^"]+)" sizes="[^"]+">/.exec(picture);
    const img = /<img src="([^"]+)" srcset="([^"]+)" sizes="[^"]+" width="700" height="400" alt="A harbour at dusk"/.exec(picture);
    expect(avifSource, picture).not.toBeNull();
    expect(webpSource, picture).not.toBeNull();
    expect(img, picture).not.toBeNull();
    const urls = [avifSource?.[1], webpSource?.[1], img?.[2]].flatMap((set) => (set ?? '').split(', ').map((entry) => entry.split(' ')[0] ?? ''));
    expect(urls).toHaveLength(9);
    for (const url of urls) {
      const response = await fetch(new URL(url, base));
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^image\/(avif|webp|jpeg)$/);
    }
  });

  it('keeps transparency (PNG fallback), falls back to the original until derivatives exist, and backfills images that have none', async () => {
    const png = await sharp({ create: { width: 200, height: 100, channels: 4, background: { r: 10, g: 20, b: 30, alpha: 0.5 } } }).png().toBuffer();
    const uploaded = await upload(png, 'logo.png', { alt: 'A logo', caption: 'Logo', credit: 'Sinmun' });
    const media = await derivativesOf(uploaded.id);
    expect(media.derivatives.map((d) => `${d.format}@${d.width}`).sort()).toEqual(['avif@200', 'png@200', 'webp@200']);

    // An image from before the feature (no derivatives recorded): the page uses the original; the backfill fixes it.
    await server.services.database.db.updateTable('media').set({ derivatives: '[]', derivatives_at: null }).where('id', '=', uploaded.id).execute();
    const article = await api<{ id: number }>(base, '/api/admin/articles', { token: editor, json: { language: 'en', headline: 'Logo story', section: 'world', featuredImage: uploaded.id, body: [paragraph('x')] } });
    const published = await api<{ url: string }>(base, `/api/admin/articles/${article.body.id}/publish`, { token: editor, json: {} });
    const before = await (await fetch(published.body.url)).text();
    expect(before).toContain(`<img src="${new URL(uploaded.url).pathname}" width="200" height="100" alt="A logo"`);
    expect(await server.services.media.requestMissingDerivatives()).toBe(1);
    server.services.jobs.wake();
    await derivativesOf(uploaded.id);
    await waitFor('page with picture', async () => ((await (await fetch(published.body.url)).text()).includes('<source type="image/avif"') ? true : undefined));
  });

  it('stores a focal point (0..1) and uses it for teaser crops; searches the library by caption, credit, alt and file name', async () => {
    const jpeg = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#885522' } }).jpeg().toBuffer();
    const uploaded = await upload(jpeg, 'market-stall.jpg', { alt: '과일 가게', caption: '가락시장의 아침', credit: 'Kim Photo', usageTerms: '' });
    const focused = await api<MediaBody>(base, `/api/admin/media/${uploaded.id}`, { method: 'PATCH', token: contributor, json: { focalX: 0.25, focalY: 0.8 } });
    expect(focused.status).toBe(200);
    expect(focused.body).toMatchObject({ focalX: 0.25, focalY: 0.8 });
    expect((await api(base, `/api/admin/media/${uploaded.id}`, { method: 'PATCH', token: contributor, json: { focalX: 1.5 } })).status).toBe(422);

    const teaserArticle = await api<{ id: number }>(base, '/api/admin/articles', { token: editor, json: { language: 'ko', headline: '시장의 아침', section: 'world', featuredImage: uploaded.id, body: [paragraph('본문')] } });
    const teaserPublished = await api(base, `/api/admin/articles/${teaserArticle.body.id}/publish`, { token: editor, json: {} });
    expect(teaserPublished.status, JSON.stringify(teaserPublished.body)).toBe(200);
    const front = await (await fetch(new URL('/ko', base))).text();
    expect(front).toMatch(/class="crop-16x9 fx-25 fy-80"/);

    const search = async (q: string) => (await api<{ media: MediaBody[] }>(base, `/api/admin/media?q=${encodeURIComponent(q)}`, { token: contributor })).body.media.map((m) => m.id);
    expect(await search('가락시장')).toEqual([uploaded.id]);
    expect(await search('kim photo')).toEqual([uploaded.id]);
    expect(await search('과일')).toEqual([uploaded.id]);
    expect(await search('market-stall')).toEqual([uploaded.id]);
    expect(await search('nothing like this')).toEqual([]);
  });

  it('refuses to publish or schedule an article whose image lacks alt text, caption or credit, naming the image (422), for every caller', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000000' } }).jpeg().toBuffer();
    const bare = await upload(jpeg, 'bare.jpg', { alt: '', caption: 'Only a caption', credit: '' });
    const article = await api<{ id: number; revision: number }>(base, '/api/admin/articles', {
      token: editor,
      json: { language: 'en', headline: 'Needs credits', section: 'world', body: [paragraph('x'), { type: 'image', mediaId: bare.id }] },
    });
    const refused = await api<{ detail: string; errors: { path: string }[] }>(base, `/api/admin/articles/${article.body.id}/publish`, { token: editor, json: {} });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.detail).toContain(`image ${bare.id} (bare.jpg) needs alt, credit`);
    expect(refused.body.errors.map((e) => e.path).sort()).toEqual([`media/${bare.id}/alt`, `media/${bare.id}/credit`]);
    const schedule = await api(base, `/api/admin/articles/${article.body.id}/schedule`, { token: editor, json: { at: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(schedule.status).toBe(422);
    // The same rule for a direct service call (CLI, scheduler).
    const actor = await server.services.accounts.createAccount({ email: 'desk@test.example', name: 'Desk', role: 'editor', password: 'correct horse battery staple' });
    await expect(server.services.workflow.publish(article.body.id, { id: actor.id, role: 'editor' } as never)).rejects.toMatchObject({ status: 422 });

    // The block's own alt and credit count, as on the page; then it publishes.
    const current = (await api<{ revision: number }>(base, `/api/admin/articles/${article.body.id}`, { token: editor })).body;
    const fixed = await api(base, `/api/admin/articles/${article.body.id}`, {
      method: 'PATCH',
      token: editor,
      json: { revision: current.revision, body: [paragraph('x'), { type: 'image', mediaId: bare.id, alt: 'A black square', credit: 'Sinmun' }] },
    });
    expect(fixed.status).toBe(200);
    expect((await api(base, `/api/admin/articles/${article.body.id}/publish`, { token: editor, json: {} })).status).toBe(200);
  });
});
