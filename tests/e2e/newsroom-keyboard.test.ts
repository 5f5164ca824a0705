import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/accounts/accounts.types.js';
import { recordAudit } from '../../src/audit/audit.service.js';
import type { RunningServer } from '../../src/serve.js';
import { expectNoAxeViolations, launchBrowser, newAuditContext, signInToNewsroom, tabTo } from '../setup/browser.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { sqliteTarget } from '../setup/test-databases.js';
import { startTestServer } from '../setup/test-server.js';

/**
 * "Every action is reachable by keyboard" (issue 3, acceptance): on each newsroom screen the test reaches the
 * control with Tab / Shift+Tab and operates it with Enter, Space or the arrow keys only — no mouse — and checks the
 * effect in the UI, on the site or in the database. Also the lock request between two browser contexts.
 * (Contexts bypass CSP only so axe can be injected; the CSP itself is tested in newsroom.test.ts.)
 */
const PASSWORD = 'correct horse battery staple';

let db: TestDatabase;
let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const actors: Record<string, Actor> = {};
const ids = { draft: 0, review: 0, published: 0, workflow: 0, image: 0, schedule: 0, lock: 0, bodyOnly: 0 };

const signedIn = new Map<string, Page>();

/** One signed-in page per account for the whole file (sign-in is rate limited, and it is tested elsewhere). */
async function pageFor(email: string): Promise<Page> {
  const known = signedIn.get(email);
  if (known) return known;
  const context = await newAuditContext(browser, { locale: 'ko-KR', timezoneId: 'UTC' });
  contexts.push(context);
  const page = await context.newPage();
  await signInToNewsroom(page, server.url, email, PASSWORD);
  signedIn.set(email, page);
  return page;
}

const open = async (page: Page, path: string, heading: string | RegExp) => {
  await page.goto(new URL(path, server.url).href);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
};
const currentStatus = (page: Page) => page.locator('.nr-workflow .current-status strong').textContent();
const paragraph = (text: string) => ({ type: 'paragraph' as const, content: [{ text }] });

