import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/audit/audit.service.js';
import type { RunningServer } from '../../src/serve.js';
import { startSmtpServer } from '../fakes/smtp-server.js';
import { expectNoAxeViolations, launchBrowser, newAuditContext, signInToNewsroom, tabTo } from '../setup/browser.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { sqliteTarget } from '../setup/test-databases.js';
import { startTestServer } from '../setup/test-server.js';

/**
 * Accounts, people and audit in a real browser (issue 3, items 1, 9, 10): "forgot password" to a new password by
 * the mailed link (keyboard only); session expiry in the editor without losing a word; an admin invites someone
 * (keyboard only), who accepts in another browser, then changes their role and deactivates them (their session and
 * token answer 401 at once); editors manage sections, tags and author profiles; the audit log, filtered and paged.
 * Every screen passes axe. (Contexts bypass CSP only so axe can be injected; the CSP itself is tested in
 * newsroom.test.ts.)
 */
const PASSWORD = 'correct horse battery staple';

let db: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await newAuditContext(browser, { locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
  contexts.push(context);
  return context.newPage();
}

const signIn = (page: Page, email: string, password = PASSWORD): Promise<void> => signInToNewsroom(page, server.url, email, password);

async function waitForMail(to: string, count: number) {
  await expect.poll(() => smtp.mails.filter((m) => m.to === to).length, { timeout: 10_000 }).toBe(count);
  return smtp.mails.filter((m) => m.to === to)[count - 1];
}

const linkFrom = (text: string | undefined, screen: string) => new RegExp(`https?://[^\\s]+/newsroom/${screen}#token=[\\w-]+`).exec(text ?? '')?.[0] ?? '';

describe('newsroom people, accounts and audit (Chromium)', () => {
  beforeAll(async () => {
    [db, smtp] = await Promise.all([sqliteTarget.create(), startSmtpServer()]);
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir, SMTP_URL: smtp.url, MAIL_FROM: 'newsroom@sinmun.example' });
    await server.services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    await server.services.accounts.createAccount({ email: 'admin@test.example', name: '한관리', role: 'admin', password: PASSWORD });
    await server.services.accounts.createAccount({ email: 'desk@test.example', name: '박데스크', role: 'editor', password: PASSWORD });
    await server.services.accounts.createAccount({ email: 'forgetful@test.example', name: '정깜빡', role: 'author', password: PASSWORD });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await smtp?.close();
    await db?.cleanup();
  });

  it('forgot password → mailed link → new password, by keyboard alone; the link works once', { timeout: 60_000 }, async () => {
    const page = await newPage();
    await page.goto(new URL('/newsroom', server.url).href);
    await page.getByRole('heading', { level: 1, name: '로그인' }).waitFor();
    await tabTo(page, (el) => el.textContent === '비밀번호를 잊으셨나요?');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: '비밀번호 재설정' }).waitFor();
    await expectNoAxeViolations(page, 'forgot password');
    await tabTo(page, (el) => el.getAttribute('name') === 'email');
    await page.keyboard.type('forgetful@test.example');
    await page.keyboard.press('Enter');
    await page.getByText('입력한 주소로 계정이 있으면 곧 메일이 도착합니다.').waitFor();

    const mail = await waitForMail('forgetful@test.example', 1);
    const link = linkFrom(mail?.parsed.text, 'reset-password');
    expect(link).toContain(`${server.url}/newsroom/reset-password#token=`);
    await page.goto(link);
    await page.getByLabel('새 비밀번호', { exact: true }).waitFor();
    await expectNoAxeViolations(page, 'reset password');
    // Mismatched passwords are caught before anything is sent.
    await page.getByLabel('새 비밀번호', { exact: true }).focus();
    await page.keyboard.type('a fresh password 1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('a fresh password 2');
    await page.keyboard.press('Enter');
    await page.getByText('두 비밀번호가 같지 않습니다.').waitFor();
    await page.getByLabel('새 비밀번호 확인').fill('');
    await page.getByLabel('새 비밀번호 확인').focus();
    await page.keyboard.type('a fresh password 1');
    await page.keyboard.press('Enter');
    await page.getByText('비밀번호를 바꿨습니다.').waitFor();
    expect(page.url()).not.toContain('token=');

    await signIn(page, 'forgetful@test.example', 'a fresh password 1');
    // The spent link now says so.
    const again = await newPage();
    await again.goto(link);
    await again.getByLabel('새 비밀번호', { exact: true }).fill('another password 3');
    await again.getByLabel('새 비밀번호 확인').fill('another password 3');
    await again.getByRole('button', { name: '비밀번호 바꾸기' }).click();
    await again.getByText('링크가 잘못되었거나 이미 쓰였거나 만료되었습니다.').waitFor();
  });

  it('session expiry in the editor: the text is kept, a sign-in dialog opens in place, and after signing in autosave has every word', { timeout: 60_000 }, async () => {
    const desk = await server.services.accounts.findAccountByEmail('desk@test.example');
    const article = await server.services.articles.createArticle({ language: 'ko', headline: '세션 만료 시험 기사', section: 'world' }, { id: desk?.id ?? 0, email: 'desk@test.example', name: '박데스크', role: 'editor', authorId: null });
    const page = await newPage();
    await signIn(page, 'desk@test.example');
    await page.goto(new URL(`/newsroom/articles/${article.id}`, server.url).href);
    const body = page.getByRole('textbox', { name: '본문' });
    await body.click();
    await page.keyboard.type('만료 전에 쓴 문장.');
    await page.getByText('자동 저장됨').waitFor({ timeout: 8000 });

    // The session ends on the server (as if it expired) while the editor is open.
    await server.services.database.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('account_id', '=', desk?.id ?? 0).execute();
    await page.keyboard.type(' 만료 뒤에 쓴 문장.');
    const dialog = page.getByRole('dialog', { name: '다시 로그인해 주세요' });
    await dialog.waitFor({ timeout: 10_000 });
    // Still on the editor, nothing lost, and the text is kept in this browser.
    expect(page.url()).toContain(`/newsroom/articles/${article.id}`);
    expect(await body.textContent()).toContain('만료 전에 쓴 문장. 만료 뒤에 쓴 문장.');
    const kept = await page.evaluate((id) => Object.entries(localStorage).find(([k]) => k.endsWith(`:${id}`))?.[1] ?? '', article.id);
    expect(kept).toContain('만료 뒤에 쓴 문장.');
    await expectNoAxeViolations(page, 'sign-in dialog');

    // Password field has focus (the e-mail is filled in); sign in from the keyboard.
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(
        async () => {
          const copy = await server.services.database.db.selectFrom('article_working_copies').select('data').where('article_id', '=', article.id).executeTakeFirst();
          return copy?.data ?? '';
        },
        { timeout: 10_000 },
      )
      .toContain('만료 전에 쓴 문장. 만료 뒤에 쓴 문장.');
    await expect.poll(() => page.evaluate((id) => Object.keys(localStorage).filter((k) => k.endsWith(`:${id}`)).length, article.id)).toBe(0);
    expect(await body.textContent()).toContain('만료 전에 쓴 문장. 만료 뒤에 쓴 문장.');

    // Again, but this time the tab is reloaded instead of signing in in the dialog: the text comes back after signing in.
    await server.services.database.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('account_id', '=', desk?.id ?? 0).execute();
    await body.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' 새로 고침 전에 쓴 문장.');
    await dialog.waitFor({ timeout: 10_000 });
    await signIn(page, 'desk@test.example');
    await page.goto(new URL(`/newsroom/articles/${article.id}`, server.url).href);
    await expect.poll(() => body.textContent()).toContain('만료 뒤에 쓴 문장. 새로 고침 전에 쓴 문장.');
    await page.getByText('저장하지 않은 작업본을 복원했습니다.').waitFor();
    await page.getByText('자동 저장됨').waitFor({ timeout: 8000 });
    await expect.poll(() => page.evaluate((id) => Object.keys(localStorage).filter((k) => k.endsWith(`:${id}`)).length, article.id)).toBe(0);

    // The editor also links to the article's own audit trail.
    await page.getByRole('link', { name: '이 기사의 기록' }).click();
    await page.getByRole('heading', { level: 1, name: '감사 기록: 세션 만료 시험 기사' }).waitFor();
    expect(await page.locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('tbody').textContent()).toContain('기사 만듦');
  });

  it('an admin invites by keyboard; the invitee accepts in another browser; role change, then deactivation: their session and token answer 401 at once', { timeout: 60_000 }, async () => {
    const profile = await server.services.authors.createAuthor({ nameKo: '새내기 프로필', nameEn: 'Newcomer profile' });
    const admin = await newPage();
    await signIn(admin, 'admin@test.example');
    await admin.getByRole('link', { name: '사람', exact: true }).click();
    await admin.getByRole('heading', { level: 1, name: '사람' }).waitFor();
    await expectNoAxeViolations(admin, 'people');

    await tabTo(admin, (el) => el.getAttribute('name') === 'email' && el.closest('.nr-invite') !== null);
    await admin.keyboard.type('newcomer@test.example');
    await admin.keyboard.press('Tab');
    await admin.keyboard.type('새내기');
    await admin.keyboard.press('Tab');
    // Role: contributor → author with the arrow key.
    await admin.keyboard.press('ArrowDown');
    await tabTo(admin, (el) => el.textContent === '초대 보내기');
    await admin.keyboard.press('Enter');
    await admin.locator('#people-status').getByText('newcomer@test.example 주소로 초대 메일을 보냈습니다.').waitFor();
    const row = admin.getByRole('row', { name: /새내기/ });
    await expect.poll(() => row.textContent()).toContain('초대 수락 대기');
    expect(await row.getByRole('combobox', { name: '새내기의 역할' }).inputValue()).toBe('author');

    const mail = await waitForMail('newcomer@test.example', 1);
    const invitee = await newPage();
    await invitee.goto(linkFrom(mail?.parsed.text, 'invite'));
    await invitee.getByText('newcomer@test.example 계정의 이름과 비밀번호를 정하세요.').waitFor();
    await expectNoAxeViolations(invitee, 'accept invitation');
    await invitee.getByLabel('이름 (기사와 화면에 표시)').fill('새내기 기자');
    await invitee.getByLabel('새 비밀번호', { exact: true }).fill('newcomer password 1');
    await invitee.getByLabel('새 비밀번호 확인').fill('newcomer password 1');
    await invitee.getByRole('button', { name: '초대 수락하고 시작하기' }).click();
    await invitee.getByRole('heading', { level: 1, name: '대시보드' }).waitFor();
    expect(await invitee.locator('.nr-account').textContent()).toContain('새내기 기자 (author)');
    const newcomer = await server.services.accounts.findAccountByEmail('newcomer@test.example');
    const { token } = await server.services.accounts.createToken(newcomer?.id ?? 0, 'script');

    // The admin promotes them to editor, then deactivates them.
    await admin.reload();
    const acceptedRow = admin.getByRole('row', { name: /새내기 기자/ });
    await expect.poll(() => acceptedRow.textContent()).toContain('활성');
    await expectNoAxeViolations(admin, 'people, with several accounts');
    await acceptedRow.getByRole('combobox', { name: '새내기 기자의 역할' }).selectOption('editor');
    await acceptedRow.getByRole('combobox', { name: '새내기 기자의 필자 프로필' }).selectOption({ label: '새내기 프로필' });
    await acceptedRow.getByRole('button', { name: '변경 저장: 새내기 기자' }).click();
    await admin.locator('#people-status').getByText('새내기 기자: 저장했습니다.').waitFor();
    expect(await server.services.accounts.getAccount(newcomer?.id ?? 0)).toMatchObject({ role: 'editor', authorId: profile.id });
    expect((await invitee.request.get(new URL('/api/admin/session', server.url).href)).status()).toBe(200);

    await admin.getByRole('button', { name: '비활성화: 새내기 기자' }).focus();
    await admin.keyboard.press('Enter');
    await admin.getByRole('button', { name: '다시 활성화: 새내기 기자' }).waitFor();
    expect((await invitee.request.get(new URL('/api/admin/articles', server.url).href)).status()).toBe(401);
    expect((await fetch(new URL('/api/admin/articles', server.url), { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    // The admin's own row has no deactivate button.
    expect(await admin.getByRole('button', { name: '비활성화: 한관리' }).count()).toBe(0);

    // Nav by role: an editor sees taxonomy and audit but not people.
    const desk = await newPage();
    await signIn(desk, 'desk@test.example');
    const nav = desk.getByRole('navigation', { name: '뉴스룸' });
    expect(await nav.getByRole('link', { name: '감사 기록' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: '섹션·태그·필자' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: '사람' }).count()).toBe(0);
  });

  it('editors create and edit sections, tags and author profiles', { timeout: 60_000 }, async () => {
    await server.services.taxonomy.createTag({ name: '북한' });
    const page = await newPage();
    await signIn(page, 'desk@test.example');
    await page.getByRole('link', { name: '섹션·태그·필자' }).click();
    await page.getByRole('heading', { level: 1, name: '섹션 · 태그 · 필자' }).waitFor();
    await expectNoAxeViolations(page, 'taxonomy');

    const sections = page.getByRole('region', { name: /^섹션/ });
    const newSection = sections.locator('.nr-new-item');
    await newSection.getByText('섹션: 새로 만들기').click();
    await newSection.getByLabel('주소용 이름 (slug, 영문 소문자·숫자·하이픈)').fill('economy');
    await newSection.getByLabel('이름 (한국어)').fill('경제');
    await newSection.getByLabel('이름 (영어)').fill('Economy');
    await newSection.getByRole('button', { name: '만들기' }).click();
    await page.locator('#taxonomy-status').getByText('경제 (Economy): 만들었습니다.').waitFor();
    expect((await server.services.taxonomy.getSection('economy')).nameKo).toBe('경제');

    const tags = page.getByRole('region', { name: /^태그/ });
    const tag = tags.locator('.nr-items details', { hasText: '북한' });
    await tag.locator('summary').click();
    await tag.getByLabel('이름', { exact: true }).fill('북한군');
    await tag.getByRole('button', { name: '저장: 북한' }).click();
    await page.locator('#taxonomy-status').getByText('북한군: 저장했습니다.').waitFor();

    const authors = page.getByRole('region', { name: /^필자 프로필/ });
    const newAuthor = authors.locator('.nr-new-item');
    await newAuthor.getByText('필자 프로필: 새로 만들기').click();
    await newAuthor.getByLabel('이름 (한국어)').fill('김특파');
    await newAuthor.getByLabel('이름 (영어)').fill('Kim Teukpa');
    await newAuthor.getByLabel('소속').fill('Sinmun');
    await newAuthor.getByRole('button', { name: '만들기' }).click();
    await page.locator('#taxonomy-status').getByText('김특파 (Kim Teukpa): 만들었습니다.').waitFor();
    const { items } = await server.services.authors.listAuthors(1, 10);
    expect(items.find((a) => a.nameKo === '김특파')?.organization).toBe('Sinmun');
  });

  it('audit log: filtered by person and article, paged, reachable from the nav', { timeout: 60_000 }, async () => {
    const desk = await server.services.accounts.findAccountByEmail('desk@test.example');
    const article = await server.services.articles.createArticle({ language: 'ko', headline: '감사 기록 많은 기사', section: 'world' }, { id: desk?.id ?? 0, email: 'desk@test.example', name: '박데스크', role: 'editor', authorId: null });
    // Enough entries for two pages (50 a page).
    for (let i = 0; i < 55; i += 1) await recordAudit(server.services.database.db, { accountId: desk?.id ?? null, action: 'article.update', articleId: article.id, details: { revision: i + 2, fields: ['dek'] } });
    await server.services.workflow.publish(article.id, { id: desk?.id ?? 0, email: 'desk@test.example', name: '박데스크', role: 'editor', authorId: null });

    const page = await newPage();
    await signIn(page, 'desk@test.example');
    await page.getByRole('link', { name: '감사 기록', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '감사 기록' }).waitFor();
    await expectNoAxeViolations(page, 'audit log');
    await page.getByLabel('기사 번호').fill(String(article.id));
    await page.getByLabel('사람').selectOption({ label: '박데스크' });
    await page.getByRole('button', { name: '보기' }).click();
    await page.getByRole('heading', { level: 1, name: '감사 기록: 감사 기록 많은 기사' }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(50);
    expect(await page.locator('tbody tr').first().textContent()).toContain('발행');
    expect(await page.locator('caption').textContent()).toBe('2쪽 중 1쪽 (전체 57건)');
    await page.getByRole('link', { name: '다음 페이지' }).click();
    await expect.poll(() => page.locator('caption').textContent()).toBe('2쪽 중 2쪽 (전체 57건)');
    expect(await page.locator('tbody tr').count()).toBe(7);
    expect(await page.locator('tbody tr').last().textContent()).toContain('기사 만듦');
    await expectNoAxeViolations(page, 'audit log, filtered, page 2');
    // The same screen in English (the account's interface language).
    await page.getByLabel('화면 언어').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Audit log: 감사 기록 많은 기사' }).waitFor();
    expect(await page.locator('caption').textContent()).toBe('Page 2 of 2 (57 entries)');
    expect(await page.locator('tbody tr').last().textContent()).toContain('Created the article');
    await expectNoAxeViolations(page, 'audit log in English');
  });
});
