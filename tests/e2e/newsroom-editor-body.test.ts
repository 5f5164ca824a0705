import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve.js';
import { startSmtpServer } from '../fakes/smtp-server.js';
import { expectNoAxeViolations, launchBrowser, newAuditContext, signInToNewsroom, watchCspErrors, watchExternalRequests } from '../setup/browser.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { sqliteTarget } from '../setup/test-databases.js';
import { api, startTestServer } from '../setup/test-server.js';

/**
 * The editor's body and publish controls in Chromium, by keyboard: an embed (https only) from the Embed dialog, a
 * quote's attribution, a credit picked from a staff profile, and a breaking alert sent with "Publish now" (the alert
 * mail reaches a subscriber at the local SMTP server; under embargo the API's refusal is shown).
 */

const PASSWORD = 'correct horse battery staple';
const EMBED_URL = 'https://www.youtube.com/watch?v=dQw4w9WgXcQ';
const READER = 'reader@example.com';

interface ApiArticle {
  id: number;
  status: string;
  url: string | null;
  body: { type: string; url?: string; title?: string; attribution?: string; mediaId?: number }[];
  credits: { name: string; role: string; organization: string | null; email: string | null; authorSlug?: string | null }[];
}

let db: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let token = '';
let deskId = 0;

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ text }] });
const adminApi = <T>(path: string, init: { method?: string; json?: unknown } = {}) => api<T>(server.url, path, { token, ...init });
const mailsTo = (email: string) => smtp.mails.filter((m) => m.to === email);

async function openEditor(page: Page, id: number): Promise<void> {
  await page.goto(new URL(`/newsroom/articles/${id}`, server.url).href);
  await page.getByLabel('제목', { exact: true }).waitFor();
  await expect.poll(() => page.locator('.nr-lock').textContent()).toContain('편집 중');
}

/** Focuses a control and presses a key on it: every action below is driven this way, never by a mouse click. */
async function press(page: Page, locator: ReturnType<Page['locator']>, key = 'Enter'): Promise<void> {
  await locator.focus();
  await page.keyboard.press(key);
}

