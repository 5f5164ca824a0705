import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/app.js';
import { SEED_AUTHOR, SEED_HEADLINE_EN, SEED_IMAGES, SEED_PARAGRAPHS_EN_AFTER_PHOTO, SEED_PARAGRAPHS_EN_BEFORE_PHOTO } from '../../src/demo/seed-article.js';
import type { FakeWeatherServer } from '../fakes/weather-server.js';
import { startFakeWeatherServer } from '../fakes/weather-server.js';
import { formatViolations, launchBrowser, newAuditContext, runAxe, watchCspErrors, watchExternalRequests } from '../setup/browser.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { sqliteTarget } from '../setup/test-databases.js';
import { startTestServer } from '../setup/test-server.js';

/**
 * The reader's journey through the demo site in a real browser (seed-article-page.md): what the seed article page
 * shows and in which order, its Korean translation, accessibility (axe-core, WCAG 2.2 AA + best practice), the
 * strict CSP, no request leaving the machine, and the skip link. One server and one browser for the whole file.
 */

const TIME_ZONE = 'America/Los_Angeles';
const ARTICLE_EN = '/en/world/1-captured-north-korean-war-prisoners-in-ukraine-ask-to-be-brought-to-south-korea';
const EMAIL = 'kim.juyeon2@joongang.co.kr';
const PHONE = { width: 375, height: 812 };

const longDate = (date: Date, lang: 'en' | 'ko') =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'ko-KR', { timeZone: TIME_ZONE, weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(date);
/** Today's date, as either of the two days a test run could straddle at midnight. */
const todayCandidates = (startedAt: Date, lang: 'en' | 'ko') => [...new Set([longDate(startedAt, lang), longDate(new Date(), lang)])];
/** Curly quotes as straight, no-break spaces as spaces, runs of white space as one. */
const normalise = (text: string) => text.replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();

let db: TestDatabase;
let weather: FakeWeatherServer;
let server: { services: Services; url: string; close(): Promise<void> };
let browser: Browser;
/** Normal context: the app's CSP applies, requests and CSP console errors are recorded. */
let reader: BrowserContext;
/** axe-core needs to be injected, so this one bypasses CSP (the app's CSP itself is never changed). */
let audit: BrowserContext;
let startedAt: Date;
let koreanArticlePath: string;

async function waitFor<T>(read: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Opens a page in the reader context with request, CSP-console and response-header checks attached. */
async function openAsReader(pathname: string, viewport?: { width: number; height: number }) {
  const page = await reader.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const requests = watchExternalRequests(page);
  const cspErrors = watchCspErrors(page);
  const response = await page.goto(new URL(pathname, server.url).href, { waitUntil: 'load' });
  expect(response?.status(), `${pathname} status`).toBe(200);
  return { page, requests, cspErrors, csp: response?.headers()['content-security-policy'] ?? '' };
}

async function axeViolations(pathname: string, viewport?: { width: number; height: number }) {
  const page = await audit.newPage();
  if (viewport) await page.setViewportSize(viewport);
  try {
    await page.goto(new URL(pathname, server.url).href, { waitUntil: 'load' });
    return formatViolations(await runAxe(page));
  } finally {
    await page.close();
  }
}

/** Scrolls down a viewport at a time so lazy images load, then waits until every image has loaded (or failed). */
async function scrollThrough(page: Page) {
  await page.evaluate(async () => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += Math.max(200, window.innerHeight - 100)) {
      window.scrollTo(0, y);
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 30)));
    }
    window.scrollTo(0, document.documentElement.scrollHeight);
  });
  await page.waitForFunction(() => Array.from(document.images).every((img) => img.complete), undefined, { timeout: 10_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** The text a reader reads, in order: the body without the skip link and the footer. */
const readingText = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.body.children)
      .filter((el) => el.matches('header, main'))
      .map((el) => (el as HTMLElement).innerText)
      .join('\n'),
  );

beforeAll(async () => {
  startedAt = new Date();
  [db, weather, browser] = await Promise.all([sqliteTarget.create(), startFakeWeatherServer(62.9), launchBrowser()]);
  server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir, DEMO: '1', WEATHER_API_URL: weather.url });
  // The server asks the provider at start, off the request path; under load that first answer can take a while.
  await server.services.weather.refresh();
  await waitFor(() => server.services.weather.current(), 10_000, 'the weather reading');
  [reader, audit] = await Promise.all([browser.newContext(), newAuditContext(browser)]);
  // The Korean version's address, as the English page announces it (each test can then run on its own).
  const englishHtml = await (await fetch(new URL(ARTICLE_EN, server.url))).text();
  const alternate = /<link rel="alternate" hreflang="ko" href="([^"]+)">/.exec(englishHtml)?.[1];
  if (!alternate) throw new Error('the English seed article has no hreflang="ko" alternate');
  koreanArticlePath = new URL(alternate).pathname;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await weather?.close();
  await db?.cleanup();
}, 120_000);

