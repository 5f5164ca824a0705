import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve.js';
import type { SearchScope } from '../../src/search/search.service.js';
import { databaseTargets } from '../setup/test-databases.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { api, createAccountWithToken, startTestServer } from '../setup/test-server.js';

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ text }] });

/** Search sees every change to what an article shows, in the change's own transaction (decision 007). */
describe.each(databaseTargets)('search follows changes on $name', (target) => {
  let db: TestDatabase;
  let server: RunningServer;
  let base: string;
  let editor: string;

  const create = async (fields: Record<string, unknown>, publish = false) => {
    const created = await api<{ id: number; revision: number }>(base, '/api/admin/articles', { token: editor, json: { section: 'world', language: 'ko', dek: '', ...fields } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    if (publish) expect((await api(base, `/api/admin/articles/${created.body.id}/publish`, { token: editor, json: {} })).status).toBe(200);
    return created.body;
  };
  const found = async (q: string, scope: SearchScope = { kind: 'newsroom' }) => (await server.services.search.search({ q, page: 1, pageSize: 20 }, scope)).results.map((r) => r.id);
  const image = async (caption: string) => {
    const bytes = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } }).png().toBuffer();
    return (await server.services.media.createMedia({ bytes, originalName: 'photo.png' }, { alt: '사진', caption, credit: '연합' }, null)).id;
  };

  beforeAll(async () => {
    db = await target.create();
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
    base = server.url;
    await server.services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    editor = (await createAccountWithToken(server.services, 'editor')).token;
  });

  afterAll(async () => {
    await server?.close();
    await db?.cleanup();
  });

  it('re-indexes the articles showing an image when its caption changes (featured and body image)', async () => {
    const featured = await image('두루미 떼 도래');
    const inBody = await image('황새 복원 현장');
    const a = await create({ headline: '철새 소식', featuredImage: featured, body: [paragraph('겨울 철새')] });
    const b = await create({ headline: '복원 사업', body: [paragraph('사업 소개'), { type: 'image', mediaId: inBody }] });
    expect(await found('두루미')).toEqual([a.id]);
    expect(await found('황새')).toEqual([b.id]);
    await server.services.media.updateMedia(featured, { caption: '고니 무리 도래' });
    await server.services.media.updateMedia(inBody, { caption: '따오기 복원 현장' });
    expect(await found('두루미')).toEqual([]);
    expect(await found('고니')).toEqual([a.id]);
    expect(await found('황새')).toEqual([]);
    expect(await found('따오기')).toEqual([b.id]);
  });

  it('re-indexes the articles carrying a tag when the tag is renamed or deleted', async () => {
    const a = await create({ headline: '태그 기사', tags: ['반도체'], body: [paragraph('본문')] });
    expect(await found('반도체')).toEqual([a.id]);
    const { slug } = await server.services.database.db.selectFrom('tags').select('slug').where('name', '=', '반도체').executeTakeFirstOrThrow();
    await server.services.taxonomy.updateTag(slug, { name: '이차전지' });
    expect(await found('반도체')).toEqual([]);
    expect(await found('이차전지')).toEqual([a.id]);
    await server.services.taxonomy.deleteTag(slug);
    expect(await found('이차전지')).toEqual([]);
  });

  it('sees edits and trash at once', async () => {
    const a = await create({ headline: '수정 전 제목', body: [paragraph('원래 본문')] }, true);
    expect(await found('수정', { kind: 'public' })).toEqual([a.id]);
    const revision = (await api<{ revision: number }>(base, `/api/admin/articles/${a.id}`, { token: editor })).body.revision;
    const edited = await api(base, `/api/admin/articles/${a.id}`, { method: 'PATCH', token: editor, json: { revision, headline: '고친 제목' } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(await found('수정', { kind: 'public' })).toEqual([]);
    expect(await found('고친', { kind: 'public' })).toEqual([a.id]);
    expect((await api(base, `/api/admin/articles/${a.id}`, { method: 'DELETE', token: editor })).status).toBeLessThan(300);
    expect(await found('고친', { kind: 'public' })).toEqual([]);
    expect(await found('고친')).toEqual([]);
  });

  it('shows an embargoed article once the embargo passes, and a scheduled one once it is published', async () => {
    const embargoed = await create({ headline: '엠바고 해제 기사', embargoUntil: new Date(Date.now() + 3_600_000).toISOString(), body: [paragraph('본문')] }, true);
    expect(await found('엠바고', { kind: 'public' })).toEqual([]);
    expect(await found('엠바고', { kind: 'public', now: new Date(Date.now() + 7_200_000) })).toEqual([embargoed.id]);

    const scheduled = await create({ headline: '예약 출고 기사', body: [paragraph('본문')] });
    const at = new Date(Date.now() + 1000);
    expect((await api(base, `/api/admin/articles/${scheduled.id}/schedule`, { token: editor, json: { at: at.toISOString() } })).status).toBe(200);
    expect(await found('예약', { kind: 'public' })).toEqual([]);
    let hits: number[] = [];
    while (Date.now() < at.getTime() + 10_000 && !hits.length) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      hits = await found('예약', { kind: 'public' });
    }
    expect(hits).toEqual([scheduled.id]);
  });
});
