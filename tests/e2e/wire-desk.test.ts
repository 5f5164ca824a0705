import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warmUpParsers } from '../../src/ingest/ingest.js';
import type { RunningServer } from '../../src/serve.js';
import { formatViolations, launchBrowser, newAuditContext, runAxe, signInToNewsroom, tabTo, watchCspErrors, watchExternalRequests } from '../setup/browser.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { sqliteTarget } from '../setup/test-databases.js';
import { startTestServer } from '../setup/test-server.js';

/**
 * The wire desk in a real browser (issue 4): an editor sets up a source with a drop folder in the settings screen,
 * a ninjs story with a photo is renamed into the folder and appears on the open desk in under a second, the editor
 * takes and publishes it in three actions (select, take, publish), the reader page carries the agency byline as a
 * structured credit and the photo credit, and a kill notice dropped into the folder takes the story down and is
 * flagged on the desk and in the editor. Every action is done from the keyboard where a person would; axe on both
 * wire screens.
 */

const PASSWORD = 'correct horse battery staple';
const FIXTURES = path.resolve('tests/fixtures/wire');
const HEADLINE = 'Captured North Korean war prisoners in Ukraine ask to be brought to South Korea';

let db: TestDatabase;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let dropFolder: string;
let staging: string;
const cspErrors: string[][] = [];
const externalChecks: { assertNone(): void }[] = [];

async function newPage(ctx: BrowserContext): Promise<Page> {
  const page = await ctx.newPage();
  cspErrors.push(watchCspErrors(page));
  externalChecks.push(watchExternalRequests(page));
  return page;
}

const signIn = (page: Page, email: string): Promise<void> => signInToNewsroom(page, server.url, email, PASSWORD, { submit: 'enter' });

/** Drops a file the way an agency's FTP client should: written elsewhere, then renamed into the folder at once. */
async function dropAtomically(name: string, bytes: Buffer): Promise<number> {
  const temp = path.join(staging, name);
  await fs.writeFile(temp, bytes);
  await fs.rename(temp, path.join(dropFolder, name));
  return Date.now();
}

