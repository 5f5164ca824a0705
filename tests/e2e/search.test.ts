import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_HEADLINE_KO } from '../../src/demo/seed-article.js';
import type { RunningServer } from '../../src/serve.js';
import { formatViolations, launchBrowser, newAuditContext, runAxe, watchCspErrors, watchExternalRequests } from '../setup/browser.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { sqliteTarget } from '../setup/test-databases.js';
import { startTestServer } from '../setup/test-server.js';

/** Reader search in a real browser, on the demo newsroom: suggestions as you type (words and ㅂㅎ), results, axe. */
let db: TestDatabase;
let server: RunningServer;
let browser: Browser;
let reader: BrowserContext;
let audit: BrowserContext;

beforeAll(async () => {
  [db, browser] = await Promise.all([sqliteTarget.create(), launchBrowser()]);
  server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir, DEMO: '1' });
  [reader, audit] = await Promise.all([browser.newContext(), newAuditContext(browser)]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db?.cleanup();
}, 120_000);

describe('reader search in a browser', () => {
  it('typing 북한 and then ㅂㅎ in the header box suggests the 북한군 headline; submitting shows highlighted results', async () => {
    const page = await reader.newPage();
    const requests = watchExternalRequests(page);
    const cspErrors = watchCspErrors(page);
    await page.goto(new URL('/ko', server.url).href, { waitUntil: 'load' });
    const box = page.getByRole('searchbox', { name: '기사 검색' });
    await box.pressSequentially('북한', { delay: 30 });
    const suggestion = page.locator('#site-search-suggestions a', { hasText: SEED_HEADLINE_KO });
    await suggestion.waitFor({ timeout: 5000 });
    await expect.poll(() => page.locator('.header-search [role=status]').innerText()).toMatch(/추천 기사 \d+건/);

    await box.fill('');
    await page.locator('#site-search-suggestions').waitFor({ state: 'hidden', timeout: 5000 });
    // Wait for the answer to the full 'ㅂㅎ' (not a stale list) before moving into it.
    const answered = page.waitForResponse((r) => r.url().includes(`suggest?q=${encodeURIComponent('ㅂㅎ')}`), { timeout: 5000 });
    await box.pressSequentially('ㅂㅎ', { delay: 30 });
    await answered;
    await page.locator('#site-search-suggestions a', { hasText: SEED_HEADLINE_KO }).waitFor({ timeout: 5000 });
    // Keyboard: ArrowDown moves into the suggestions.
    await box.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('#site-search-suggestions') !== null)).toBe(true);

    await box.fill('북한군이');
    await box.press('Enter');
    await page.waitForURL(/\/ko\/search\?q=/);
    const first = page.locator('.search-result').first();
    expect(await first.locator('h2').innerText()).toBe(SEED_HEADLINE_KO);
    expect(await first.locator('mark').first().innerText()).toBe('북한군');
    expect(await page.locator('.search-summary').innerText()).toMatch(/‘북한군이’ 검색 결과 \d+건/);
    requests.assertNone();
    expect(cspErrors).toEqual([]);
    await page.close();
  });

  it('works without JavaScript: the form submits and the page lists results; an empty search helps', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(new URL('/en/search', server.url).href);
    await page.getByRole('searchbox', { name: 'Search articles' }).fill('prisoners');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/en\/search\?q=prisoners/);
    expect(await page.locator('.search-result h2').first().innerText()).toMatch(/prisoners/i);
    await page.goto(new URL('/en/search?q=zzzzqqq', server.url).href);
    expect(await page.locator('.search-empty').innerText()).toContain('No results for “zzzzqqq”');
    await context.close();
  });

  it('axe finds no violation on the search page with results, empty, and in Korean', async () => {
    for (const pathname of ['/en/search?q=korean', '/ko/search?q=' + encodeURIComponent('한인'), '/ko/search?q=zzzz', '/en/search']) {
      const page = await audit.newPage();
      try {
        await page.goto(new URL(pathname, server.url).href, { waitUntil: 'load' });
        if (pathname.includes('korean')) expect(await page.locator('.search-result').count()).toBeGreaterThan(0);
        expect(formatViolations(await runAxe(page)), pathname).toBe('no violations');
      } finally {
        await page.close();
      }
    }
    // And with the suggestion list open.
    const page = await audit.newPage();
    await page.goto(new URL('/ko', server.url).href, { waitUntil: 'load' });
    await page.getByRole('searchbox', { name: '기사 검색' }).pressSequentially('ㅂㅎ', { delay: 30 });
    await page.locator('#site-search-suggestions a').first().waitFor({ timeout: 5000 });
    expect(formatViolations(await runAxe(page)), 'open suggestions').toBe('no violations');
    await page.close();
  });
});
