import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve.js';
import { displayWidth } from '../../web/newsroom/editor-text.js';
import { ZONES, instantToZoned } from '../../web/newsroom/times.js';
import { expectNoAxeViolations, launchBrowser, newAuditContext, signInToNewsroom, watchCspErrors, watchExternalRequests } from '../setup/browser.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { sqliteTarget } from '../setup/test-databases.js';
import { api, startTestServer } from '../setup/test-server.js';

/**
 * The article editor's panels in Chromium — scheduling fields (embargo, scheduled unpublish) in PT/KST, corrections,
 * revision history with a word diff, preview and restore, the search/social preview, the other-language version side
 * by side, keyboard shortcuts — and the embargo journey: an embargoed article is invisible on every public surface
 * until its time, and on each of them shortly after.
 */

const PASSWORD = 'correct horse battery staple';

interface ApiArticle {
  id: number;
  revision: number;
  status: string;
  headline: string;
  url: string | null;
  embargoUntil: string | null;
  unpublishAt: string | null;
  corrections: { kind: string; text: string }[];
  translations: { id: number; language: string }[];
}

let db: TestDatabase;
let server: RunningServer;
let browser: Browser;
let auditContext: BrowserContext;
let deskContext: BrowserContext;
let editorToken = '';
let partnerToken = '';
const checks: { csp: string[]; external: { assertNone(): void } }[] = [];

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ text }] });
const adminApi = <T>(path: string, init: { method?: string; json?: unknown } = {}) => api<T>(server.url, path, { token: editorToken, ...init });

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  checks.push({ csp: watchCspErrors(page), external: watchExternalRequests(page) });
  return page;
}

const signIn = (page: Page): Promise<void> => signInToNewsroom(page, server.url, 'desk@test.example', PASSWORD);

async function openEditor(page: Page, id: number): Promise<void> {
  await page.goto(new URL(`/newsroom/articles/${id}`, server.url).href);
  await page.getByLabel('제목', { exact: true }).waitFor();
  await expect.poll(() => page.locator('.nr-lock').textContent()).toContain('편집 중');
}

