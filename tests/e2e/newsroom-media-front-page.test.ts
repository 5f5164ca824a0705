import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/accounts/accounts.types.js';
import type { RunningServer } from '../../src/serve.js';
import { expectNoAxeViolations, launchBrowser, newAuditContext, signInToNewsroom, watchCspErrors, watchExternalRequests } from '../setup/browser.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { sqliteTarget } from '../setup/test-databases.js';
import { startTestServer } from '../setup/test-server.js';

/**
 * The media library and the front page in a real browser: an image dropped onto the upload form goes up with a
 * visible progress bar; its focal point moves by keyboard; an editor reorders the front page by keyboard and by drag;
 * a breaking banner shows on the site at once and leaves it at its expiry. Both screens pass axe; the CSP stays strict.
 */

const PASSWORD = 'correct horse battery staple';
const HEADLINES = ['서울 첫눈', '한강 결빙', '지하철 연장'];

let db: TestDatabase;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let auditContext: BrowserContext;
let page: Page;
let cspErrors: string[];
let external: { assertNone(): void };
let sampleUrl = '';
const articleIds: number[] = [];

const signIn = (target: Page, email: string): Promise<void> => signInToNewsroom(target, server.url, email, PASSWORD);

const pinnedLabels = (target: Page) => target.locator('.fp-curation ol').first().locator('.fp-label').allTextContents();
const siteLead = async () => /<h2 id="lead-title"><a [^>]+>([^<]+)</.exec(await (await fetch(new URL('/ko', server.url))).text())?.[1];