describe('wire desk journey (Chromium)', () => {
  let desk: Page;
  let articleUrl = '';

  beforeAll(async () => {
    db = await sqliteTarget.create();
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir, WIRE_SCAN_MS: '200' });
    await server.services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    await server.services.accounts.createAccount({ email: 'desk@test.example', name: '박데스크', role: 'editor', password: PASSWORD });
    await server.services.accounts.createAccount({ email: 'writer@test.example', name: '김기고', role: 'author', password: PASSWORD });
    dropFolder = path.join(db.dataDir, 'drop', 'yonhap');
    staging = path.join(db.dataDir, 'staging');
    await fs.mkdir(staging, { recursive: true });
    // The one-time compile of the ninjs schemas is a start-up cost, not drop-to-queue (see tests/api/wire.test.ts).
    warmUpParsers();
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.cleanup();
  });

  it('the wire desk is in the header for editors only', async () => {
    const author = await newPage(await browser.newContext({ locale: 'ko-KR' }));
    await signIn(author, 'writer@test.example');
    expect(await author.getByRole('link', { name: '와이어 데스크' }).count()).toBe(0);
    await author.close();
  });

  it('editor creates a source with a drop folder; the push token is shown once', { timeout: 30_000 }, async () => {
    desk = await newPage(context);
    await signIn(desk, 'desk@test.example');
    await tabTo(desk, desk.getByRole('link', { name: '와이어 데스크' }));
    await desk.keyboard.press('Enter');
    await desk.getByRole('heading', { level: 1, name: '와이어 데스크' }).waitFor();
    await desk.getByRole('link', { name: '소스 설정' }).click();
    await desk.getByRole('heading', { level: 1, name: '와이어 소스' }).waitFor();
    const form = desk.getByRole('form', { name: '소스 추가' });
    await form.getByLabel('이름', { exact: true }).fill('yonhap');
    await form.getByLabel('형식').selectOption('ninjs');
    await form.getByLabel('드롭 폴더').fill(dropFolder);
    await form.getByLabel('자동 배정 섹션').selectOption('world');
    expect(await form.getByLabel('자동 발행 (신뢰하는 파트너만)').isChecked()).toBe(false);
    await form.getByLabel('드롭 폴더').press('Enter');
    await desk.locator('.wire-token').getByText('소스 yonhap을(를) 만들었습니다.').waitFor();
    const token = await desk.getByLabel('푸시 토큰').inputValue();
    expect(token).toMatch(/^swp_/);
    expect(await server.services.wire.checkPushToken('yonhap', token)).toBe(true);
    // Listed with its rules; the settings can be changed from here.
    const settings = desk.getByRole('form', { name: 'yonhap (ninjs)' });
    expect(await settings.getByLabel('드롭 폴더').inputValue()).toBe(dropFolder);
    expect(await settings.getByLabel('자동 배정 섹션').inputValue()).toBe('world');
    // Shown once: a fresh visit lists the source but no token.
    await desk.reload();
    await desk.getByRole('form', { name: 'yonhap (ninjs)' }).waitFor();
    expect(await desk.getByLabel('푸시 토큰').count()).toBe(0);
  });

  it('a ninjs file with a photo renamed into the folder shows on the open desk in under a second; a bad file shows in quarantine with its reason', { timeout: 30_000 }, async () => {
    await desk.getByRole('link', { name: '와이어 데스크로' }).click();
    await desk.getByRole('heading', { level: 2, name: '대기열' }).waitFor();
    await desk.getByText('조건에 맞는 와이어가 없습니다.').waitFor();
    const photo = await sharp({ create: { width: 640, height: 400, channels: 3, background: { r: 90, g: 110, b: 130 } } }).jpeg().toBuffer();
    await fs.writeFile(path.join(dropFolder, 'yonhap-pow.jpg'), photo);
    // The page notes the moment the item is in its DOM (a MutationObserver), so the test's own polling is not timed.
    await desk.evaluate((headline) => {
      const w = window as unknown as { seenAt?: number };
      new MutationObserver((_, observer) => {
        if ([...document.querySelectorAll('.wire-headline')].some((el) => el.textContent === headline)) {
          w.seenAt = Date.now();
          observer.disconnect();
        }
      }).observe(document.body, { childList: true, subtree: true });
    }, HEADLINE);
    // This agency sends alt text with its photo (ninjs `descriptions` role "alt"), so the take can be published as it
    // comes; a photo without it waits for the desk's alt text (tests/api/wire.test.ts).
    const withAlt = (await fs.readFile(path.join(FIXTURES, 'yonhap-photo-story.json'), 'utf8')).replace(
      '"role": "caption",',
      '"role": "alt", "value": "Two men in grey uniforms eat from bowls at a table" }, { "role": "caption",',
    );
    expect(withAlt).toContain('"role": "alt"');
    const dropped = await dropAtomically('yonhap-photo-story.json', Buffer.from(withAlt));
    await desk.getByRole('button', { name: new RegExp(HEADLINE) }).waitFor({ timeout: 5000 });
    const elapsed = (await desk.evaluate(() => (window as unknown as { seenAt?: number }).seenAt ?? Date.now())) - dropped;
    const row = await server.services.database.db.selectFrom('wire_items').select('received_at').executeTakeFirstOrThrow();
    console.log(`wire desk: drop → visible in the browser ${elapsed} ms; ingest started after ${Date.parse(row.received_at) - dropped} ms`);
    expect(elapsed, `drop → visible on the desk took ${elapsed} ms`).toBeLessThan(1000);

    await dropAtomically('broken.json', Buffer.from('{"uri": "urn:broken", "headlines": ['));
    const quarantine = desk.getByRole('region', { name: '격리된 문서' });
    await quarantine.getByText('broken.json', { exact: true }).waitFor({ timeout: 5000 });
    expect(await quarantine.textContent()).toMatch(/사유: .*malformed JSON/);
  });

  it('select, take, publish: three actions from the desk to a published story with structured credits and the photo credit', { timeout: 30_000 }, async () => {
    let actions = 0;
    // 1. Select the item (keyboard): the preview shows the story and the agency's photo from the wire store.
    const item = desk.getByRole('button', { name: new RegExp(HEADLINE) });
    await tabTo(desk, item);
    await desk.keyboard.press('Enter');
    actions++;
    const preview = desk.getByRole('region', { name: '미리보기' });
    await preview.getByRole('heading', { level: 3, name: HEADLINE }).waitFor();
    expect(await preview.textContent()).toContain('Kim Ju-yeon, Yonhap');
    const img = preview.locator('.wire-photos img');
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(640);
    expect(await preview.locator('.wire-photos figcaption').textContent()).toContain('YONHAP');
    // 2. Take (keyboard): a draft, opened in the editor.
    await tabTo(desk, preview.getByRole('button', { name: '가져오기 (초안 만들기)' }));
    await desk.keyboard.press('Enter');
    actions++;
    await desk.waitForURL(/\/newsroom\/articles\/\d+$/);
    const articleId = Number(/(\d+)$/.exec(desk.url())?.[1]);
    expect(await desk.getByLabel('제목', { exact: true }).inputValue()).toBe(HEADLINE);
    // 3. Publish.
    await desk.getByRole('button', { name: '지금 발행' }).click();
    actions++;
    await expect.poll(() => desk.locator('.current-status strong').textContent()).toBe('발행됨');
    expect(actions).toBe(3);

    const article = await desk.evaluate(async (id) => (await fetch(`/api/admin/articles/${id}`)).json() as Promise<{ status: string; url: string }>, articleId);
    expect(article.status).toBe('published');
    articleUrl = article.url;
    const reader = await newPage(context);
    const response = await reader.goto(articleUrl);
    expect(response?.status()).toBe(200);
    articleUrl = reader.url();
    // The agency byline is a structured credit line, never body text; the photo carries the agency's credit.
    const creditLine = await reader.locator('.credit-line').textContent();
    expect(creditLine).toMatch(/Kim Ju-yeon/);
    expect(creditLine).toMatch(/Yonhap/);
    expect(await reader.locator('article').textContent()).not.toContain('BY KIM JU-YEON');
    expect(await reader.locator('figcaption').first().textContent()).toContain('YONHAP');
    await reader.close();
  });

  it('a kill notice dropped into the folder takes the story down (410) and is flagged on the desk and in the editor', { timeout: 30_000 }, async () => {
    const editorUrl = desk.url();
    await desk.getByRole('link', { name: '와이어 데스크' }).click();
    await desk.getByRole('button', { name: new RegExp(HEADLINE) }).waitFor();
    await dropAtomically('kill.json', await fs.readFile(path.join(FIXTURES, 'yonhap-photo-story-v3-kill.json')));
    const killed = desk.getByRole('button', { name: /KILL: Captured North Korean/ });
    await killed.waitFor({ timeout: 5000 });
    // Only the current version is queued: the story's row is replaced by the notice, flagged.
    expect(await desk.getByRole('button', { name: new RegExp(`^${HEADLINE}`) }).count()).toBe(0);
    const row = desk.locator('.wire-item', { has: killed });
    await expect.poll(() => row.textContent()).toContain('기사 내려짐');
    expect(await row.textContent()).toContain('취소됨(킬)');
    await expect.poll(async () => (await fetch(articleUrl, { redirect: 'manual' })).status).toBe(410);
    // The preview says why and does not offer "take".
    await killed.click();
    const preview = desk.getByRole('region', { name: '미리보기' });
    await expect.poll(() => preview.textContent()).toContain('Killed by yonhap');
    expect(await preview.getByRole('button', { name: '가져오기 (초안 만들기)' }).isDisabled()).toBe(true);
    // The editor shows the story as taken down.
    await desk.goto(editorUrl);
    await expect.poll(() => desk.locator('.current-status strong').textContent()).toBe('발행 취소됨');
  });

  it('wire desk and source settings: axe finds 0 violations; no CSP errors, no outside requests', { timeout: 60_000 }, async () => {
    const audit = await newAuditContext(browser, { locale: 'ko-KR' });
    const page = await audit.newPage();
    await signIn(page, 'desk@test.example');
    // A second photo story, so the preview audited shows a photo with caption, credit and usage terms.
    const photo = await sharp({ create: { width: 320, height: 200, channels: 3, background: { r: 30, g: 60, b: 90 } } }).png().toBuffer();
    await fs.writeFile(path.join(dropFolder, 'second.png'), photo);
    const doc = (await fs.readFile(path.join(FIXTURES, 'yonhap-photo-story.json'), 'utf8')).replace('AEN20251031000300315', 'AEN-SECOND').replace('yonhap-pow.jpg', 'second.png').replace(HEADLINE, 'Second photo story');
    await dropAtomically('second.json', Buffer.from(doc));
    await page.goto(new URL('/newsroom/wire', server.url).href);
    await page.getByRole('button', { name: /Second photo story/ }).click({ timeout: 5000 });
    const img = page.getByRole('region', { name: '미리보기' }).locator('.wire-photos img');
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(320);
    const deskViolations = await runAxe(page);
    expect(deskViolations, `wire desk:\n${formatViolations(deskViolations)}`).toHaveLength(0);
    await page.goto(new URL('/newsroom/wire/sources', server.url).href);
    await page.getByRole('form', { name: 'yonhap (ninjs)' }).waitFor();
    const sourceViolations = await runAxe(page);
    expect(sourceViolations, `wire sources:\n${formatViolations(sourceViolations)}`).toHaveLength(0);
    await audit.close();
    for (const errors of cspErrors) expect(errors).toEqual([]);
    for (const check of externalChecks) check.assertNone();
  });
});
