import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve.js';
import { instantToZoned } from '../../web/newsroom/times.js';
import { formatViolations, launchBrowser, newAuditContext, runAxe, watchCspErrors, watchExternalRequests } from '../setup/browser.js';
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
const cspErrors: string[] = [];
const externalChecks: { assertNone(): void }[] = [];

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const errors = watchCspErrors(page);
  page.on('close', () => cspErrors.push(...errors));
  externalChecks.push(watchExternalRequests(page));
  return page;
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(new URL('/newsroom', server.url).href);
  await page.getByRole('heading', { level: 1, name: '로그인' }).waitFor();
  await page.getByLabel('이메일', { exact: true }).fill(email);
  await page.getByLabel('비밀번호', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '로그인' }).click();
  await page.getByRole('heading', { level: 1, name: '대시보드' }).waitFor();
}

async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  const violations = await runAxe(page);
  expect(violations, `${screen}:\n${formatViolations(violations)}`).toHaveLength(0);
}

const statusOf = (page: Page) => page.locator('.current-status strong').textContent();

describe('newsroom journey (Chromium)', () => {
  let articleId = 0;

  beforeAll(async () => {
    db = await sqliteTarget.create();
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
    await server.services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    await server.services.accounts.createAccount({ email: 'writer@test.example', name: '김기고', role: 'contributor', password: PASSWORD });
    await server.services.accounts.createAccount({ email: 'desk@test.example', name: '박데스크', role: 'editor', password: PASSWORD });
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

  it('contributor writes and submits, editor sends back with a note, contributor fixes and resubmits, editor schedules 2 s ahead: on the front page on time, once', { timeout: 60_000 }, async () => {
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
    await writer.getByRole('textbox', { name: '본문' }).click();
    await writer.keyboard.press('End');
    await writer.keyboard.press('Control+End');
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

    expect(cspErrors).toEqual([]);
    for (const check of externalChecks) check.assertNone();
  });

  it('axe: 0 violations on the sign-in screen, the dashboard and the article editor', async () => {
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
    await page.goto(new URL(`/newsroom/articles/${articleId}`, server.url).href);
    await page.getByRole('heading', { level: 2, name: 'Workflow' }).waitFor();
    await expectNoAxeViolations(page, 'article editor');
  });
});
