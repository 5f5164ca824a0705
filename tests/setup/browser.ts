import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Browser journeys: the system Chromium (Debian's `chromium` package) driven by playwright-core, so nothing is
 * downloaded at test time. Set CHROMIUM_PATH to use another binary.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A context for accessibility audits: `bypassCSP` lets the test inject axe-core into the page. Only the audit
 * context does this; the app's own CSP is never changed, and journeys that check the CSP use a normal context.
 */
export function newAuditContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ ...options, bypassCSP: true });
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

/** Runs axe-core on the page (which must come from a `newAuditContext` context) and returns its violations. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  axeSource ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const present = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!present) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html, failureSummary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

/** Violations as text a failing assertion can show: rule, impact, help, and the first few offending elements. */
export function formatViolations(violations: AxeViolation[], maxNodes = 3): string {
  if (violations.length === 0) return 'no violations';
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, maxNodes)
        .map((n) => `    ${n.target.join(' ')}\n      ${n.html.replace(/\s+/g, ' ').slice(0, 200)}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 300)}` : ''}`)
        .join('\n');
      const more = v.nodes.length > maxNodes ? `\n    … and ${v.nodes.length - maxNodes} more` : '';
      return `[${v.impact ?? 'n/a'}] ${v.id}: ${v.help} (${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'})\n${nodes}${more}`;
    })
    .join('\n');
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** True for URLs a page may load without leaving this machine (plus data:/blob:/about: URLs, which go nowhere). */
export function isLocalUrl(raw: string): boolean {
  const url = new URL(raw);
  if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return true;
  return LOCAL_HOSTS.has(url.hostname);
}

/**
 * Records every request a page makes to a non-local origin. `assertNone()` throws with the list, so a test fails
 * with the offending URLs in its message.
 */
export function watchExternalRequests(page: Page): { external: string[]; assertNone(): void } {
  const external: string[] = [];
  page.on('request', (request) => {
    if (!isLocalUrl(request.url())) external.push(`${request.method()} ${request.url()}`);
  });
  return {
    external,
    assertNone() {
      if (external.length) throw new Error(`page made requests outside localhost:\n  ${external.join('\n  ')}`);
    },
  };
}

/** Collects console errors that mention the Content Security Policy (a blocked inline script, style, or source). */
export function watchCspErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content[- ]Security[- ]Policy/i.test(message.text())) errors.push(message.text());
  });
  return errors;
}

/** Fails with axe's report (rule, impact, elements) when the screen has any violation. */
export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  const violations = await runAxe(page);
  expect(violations, `${screen}:\n${formatViolations(violations)}`).toHaveLength(0);
}

/** Signs in on the newsroom's sign-in screen (Korean, the default interface) and waits for the dashboard. */
export async function signInToNewsroom(page: Page, baseUrl: string, email: string, password: string, options: { submit?: 'click' | 'enter' } = {}): Promise<void> {
  await page.goto(new URL('/newsroom', baseUrl).href);
  await page.getByRole('heading', { level: 1, name: '로그인' }).waitFor();
  await page.getByLabel('이메일', { exact: true }).fill(email);
  await page.getByLabel('비밀번호', { exact: true }).fill(password);
  if (options.submit === 'enter') await page.getByLabel('비밀번호', { exact: true }).press('Enter');
  else await page.getByRole('button', { name: '로그인' }).click();
  await page.getByRole('heading', { level: 1, name: '대시보드' }).waitFor();
}

/**
 * Presses Tab (or Shift+Tab with `backwards`) until the focused element is the locator's element or matches the
 * predicate, so the test proves the control is in the tab order. A predicate is serialised into the page, so it
 * may use only its argument.
 */
export async function tabTo(page: Page, target: Locator | ((el: Element) => boolean), options: number | { max?: number; backwards?: boolean } = {}): Promise<void> {
  const { max = 60, backwards = false } = typeof options === 'number' ? { max: options } : options;
  // A locator is resolved once (it must be on the page already), then compared in the page after each key press.
  const handle = typeof target === 'function' ? null : await target.elementHandle();
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const focused = typeof target === 'function' ? await page.evaluate(`(${target.toString()})(document.activeElement)`) : await page.evaluate((el) => document.activeElement === el, handle);
    if (focused) return;
  }
  throw new Error(`control not reached with ${backwards ? 'Shift+Tab' : 'Tab'} in ${max} presses`);
}
