import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve.js';
import { startSmtpServer } from '../fakes/smtp-server.js';
import { formatViolations, launchBrowser, newAuditContext, runAxe, watchCspErrors } from '../setup/browser.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { sqliteTarget } from '../setup/test-databases.js';
import { startTestServer } from '../setup/test-server.js';

/** A reader signs up from the site's footer form in Chromium: no script needed, strict CSP, accessible, mail sent. */
describe('newsletter sign-up in the browser', () => {
  let db: TestDatabase;
  let server: RunningServer;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let browser: Browser;

  beforeAll(async () => {
    [db, smtp, browser] = await Promise.all([sqliteTarget.create(), startSmtpServer(), launchBrowser()]);
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir, SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
    await db?.cleanup();
  });

  it('subscribes from the footer form and gets the confirmation mail; the form and the answer pass axe', async () => {
    const page = await browser.newPage();
    const cspErrors = watchCspErrors(page);
    await page.goto(`${server.url}/en`);
    await page.getByLabel('E-mail address').fill('browser-reader@example.com');
    await page.getByLabel('Breaking news alerts').check();
    await Promise.all([page.waitForURL('**/newsletter/subscribe'), page.getByRole('button', { name: 'Subscribe' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your inbox');
    expect(cspErrors).toEqual([]);
    const deadline = Date.now() + 10_000;
    while (!smtp.mails.some((m) => m.to === 'browser-reader@example.com') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(smtp.mails.find((m) => m.to === 'browser-reader@example.com')?.parsed.subject).toContain('Confirm your');

    const audit = await newAuditContext(browser);
    try {
      const auditPage = await audit.newPage();
      for (const path of ['/en', '/ko']) {
        await auditPage.goto(`${server.url}${path}`);
        const violations = await runAxe(auditPage);
        expect(violations, formatViolations(violations)).toEqual([]);
      }
      await auditPage.goto(`${server.url}/newsletter/unsubscribe?token=not-a-real-token-123&lang=en`);
      expect(await auditPage.getByRole('heading', { level: 1 }).textContent()).toBe('Unsubscribe');
      const violations = await runAxe(auditPage);
      expect(violations, formatViolations(violations)).toEqual([]);
    } finally {
      await audit.close();
    }
  });

  it('changes preferences from the link in a mail with script off; the page passes axe in both languages', async () => {
    const { newsletters } = server.services;
    await newsletters.subscribe({ email: 'prefs-reader@example.com', languages: ['ko'], digest: true });
    const token = await (async () => {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const mail = smtp.mails.find((m) => m.to === 'prefs-reader@example.com');
        if (mail) return /token=([\w-]+)/.exec(mail.parsed.text ?? '')?.[1] ?? '';
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return '';
    })();
    expect(await newsletters.confirm(token)).toBe(true);

    // A plain form post: works with JavaScript turned off, under the real CSP.
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const cspErrors = watchCspErrors(page);
      await page.goto(`${server.url}/newsletter/preferences?token=${token}&lang=en`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Newsletter preferences');
      // The footer's sign-up form is on the page too: work inside the preferences form.
      const form = page.getByRole('form', { name: 'Newsletter preferences' });
      expect(await form.getByLabel('Korean').isChecked()).toBe(true);
      await form.getByLabel('English').check();
      await form.getByLabel('Breaking news alerts').check();
      await Promise.all([page.waitForLoadState('load'), form.getByRole('button', { name: 'Save preferences' }).click()]);
      await page.getByRole('status').filter({ hasText: 'Your preferences are saved.' }).waitFor();
      expect(cspErrors).toEqual([]);
      expect(await newsletters.getPreferences(token)).toEqual({ email: 'prefs-reader@example.com', languages: ['ko', 'en'], digest: true, alerts: true });
    } finally {
      await context.close();
    }

    const audit = await newAuditContext(browser);
    try {
      const auditPage = await audit.newPage();
      for (const lang of ['ko', 'en']) {
        await auditPage.goto(`${server.url}/newsletter/preferences?token=${token}&lang=${lang}`);
        expect(await auditPage.getByRole('heading', { level: 1 }).textContent()).toBe(lang === 'ko' ? '뉴스레터 구독 설정' : 'Newsletter preferences');
        let violations = await runAxe(auditPage);
        expect(violations, formatViolations(violations)).toEqual([]);
        // The refused form (nothing chosen) and a bad link, too.
        const form = auditPage.getByRole('form', { name: lang === 'ko' ? '뉴스레터 구독 설정' : 'Newsletter preferences' });
        for (const box of await form.getByRole('checkbox').all()) await box.uncheck();
        await Promise.all([auditPage.waitForLoadState('load'), form.getByRole('button').click()]);
        await auditPage.getByRole('alert').waitFor();
        violations = await runAxe(auditPage);
        expect(violations, formatViolations(violations)).toEqual([]);
        await auditPage.goto(`${server.url}/newsletter/preferences?token=not-a-real-token-123&lang=${lang}`);
        violations = await runAxe(auditPage);
        expect(violations, formatViolations(violations)).toEqual([]);
      }
    } finally {
      await audit.close();
    }
    // The refused posts saved nothing.
    expect(await newsletters.getPreferences(token)).toMatchObject({ languages: ['ko', 'en'], digest: true, alerts: true });
  });
});
