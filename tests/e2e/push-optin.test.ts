import type { Browser, CDPSession } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve.js';
import { vapidKeyPair } from '../fakes/push-service.js';
import { formatViolations, launchBrowser, newAuditContext, runAxe, watchCspErrors, watchExternalRequests } from '../setup/browser.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { sqliteTarget } from '../setup/test-databases.js';
import { startTestServer } from '../setup/test-server.js';

/**
 * The reader's side of Web Push in Chromium: the opt-in control, the service worker's registration at the site
 * root, and the worker showing an alert. Headless Chromium cannot reach a real push service offline, so the
 * subscription itself is synthesised in tests/push/push.test.ts; here DevTools delivers a push message straight to
 * the registered worker.
 */
describe('Web Push opt-in in the browser', () => {
  let db: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  const vapid = vapidKeyPair();

  beforeAll(async () => {
    [db, browser] = await Promise.all([sqliteTarget.create(), launchBrowser()]);
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir, VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey, VAPID_SUBJECT: 'mailto:desk@sinmun.example' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.cleanup();
  });

  it('shows an accessible opt-in, registers the service worker by keyboard, and the worker shows an alert', async () => {
    const context = await browser.newContext();
    await context.grantPermissions(['notifications'], { origin: server.url });
    const page = await context.newPage();
    const cspErrors = watchCspErrors(page);
    const external = watchExternalRequests(page);
    await page.goto(`${server.url}/en`);
    const region = page.getByRole('region', { name: 'Breaking news alerts' });
    const button = region.getByRole('button', { name: 'Turn on notifications' });
    await button.waitFor();
    expect(await page.evaluate(() => navigator.serviceWorker.getRegistration('/push-sw.js').then((r) => r === undefined))).toBe(true);

    await button.focus();
    await page.keyboard.press('Enter');
    const scope = await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.scope));
    expect(scope).toBe(`${server.url}/`);
    const status = region.getByRole('status');
    await page.waitForFunction(() => (document.querySelector('#push-optin [role=status]')?.textContent ?? '') !== '', undefined, { timeout: 20_000 });
    // Offline, Chromium's own push service is out of reach, so subscribing fails and the reader is told so.
    expect(['Breaking news notifications are on.', 'Notifications cannot be turned on in this browser right now.']).toContain(await status.textContent());
    expect(await button.isEnabled()).toBe(true);

    const cdp: CDPSession = await context.newCDPSession(page);
    const registrations: { registrationId: string; scopeURL: string }[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (event: { registrations: { registrationId: string; scopeURL: string }[] }) => registrations.push(...event.registrations));
    await cdp.send('ServiceWorker.enable');
    const deadline = Date.now() + 5000;
    while (!registrations.some((r) => r.scopeURL === `${server.url}/`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const reg = registrations.find((r) => r.scopeURL === `${server.url}/`);
    const alert = { title: 'Breaking news | Sinmun', body: 'Earthquake shakes Seoul', url: `${server.url}/en/world/1-earthquake`, tag: 'article-1', lang: 'en' };
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: server.url, registrationId: reg?.registrationId ?? '', data: JSON.stringify(alert) });
    const shown = await page.waitForFunction(() => navigator.serviceWorker.ready.then((r) => r.getNotifications()).then((list) => (list.length ? list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as unknown })) : null)), undefined, { timeout: 10_000 });
    expect(await shown.jsonValue()).toEqual([{ title: alert.title, body: alert.body, tag: alert.tag, data: { url: alert.url } }]);
    expect(cspErrors).toEqual([]);
    external.assertNone();
    await context.close();
  });

  it('tells the reader when notifications are blocked, and registers nothing', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/en`);
    expect(await page.evaluate(() => Notification.permission)).not.toBe('granted');
    // Headless Chromium answers a permission request with "denied" when nothing was granted.
    await page.getByRole('button', { name: 'Turn on notifications' }).click();
    await page.getByRole('status').filter({ hasText: 'blocked' }).waitFor();
    expect(await page.evaluate(() => navigator.serviceWorker.getRegistration('/push-sw.js').then((r) => r === undefined))).toBe(true);
    await context.close();
  });

  it('keeps the opt-in hidden in a browser without the Push API', async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      delete (window as { PushManager?: unknown }).PushManager;
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/en`);
    await page.waitForLoadState('load');
    expect(await page.locator('#push-optin').count()).toBe(1);
    expect(await page.locator('#push-optin').isHidden()).toBe(true);
    expect(await page.getByRole('button', { name: 'Turn on notifications' }).count()).toBe(0);
    await context.close();
  });

  it('passes axe with the opt-in shown, in Korean and English', async () => {
    const audit = await newAuditContext(browser);
    try {
      const page = await audit.newPage();
      for (const [path, label] of [['/en', 'Turn on notifications'], ['/ko', '알림 켜기']] as const) {
        await page.goto(`${server.url}${path}`);
        await page.getByRole('button', { name: label }).waitFor();
        const violations = await runAxe(page);
        expect(violations, formatViolations(violations)).toEqual([]);
      }
    } finally {
      await audit.close();
    }
  });
});