describe('newsroom by keyboard alone (Chromium)', () => {
  beforeAll(async () => {
    db = await sqliteTarget.create();
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
    const { services } = server;
    await services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    for (const [key, role, name] of [
      ['admin', 'admin', '한관리'],
      ['desk', 'editor', '박데스크'],
      ['other', 'editor', '이데스크'],
      ['writer', 'contributor', '김기고'],
      ['promoted', 'contributor', '최승진'],
    ] as const) {
      const account = await services.accounts.createAccount({ email: `${key}@test.example`, name, role, password: PASSWORD });
      actors[key] = { id: account.id, email: account.email, name, role, authorId: null };
    }
    const desk = actors.desk as Actor;
    const make = async (headline: string, actor = desk) => (await services.articles.createArticle({ language: 'ko', headline, section: 'world', body: [paragraph('본문')] }, actor)).id;
    ids.draft = await make('키보드 초안 기사');
    ids.review = await make('키보드 검토 기사');
    await services.workflow.transition(ids.review, 'in_review', desk);
    ids.published = await make('키보드 발행 기사');
    await services.workflow.publish(ids.published, desk);
    ids.workflow = await make('기고자의 키보드 기사', actors.writer);
    ids.image = await make('이미지 넣을 기사');
    ids.schedule = await make('예약할 기사');
    ids.lock = await make('잠금 요청 기사');
    ids.bodyOnly = (await services.articles.createArticle({ language: 'ko', headline: '키보드 본문 기사', section: 'world', body: [paragraph('올해 물안개축제가 열렸다.')] }, desk)).id;
    // More than one page of audit entries (50 a page) for the pager.
    for (let i = 0; i < 55; i += 1) await recordAudit(services.database.db, { accountId: desk.id, action: 'article.update', articleId: ids.draft, details: {} });
    const jpeg = await sharp({ create: { width: 96, height: 64, channels: 3, background: '#3a6ea5' } }).jpeg().toBuffer();
    await services.media.createMedia({ bytes: jpeg, originalName: 'harbour.jpg' }, { alt: '부산항 전경', caption: '부산항', credit: '신문' }, desk.id);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await db?.cleanup();
  });

  it('dashboard: filter by status, then "새 기사" opens the editor', { timeout: 30_000 }, async () => {
    const page = await pageFor('desk@test.example');
    const status = page.locator('form.nr-filters select[name=status]');
    await tabTo(page, status);
    // Any → 초안 → 검토 중
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await status.inputValue()).toBe('in_review');
    await tabTo(page, page.locator('form.nr-filters button[type=submit]'));
    await page.keyboard.press('Enter');
    await page.waitForURL(/status=in_review/);
    const results = page.locator('.nr-list').first();
    await results.getByRole('link', { name: '키보드 검토 기사' }).waitFor();
    expect(await results.getByRole('link', { name: '키보드 초안 기사' }).count()).toBe(0);

    // Back up the page with Shift+Tab to the "new article" button.
    await tabTo(page, page.locator('main a.button.primary'), { backwards: true });
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/newsroom\/articles\/\d+$/);
    await expect.poll(() => page.getByLabel('제목', { exact: true }).inputValue()).toBe('제목 없음');
  });

  it('dashboard: full-text search (the search module, drafts included) finds a word only the body has', { timeout: 30_000 }, async () => {
    const page = await pageFor('desk@test.example');
    await open(page, '/newsroom', '대시보드');
    await tabTo(page, page.locator('form.nr-filters input[name=q]'));
    await page.keyboard.type('물안개축제');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=/);
    // A headline search does not find it…
    await page.getByRole('heading', { level: 2, name: /검색 결과 \(0\)/ }).waitFor();
    expect(await page.getByRole('link', { name: '키보드 본문 기사' }).count()).toBe(0);
    // …the full-text one does, with the match marked in the snippet.
    await tabTo(page, page.locator('#filter-fulltext'));
    await page.keyboard.press('Space');
    await tabTo(page, page.locator('form.nr-filters button[type=submit]'));
    await page.keyboard.press('Enter');
    await page.waitForURL(/fulltext=1/);
    const results = page.getByRole('region', { name: /검색 결과/ });
    await results.getByRole('link', { name: '키보드 본문 기사' }).waitFor();
    expect(await results.locator('mark').first().textContent()).toContain('물안개축제');
    await expectNoAxeViolations(page, 'dashboard with full-text results');
  });

  it('taxonomy: a new section by keyboard', { timeout: 30_000 }, async () => {
    const page = await pageFor('desk@test.example');
    await open(page, '/newsroom/taxonomy', '섹션 · 태그 · 필자');
    await tabTo(page, page.locator('summary', { hasText: '섹션: 새로 만들기' }));
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.type('culture');
    await page.keyboard.press('Tab');
    await page.keyboard.type('문화');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Culture');
    await page.keyboard.press('Enter');
    await page.locator('#taxonomy-status').getByText('문화 (Culture): 만들었습니다.').waitFor();
    expect(await server.services.taxonomy.findSection('culture')).toMatchObject({ nameKo: '문화', nameEn: 'Culture' });
    await expectNoAxeViolations(page, 'taxonomy after creating');
  });

  it('audit: pages forward and back, then filters by article, by keyboard', { timeout: 30_000 }, async () => {
    const page = await pageFor('desk@test.example');
    await open(page, '/newsroom/audit', '감사 기록');
    // The pager comes after 50 rows of links: Shift+Tab from the heading wraps round to it.
    await tabTo(page, page.getByRole('link', { name: '다음 페이지' }), { backwards: true, max: 30 });
    await page.keyboard.press('Enter');
    await page.locator('caption').getByText(/쪽 중 2쪽/).waitFor();
    await tabTo(page, page.getByRole('link', { name: '이전 페이지' }), { backwards: true, max: 30 });
    await page.keyboard.press('Enter');
    await page.locator('caption').getByText(/쪽 중 1쪽/).waitFor();

    await tabTo(page, page.locator('input[name=article]'));
    await page.keyboard.type(String(ids.published));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: '감사 기록: 키보드 발행 기사' }).waitFor();
    expect(page.url()).toContain(`article=${ids.published}`);
    const actions = await page.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    expect(await page.locator('tbody').textContent()).not.toContain('키보드 초안 기사');
  });

  it('media library: upload (file chooser by Space), search, and save a card, by keyboard', { timeout: 30_000 }, async () => {
    const page = await pageFor('desk@test.example');
    await open(page, '/newsroom/media', '미디어 라이브러리');
    const form = page.locator('form.upload');
    await tabTo(page, form.locator('input[type=file]'));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#aa3355' } }).png().toBuffer();
    await chooser.setFiles({ name: 'keyboard-cat.png', mimeType: 'image/png', buffer: png });
    await form.getByText('선택한 파일: keyboard-cat.png').waitFor();
    await tabTo(page, form.getByLabel('대체 텍스트'));
    await page.keyboard.type('키보드 위의 고양이');
    await page.keyboard.press('Tab');
    await page.keyboard.type('고양이 사진');
    await page.keyboard.press('Tab');
    await page.keyboard.type('김사진');
    await page.keyboard.press('Enter');
    await form.getByRole('status').filter({ hasText: '업로드 완료' }).waitFor();
    const stored = await server.services.database.db.selectFrom('media').selectAll().where('original_name', '=', 'keyboard-cat.png').executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ alt: '키보드 위의 고양이', caption: '고양이 사진', credit: '김사진' });

    await tabTo(page, page.getByRole('searchbox'));
    await page.keyboard.type('고양이');
    await page.keyboard.press('Enter');
    await page.locator('#media-count').getByText('“고양이” 검색 결과 1개').waitFor();
    const card = page.locator(`.media-card[data-media-id="${stored.id}"]`);
    await tabTo(page, card.getByLabel('캡션'));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('창가의 고양이');
    await tabTo(page, card.getByRole('button', { name: '저장' }));
    await page.keyboard.press('Space');
    await card.getByRole('status').getByText('저장했습니다.').waitFor();
    expect((await server.services.media.getMedia(stored.id)).caption).toBe('창가의 고양이');
  });

  it('front page: the breaking banner, set by keyboard, shows on the site', { timeout: 30_000 }, async () => {
    const page = await pageFor('desk@test.example');
    await open(page, '/newsroom/front-page', '1면 편집');
    await tabTo(page, page.getByLabel('배너 문구'), 200);
    await page.keyboard.type('키보드 속보');
    await page.keyboard.press('Tab');
    // The linked article: the first one after "none".
    await page.keyboard.press('ArrowDown');
    await tabTo(page, page.getByRole('button', { name: '배너 게시' }));
    await page.keyboard.press('Enter');
    await page.locator('.fp-banner-state').filter({ hasText: '게시 중' }).waitFor();
    const html = await (await fetch(new URL('/ko', server.url))).text();
    expect(html).toContain('키보드 속보');
    expect(html).toMatch(new RegExp(`breaking-banner[^]*href="[^"]*/${ids.published}-`));
  });

  it('editor: submit → send back with a note → resubmit → approve → publish, and schedule, all by keyboard', { timeout: 60_000 }, async () => {
    const writer = await pageFor('writer@test.example');
    const submitFromEditor = async () => {
      await open(writer, `/newsroom/articles/${ids.workflow}`, /기고자의 키보드 기사|기사 편집/);
      await tabTo(writer, writer.getByRole('button', { name: '검토 요청' }), 200);
      await writer.keyboard.press('Enter');
      await expect.poll(() => currentStatus(writer)).toBe('검토 중');
    };
    await submitFromEditor();

    const desk = await pageFor('desk@test.example');
    await open(desk, `/newsroom/articles/${ids.workflow}`, /기고자의 키보드 기사|기사 편집/);
    await tabTo(desk, desk.getByLabel('메모', { exact: true }), 200);
    await desk.keyboard.type('출처를 밝혀 주세요.');
    await desk.keyboard.press('Tab');
    expect(await desk.evaluate(() => document.activeElement?.textContent)).toBe('돌려보내기');
    await desk.keyboard.press('Enter');
    await expect.poll(() => currentStatus(desk)).toBe('초안');
    const note = await server.services.database.db.selectFrom('audit_log').select('details').where('article_id', '=', ids.workflow).where('action', '=', 'article.status.draft').executeTakeFirstOrThrow();
    expect(note.details).toContain('출처를 밝혀 주세요.');

    await submitFromEditor();
    await open(desk, `/newsroom/articles/${ids.workflow}`, /기고자의 키보드 기사|기사 편집/);
    await tabTo(desk, desk.getByRole('button', { name: '승인', exact: true }), 200);
    await desk.keyboard.press('Enter');
    await expect.poll(() => currentStatus(desk)).toBe('승인됨');
    // Focus stays in the workflow after the redraw: the next action is a few Tabs away.
    await tabTo(desk, desk.getByRole('button', { name: '지금 발행' }), 10);
    await desk.keyboard.press('Enter');
    await expect.poll(() => currentStatus(desk)).toBe('발행됨');
    expect((await server.services.articles.getArticleAs(ids.workflow, actors.desk as Actor)).status).toBe('published');

    // Schedule: the time field defaults to an hour ahead; the button is reached backwards from the page's end.
    await open(desk, `/newsroom/articles/${ids.schedule}`, /예약할 기사|기사 편집/);
    await desk.keyboard.press('End');
    await tabTo(desk, desk.getByRole('button', { name: '예약 발행' }), 200);
    await desk.keyboard.press('Enter');
    await expect.poll(() => currentStatus(desk)).toBe('예약됨');
    const scheduled = await server.services.articles.getArticleAs(ids.schedule, actors.desk as Actor);
    expect(scheduled.status).toBe('scheduled');
    expect(Date.parse(scheduled.scheduledAt ?? '')).toBeGreaterThan(Date.now() + 30 * 60_000);
    await expectNoAxeViolations(desk, 'editor, scheduled');
  });

  it('editor: the image dialog opens and inserts an image by keyboard', { timeout: 30_000 }, async () => {
    const page = await pageFor('desk@test.example');
    await open(page, `/newsroom/articles/${ids.image}`, /이미지 넣을 기사|기사 편집/);
    const body = page.getByRole('textbox', { name: '본문' });
    await tabTo(page, body, 200);
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' 사진 앞 문장.');
    await tabTo(page, page.getByRole('button', { name: '이미지 넣기' }), { backwards: true, max: 30 });
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: '미디어 라이브러리' });
    await dialog.waitFor();
    await expectNoAxeViolations(page, 'image dialog');
    await tabTo(page, dialog.getByRole('button', { name: /부산항/ }), 20);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.ProseMirror img[alt="부산항 전경"]').waitFor();
    // Focus is back in the body, so typing goes on after the image.
    expect(await body.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  });

  it('people: an admin changes a role by keyboard', { timeout: 30_000 }, async () => {
    const page = await pageFor('admin@test.example');
    await open(page, '/newsroom/people', '사람');
    const role = page.getByRole('combobox', { name: '최승진의 역할' });
    await tabTo(page, role, 100);
    await page.keyboard.press('ArrowDown');
    expect(await role.inputValue()).toBe('author');
    await tabTo(page, page.getByRole('button', { name: '변경 저장: 최승진' }));
    await page.keyboard.press('Enter');
    await page.locator('#people-status').getByText('최승진: 저장했습니다.').waitFor();
    expect((await server.services.accounts.findAccountByEmail('promoted@test.example'))?.role).toBe('author');
  });

  it('lock request: the second editor asks by keyboard, the holder is told and hands it over by keyboard', { timeout: 60_000 }, async () => {
    const holder = await pageFor('desk@test.example');
    await open(holder, `/newsroom/articles/${ids.lock}`, /잠금 요청 기사|기사 편집/);
    await holder.locator('.nr-lock.mine').waitFor();
    const asker = await pageFor('other@test.example');
    await open(asker, `/newsroom/articles/${ids.lock}`, /잠금 요청 기사|기사 편집/);
    await asker.locator('.nr-lock.other').getByText('박데스크 님이 편집 중입니다.').waitFor();
    await tabTo(asker, asker.getByRole('button', { name: '편집 권한 요청' }), 200);
    await asker.keyboard.press('Enter');
    await asker.locator('#announcer').getByText('박데스크 님에게 편집 권한을 요청했습니다.').waitFor();

    // The holder's heartbeat brings the request (banner and live region); the holder releases it by keyboard.
    await holder.locator('.nr-lock').getByText('이데스크님이 편집 권한을 요청했습니다.').waitFor({ timeout: 15_000 });
    await holder.locator('#announcer').getByText('이데스크님이 편집 권한을 요청했습니다.').waitFor();
    await expectNoAxeViolations(holder, 'editor with a lock request');
    await tabTo(holder, holder.getByRole('button', { name: '넘겨주기' }), 200);
    await holder.keyboard.press('Enter');
    await holder.locator('#announcer').getByText('이데스크 님에게 편집 권한을 넘겨줬습니다.').waitFor();
    // The asker's heartbeat finds the lock free and takes it; the holder's editor does not take it back.
    await asker.locator('.nr-lock.mine').waitFor({ timeout: 15_000 });
    await holder.locator('.nr-lock.other').getByText('이데스크 님이 편집 중입니다.').waitFor({ timeout: 15_000 });
    const lock = await server.services.newsroom.getLock(ids.lock, actors.desk as Actor);
    expect(lock?.holder.name).toBe('이데스크');
    const actions = await server.services.database.db.selectFrom('audit_log').select('action').where('article_id', '=', ids.lock).execute();
    expect(actions.map((a) => a.action)).toContain('article.lock-request');
  });
});