describe('newsroom editor: embeds, quote attribution, staff credits and the breaking alert (Chromium)', () => {
  beforeAll(async () => {
    [db, smtp] = await Promise.all([sqliteTarget.create(), startSmtpServer()]);
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir, SMTP_URL: smtp.url, MAIL_FROM: 'Sinmun <news@sinmun.example>', SITE_NAME: 'Sinmun' });
    await server.services.taxonomy.createSection({ slug: 'politics', nameKo: '정치', nameEn: 'Politics' });
    const desk = await server.services.accounts.createAccount({ email: 'desk@test.example', name: '박데스크', role: 'editor', password: PASSWORD });
    token = (await server.services.accounts.createToken(desk.id, 'test')).token;
    deskId = desk.id;
    browser = await launchBrowser();
    context = await newAuditContext(browser, { locale: 'ko-KR', timezoneId: 'Asia/Seoul', viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
    await db?.cleanup();
  });

  it('inserts an embed, sets a quote attribution and a staff credit by keyboard, saves, and publishes with a breaking alert — axe clean with the dialogs open', { timeout: 90_000 }, async () => {
    // A reader who confirmed breaking alerts, so the alert has someone to reach.
    await server.services.newsletters.subscribe({ email: READER, languages: ['ko'], alerts: true, digest: false });
    await expect.poll(() => mailsTo(READER).length).toBe(1);
    const confirmUrl = /(http:\/\/127\.0\.0\.1:\d+\/newsletter\/confirm\?token=[\w-]+&lang=ko)/.exec(mailsTo(READER)[0]?.parsed.text ?? '')?.[1] ?? '';
    expect((await fetch(confirmUrl)).status).toBe(200);

    const profile = await adminApi('/api/admin/authors', { json: { slug: 'kim-reporter', nameKo: '김기자', nameEn: 'Kim Reporter', organization: '신문통신', email: 'kim@sinmun.example' } });
    expect(profile.status).toBe(201);
    const created = await adminApi<ApiArticle>('/api/admin/articles', {
      json: { language: 'ko', headline: '국회 예산안 통과', section: 'politics', credits: [], body: [paragraph('국회가 예산안을 통과시켰다.'), { type: 'quote', content: [{ text: '국민을 위한 예산입니다.' }] }, paragraph('표결은 오후에 있었다.')] },
    });
    const id = created.body.id;

    const page = await context.newPage();
    const csp = watchCspErrors(page);
    await signInToNewsroom(page, server.url, 'desk@test.example', PASSWORD);
    await openEditor(page, id);
    const body = page.locator('.nr-body');

    // -- Attribution: outside a quote the button says where to put the cursor; inside it opens the dialog --
    await body.focus();
    await page.keyboard.press('Control+Home');
    await press(page, page.getByRole('button', { name: '출처', exact: true }));
    await expect.poll(() => page.locator('.error[role=alert]').first().textContent()).toContain('인용문 안에 커서를 두면');
    await body.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('ArrowUp');
    await press(page, page.getByRole('button', { name: '출처', exact: true }));
    const attributionDialog = page.getByRole('dialog', { name: '인용문 출처' });
    await attributionDialog.waitFor();
    await expectNoAxeViolations(page, 'editor with the attribution dialog open');
    await page.keyboard.type('홍길동 기획재정부 장관');
    await page.keyboard.press('Enter');
    await attributionDialog.waitFor({ state: 'hidden' });
    expect(await page.locator('.nr-body blockquote').getAttribute('data-attribution')).toBe('홍길동 기획재정부 장관');

    // -- Embed: http is refused with a message in the dialog; an https URL and a title go in as an embed block --
    await body.focus();
    await page.keyboard.press('Control+End');
    await press(page, page.getByRole('button', { name: '임베드', exact: true }));
    const embedDialog = page.getByRole('dialog', { name: '임베드 넣기' });
    await embedDialog.waitFor();
    await expectNoAxeViolations(page, 'editor with the embed dialog open');
    await page.keyboard.type('http://example.com/video');
    await page.keyboard.press('Enter');
    await expect.poll(() => embedDialog.getByRole('alert').textContent()).toContain('https://로 시작하는');
    expect(await embedDialog.getByLabel('주소 (https://…)').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'embed dialog showing its error');
    await page.keyboard.press('Control+a');
    await page.keyboard.type(EMBED_URL);
    await page.keyboard.press('Tab');
    await page.keyboard.type('표결 현장 영상');
    await page.keyboard.press('Enter');
    await embedDialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('.nr-body .nr-embed').textContent()).toContain('표결 현장 영상');

    // -- Credits: add a row, pick the staff profile with the arrow key; name, agency and e-mail fill in --
    await press(page, page.getByRole('button', { name: '크레딧 추가' }));
    const picker = page.getByLabel('직원 프로필');
    await press(page, picker, 'ArrowDown');
    await expect.poll(() => picker.inputValue()).toBe('kim-reporter');
    await expect.poll(() => page.getByLabel('이름', { exact: true }).inputValue()).toBe('김기자');

    // -- Save (Ctrl+S) and read the article back from the Admin API --
    await body.focus();
    await page.keyboard.press('Control+s');
    await expect
      .poll(async () => (await adminApi<ApiArticle>(`/api/admin/articles/${id}`)).body.body.find((b) => b.type === 'embed'))
      .toEqual({ type: 'embed', url: EMBED_URL, title: '표결 현장 영상' });
    const saved = (await adminApi<ApiArticle>(`/api/admin/articles/${id}`)).body;
    expect(saved.body.find((b) => b.type === 'quote')).toMatchObject({ attribution: '홍길동 기획재정부 장관' });
    expect(saved.credits).toEqual([expect.objectContaining({ name: '김기자', role: 'reporter', organization: '신문통신', email: 'kim@sinmun.example', authorSlug: 'kim-reporter' })]);

    // -- Publish with the breaking alert, checked with the space bar; the alert mail reaches the subscriber --
    const alertBox = page.getByLabel('속보 알림 보내기 (뉴스레터·웹 푸시)');
    expect(await alertBox.isChecked()).toBe(false);
    await press(page, alertBox, 'Space');
    expect(await alertBox.isChecked()).toBe(true);
    await expectNoAxeViolations(page, 'editor with the alert checkbox');
    await press(page, page.getByRole('button', { name: '지금 발행' }));
    await expect.poll(() => page.locator('.publish-outcome').textContent()).toBe('발행했습니다. 속보 알림을 요청했습니다. 발송 현황은 “배포” 화면에 있습니다.');
    const overview = await adminApi<{ recentSends: { kind: string }[] }>('/api/admin/newsletters');
    expect(overview.body.recentSends.map((s) => s.kind)).toContain('alert');
    await expect.poll(() => mailsTo(READER).length, { timeout: 15_000 }).toBe(2);
    expect(mailsTo(READER)[1]?.parsed.subject).toContain('국회 예산안 통과');

    // -- The reader page: the attribution as <cite>, the embed as a link card that loads nothing from outside --
    const url = (await adminApi<ApiArticle>(`/api/admin/articles/${id}`)).body.url ?? '';
    const reader = await context.newPage();
    const external = watchExternalRequests(reader);
    await reader.goto(url);
    expect(await reader.locator('blockquote cite').textContent()).toBe('홍길동 기획재정부 장관');
    expect(await reader.locator('.embed-card a').getAttribute('href')).toBe(EMBED_URL);
    expect(await reader.locator('.embed-card a').textContent()).toBe('표결 현장 영상');
    external.assertNone();
    expect(csp).toEqual([]);
  });

  it('shows the API refusal when an alert is asked for an embargoed article, and publishes without one when unchecked', { timeout: 60_000 }, async () => {
    const embargoed = await adminApi<ApiArticle>('/api/admin/articles', {
      json: { language: 'ko', headline: '엠바고 기사', section: 'politics', body: [paragraph('내일 공개')], embargoUntil: new Date(Date.now() + 86_400_000).toISOString() },
    });
    // A session of its own, so this test does not depend on the first one's sign-in.
    const page = await (await browser.newContext({ locale: 'ko-KR', timezoneId: 'Asia/Seoul' })).newPage();
    await signInToNewsroom(page, server.url, 'desk@test.example', PASSWORD);
    await openEditor(page, embargoed.body.id);
    await press(page, page.getByLabel('속보 알림 보내기 (뉴스레터·웹 푸시)'), 'Space');
    await press(page, page.getByRole('button', { name: '지금 발행' }));
    await expect.poll(() => page.locator('.error[role=alert]').first().textContent()).toContain('embargo');
    expect((await adminApi<ApiArticle>(`/api/admin/articles/${embargoed.body.id}`)).body.status).not.toBe('published');

    // Unchecked: it publishes (still under embargo) and says nothing about an alert.
    await press(page, page.getByLabel('속보 알림 보내기 (뉴스레터·웹 푸시)'), 'Space');
    await press(page, page.getByRole('button', { name: '지금 발행' }));
    await expect.poll(() => page.locator('.publish-outcome').textContent()).toBe('발행했습니다.');
    expect((await adminApi<ApiArticle>(`/api/admin/articles/${embargoed.body.id}`)).body.status).toBe('published');
    const overview = await adminApi<{ recentSends: { kind: string }[] }>('/api/admin/newsletters');
    expect(overview.body.recentSends.filter((s) => s.kind === 'alert')).toHaveLength(1);
  });

  it('searches the image library from the picker by keyboard and inserts a found image', { timeout: 60_000 }, async () => {
    const jpeg = await sharp({ create: { width: 96, height: 64, channels: 3, background: '#3a6ea5' } }).jpeg().toBuffer();
    const chamber = await server.services.media.createMedia({ bytes: jpeg, originalName: 'chamber.jpg' }, { alt: '본회의장 전경', caption: '국회 본회의장', credit: '신문' }, deskId);
    await server.services.media.createMedia({ bytes: jpeg, originalName: 'river.jpg' }, { alt: '야경', caption: '한강 야경', credit: '신문' }, deskId);
    const article = await adminApi<ApiArticle>('/api/admin/articles', { json: { language: 'ko', headline: '사진 검색', section: 'politics', body: [paragraph('사진 앞 문단')] } });
    // A session of its own (CSP bypassed only so axe can be injected).
    const page = await (await newAuditContext(browser, { locale: 'ko-KR', timezoneId: 'Asia/Seoul' })).newPage();
    await signInToNewsroom(page, server.url, 'desk@test.example', PASSWORD);
    await openEditor(page, article.body.id);
    await page.locator('.nr-body').focus();
    await page.keyboard.press('Control+End');
    await press(page, page.getByRole('button', { name: '이미지 넣기' }));
    const dialog = page.getByRole('dialog', { name: '미디어 라이브러리' });
    await dialog.waitFor();
    expect(await dialog.locator('.media-choice').count()).toBe(2);
    await dialog.getByRole('searchbox').focus();
    await page.keyboard.type('본회의장');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.locator('.media-found').textContent()).toBe('이미지 1개를 찾았습니다.');
    expect(await dialog.locator('.media-choice').allTextContents()).toEqual([expect.stringContaining('국회 본회의장')]);
    await expectNoAxeViolations(page, 'image picker with search results');
    await press(page, dialog.locator('.media-choice').first());
    await dialog.waitFor({ state: 'hidden' });
    await page.keyboard.press('Control+s');
    await expect.poll(async () => (await adminApi<ApiArticle>(`/api/admin/articles/${article.body.id}`)).body.body.find((b) => b.type === 'image')?.mediaId).toBe(chamber.id);
  });
});
