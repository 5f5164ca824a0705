import sharp from 'sharp';
import type { Actor } from '../../src/accounts/accounts.types.js';
import type { Article } from '../../src/content/content.types.js';
import type { RunningServer } from '../../src/serve.js';
import type { DatabaseTarget, TestDatabase } from '../setup/test-databases.js';
import { createAccountWithToken, startTestServer } from '../setup/test-server.js';

export const SITE_URL = 'https://news.example.com';

export interface Newsroom {
  db: TestDatabase;
  server: RunningServer;
  base: string;
  editor: Actor;
  editorToken: string;
  /** Readable: English news story with a photo, two credited people (one with a profile), tags and a Korean translation. */
  lead: Article;
  leadKo: Article;
  opinion: Article;
  /** Never readable. */
  draft: Article;
  embargoed: Article;
  unpublished: Article;
  publish(input: Parameters<RunningServer['services']['articles']['createArticle']>[0]): Promise<Article>;
  close(): Promise<void>;
}

/** A small newsroom with every kind of story the distribution outputs must include or leave out. */
export async function startNewsroom(target: DatabaseTarget): Promise<Newsroom> {
  const db = await target.create();
  const server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir, SITE_URL, SITE_NAME: 'Sinmun Daily' });
  const { services } = server;
  await services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
  await services.taxonomy.createSection({ slug: 'opinion', nameKo: '오피니언', nameEn: 'Opinion' });
  await services.authors.createAuthor({ slug: 'jane-park', nameKo: '박제인', nameEn: 'Jane Park', bioEn: 'Covers the Korean peninsula.' });
  const { account, token } = await createAccountWithToken(services, 'editor');
  const editor: Actor = { id: account.id, email: account.email, name: account.name, role: account.role, authorId: null };
  const png = await sharp({ create: { width: 1200, height: 675, channels: 3, background: { r: 20, g: 60, b: 160 } } }).jpeg().toBuffer();
  const photo = await services.media.createMedia({ bytes: png, originalName: 'prisoners.jpg' }, { alt: 'Two men in uniform at a desk', caption: 'Prisoners at a news conference in Kyiv', credit: 'YONHAP' }, account.id);

  const publish = async (input: Parameters<RunningServer['services']['articles']['createArticle']>[0]) => {
    const draft = await services.articles.createArticle(input, editor);
    return services.workflow.publish(draft.id, editor);
  };
  const lead = await publish({
    language: 'en',
    headline: 'Captured soldiers ask to be brought to South Korea & <safety>',
    dek: 'Two men held in Ukraine say they want to go south.',
    section: 'world',
    tags: ['North Korea', 'Ukraine'],
    featuredImage: photo.id,
    credits: [
      { name: 'Jane Park', role: 'reporter', organization: 'Sinmun', authorSlug: 'jane-park' },
      { name: 'Min-su Lee', role: 'photographer', organization: 'Yonhap' },
    ],
    body: [
      { type: 'paragraph', content: [{ text: 'The two men spoke ' }, { text: 'on Tuesday', bold: true }, { text: '. See ' }, { text: 'our earlier report', href: '/en/world' }, { text: '.' }] },
      { type: 'image', mediaId: photo.id },
      { type: 'quote', content: [{ text: 'We want to go to South Korea.' }], attribution: 'one of the soldiers' },
    ],
  });
  const leadKoDraft = await services.articles.createArticle(
    { language: 'ko', headline: '포로들 한국행 희망', section: 'world', translationOf: lead.id, credits: [{ name: '박제인', authorSlug: 'jane-park' }], body: [{ type: 'paragraph', content: [{ text: '본문.' }] }] },
    editor,
  );
  const leadKo = await services.workflow.publish(leadKoDraft.id, editor);
  const opinion = await publish({ language: 'en', headline: 'Why the peninsula must talk', type: 'opinion', section: 'opinion', credits: [{ name: 'Guest Writer', role: 'columnist' }], body: [{ type: 'paragraph', content: [{ text: 'Talk.' }] }] });
  const draft = await services.articles.createArticle({ language: 'en', headline: 'Draft never shown', section: 'world', tags: ['Ukraine'] }, editor);
  const embargoed = await publish({ language: 'en', headline: 'Embargoed never shown', section: 'world', tags: ['Ukraine'], embargoUntil: new Date(Date.now() + 86_400_000).toISOString() });
  const unpublishedOnce = await publish({ language: 'en', headline: 'Unpublished never shown', section: 'world', tags: ['Ukraine'], credits: [{ name: 'Jane Park', authorSlug: 'jane-park' }] });
  const unpublished = await services.workflow.unpublish(unpublishedOnce.id, editor);
  return {
    db,
    server,
    base: server.url,
    editor,
    editorToken: token,
    lead,
    leadKo,
    opinion,
    draft,
    embargoed,
    unpublished,
    publish,
    async close() {
      await server.close();
      await db.cleanup();
    },
  };
}

export const HIDDEN_HEADLINES = ['Draft never shown', 'Embargoed never shown', 'Unpublished never shown'];

export async function get(base: string, path: string): Promise<{ status: number; body: string; type: string }> {
  const response = await fetch(`${base}${path}`, { redirect: 'manual' });
  return { status: response.status, body: await response.text(), type: response.headers.get('content-type') ?? '' };
}