describe('newsroom media library and front page (Chromium)', () => {
  beforeAll(async () => {
    db = await sqliteTarget.create();
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
    const { services } = server;
    await services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    await services.taxonomy.createSection({ slug: 'society', nameKo: '사회', nameEn: 'Society' });
    const editor = await services.accounts.createAccount({ email: 'desk@test.example', name: '박데스크', role: 'editor', password: PASSWORD });
    const actor: Actor = { id: editor.id, email: editor.email, name: editor.name, role: 'editor', authorId: null };
    const jpeg = await sharp({ create: { width: 96, height: 64, channels: 3, background: '#3a6ea5' } }).jpeg().toBuffer();
    sampleUrl = (await services.media.createMedia({ bytes: jpeg, originalName: 'sample.jpg' }, { alt: '파란 사각형', caption: '견본', credit: '신문' }, editor.id)).url;
    for (const headline of HEADLINES) {
      const draft = await services.articles.createArticle({ language: 'ko', headline, section: 'society', body: [{ type: 'paragraph', content: [{ text: '본문' }] }] }, actor);
      await services.workflow.publish(draft.id, actor);
      articleIds.push(draft.id);
    }
    browser = await launchBrowser();
    // UTC, so the banner's datetime-local value and the server's clock agree without conversions in the test.
    context = await browser.newContext({ locale: 'ko-KR', timezoneId: 'UTC' });
    auditContext = await newAuditContext(browser, { locale: 'ko-KR', timezoneId: 'UTC' });
    page = await context.newPage();
    cspErrors = watchCspErrors(page);
    external = watchExternalRequests(page);
    await signIn(page, 'desk@test.example');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.cleanup();
  });

  it('takes a pasted image, uploads an image dropped onto the form with a progress bar, then makes its derivatives', async () => {
    await page.getByRole('link', { name: '미디어 라이브러리' }).click();
    await page.getByRole('heading', { level: 1, name: '미디어 라이브러리' }).waitFor();
    const form = page.locator('form.upload');
    // Paste: an image on the clipboard becomes the chosen file.
    await page.evaluate(async (url) => {
      const blob = await (await fetch(url)).blob();
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], 'pasted.jpg', { type: 'image/jpeg' }));
      document.querySelector('form.upload')?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    }, sampleUrl);
    await form.getByText('선택한 파일: pasted.jpg').waitFor();
    // A real drop event carrying a DataTransfer with a file, built in the page from an image it fetched.
    await page.evaluate(async (url) => {
      const blob = await (await fetch(url)).blob();
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], 'dropped-harbour.jpg', { type: 'image/jpeg' }));
      const zone = document.querySelector('.drop-zone');
      zone?.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      zone?.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, sampleUrl);
    await form.getByText('선택한 파일: dropped-harbour.jpg').waitFor();
    await form.getByLabel('대체 텍스트').fill('부산항의 저녁');
    await form.getByLabel('캡션').fill('부산항');
    await form.getByLabel('사진 크레딧').fill('연합뉴스');
    await form.getByLabel('사용 조건 (통신사 등)').fill('보도용으로만 사용');
    await form.getByRole('button', { name: '올리기' }).click();
    const progress = form.getByRole('progressbar', { name: '업로드 진행률' });
    await progress.waitFor({ state: 'visible' });
    await form.getByRole('status').filter({ hasText: '업로드 완료' }).waitFor();
    expect(await progress.evaluate((el) => (el as HTMLProgressElement).value)).toBe(100);
    const card = page.locator('.media-card').filter({ hasText: '보도용으로만 사용' });
    await card.waitFor();
    const stored = await server.services.database.db.selectFrom('media').selectAll().where('original_name', '=', 'dropped-harbour.jpg').executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ alt: '부산항의 저녁', caption: '부산항', credit: '연합뉴스', usage_terms: '보도용으로만 사용' });
    await expect.poll(async () => (await server.services.media.getMedia(stored.id)).derivatives.length, { timeout: 30_000 }).toBeGreaterThan(0);
  });

  it('moves the focal point with the arrow keys and saves it', async () => {
    const stored = await server.services.database.db.selectFrom('media').select('id').where('original_name', '=', 'dropped-harbour.jpg').executeTakeFirstOrThrow();
    const card = page.locator(`.media-card[data-media-id="${stored.id}"]`);
    const marker = card.getByRole('button', { name: /초점: 가로 50%, 세로 50%/ });
    await marker.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await card.getByRole('status').filter({ hasText: '초점 저장됨: 가로 60%, 세로 55%' }).waitFor();
    await expect.poll(async () => server.services.media.getMedia(stored.id)).toMatchObject({ focalX: 0.6, focalY: 0.55 });
    // A click on the photo sets it too.
    await card.locator('.focal-frame img').click({ position: { x: 2, y: 2 } });
    await expect.poll(async () => (await server.services.media.getMedia(stored.id)).focalX).toBeLessThan(0.1);
    expect(cspErrors).toEqual([]);
  });

  it('passes axe on the media library and the front-page screen', async () => {
    const audit = await auditContext.newPage();
    await signIn(audit, 'desk@test.example');
    await audit.goto(new URL('/newsroom/media', server.url).href);
    await audit.locator('.media-card').first().waitFor();
    await expectNoAxeViolations(audit, 'media library');
    await audit.goto(new URL('/newsroom/front-page', server.url).href);
    await audit.getByRole('heading', { level: 1, name: '1면 편집' }).waitFor();
    await expectNoAxeViolations(audit, 'front page');
    await audit.close();
  });

  it('pins stories, reorders them by keyboard and by drag, and the site follows at once', async () => {
    await page.getByRole('link', { name: '1면 편집' }).click();
    await page.getByRole('heading', { level: 1, name: '1면 편집' }).waitFor();
    await page.getByRole('button', { name: '찾기' }).click();
    for (const headline of HEADLINES) await page.getByRole('button', { name: `추가: ${headline}` }).click();
    expect(await pinnedLabels(page)).toEqual(HEADLINES);

    // Keyboard: focus “Down” on the first and press Enter twice; focus stays with the moved story.
    await page.getByRole('button', { name: `아래로: ${HEADLINES[0]}` }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: `“${HEADLINES[0]}” 3개 중 2번째로 이동` }).waitFor();
    await page.keyboard.press('Enter');
    expect(await pinnedLabels(page)).toEqual([HEADLINES[1], HEADLINES[2], HEADLINES[0]]);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`위로: ${HEADLINES[0]}`);
    await page.getByRole('button', { name: '1면 저장' }).press('Enter');
    await page.getByRole('status').filter({ hasText: '1면을 저장했습니다' }).waitFor();
    expect(await siteLead()).toBe(HEADLINES[1]);

    // Drag and drop: the last story onto the first place.
    const items = page.locator('.fp-curation ol').first().locator('li');
    await items.nth(2).dragTo(items.nth(0));
    expect(await pinnedLabels(page)).toEqual([HEADLINES[0], HEADLINES[1], HEADLINES[2]]);
    await page.getByRole('button', { name: '1면 저장' }).click();
    await page.getByRole('status').filter({ hasText: '1면을 저장했습니다' }).waitFor();
    expect(await siteLead()).toBe(HEADLINES[0]);
  });

  it('posts a breaking banner that shows on the site at once and is gone after its expiry', { timeout: 60_000 }, async () => {
    const expires = new Date(Date.now() + 5_000);
    await page.getByLabel('배너 문구').fill('폭설 경보 발령');
    await page.getByLabel('연결할 기사').selectOption({ label: HEADLINES[2] ?? '' });
    await page.getByLabel('종료 시각 (이 컴퓨터 시간대)').fill(expires.toISOString().slice(0, 19));
    await page.getByRole('button', { name: '배너 게시' }).click();
    await page.locator('.fp-banner-state').filter({ hasText: '게시 중' }).waitFor();

    const site = await context.newPage();
    await site.goto(new URL('/ko', server.url).href);
    const banner = site.locator('.breaking-banner[data-banner]');
    await banner.waitFor();
    expect(await banner.getByRole('link').textContent()).toBe('폭설 경보 발령');
    expect(await banner.getByRole('link').getAttribute('href')).toContain(`/${articleIds[2]}-`);

    await site.waitForTimeout(Math.max(0, expires.getTime() - Date.now()) + 1_500);
    await site.goto(new URL('/ko', server.url).href);
    await site.locator('h1').first().waitFor({ state: 'attached' });
    expect(await site.locator('.breaking-banner[data-banner]').count()).toBe(0);
    expect(cspErrors).toEqual([]);
    external.assertNone();
  });
});