describe('newsroom editor panels and the embargo journey (Chromium)', () => {
  beforeAll(async () => {
    db = await sqliteTarget.create();
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
    await server.services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    const desk = await server.services.accounts.createAccount({ email: 'desk@test.example', name: '박데스크', role: 'editor', password: PASSWORD });
    editorToken = (await server.services.accounts.createToken(desk.id, 'test')).token;
    const partner = await server.services.accounts.createAccount({ email: 'partner@test.example', name: 'Partner desk', role: 'partner', password: PASSWORD });
    partnerToken = (await server.services.accounts.createToken(partner.id, 'test')).token;
    browser = await launchBrowser();
    auditContext = await newAuditContext(browser, { locale: 'ko-KR', timezoneId: 'Asia/Seoul', viewport: { width: 1280, height: 900 } });
    deskContext = await browser.newContext({ locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.cleanup();
  });

  it('corrections, revision diff/preview/restore, SEO preview, scheduled unpublish, shortcuts and the translation side by side — all by keyboard too, axe clean', { timeout: 90_000 }, async () => {
    const created = await adminApi<ApiArticle>('/api/admin/articles', { json: { language: 'ko', headline: '원래 제목 한강 야경', section: 'world', body: [paragraph('첫 문단 내용입니다.')] } });
    const edited = await adminApi<ApiArticle>(`/api/admin/articles/${created.body.id}`, { method: 'PATCH', json: { revision: 1, headline: '바뀐 제목 한강 야경', body: [paragraph('첫 문단 내용을 고쳤습니다.')] } });
    const published = await adminApi<ApiArticle>(`/api/admin/articles/${created.body.id}/publish`, { json: { revision: edited.body.revision } });
    expect(published.status).toBe(200);
    const id = created.body.id;

    const page = await newPage(auditContext);
    await signIn(page);
    await openEditor(page, id);

    // SEO: a long Korean search title is measured in display width and cut like a search result.
    const longTitle = '서울 한강 다리 위에서 바라본 겨울 밤 풍경과 시민들의 이야기 그리고 도시의 불빛';
    await page.getByLabel('검색용 제목 (SEO)').fill(longTitle);
    await expect.poll(() => page.locator('.serp-title').textContent()).toMatch(/…$/);
    expect(displayWidth((await page.locator('.serp-title').textContent()) ?? '')).toBeLessThanOrEqual(60);
    await expect.poll(() => page.locator('.seo-count').first().getAttribute('class')).toContain('over');
    expect(await page.locator('.serp-description').textContent()).toBe('');
    await page.getByLabel('검색용 설명 (SEO)').fill('한강의 겨울 밤');
    await expect.poll(() => page.locator('.card-description').textContent()).toBe('한강의 겨울 밤');
    // The share card takes its own title when one is given.
    await page.getByLabel('공유용 제목 (소셜)').fill('친구에게 보내는 한강 야경');
    await expect.poll(() => page.locator('.card-title').textContent()).toBe('친구에게 보내는 한강 야경');

    // Correction, driven by the keyboard alone: choose the kind, type the text, Tab to the button, Enter.
    const kind = page.getByLabel('종류', { exact: true });
    await kind.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => kind.inputValue()).toBe('clarification');
    await page.keyboard.press('Tab');
    await page.keyboard.type('사진 설명의 장소를 명확히 했습니다.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('.correction-list li').filter({ hasText: '사진 설명의 장소를 명확히 했습니다.' }).waitFor();
    expect(await page.locator('.correction-list li strong').first().textContent()).toBe('해명');
    // Shown on the reader page and in the Content API.
    const articleUrl = published.body.url ?? '';
    await expect.poll(async () => (await fetch(articleUrl)).text()).toContain('사진 설명의 장소를 명확히 했습니다.');
    const content = await api<{ corrections: { kind: string; text: string }[] }>(server.url, `/api/content/articles/${id}`);
    expect(content.body.corrections).toEqual([expect.objectContaining({ kind: 'clarification', text: '사진 설명의 장소를 명확히 했습니다.' })]);

    // The SEO and share fields are saved with Ctrl+S; the reader page's og:title is the share title.
    await page.getByLabel('제목', { exact: true }).focus();
    await page.keyboard.press('Control+s');
    await expect.poll(async () => (await adminApi<ApiArticle & { seoTitle: string }>(`/api/admin/articles/${id}`)).body.seoTitle).toBe(longTitle);
    await expect.poll(async () => (await fetch(articleUrl)).text()).toContain('<meta property="og:title" content="친구에게 보내는 한강 야경">');

    // The embargo and scheduled-unpublish panel opens (it is part of the axe check below).
    await page.locator('summary', { hasText: '엠바고 · 예약 내리기' }).click();
    await page.getByRole('group', { name: '엠바고' }).waitFor();

    // Revision history opens with Alt+Shift+H; a word diff against the text in the editor.
    await page.keyboard.press('Alt+Shift+H');
    const history = page.getByRole('region', { name: '수정 이력' });
    await page.locator('.revision-list li').first().waitFor();
    await expect.poll(() => page.locator('.revision-list > li').count()).toBe(3);
    await page.getByRole('button', { name: '지금 편집 중인 글과 비교 (판 1)' }).click();
    await page.locator('.revision-diff h3').waitFor();
    expect(await page.locator('.revision-diff del').allTextContents()).toEqual(expect.arrayContaining(['삭제: 원래', '삭제: 내용입니다.']));
    expect(await page.locator('.revision-diff ins').allTextContents()).toEqual(expect.arrayContaining(['추가: 바뀐', '추가: 내용을 고쳤습니다.']));
    await page.getByRole('button', { name: '이전 판과 비교 (판 2)' }).click();
    await expect.poll(() => page.locator('.revision-diff h3').textContent()).toBe('판 1 → 판 2 비교');
    await expectNoAxeViolations(page, 'editor with revision history, diff, corrections, SEO and timing panels open');

    // Preview of revision 1 through the reader page's own render function.
    await page.getByRole('button', { name: '미리보기 (판 1)', exact: true }).click();
    const preview = page.getByRole('dialog', { name: '미리보기' });
    await preview.waitFor();
    expect(await page.locator('.preview-frame').getAttribute('src')).toContain('revision=1');
    await expect.poll(() => page.frameLocator('.preview-frame').locator('h1').textContent()).toBe('원래 제목 한강 야경');
    await page.keyboard.press('Escape');
    // …and at a phone's width.
    await page.getByRole('button', { name: '휴대폰 미리보기 (판 1)' }).click();
    await preview.waitFor();
    expect(await page.locator('iframe.preview-phone').getAttribute('src')).toContain('revision=1');
    await expect.poll(async () => (await page.locator('iframe.preview-phone').boundingBox())?.width ?? 0).toBeLessThanOrEqual(380);
    await expect.poll(() => page.frameLocator('.preview-frame').locator('h1').textContent()).toBe('원래 제목 한강 야경');
    await page.keyboard.press('Escape');

    // Restore revision 1 as a new revision: the editor shows its text, history keeps every revision.
    await page.getByRole('button', { name: '이 판으로 되돌리기 (판 1)' }).click();
    await expect.poll(() => page.getByLabel('제목', { exact: true }).inputValue()).toBe('원래 제목 한강 야경');
    await expect.poll(() => page.locator('.revision-list > li').count()).toBe(4);
    const afterRestore = await adminApi<ApiArticle>(`/api/admin/articles/${id}`);
    expect(afterRestore.body).toMatchObject({ headline: '원래 제목 한강 야경', revision: 4 });
    const audit = await adminApi<{ entries: { action: string; details: Record<string, unknown> }[] }>(`/api/admin/articles/${id}/audit`);
    expect(audit.body.entries.find((e) => e.action === 'article.restore')?.details).toMatchObject({ fromRevision: 1 });
    expect(history).toBeDefined();

    // Scheduled unpublish, entered in PT, shown in PT and KST side by side; then cleared.
    const unpublish = page.getByRole('group', { name: '예약 내리기' });
    await unpublish.getByLabel('시간대').selectOption('PT');
    const at = new Date(Math.ceil((Date.now() + 2 * 86_400_000) / 1000) * 1000);
    await unpublish.getByLabel('내릴 시각').fill(instantToZoned(at, ZONES.PT));
    await unpublish.getByRole('button', { name: '예약 내리기 설정' }).click();
    await expect.poll(async () => (await adminApi<ApiArticle>(`/api/admin/articles/${id}`)).body.unpublishAt).toBe(at.toISOString());
    const shown = (await page.getByRole('group', { name: '예약 내리기' }).locator('.timing-current').textContent()) ?? '';
    expect(shown).toContain('PT');
    expect(shown).toContain('KST');
    await page.getByRole('group', { name: '예약 내리기' }).getByRole('button', { name: '예약 내리기 취소' }).click();
    await expect.poll(async () => (await adminApi<ApiArticle>(`/api/admin/articles/${id}`)).body.unpublishAt).toBeNull();

    // The shortcuts help opens with Ctrl+/ and lists them; Escape closes it.
    await page.getByLabel('제목', { exact: true }).focus();
    await page.keyboard.press('Control+/');
    const help = page.getByRole('dialog', { name: '키보드 단축키' });
    await help.waitFor();
    expect(await help.textContent()).toContain('검토 요청');
    await expectNoAxeViolations(page, 'shortcuts dialog');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // The English version, created from this one, opens with the Korean source side by side.
    await page.getByRole('button', { name: '영어판 만들기' }).click();
    await page.waitForURL(/\/newsroom\/articles\/\d+\?source=1$/);
    const translationId = Number(/articles\/(\d+)/.exec(page.url())?.[1]);
    expect(translationId).not.toBe(id);
    await page.getByRole('heading', { name: '원문 (한국어) — 읽기 전용' }).waitFor();
    await expect.poll(() => page.locator('.source-headline').textContent()).toBe('원래 제목 한강 야경');
    const sourceBox = await page.locator('.nr-source').boundingBox();
    const formBox = await page.locator('form.nr-editor').boundingBox();
    expect(sourceBox && formBox && sourceBox.x + sourceBox.width <= formBox.x + 1 && Math.abs(sourceBox.y - formBox.y) < 50).toBe(true);
    const translation = await adminApi<ApiArticle & { language: string; section: string }>(`/api/admin/articles/${translationId}`);
    expect(translation.body).toMatchObject({ language: 'en', status: 'draft', section: 'world', translations: [{ id, language: 'ko' }] });
    await expectNoAxeViolations(page, 'translation editor side by side');
    // The source can be hidden again (a checkbox: keyboard Space).
    await page.getByLabel('원문 나란히 보기').focus();
    await page.keyboard.press('Space');
    await page.locator('.nr-source').waitFor({ state: 'hidden' });

    // Ctrl+Shift+P previews (the reader page in a dialog; Escape closes it); Alt+Shift+R submits the draft for review.
    await page.getByLabel('제목', { exact: true }).focus();
    await page.keyboard.press('Control+Shift+P');
    const previewDialog = page.getByRole('dialog', { name: '미리보기' });
    await previewDialog.waitFor();
    await page.keyboard.press('Escape');
    await previewDialog.waitFor({ state: 'hidden' });
    await page.keyboard.press('Alt+Shift+R');
    await expect.poll(async () => (await adminApi<ApiArticle>(`/api/admin/articles/${translationId}`)).body.status).toBe('in_review');

    for (const check of checks) {
      expect(check.csp).toEqual([]);
      check.external.assertNone();
    }
  });

  it('an embargoed article is invisible on every public surface until its time, then on each within 5 s', { timeout: 90_000 }, async () => {
    const created = await adminApi<ApiArticle>('/api/admin/articles', {
      json: { language: 'en', headline: 'Zebrafinch census embargoed', dek: 'Embargoed report', section: 'world', body: [paragraph('The zebrafinch census shows a rise.')] },
    });
    const id = created.body.id;
    const page = await newPage(deskContext);
    await signIn(page);
    await openEditor(page, id);

    // The editor opens the timing panel by keyboard, sets the embargo a few seconds ahead (in KST) and publishes:
    // 200, and nothing public yet.
    await page.locator('summary', { hasText: '엠바고 · 예약 내리기' }).focus();
    await page.keyboard.press('Enter');
    const embargo = page.getByRole('group', { name: '엠바고' });
    const lift = new Date(Math.ceil((Date.now() + 7000) / 1000) * 1000);
    await embargo.getByLabel('엠바고 해제 시각').fill(instantToZoned(lift, ZONES.KST));
    const patched = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/api/admin/articles/${id}`));
    await embargo.getByRole('button', { name: '엠바고 설정' }).click();
    expect((await patched).status()).toBe(200);
    await expect.poll(() => page.getByRole('group', { name: '엠바고' }).locator('.timing-current').textContent()).toContain('KST');
    const publishResponse = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/admin/articles/${id}/publish`));
    await page.getByRole('button', { name: '지금 발행' }).click();
    const publish = await publishResponse;
    expect(publish.status()).toBe(200);
    const article = (await publish.json()) as ApiArticle;
    expect(article).toMatchObject({ status: 'published', embargoUntil: lift.toISOString() });
    const path = new URL(article.url ?? '').pathname;

    const text = async (url: string, init: RequestInit = {}) => {
      const response = await fetch(new URL(url, server.url), init);
      return { status: response.status, body: await response.text() };
    };
    const month = lift.toISOString().slice(0, 7);
    /** Every public surface: true when the article is there. */
    const surfaces: Record<string, () => Promise<boolean>> = {
      'article page': async () => (await text(path)).status === 200,
      'front page': async () => (await text('/en')).body.includes(path),
      'section page': async () => (await text('/en/section/world')).body.includes(path),
      'Content API article': async () => (await text(`/api/content/articles/${id}`)).status === 200,
      'Content API list': async () => (await text('/api/content/articles?lang=en')).body.includes('Zebrafinch census'),
      search: async () => (await text('/api/content/search?q=zebrafinch&lang=en')).body.includes('Zebrafinch census'),
      RSS: async () => (await text('/en/rss.xml')).body.includes(path),
      Atom: async () => (await text('/en/atom.xml')).body.includes(path),
      'JSON Feed': async () => (await text('/en/feed.json')).body.includes(path),
      'section feed': async () => (await text('/en/section/world/rss.xml')).body.includes(path),
      'article sitemap': async () => (await text(`/sitemaps/articles-${month}.xml`)).body.includes(path),
      'news sitemap': async () => (await text('/sitemaps/news.xml')).body.includes(path),
      'partner ninjs feed': async () => (await text('/api/partner/ninjs?lang=en', { headers: { authorization: `Bearer ${partnerToken}` } })).body.includes('Zebrafinch census'),
    };
    const names = Object.keys(surfaces);
    const before = await Promise.all(names.map((name) => surfaces[name]?.()));
    // The checks above only mean something if they all ran before the lift.
    expect(Date.now(), 'the pre-lift checks ran too late; the machine is very slow').toBeLessThan(lift.getTime());
    expect(Object.fromEntries(names.map((n, i) => [n, before[i]]))).toEqual(Object.fromEntries(names.map((n) => [n, false])));

    // After the lift, each surface shows it within a generous deadline.
    const pending = new Set(names);
    const deadline = lift.getTime() + 5000;
    while (pending.size && Date.now() < deadline) {
      for (const name of [...pending]) if (await surfaces[name]?.()) pending.delete(name);
      if (pending.size) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect([...pending], 'still missing 5 s after the embargo lifted').toEqual([]);
    // The partner check must not be a false positive from some other article: the feed carries this article.
    const ninjs = await api<{ items: { headlines?: { value: string }[] }[] }>(server.url, '/api/partner/ninjs?lang=en', { token: partnerToken });
    expect(JSON.stringify(ninjs.body.items)).toContain('Zebrafinch census embargoed');
    const audit = await adminApi<{ entries: { action: string }[] }>(`/api/admin/articles/${id}/audit`);
    expect(audit.body.entries.filter((e) => e.action === 'article.embargo-lift')).toHaveLength(1);

    for (const check of checks) {
      expect(check.csp).toEqual([]);
      check.external.assertNone();
    }
  });
});
