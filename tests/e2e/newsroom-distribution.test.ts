import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve.js';
import { startWebhookReceiver } from '../fakes/webhook-receiver.js';
import { expectNoAxeViolations, launchBrowser, newAuditContext, signInToNewsroom, watchCspErrors, watchExternalRequests } from '../setup/browser.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { sqliteTarget } from '../setup/test-databases.js';
import { api, startTestServer } from '../setup/test-server.js';

/**
 * The distribution screen in Chromium: an admin adds a partner webhook by keyboard, copies the secret shown once,
 * publishes, and sees the signed delivery arrive and its status on the screen; pauses, edits and deletes it.
 * Editors see newsletters and push but not webhooks; authors do not see the screen. Korean and English pass axe.
 */
const PASSWORD = 'correct horse battery staple';

describe('newsroom distribution screen (Chromium)', () => {
  let db: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let adminToken: string;

  beforeAll(async () => {
    [db, browser, receiver] = await Promise.all([sqliteTarget.create(), launchBrowser(), startWebhookReceiver()]);
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
    const { services } = server;
    await services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    const admin = await services.accounts.createAccount({ email: 'chief@test.example', name: '최편집', role: 'admin', password: PASSWORD });
    adminToken = (await services.accounts.createToken(admin.id, 'test')).token;
    await services.accounts.createAccount({ email: 'desk@test.example', name: '박데스크', role: 'editor', password: PASSWORD });
    await services.accounts.createAccount({ email: 'writer@test.example', name: '김기자', role: 'author', password: PASSWORD });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await receiver?.close();
    await db?.cleanup();
  });

  const signIn = (page: Page, email: string): Promise<void> => signInToNewsroom(page, server.url, email, PASSWORD);

  it('an admin adds a webhook by keyboard, sees the secret once, and sees the delivery of a publish', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cspErrors = watchCspErrors(page);
    const external = watchExternalRequests(page);
    await signIn(page, 'chief@test.example');

    const nav = page.getByRole('navigation', { name: '뉴스룸' });
    await nav.getByRole('link', { name: '배포' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: '배포' }).waitFor();
    await page.getByText('등록된 웹훅이 없습니다.').waitFor();
    expect(await page.getByText('메일 발송(SMTP_URL)이 설정되지 않아 뉴스레터가 꺼져 있습니다.').count()).toBe(1);
    expect(await page.getByText(/웹 푸시가 꺼져 있습니다/).count()).toBe(1);

    // -- add by keyboard: type the URL and description, untick "updated", submit with Enter --
    await page.getByLabel('받는 주소(URL)').focus();
    await page.keyboard.type(receiver.url);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Partner desk');
    await page.getByRole('checkbox', { name: '기사 수정' }).focus();
    await page.keyboard.press('Space');
    await page.getByLabel('받는 주소(URL)').press('Enter');
    const secretText = await page.locator('.nr-secret code').textContent({ timeout: 10_000 });
    expect(secretText).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('nr-secret'))).toBe(true);
    const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: receiver.url }) });
    await item.getByText('사용 중').waitFor();
    expect(await item.textContent()).toContain('기사 발행, 발행 취소 · Partner desk');

    // -- publish: the receiver gets a signed delivery, and the screen shows it delivered --
    const story = await api<{ id: number }>(server.url, '/api/admin/articles', { token: adminToken, json: { language: 'ko', headline: '배포 화면 시험 기사', section: 'world' } });
    expect((await api(server.url, `/api/admin/articles/${story.body.id}/publish`, { token: adminToken, json: {} })).status).toBe(200);
    const deadline = Date.now() + 15_000;
    while (receiver.received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    const [delivery] = receiver.received;
    if (!delivery) throw new Error('no webhook delivery');
    const payload = new Webhook(secretText ?? '').verify(delivery.body, delivery.headers) as { type: string; data: { id: number; headline: string } };
    expect(payload).toMatchObject({ type: 'article.published', data: { id: story.body.id, headline: '배포 화면 시험 기사' } });
    await page.getByRole('button', { name: '새로 고침' }).focus();
    await page.keyboard.press('Enter');
    const deliveries = page.getByRole('table', { name: '최근 전송' });
    await deliveries.waitFor();
    expect(await deliveries.locator('tbody tr').first().textContent()).toMatch(/^기사 발행전달됨1HTTP 200/);
    expect(await page.locator('.nr-secret code').count()).toBe(0); // shown once: a fresh screen has no secret

    // -- pause by keyboard; focus stays on the webhook --
    const freshItem = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: receiver.url }) });
    await freshItem.getByRole('button', { name: '일시 중지' }).focus();
    await page.keyboard.press('Enter');
    await freshItem.getByText('일시 중지됨').waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('다시 사용');
    expect((await api<{ webhooks: { active: boolean }[] }>(server.url, '/api/admin/webhooks', { token: adminToken })).body.webhooks[0]?.active).toBe(false);

    // -- edit in the disclosure, by keyboard --
    await freshItem.getByText('수정', { exact: true }).focus();
    await page.keyboard.press('Enter');
    await freshItem.getByLabel('설명').fill('Partner desk (Seoul)');
    await freshItem.getByLabel('설명').press('Enter');
    await freshItem.getByText('Partner desk (Seoul)').waitFor();

    // -- axe (in a context that may inject it), Korean then English, with the webhook and its deliveries shown --
    const audit = await newAuditContext(browser);
    const auditPage = await audit.newPage();
    await signIn(auditPage, 'chief@test.example');
    await auditPage.goto(new URL('/newsroom/distribution', server.url).href);
    await auditPage.getByRole('table', { name: '최근 전송' }).waitFor();
    await expectNoAxeViolations(auditPage, 'distribution (ko)');
    await auditPage.getByLabel('화면 언어').selectOption('en');
    await auditPage.getByRole('heading', { level: 1, name: 'Distribution' }).waitFor();
    await auditPage.getByRole('table', { name: 'Recent deliveries' }).waitFor();
    expect(await auditPage.getByRole('heading', { level: 2, name: 'Web Push' }).count()).toBe(1);
    await expectNoAxeViolations(auditPage, 'distribution (en)');
    await audit.close();

    // -- delete (confirmed) --
    page.once('dialog', (dialog) => void dialog.accept());
    await freshItem.getByRole('button', { name: '삭제' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('등록된 웹훅이 없습니다.').waitFor();
    expect((await api<{ webhooks: unknown[] }>(server.url, '/api/admin/webhooks', { token: adminToken })).body.webhooks).toEqual([]);

    expect(cspErrors).toEqual([]);
    external.assertNone();
    await context.close();
  });

  it('editors see newsletters and push but not webhooks; authors do not see the screen', async () => {
    const editorContext = await newAuditContext(browser);
    const editor = await editorContext.newPage();
    await signIn(editor, 'desk@test.example');
    await editor.getByRole('navigation', { name: '뉴스룸' }).getByRole('link', { name: '배포' }).click();
    await editor.getByRole('heading', { level: 1, name: '배포' }).waitFor();
    expect(await editor.getByText('웹훅은 관리자만 관리할 수 있습니다.').count()).toBe(1);
    expect(await editor.getByLabel('받는 주소(URL)').count()).toBe(0);
    expect(await editor.getByRole('table', { name: '구독자', exact: true }).count()).toBe(1);
    expect(await editor.getByRole('table', { name: '구독 브라우저' }).count()).toBe(1);
    await expectNoAxeViolations(editor, 'distribution (editor)');
    await editorContext.close();

    const authorContext = await browser.newContext();
    const author = await authorContext.newPage();
    await signIn(author, 'writer@test.example');
    expect(await author.getByRole('navigation', { name: '뉴스룸' }).getByRole('link', { name: '배포' }).count()).toBe(0);
    await author.goto(new URL('/newsroom/distribution', server.url).href);
    await author.getByRole('heading', { level: 1, name: '404' }).waitFor();
    await authorContext.close();
  });
});
