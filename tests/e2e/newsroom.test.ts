import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve.js';
import { instantToZoned } from '../../web/newsroom/times.js';
import { expectNoAxeViolations, launchBrowser, newAuditContext, signInToNewsroom, watchCspErrors, watchExternalRequests } from '../setup/browser.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { sqliteTarget } from '../setup/test-databases.js';
import { startTestServer } from '../setup/test-server.js';

/**
 * The newsroom in a real browser: a contributor writes a Korean article and submits it, an editor sends it back with
 * a note, the contributor fixes it and resubmits, the editor schedules it two seconds ahead, and it appears on the
 * front page on time, exactly once. Every screen passes axe; the newsroom's own CSP stays strict.
 */

const PASSWORD = 'correct horse battery staple';
const HEADLINE = '서울 시청 앞 광장에 첫눈… 시민들 발길 멈춰';
const FIRST_TEXT = '26일 오후 서울 중구 시청 앞 광장에 올겨울 첫눈이 내렸다.';
const FIX_TEXT = ' 기상청은 밤사이 눈이 더 올 수 있다고 밝혔다.';
const NOTE = '첫 문단에 기상청 발표를 넣어 주세요.';

let db: TestDatabase;
let server: RunningServer;
let browser: Browser;
let contributorContext: BrowserContext;
let editorContext: BrowserContext;
let auditContext: BrowserContext;
/** One live list per page: CSP violations the console reported. */
const cspErrorLists: string[][] = [];
const externalChecks: { assertNone(): void }[] = [];

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  cspErrorLists.push(watchCspErrors(page));
  externalChecks.push(watchExternalRequests(page));
  return page;
}

const signIn = (page: Page, email: string): Promise<void> => signInToNewsroom(page, server.url, email, PASSWORD);

const statusOf = (page: Page) => page.locator('.current-status strong').textContent();

