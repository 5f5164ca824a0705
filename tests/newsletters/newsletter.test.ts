import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/accounts/accounts.types.js';
import type { RunningServer } from '../../src/serve.js';
import { startSmtpServer } from '../fakes/smtp-server.js';
import { databaseTargets, sqliteTarget } from '../setup/test-databases.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { api, createAccountWithToken, startTestServer } from '../setup/test-server.js';

async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
const pendingSends = async (server: RunningServer) =>
  (await server.services.jobs.listJobs()).filter((j) => (j.name === 'newsletters.send' || j.name === 'newsletters.confirmation') && (j.status === 'pending' || j.status === 'running'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(databaseTargets)('newsletter journey on $name', (target) => {
  let db: TestDatabase;
  let server: RunningServer;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let editor: Actor;
  let editorToken: string;

  beforeAll(async () => {
    [db, smtp] = await Promise.all([target.create(), startSmtpServer()]);
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir, SMTP_URL: smtp.url, MAIL_FROM: 'Sinmun Daily <news@sinmun.example>', SITE_NAME: 'Sinmun Daily' });
    await server.services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    const created = await createAccountWithToken(server.services, 'editor');
    editorToken = created.token;
    editor = { id: created.account.id, email: created.account.email, name: created.account.name, role: created.account.role, authorId: null };
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
    await db?.cleanup();
  });

  const mailsTo = (email: string) => smtp.mails.filter((m) => m.to === email);

  it('signs up with double opt-in, sends the digest and an alert, unsubscribes in one click, and then sends nothing', async () => {
    const reader = 'reader@example.com';
    expect((await api(server.url, '/newsletter/subscribe', { json: { email: 'not-an-address' } })).status).toBe(422);
    const signup = await api(server.url, '/newsletter/subscribe', { json: { email: reader, languages: ['en'], digest: true, alerts: true } });
    expect(signup.status).toBe(202);

    // -- confirmation mail, nothing else until confirmed --
    const [confirmation] = await waitFor(() => mailsTo(reader).length === 1 && mailsTo(reader));
    expect(confirmation?.parsed.subject).toBe('Confirm your Sinmun Daily newsletter subscription');
    expect(confirmation?.parsed.from?.text).toBe('"Sinmun Daily" <news@sinmun.example>');
    const confirmUrl = /(http:\/\/127\.0\.0\.1:\d+\/newsletter\/confirm\?token=[\w-]+&lang=en)/.exec(confirmation?.parsed.text ?? '')?.[1] ?? '';
    expect(confirmUrl).not.toBe('');
    const first = await server.services.articles.createArticle({ language: 'en', headline: 'Council passes the budget', dek: 'A 7–2 vote.', section: 'world' }, editor);
    await server.services.workflow.publish(first.id, editor);
    expect(await server.services.newsletters.findSubscriberStatus(reader)).toBe('pending');
    const confirmed = await fetch(confirmUrl);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Subscription confirmed');
    expect(await server.services.newsletters.findSubscriberStatus(reader)).toBe('active');

    // -- the digest: the day's headlines, multipart, List-Unsubscribe one-click --
    const second = await server.services.articles.createArticle({ language: 'en', headline: 'Rain returns to the coast', section: 'world' }, editor);
    await server.services.workflow.publish(second.id, editor);
    const digest = await api<{ sendId: number }>(server.url, '/api/admin/newsletters/digest', { token: editorToken, json: { language: 'en' } });
    expect(digest.status).toBe(202);
    const again = await api<{ sendId: number }>(server.url, '/api/admin/newsletters/digest', { token: editorToken, json: { language: 'en' } });
    expect(again.body.sendId).toBe(digest.body.sendId);
    const digestMail = (await waitFor(() => mailsTo(reader).length === 2 && mailsTo(reader)))[1];
    if (!digestMail) throw new Error('no digest');
    expect(digestMail.parsed.subject).toMatch(/^Sinmun Daily — today's headlines \(\d{4}-\d{2}-\d{2}\)$/);
    expect(digestMail.parsed.text).toContain('Council passes the budget');
    expect(digestMail.parsed.text).toContain('Rain returns to the coast');
    expect(digestMail.parsed.html).toContain('>Council passes the budget</a>');
    expect(digestMail.raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(digestMail.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/im);
    expect(digestMail.raw).toMatch(/^List-Id: .*<newsletter\.127\.0\.0\.1>\r?$/im);
    const unsubscribeUrl = /<(http[^>]+)>/.exec(/^List-Unsubscribe: (.+)$/im.exec(digestMail.raw.replace(/\r?\n[ \t]+/g, ' '))?.[1] ?? '')?.[1] ?? '';
    expect(unsubscribeUrl).toMatch(/\/newsletter\/unsubscribe\?token=/);
    expect(digestMail.parsed.messageId).toMatch(new RegExp(`^<newsletter\\.${digest.body.sendId}\\.\\d+@127\\.0\\.0\\.1>$`));

    // -- a breaking alert when an editor publishes with {"alert": true} --
    const breaking = await api<{ id: number }>(server.url, '/api/admin/articles', { token: editorToken, json: { language: 'en', headline: 'Earthquake shakes the city', section: 'world' } });
    expect((await api(server.url, `/api/admin/articles/${breaking.body.id}/publish`, { token: editorToken, json: { alert: true } })).status).toBe(200);
    const alert = (await waitFor(() => mailsTo(reader).length === 3 && mailsTo(reader)))[2];
    expect(alert?.parsed.subject).toBe('Breaking: Earthquake shakes the city | Sinmun Daily');

    // -- a link scanner's GET does not unsubscribe; the one-click POST (RFC 8058) does, without login --
    expect(await (await fetch(unsubscribeUrl)).text()).toContain('<button type="submit">Unsubscribe</button>');
    expect(await server.services.newsletters.findSubscriberStatus(reader)).toBe('active');
    const oneClick = await fetch(unsubscribeUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);
    expect(await server.services.newsletters.findSubscriberStatus(reader)).toBe('unsubscribed');

    // -- no further mail --
    const later = await api<{ id: number }>(server.url, '/api/admin/articles', { token: editorToken, json: { language: 'en', headline: 'Second alert nobody gets', section: 'world' } });
    await api(server.url, `/api/admin/articles/${later.body.id}/publish`, { token: editorToken, json: { alert: true } });
    await sleep(500);
    expect(await pendingSends(server)).toEqual([]);
    expect(mailsTo(reader)).toHaveLength(3);
  });

  it('stops mail to an address after a hard bounce (RFC 3464 report) or a complaint; a soft bounce changes nothing', async () => {
    const { newsletters } = server.services;
    for (const email of ['gone@example.com', 'busy@example.com', 'angry@example.com']) {
      await newsletters.subscribe({ email, languages: ['en'], alerts: true, digest: false });
      await waitFor(() => mailsTo(email).length === 1);
      const token = /token=([\w-]+)/.exec(mailsTo(email)[0]?.parsed.text ?? '')?.[1] ?? '';
      expect(await newsletters.confirm(token)).toBe(true);
    }
    const dsn = ['Reporting-MTA: dns; mx.example.net', '', 'Final-Recipient: rfc822; gone@example.com', 'Action: failed', 'Status: 5.1.1', '', 'Final-Recipient: rfc822; busy@example.com', 'Action: delayed', 'Status: 4.2.2', ''].join('\r\n');
    const report = await api<{ stopped: string[]; ignored: string[] }>(server.url, '/api/admin/newsletters/bounces', { token: editorToken, body: dsn, headers: { 'content-type': 'message/delivery-status' } });
    expect(report.status).toBe(200);
    expect(report.body).toEqual({ stopped: ['gone@example.com'], ignored: ['busy@example.com'] });
    const complaint = await api(server.url, '/api/admin/newsletters/bounces', { token: editorToken, json: { email: 'angry@example.com', type: 'complaint' } });
    expect(complaint.status).toBe(200);
    expect((await api(server.url, '/api/admin/newsletters/bounces', { token: editorToken, body: 'hello', headers: { 'content-type': 'text/plain' } })).status).toBe(422);
    expect((await api(server.url, '/api/admin/newsletters/bounces', { json: { email: 'x@example.com', type: 'hard' } })).status).toBe(401);

    const story = await api<{ id: number }>(server.url, '/api/admin/articles', { token: editorToken, json: { language: 'en', headline: 'Alert after the bounces', section: 'world' } });
    await api(server.url, `/api/admin/articles/${story.body.id}/publish`, { token: editorToken, json: { alert: true } });
    await waitFor(() => mailsTo('busy@example.com').length === 2);
    await sleep(300);
    expect(mailsTo('gone@example.com')).toHaveLength(1);
    expect(mailsTo('angry@example.com')).toHaveLength(1);

    // An alert cannot go out for a story readers cannot see yet.
    const held = await api<{ id: number }>(server.url, '/api/admin/articles', { token: editorToken, json: { language: 'en', headline: 'Held', section: 'world', embargoUntil: new Date(Date.now() + 3_600_000).toISOString() } });
    const refused = await api<{ detail: string }>(server.url, `/api/admin/articles/${held.body.id}/publish`, { token: editorToken, json: { alert: true } });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('embargoed');
  });

  it('gives editors an overview: settings, subscribers by status and language, the last sends', async () => {
    type Overview = { enabled: boolean; digestTime: string; subscribers: { byStatus: Record<string, number>; active: Record<string, number> }; recentSends: { kind: string; language: string; sent: number }[] };
    const overview = await api<Overview>(server.url, '/api/admin/newsletters', { token: editorToken });
    expect(overview.status).toBe(200);
    expect(overview.body).toMatchObject({ enabled: true, digestTime: '07:00', subscribers: { byStatus: { active: 1, unsubscribed: 1, bounced: 1, complained: 1 }, active: { en: 1, ko: 0, alerts: 1, digest: 0 } } });
    expect(overview.body.recentSends.map((x) => x.kind)).toEqual(['alert', 'alert', 'alert', 'digest']);
    expect(overview.body.recentSends.at(-1)).toMatchObject({ kind: 'digest', language: 'en', sent: 1 });
    const author = await createAccountWithToken(server.services, 'author');
    expect((await api(server.url, '/api/admin/newsletters', { token: author.token })).status).toBe(403);
  });

  it('lets a reader change preferences from the link in a mail, without login; the next alert and digest follow them', async () => {
    const reader = 'prefs@example.com';
    const form = (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    await api(server.url, '/newsletter/subscribe', { json: { email: reader, languages: ['en'], digest: false, alerts: true } });
    await waitFor(() => mailsTo(reader).length === 1);
    expect(await server.services.newsletters.confirm(/token=([\w-]+)/.exec(mailsTo(reader)[0]?.parsed.text ?? '')?.[1] ?? '')).toBe(true);

    // -- signing up again answers exactly as for a new address, changes nothing, and mails the preferences link --
    const again = await api(server.url, '/newsletter/subscribe', { json: { email: reader, languages: ['ko'], digest: true, alerts: false } });
    const stranger = await api(server.url, '/newsletter/subscribe', { json: { email: 'stranger@example.com', languages: ['ko'], digest: true } });
    expect([again.status, again.body]).toEqual([stranger.status, stranger.body]);
    const prefsMail = (await waitFor(() => mailsTo(reader).length === 2 && mailsTo(reader)))[1];
    expect(prefsMail?.parsed.subject).toBe('Sinmun Daily 뉴스레터 구독 설정');
    const prefsUrl = /(http:\/\/127\.0\.0\.1:\d+\/newsletter\/preferences\?token=[\w-]+&lang=ko)/.exec(prefsMail?.parsed.text ?? '')?.[1] ?? '';
    expect(prefsUrl).not.toBe('');
    expect(prefsMail?.parsed.html).toContain('>구독 설정</a>');
    const token = new URL(prefsUrl).searchParams.get('token') ?? '';
    expect(await server.services.newsletters.getPreferences(token)).toEqual({ email: reader, languages: ['en'], digest: false, alerts: true });

    // -- the page shows the current choices as a plain form (strict CSP, no referrer) --
    const shown = await fetch(prefsUrl);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(shown.headers.get('referrer-policy')).toBe('no-referrer');
    const page = await shown.text();
    expect(page).toContain('<h1 id="preferences-title">뉴스레터 구독 설정</h1>');
    expect(page).toContain('name="languages" value="en" checked');
    expect(page).not.toContain('name="languages" value="ko" checked');
    expect(page).toContain('name="alerts" value="on" checked');
    expect(page).not.toContain('<script>');

    // -- nothing chosen: 422 with the reason, nothing saved; a bad token: 404 with a clear message --
    const empty = await form(prefsUrl.replace('lang=ko', 'lang=en'), 'alerts=on');
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Choose Korean, English, or both.');
    const none = await form(prefsUrl, 'languages=ko');
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('매일 주요 기사나 속보 알림 중 하나 이상을 고르세요');
    expect(await server.services.newsletters.getPreferences(token)).toMatchObject({ languages: ['en'], alerts: true });
    for (const bad of [await fetch(`${server.url}/newsletter/preferences?token=not-a-real-token-123&lang=en`), await form(`${server.url}/newsletter/preferences?token=not-a-real-token-123&lang=en`, 'languages=ko&digest=on'), await fetch(`${server.url}/newsletter/preferences?lang=en`)]) {
      expect(bad.status).toBe(404);
      expect(await bad.text()).toContain('This link does not work');
    }

    // -- the change: Korean only, daily digest and alerts --
    const saved = await form(prefsUrl, 'languages=ko&digest=on&alerts=on');
    expect(saved.status).toBe(200);
    const savedPage = await saved.text();
    expect(savedPage).toContain('구독 설정을 저장했습니다.');
    expect(savedPage).toContain('name="languages" value="ko" checked');
    expect(await server.services.newsletters.getPreferences(token)).toEqual({ email: reader, languages: ['ko'], digest: true, alerts: true });

    // -- the next alerts follow them: none in English any more, one in Korean, with both links --
    const en = await api<{ id: number }>(server.url, '/api/admin/articles', { token: editorToken, json: { language: 'en', headline: 'English alert after the change', section: 'world' } });
    await api(server.url, `/api/admin/articles/${en.body.id}/publish`, { token: editorToken, json: { alert: true } });
    const ko = await api<{ id: number }>(server.url, '/api/admin/articles', { token: editorToken, json: { language: 'ko', headline: '설정 변경 뒤 속보', section: 'world' } });
    await api(server.url, `/api/admin/articles/${ko.body.id}/publish`, { token: editorToken, json: { alert: true } });
    const alert = (await waitFor(() => mailsTo(reader).length >= 3 && mailsTo(reader)))[2];
    expect(alert?.parsed.subject).toBe('속보: 설정 변경 뒤 속보 | Sinmun Daily');
    expect(alert?.parsed.text).toContain(`구독 설정: ${prefsUrl}`);
    expect(alert?.parsed.html).toContain('>구독 설정</a> · <a href=');
    for (let i = 0; i < 300 && (await pendingSends(server)).length; i++) await sleep(50);
    await sleep(300);
    expect(mailsTo(reader).map((m) => m.parsed.subject)).toHaveLength(3);
  });

  it('builds the daily digest from the curated front page: pinned stories first, only new and reader-visible ones', async () => {
    const { articles, workflow, frontPage, newsletters } = server.services;
    const publish = async (headline: string, extra: { embargoUntil?: string } = {}) => {
      const article = await articles.createArticle({ language: 'ko', headline, section: 'world', ...extra }, editor);
      await workflow.publish(article.id, editor);
      return article;
    };
    const older = await publish('먼저 나온 기사');
    const pinned = await publish('편집자가 고른 머리기사');
    await publish('가장 새 기사');
    await publish('엠바고 걸린 기사', { embargoUntil: new Date(Date.now() + 3_600_000).toISOString() });
    await frontPage.setFrontPage({ lang: 'ko', topStories: [pinned.id], sections: [] }, editor);
    expect(older.id).toBeLessThan(pinned.id);

    const started = await newsletters.startDigest('ko');
    expect(started).not.toBeNull();
    // The reader of the previous test chose the Korean digest there.
    const digest = await waitFor(() => mailsTo('prefs@example.com').find((m) => m.parsed.subject?.startsWith('Sinmun Daily — 오늘의 주요 기사')));
    const text = digest.parsed.text ?? '';
    const order = ['편집자가 고른 머리기사', '가장 새 기사', '먼저 나온 기사'].map((h) => text.indexOf(h));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(/<li><a href="[^"]+">([^<]+)<\/a>/.exec(digest.parsed.html || '')?.[1]).toBe('편집자가 고른 머리기사');
    expect(text).not.toContain('엠바고 걸린 기사');
    expect(text).toContain('구독 설정: ');
    // Tomorrow's digest does not repeat what this one sent, pinned or not.
    expect(await newsletters.startDigest('ko', new Date(Date.now() + 86_400_000))).toBeNull();
  });
});

describe('newsletter send across a SIGTERM restart', () => {
  it('mails every reader exactly one copy, with a stable Message-ID', async () => {
    const db = await sqliteTarget.create();
    const smtp = await startSmtpServer({ delayMs: 30 });
    const env = { DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir, SMTP_URL: smtp.url };
    let server = await startTestServer(env);
    try {
      const { services } = server;
      await services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
      const { account } = await createAccountWithToken(services, 'editor');
      const editor: Actor = { id: account.id, email: account.email, name: account.name, role: account.role, authorId: null };
      const story = await services.articles.createArticle({ language: 'ko', headline: '오늘의 기사', section: 'world' }, editor);
      await services.workflow.publish(story.id, editor);
      const readers = Array.from({ length: 30 }, (_, i) => `reader${i}@example.com`);
      const now = new Date().toISOString();
      await services.database.db
        .insertInto('newsletter_subscribers')
        .values(readers.map((email, i) => ({ email, languages: '["ko"]', digest: 1, alerts: 0, status: 'active', token: `token-${i}-xxxxxxxxxxxx`, created_at: now, confirmed_at: now, updated_at: now })))
        .execute();

      const started = await services.newsletters.startDigest('ko');
      await waitFor(() => smtp.mails.length >= 5);
      // The same path as SIGTERM in `sinmun serve`: stop listening, let the running batch finish, close the database.
      await server.close();
      const atStop = smtp.mails.length;
      expect(atStop).toBeLessThan(readers.length);
      await sleep(200);
      expect(smtp.mails.length).toBe(atStop);

      server = await startTestServer(env);
      await waitFor(() => smtp.mails.length >= readers.length, 20_000);
      await sleep(300);
      expect(smtp.mails.map((m) => m.to).sort()).toEqual([...readers].sort());
      const ids = smtp.mails.map((m) => m.parsed.messageId);
      expect(new Set(ids).size).toBe(readers.length);
      for (const id of ids) expect(id).toMatch(new RegExp(`^<newsletter\\.${started?.sendId ?? 0}\\.\\d+@127\\.0\\.0\\.1>$`));
    } finally {
      await server.close();
      await smtp.close();
      await db.cleanup();
    }
  });
});

describe('the scheduled daily digest', () => {
  it('fires at NEWSLETTER_DIGEST_TIME in the site time zone, once, across a restart between arming and firing', async () => {
    const db = await sqliteTarget.create();
    const smtp = await startSmtpServer();
    const env = { DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir, SMTP_URL: smtp.url, SITE_TIMEZONE: 'Asia/Seoul' };
    const dailyJobs = async (server: RunningServer) => (await server.services.jobs.listJobs({ name: 'newsletters.daily-digest' })).filter((j) => j.status === 'pending' || j.status === 'running');
    // Armed at the default 07:00 first; the stories and the reader are there before the time changes.
    let server = await startTestServer(env);
    try {
      const { services } = server;
      expect((await dailyJobs(server)).map((j) => new Date(j.runAt).toLocaleTimeString('en-GB', { timeZone: 'Asia/Seoul' }))).toEqual(['07:00:00']);
      await services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
      const { account } = await createAccountWithToken(services, 'editor');
      const editor: Actor = { id: account.id, email: account.email, name: account.name, role: account.role, authorId: null };
      const story = await services.articles.createArticle({ language: 'ko', headline: '예약 발송 기사', section: 'world' }, editor);
      await services.workflow.publish(story.id, editor);
      const now = new Date().toISOString();
      await services.database.db
        .insertInto('newsletter_subscribers')
        .values({ email: 'morning@example.com', languages: '["ko"]', digest: 1, alerts: 0, status: 'active', token: 'token-morning-xxxxxxxx', created_at: now, confirmed_at: now, updated_at: now })
        .execute();
      await server.close();

      // The operator sets the time a few seconds ahead (Seoul wall clock) and restarts: the armed job moves there.
      const fireAt = new Date(Math.ceil((Date.now() + 10_000) / 1000) * 1000);
      const digestTime = fireAt.toLocaleTimeString('en-GB', { timeZone: 'Asia/Seoul', hourCycle: 'h23' });
      server = await startTestServer({ ...env, NEWSLETTER_DIGEST_TIME: digestTime });
      expect((await dailyJobs(server)).map((j) => Date.parse(j.runAt))).toEqual([fireAt.getTime()]);
      // Restarted again before it fires: still one job, at the same time.
      await server.close();
      expect(Date.now()).toBeLessThan(fireAt.getTime());
      server = await startTestServer({ ...env, NEWSLETTER_DIGEST_TIME: digestTime });
      expect((await dailyJobs(server)).map((j) => Date.parse(j.runAt))).toEqual([fireAt.getTime()]);
      expect(smtp.mails).toEqual([]);

      await waitFor(() => smtp.mails.length > 0, 30_000);
      expect(Date.now()).toBeGreaterThanOrEqual(fireAt.getTime());
      await sleep(1_000);
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0]?.to).toBe('morning@example.com');
      expect(smtp.mails[0]?.parsed.text).toContain('예약 발송 기사');
      // And it re-armed itself for the same time tomorrow.
      const next = await dailyJobs(server);
      expect(next.map((j) => Date.parse(j.runAt))).toEqual([fireAt.getTime() + 86_400_000]);
    } finally {
      await server.close();
      await smtp.close();
      await db.cleanup();
    }
  });
});