describe('reader site in a browser', () => {
  it('English front page lists the seed headline and shows the weather from the provider', async () => {
    const { page, requests, cspErrors, csp } = await openAsReader('/en');
    expect(await page.getByRole('link', { name: SEED_HEADLINE_EN, exact: true }).count()).toBeGreaterThan(0);
    const widget = await page.locator('.site-header .weather').innerText();
    expect(widget).toContain('62.9');
    expect(widget).toContain('Los Angeles');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    requests.assertNone();
    expect(cspErrors).toEqual([]);
    await page.close();
  });

  it('English seed article reads in the seed order, with nothing repeated', async () => {
    const { page, requests, cspErrors, csp } = await openAsReader(ARTICLE_EN);
    const text = normalise(await readingText(page));
    const lead = SEED_IMAGES.lead.text.en;
    const inside = SEED_IMAGES.inside.text.en;
    const firstParagraph = SEED_PARAGRAPHS_EN_BEFORE_PHOTO[0]!;
    const lastParagraph = SEED_PARAGRAPHS_EN_AFTER_PHOTO[SEED_PARAGRAPHS_EN_AFTER_PHOTO.length - 1]!;
    expect(lastParagraph.startsWith('Kim has touted the troops')).toBe(true);
    const dek = await page.locator('article .dek').innerText();
    const today = todayCandidates(startedAt, 'en').find((d) => text.includes(d));
    expect(today, `today's date (${todayCandidates(startedAt, 'en').join(' or ')}) in:\n${text.slice(0, 300)}`).toBeDefined();

    // Each entry must come after the previous one (the weather and the date share the top bar, either way round).
    const sequence: [label: string, needle: string | RegExp][] = [
      ['weather city', 'Los Angeles'],
      ['headline', SEED_HEADLINE_EN],
      ['dek', dek],
      ['byline', 'By Kim Ju-yeon'],
      ['published time', /Published \w+\.? \d{1,2}, \d{4}, \d{1,2}:\d{2} [ap]\.m\. P[SD]T/],
      ['first caption', lead.caption],
      ['first credit', /YONHAP/i],
      ['first body paragraph', firstParagraph],
      ['second caption', inside.caption],
      ['second credit', /YONHAP/i],
      ['last body paragraph', lastParagraph],
      ['credit line e-mail', EMAIL],
      ['ad label', /Advertisement/i],
      ['author box name', SEED_AUTHOR.nameEn],
      ['author bio', SEED_AUTHOR.bioEn],
    ];
    const headlineAt = text.indexOf(SEED_HEADLINE_EN);
    expect(text.indexOf(today!)).toBeLessThan(headlineAt);
    expect(text.indexOf('62.9')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('62.9')).toBeLessThan(headlineAt);
    let from = Math.min(text.indexOf(today!), text.indexOf('62.9'));
    for (const [label, needle] of sequence) {
      const rest = text.slice(from);
      const at = typeof needle === 'string' ? rest.indexOf(normalise(needle)) : rest.search(needle);
      expect(at, `${label} (${String(needle).slice(0, 60)}…) should appear after: …${text.slice(Math.max(0, from - 80), from)}`).toBeGreaterThanOrEqual(0);
      from += at + 1;
    }

    // Captions once, never as alt text; the byline is not pasted into the body.
    for (const caption of [lead.caption, inside.caption]) expect(text.split(normalise(caption)).length - 1).toBe(1);
    const alts = await page.locator('img[alt]').evaluateAll((imgs) => imgs.map((img) => img.getAttribute('alt') ?? ''));
    const captions = await page.locator('figcaption').allInnerTexts();
    expect(captions.length).toBe(2);
    for (const alt of alts.filter(Boolean)) {
      for (const caption of [lead.caption, inside.caption, ...captions]) {
        expect(normalise(alt), 'alt text repeats a caption').not.toBe(normalise(caption));
        expect(normalise(alt), 'alt text contains a caption').not.toContain(normalise(caption));
      }
    }
    const bodyParagraphs = await page.locator('.article-body p').allInnerTexts();
    expect(bodyParagraphs.length).toBe(SEED_PARAGRAPHS_EN_BEFORE_PHOTO.length + SEED_PARAGRAPHS_EN_AFTER_PHOTO.length);
    for (const p of bodyParagraphs) expect(p).not.toMatch(/BY KIM JU-YEON/i);

    // Page facts: language, machine-readable times, the e-mail as a link, the other language, image sizes.
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('article time[datetime]').count()).toBeGreaterThan(0);
    const datetime = await page.locator('article .times time').first().getAttribute('datetime');
    expect(Number.isNaN(Date.parse(datetime ?? ''))).toBe(false);
    expect(await page.locator(`.credit-line a[href="mailto:${EMAIL}"]`).innerText()).toBe(EMAIL);
    expect(await page.locator('link[rel="alternate"][hreflang="ko"]').count()).toBe(1);
    expect(await page.locator(`.translation-link a[hreflang="ko"][href="${koreanArticlePath}"]`).count()).toBe(1);
    const sizes = await page.locator('img').evaluateAll((imgs) => imgs.map((img) => [img.getAttribute('src'), img.getAttribute('width'), img.getAttribute('height')]));
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    for (const [src, width, height] of sizes) {
      expect(Number(width), `${src} width`).toBeGreaterThan(0);
      expect(Number(height), `${src} height`).toBeGreaterThan(0);
    }
    // Images really load (from this server).
    await scrollThrough(page);
    const broken = await page.locator('img').evaluateAll((imgs) => (imgs as HTMLImageElement[]).filter((img) => img.complete && img.naturalWidth === 0).map((img) => img.src));
    expect(broken).toEqual([]);

    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    requests.assertNone();
    expect(cspErrors).toEqual([]);
    await page.close();
  });

  it('the Korean translation, reached from the English page, is a Korean page', async () => {
    const { page, requests, cspErrors, csp } = await openAsReader(ARTICLE_EN);
    await Promise.all([page.waitForURL((url) => url.pathname.startsWith('/ko/')), page.locator('.translation-link a').click()]);
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe(koreanArticlePath);
    expect(await page.getAttribute('html', 'lang')).toBe('ko');
    expect(await page.locator('.ad-slot .ad-label').innerText()).toBe('광고');
    expect(todayCandidates(startedAt, 'ko')).toContain(await page.locator('.site-header .today').innerText());
    expect(todayCandidates(startedAt, 'ko')[0]).toMatch(/^\d{4}년 \d{1,2}월 \d{1,2}일 [월화수목금토일]요일$/);
    expect(await page.locator('.article-body').evaluate((el) => getComputedStyle(el).wordBreak)).toBe('keep-all');
    expect(await page.locator('link[rel="alternate"][hreflang="en"]').count()).toBe(1);
    expect(await page.locator('.translation-link a[hreflang="en"]').getAttribute('href')).toBe(ARTICLE_EN);
    expect(csp).toContain("default-src 'none'");
    requests.assertNone();
    expect(cspErrors).toEqual([]);
    await page.close();
  });

  it('Korean front page and the phone layout make no outside request and break no CSP rule', async () => {
    for (const [pathname, viewport] of [['/ko', undefined], [ARTICLE_EN, PHONE], [koreanArticlePath, PHONE]] as const) {
      const { page, requests, cspErrors, csp } = await openAsReader(pathname, viewport);
      expect(csp, pathname).toContain("default-src 'none'");
      expect(csp, pathname).toContain("script-src 'self'");
      await scrollThrough(page); // lazy images load too
      requests.assertNone();
      expect(cspErrors, pathname).toEqual([]);
      await page.close();
    }
  });

  it('pages reflow at 320 px: nothing but the section menu scrolls sideways (WCAG 1.4.10)', async () => {
    const overflowing: string[] = [];
    for (const pathname of ['/en', '/ko', ARTICLE_EN, koreanArticlePath, '/en/author/kim-ju-yeon']) {
      const page = await reader.newPage();
      await page.setViewportSize({ width: 320, height: 640 });
      await page.goto(new URL(pathname, server.url).href);
      const wide = await page.evaluate(() =>
        document.documentElement.scrollWidth > window.innerWidth
          ? Array.from(document.querySelectorAll('body *'))
              .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.section-nav'))
              .slice(0, 3)
              .map((el) => el.outerHTML.slice(0, 120))
          : [],
      );
      if (wide.length) overflowing.push(`${pathname}: ${wide.join(' | ')}`);
      await page.close();
    }
    expect(overflowing).toEqual([]);
  });

  it('axe finds no WCAG 2.2 AA or best-practice violation', async () => {
    const pages: [string, { width: number; height: number } | undefined][] = [
      ['/en', undefined],
      ['/ko', undefined],
      [ARTICLE_EN, undefined],
      [koreanArticlePath, undefined],
      [ARTICLE_EN, PHONE],
    ];
    const reports = await Promise.all(pages.map(([pathname, viewport]) => axeViolations(pathname, viewport)));
    const failing = pages
      .map(([pathname, viewport], i) => (reports[i] === 'no violations' ? '' : `${pathname}${viewport ? ` at ${viewport.width}px` : ''}:\n${reports[i]}`))
      .filter(Boolean);
    expect(failing.join('\n\n')).toBe('');
  });

  it('axe finds no violation in dark mode either', async () => {
    const dark = await newAuditContext(browser, { colorScheme: 'dark' });
    try {
      const page = await dark.newPage();
      await page.goto(new URL(ARTICLE_EN, server.url).href);
      expect(formatViolations(await runAxe(page))).toBe('no violations');
    } finally {
      await dark.close();
    }
  });

  it('Tab first reaches the skip link, which moves focus to main', async () => {
    const { page } = await openAsReader(ARTICLE_EN);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => ({ cls: document.activeElement?.className, href: document.activeElement?.getAttribute('href') }))).toEqual({ cls: 'skip-link', href: '#main' });
    const box = await page.locator('.skip-link').boundingBox();
    expect(box && box.y >= 0 && box.height > 0, `skip link on screen when focused: ${JSON.stringify(box)}`).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.tagName === 'MAIN');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.close();
  });
});