describe('newsroom journey (Chromium)', () => {
  let articleId = 0;

  beforeAll(async () => {
    db = await sqliteTarget.create();
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
    await server.services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    await server.services.accounts.createAccount({ email: 'writer@test.example', name: '김기고', role: 'contributor', password: PASSWORD });
    await server.services.accounts.createAccount({ email: 'desk@test.example', name: '박데스크', role: 'editor', password: PASSWORD });
    await server.services.accounts.createAccount({ email: 'copy@test.example', name: '이교열', role: 'editor', password: PASSWORD });
    browser = await launchBrowser();
    contributorContext = await browser.newContext({ locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
    editorContext = await browser.newContext({ locale: 'en-US', timezoneId: 'America/Los_Angeles' });
    auditContext = await newAuditContext(browser);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.cleanup();
  });

  it('serves the app with a strict CSP and hashed, immutable assets', async () => {
    const response = await fetch(new URL('/newsroom/articles/1', server.url));
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toContain('style=');
    const script = /src="(\/newsroom\/assets\/main\.[A-Z0-9]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(new URL(script ?? '', server.url));
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('contributor writes and submits, editor sends back with a note, contributor fixes and resubmits, editor schedules 2 s ahead, server restarts: on the front page on time, once', { timeout: 60_000 }, async () => {
    // Contributor: sign in, write a Korean article, submit it.
    const writer = await newPage(contributorContext);
    await signIn(writer, 'writer@test.example');
    await writer.getByRole('link', { name: '새 기사' }).first().click();
    const headline = writer.getByLabel('제목', { exact: true });
    await headline.waitFor();
    articleId = Number(/\/newsroom\/articles\/(\d+)/.exec(writer.url())?.[1]);
    expect(articleId).toBeGreaterThan(0);
    await expect.poll(() => writer.locator('.nr-lock').textContent()).toContain('편집 중');
    await headline.fill(HEADLINE);
    const body = writer.getByRole('textbox', { name: '본문' });
    await body.click();
    await writer.keyboard.type(FIRST_TEXT);
    // An uploaded photo, with alt text, caption and credit, goes into the body from the library dialog.
    await writer.keyboard.press('Enter');
    await writer.getByRole('button', { name: '이미지 넣기' }).click();
    const dialog = writer.getByRole('dialog', { name: '미디어 라이브러리' });
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#4a7' } }).png().toBuffer();
    await dialog.getByLabel('파일').setInputFiles({ name: 'snow.png', mimeType: 'image/png', buffer: png });
    await dialog.getByLabel('대체 텍스트').fill('눈 내리는 시청 앞 광장');
    await dialog.getByLabel('캡션').fill('26일 서울광장');
    await dialog.getByLabel('사진 크레딧').fill('김기고');
    await dialog.getByRole('button', { name: '올리기' }).click();
    await writer.locator('.nr-body img[alt="눈 내리는 시청 앞 광장"]').waitFor();
    // Korean is counted in characters.
    await expect.poll(() => writer.locator('.nr-counts').textContent()).toContain(`${[...(HEADLINE + FIRST_TEXT)].length}자`);
    // Autosave reaches the private working copy, and the live article is untouched.
    await writer.getByText('자동 저장됨').waitFor({ timeout: 8000 });
    const live = await server.services.database.db.selectFrom('articles').select('headline').where('id', '=', articleId).executeTakeFirstOrThrow();
    expect(live.headline).toBe('제목 없음');
    await writer.getByRole('button', { name: '검토 요청' }).click();
    await expect.poll(() => statusOf(writer)).toBe('검토 중');
    await writer.getByRole('link', { name: '대시보드', exact: true }).click();
    await writer.getByRole('heading', { level: 1, name: '대시보드' }).waitFor();

    // Editor (English interface): finds it waiting for review and sends it back with a note.
    const desk = await newPage(editorContext);
    await signIn(desk, 'desk@test.example');
    await desk.getByLabel('화면 언어').selectOption('en');
    await desk.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    const waiting = desk.getByRole('region', { name: /Waiting for review/ });
    await waiting.getByRole('link', { name: HEADLINE }).click();
    await desk.getByRole('heading', { level: 2, name: 'Workflow' }).waitFor();
    expect(await desk.getByRole('textbox', { name: 'Body' }).textContent()).toContain(FIRST_TEXT);
    await desk.getByLabel('Note', { exact: true }).fill(NOTE);
    await desk.getByRole('button', { name: 'Send back' }).click();
    await expect.poll(() => statusOf(desk)).toBe('Draft');
    await desk.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await desk.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();

    // Contributor: back on the dashboard (fresh), sees the note on the article, fixes the text, resubmits.
    await writer.getByRole('link', { name: '대시보드', exact: true }).click();
    await writer.getByRole('region', { name: /내 초안/ }).getByRole('link', { name: HEADLINE }).click();
    await writer.getByText(NOTE).waitFor();
    // Click into the first paragraph's text (not on the photo, which a click would select) and add a sentence there.
    await writer.getByRole('textbox', { name: '본문' }).locator('p').first().click();
    await writer.keyboard.press('End');
    await writer.keyboard.type(FIX_TEXT);
    await writer.getByRole('button', { name: '검토 요청' }).click();
    await expect.poll(() => statusOf(writer)).toBe('검토 중');
    await writer.getByRole('link', { name: '대시보드', exact: true }).click();

    // Editor: back on the dashboard (fresh), opens it again and schedules it two seconds ahead, entered in KST (PT shown beside it).
    await desk.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await desk.getByRole('region', { name: /Waiting for review/ }).getByRole('link', { name: HEADLINE }).click();
    await desk.getByRole('heading', { level: 2, name: 'Workflow' }).waitFor();
    expect(await desk.getByRole('textbox', { name: 'Body' }).textContent()).toContain(FIX_TEXT.trim());
    await desk.getByLabel('Time zone').selectOption('KST');
    const at = new Date(Math.ceil((Date.now() + 2000) / 1000) * 1000);
    await desk.getByLabel('Publish at').fill(instantToZoned(at, 'Asia/Seoul'));
    const zones = await desk.locator('.both-zones').textContent();
    expect(zones).toContain('PT');
    expect(zones).toContain('KST');
    const frontBefore = await (await fetch(new URL('/ko', server.url))).text();
    expect(frontBefore).not.toContain(HEADLINE);
    await desk.getByRole('button', { name: 'Schedule', exact: true }).click();
    await expect.poll(() => statusOf(desk)).toBe('Scheduled');
    // Both close their tabs and the server restarts before the time comes; the durable job still fires once, on time.
    expect(cspErrorLists.flat()).toEqual([]);
    await Promise.all([writer.close(), desk.close()]);
    await server.close();
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
    expect(Date.now()).toBeLessThan(at.getTime());

    // The front page: on time (within a second), exactly once.
    let seenAt = 0;
    let front = '';
    while (Date.now() < at.getTime() + 3000) {
      front = await (await fetch(new URL('/ko', server.url))).text();
      if (front.includes(HEADLINE)) {
        seenAt = Date.now();
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(seenAt, 'the article appeared on the front page').toBeGreaterThan(0);
    expect(seenAt).toBeGreaterThanOrEqual(at.getTime());
    expect(seenAt - at.getTime()).toBeLessThan(1000);
    expect(front.split(`/ko/world/${articleId}-`).length - 1, 'one link to the article on the front page').toBe(1);
    const audit = await server.services.database.db.selectFrom('audit_log').select('action').where('article_id', '=', articleId).where('action', '=', 'article.publish').execute();
    expect(audit).toHaveLength(1);
    const articlePage = await (await fetch(new URL(`/ko/world/${articleId}`, server.url), { redirect: 'follow' })).text();
    expect(articlePage).toContain(FIRST_TEXT);
    expect(articlePage).toContain(FIX_TEXT.trim());
    expect(articlePage).toContain('alt="눈 내리는 시청 앞 광장"');

    expect(cspErrorLists.flat()).toEqual([]);
    for (const check of externalChecks) check.assertNone();
  });

  it('two editors on one article: the second is told who holds the lock, autosave keeps it, a forced race ends in the conflict view with no text lost', { timeout: 60_000 }, async () => {
    const deskAccount = await server.services.database.db.selectFrom('accounts').select('id').where('email', '=', 'desk@test.example').executeTakeFirstOrThrow();
    await server.services.accounts.updateAccount(deskAccount.id, { language: 'en' });
    const [deskContext, copyContext] = await Promise.all([browser.newContext({ locale: 'en-US' }), browser.newContext({ locale: 'ko-KR' })]);
    const [desk, copy] = await Promise.all([newPage(deskContext), newPage(copyContext)]);
    await desk.goto(new URL('/newsroom', server.url).href);
    await desk.getByLabel('이메일', { exact: true }).fill('desk@test.example');
    await desk.getByLabel('비밀번호', { exact: true }).fill(PASSWORD);
    await desk.getByRole('button', { name: '로그인' }).click();
    await desk.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await signIn(copy, 'copy@test.example');
    const created = await server.services.database.db.selectFrom('accounts').select(['id', 'name', 'email', 'role', 'author_id']).where('email', '=', 'desk@test.example').executeTakeFirstOrThrow();
    const article = await server.services.articles.createArticle(
      { language: 'ko', headline: '경합 기사', section: 'world', body: [{ type: 'paragraph', content: [{ text: '원문 첫 문장.' }] }] },
      { id: created.id, name: created.name, email: created.email, role: 'editor', authorId: created.author_id },
    );

    // The first editor opens it and holds the lock.
    await desk.goto(new URL(`/newsroom/articles/${article.id}`, server.url).href);
    await expect.poll(() => desk.locator('.nr-lock').textContent()).toContain('You hold the edit lock');
    // The second is told who is editing.
    await copy.goto(new URL(`/newsroom/articles/${article.id}`, server.url).href);
    const banner = copy.locator('.nr-lock');
    await expect.poll(() => banner.textContent()).toContain('편집 중');
    expect(await banner.textContent()).toContain('박데스크');

    // The first types; autosave runs and the lock stays with them.
    await desk.getByRole('textbox', { name: 'Body' }).click();
    await desk.keyboard.press('Control+End');
    await desk.keyboard.type(' 데스크가 덧붙인 문장.');
    await desk.getByText('Autosaved').waitFor({ timeout: 8000 });
    const lock = await server.services.database.db.selectFrom('article_locks').select('account_id').where('article_id', '=', article.id).executeTakeFirstOrThrow();
    expect(lock.account_id).toBe(created.id);

    // Forced race: the second editor saves first, from the same revision.
    await copy.getByRole('textbox', { name: '본문' }).click();
    await copy.keyboard.press('Control+End');
    await copy.keyboard.type(' 교열이 고친 문장.');
    await copy.getByRole('button', { name: '저장', exact: true }).click();
    await copy.getByText('저장했습니다.').first().waitFor();
    // The first saves: no silent overwrite — the conflict view shows both texts.
    await desk.getByRole('button', { name: 'Save', exact: true }).click();
    const conflict = desk.getByRole('region', { name: 'Someone else saved first' });
    await conflict.waitFor();
    expect(await conflict.locator('.version.theirs').textContent()).toContain('교열이 고친 문장.');
    expect(await conflict.locator('.version.yours').textContent()).toContain('데스크가 덧붙인 문장.');
    await conflict.getByRole('button', { name: 'Save my version' }).click();
    await desk.getByText('Saved.').first().waitFor();
    // Both texts survive: the live version has the first editor's words, the revision before it the second's.
    const revisions = await server.services.articles.listRevisions(article.id, { id: created.id, name: created.name, email: created.email, role: 'editor', authorId: created.author_id });
    const texts = revisions.map((r) => JSON.stringify(r.snapshot.body));
    expect(texts[0]).toContain('데스크가 덧붙인 문장.');
    expect(texts.some((t) => t.includes('교열이 고친 문장.'))).toBe(true);

    // A working copy left from an older revision is never dropped: reopening shows both texts.
    await server.services.newsroom.saveWorkingCopy(article.id, { baseRevision: 1, draft: { headline: '경합 기사', body: [{ type: 'paragraph', content: [{ text: '예전 작업본의 문장.' }] }] } }, {
      id: created.id,
      name: created.name,
      email: created.email,
      role: 'editor',
      authorId: created.author_id,
    });
    await desk.goto(new URL(`/newsroom/articles/${article.id}`, server.url).href);
    const stale = desk.getByRole('region', { name: 'Someone else saved first' });
    await stale.waitFor();
    expect(await stale.locator('.version.yours').textContent()).toContain('예전 작업본의 문장.');
    expect(await stale.locator('.version.theirs').textContent()).toContain('데스크가 덧붙인 문장.');

    // Preview at phone width: the reader page itself, with the text being edited.
    await stale.getByRole('button', { name: 'Save my version' }).click();
    await desk.getByText('Saved.').first().waitFor();
    await desk.getByRole('button', { name: 'Preview (phone)' }).click();
    const frame = desk.frameLocator('iframe.preview-phone');
    await frame.locator('h1.headline').waitFor();
    expect(await frame.locator('.article-body').textContent()).toContain('예전 작업본의 문장.');
    expect((await desk.locator('iframe.preview-phone').boundingBox())?.width).toBeLessThanOrEqual(380);
    await desk.getByRole('dialog', { name: 'Preview' }).getByRole('button', { name: 'Close' }).click();

    // The second takes over the lock; the take-over is in the audit log.
    await banner.getByRole('button', { name: '편집 권한 가져오기' }).click();
    await expect.poll(() => banner.textContent()).toContain('편집 권한이 있습니다');
    const audit = await server.services.database.db.selectFrom('audit_log').select('action').where('article_id', '=', article.id).where('action', '=', 'article.lock-takeover').execute();
    expect(audit).toHaveLength(1);
    await Promise.all([deskContext.close(), copyContext.close()]);
  });

  it('axe: 0 violations on the sign-in screen, the dashboard, the media library, the article editor, its library dialog and the conflict view', { timeout: 60_000 }, async () => {
    const deskAccount = await server.services.database.db.selectFrom('accounts').select('id').where('email', '=', 'desk@test.example').executeTakeFirstOrThrow();
    await server.services.accounts.updateAccount(deskAccount.id, { language: 'en' });
    const page = await auditContext.newPage();
    await page.goto(new URL('/newsroom', server.url).href);
    await page.getByRole('heading', { level: 1, name: '로그인' }).waitFor();
    await expectNoAxeViolations(page, 'sign in');
    await page.getByLabel('이메일', { exact: true }).fill('desk@test.example');
    await page.getByLabel('비밀번호', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: '로그인' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.locator('.nr-list').first().waitFor();
    await expectNoAxeViolations(page, 'dashboard');
    // The media library screen: edit an image's credit.
    await page.getByRole('link', { name: 'Media library' }).click();
    await page.getByRole('heading', { level: 1, name: 'Media library' }).waitFor();
    await page.locator('.media-card').first().waitFor();
    await expectNoAxeViolations(page, 'media library');
    const card = page.locator('.media-card').first();
    await card.getByLabel('Photo credit').fill('김기고/신문');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('Saved.').waitFor();
    const credits = await server.services.database.db.selectFrom('media').select('credit').execute();
    expect(credits.map((c) => c.credit)).toContain('김기고/신문');

    // The editor while someone else holds the lock (banner with a take-over button).
    const db = server.services.database.db;
    const copy = await db.selectFrom('accounts').select(['id', 'name', 'email', 'author_id']).where('email', '=', 'copy@test.example').executeTakeFirstOrThrow();
    const copyActor = { id: copy.id, name: copy.name, email: copy.email, role: 'editor' as const, authorId: copy.author_id };
    const draft = await server.services.articles.createArticle({ language: 'ko', headline: '접근성 점검 기사', section: 'world' }, copyActor);
    await server.services.newsroom.acquireLock(draft.id, copyActor);
    await page.goto(new URL(`/newsroom/articles/${draft.id}`, server.url).href);
    await page.getByRole('heading', { level: 2, name: 'Workflow' }).waitFor();
    await expect.poll(() => page.locator('.nr-lock').textContent()).toContain('이교열');
    await expectNoAxeViolations(page, 'article editor (locked by someone else)');
    await page.getByRole('button', { name: 'Insert image' }).click();
    await page.getByRole('dialog', { name: 'Media library' }).waitFor();
    await expectNoAxeViolations(page, 'media library dialog');
    await page.keyboard.press('Escape');
    // The conflict view.
    await server.services.articles.updateArticle(draft.id, { revision: draft.revision, dek: '먼저 저장된 요약' }, copyActor);
    await page.getByLabel('Dek', { exact: true }).fill('나중에 쓴 요약');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('region', { name: 'Someone else saved first' }).waitFor();
    await expectNoAxeViolations(page, 'conflict view');
  });
});
