import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve.js';
import { startSmtpServer } from '../fakes/smtp-server.js';
import { databaseTargets } from '../setup/test-databases.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { api, createAccountWithToken, startTestServer } from '../setup/test-server.js';

/**
 * People (issue 3, items 1, 9, 10) through the Admin API on both databases: password reset by e-mail link (a real
 * local SMTP server), invitations, roles, deactivation that revokes sessions and tokens at once, and the audit log.
 */
const PASSWORD = 'correct horse battery staple';

interface AccountBody {
  id: number;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  pendingInvite: boolean;
}

async function waitFor<T>(check: () => T | false | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const tokenFrom = (text: string | undefined, screen: string) => new RegExp(`/newsroom/${screen}#token=([\\w-]+)`).exec(text ?? '')?.[1] ?? '';

describe.each(databaseTargets)('people Admin API on $name', (target) => {
  let db: TestDatabase;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let server: RunningServer;
  let base: string;
  let admin: { token: string; id: number };
  let editor: { token: string; id: number };
  let contributor: { token: string; id: number };

  const signIn = async (email: string, password = PASSWORD) => {
    const response = await api<{ csrfToken: string }>(base, '/api/admin/session', { json: { email, password } });
    return { status: response.status, cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrfToken: response.body.csrfToken };
  };
  const mailsTo = (email: string) => smtp.mails.filter((m) => m.to === email);

  beforeAll(async () => {
    [db, smtp] = await Promise.all([target.create(), startSmtpServer()]);
    server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir, SMTP_URL: smtp.url, MAIL_FROM: 'Sinmun <newsroom@sinmun.example>', SITE_NAME: 'Sinmun' });
    base = server.url;
    const made = async (role: 'admin' | 'editor' | 'contributor') => {
      const { account, token } = await createAccountWithToken(server.services, role);
      return { token, id: account.id };
    };
    await server.services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    admin = await made('admin');
    editor = await made('editor');
    contributor = await made('contributor');
  });

  afterAll(async () => {
    await server?.close();
    await smtp?.close();
    await db?.cleanup();
  });

  it('password reset: same answer for any address, one mail with a single-use link, the new password works and old sessions end', async () => {
    const email = 'reset-me@test.example';
    const person = await server.services.accounts.createAccount({ email, name: '최리셋', role: 'author', password: PASSWORD, language: 'ko' });
    const old = await signIn(email);
    expect(old.status).toBe(200);

    const known = await api(base, '/api/admin/password-reset', { json: { email: 'Reset-Me@test.example' } });
    const unknown = await api(base, '/api/admin/password-reset', { json: { email: 'nobody@test.example' } });
    // No account enumeration: status and body are the same whether or not the address exists.
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);

    const [mail] = await waitFor(() => mailsTo(email).length === 1 && mailsTo(email));
    expect(mail?.parsed.subject).toBe('Sinmun 뉴스룸 비밀번호 재설정');
    expect(mail?.parsed.from?.text).toContain('newsroom@sinmun.example');
    const token = tokenFrom(mail?.parsed.text, 'reset-password');
    expect(token.length).toBeGreaterThan(20);
    expect(mail?.parsed.html).toContain(`/newsroom/reset-password#token=${token}`);
    expect(mailsTo('nobody@test.example')).toHaveLength(0);

    // Stored as a hash only.
    const stored = await server.services.database.db.selectFrom('account_links').select('token_hash').where('account_id', '=', person.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.token_hash).not.toContain(token);

    const tooShort = await api<{ errors: { path: string }[] }>(base, '/api/admin/password-reset/complete', { json: { token, password: 'short' } });
    expect(tooShort.status).toBe(422);
    expect(tooShort.body.errors[0]?.path).toBe('password');

    const done = await api(base, '/api/admin/password-reset/complete', { json: { token, password: 'a brand new password' } });
    expect(done.status).toBe(204);
    // The session from before the reset is gone; the old password no longer works; the new one does.
    expect((await api(base, '/api/admin/session', { headers: { cookie: old.cookie } })).status).toBe(401);
    expect((await signIn(email)).status).toBe(401);
    expect((await signIn(email, 'a brand new password')).status).toBe(200);

    // Single use.
    const again = await api(base, '/api/admin/password-reset/complete', { json: { token, password: 'yet another password' } });
    expect(again.status).toBe(410);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    // Audited as the account's own action.
    const audit = await api<{ entries: { action: string; actor: { id: number } | null }[] }>(base, `/api/admin/audit?actor=${person.id}`, { token: editor.token });
    expect(audit.body.entries.map((e) => e.action)).toContain('account.password-reset');
  });

  it('password reset links expire after an hour, and an account gets at most three reset mails an hour', async () => {
    const email = 'expiring@test.example';
    const person = await server.services.accounts.createAccount({ email, name: 'Expiring', role: 'contributor', password: PASSWORD, language: 'en' });
    await api(base, '/api/admin/password-reset', { json: { email } });
    const [mail] = await waitFor(() => mailsTo(email).length === 1 && mailsTo(email));
    expect(mail?.parsed.subject).toBe('Reset your Sinmun newsroom password');
    const link = await server.services.database.db.selectFrom('account_links').select(['created_at', 'expires_at']).where('account_id', '=', person.id).executeTakeFirstOrThrow();
    expect(Date.parse(link.expires_at) - Date.parse(link.created_at)).toBe(60 * 60 * 1000);
    // An hour later (moved in the database, not waited for), the link is dead.
    await server.services.database.db.updateTable('account_links').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('account_id', '=', person.id).execute();
    const late = await api(base, '/api/admin/password-reset/complete', { json: { token: tokenFrom(mail?.parsed.text, 'reset-password'), password: 'too late for this one' } });
    expect(late.status).toBe(410);
    expect((await signIn(email)).status).toBe(200);

    for (let i = 0; i < 4; i += 1) expect((await api(base, '/api/admin/password-reset', { json: { email } })).status).toBe(202);
    await waitFor(() => mailsTo(email).length === 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailsTo(email)).toHaveLength(3);
    // Using the newest link spends the older one still out there.
    const [, older, newest] = mailsTo(email).map((m) => tokenFrom(m.parsed.text, 'reset-password'));
    expect((await api(base, '/api/admin/password-reset/complete', { json: { token: newest, password: 'the newest password' } })).status).toBe(204);
    expect((await api(base, '/api/admin/password-reset/complete', { json: { token: older, password: 'the older password' } })).status).toBe(410);
  });

  it('password reset requests are rate-limited per client address', async () => {
    const limited = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir, SMTP_URL: smtp.url });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i += 1) statuses.push((await api(limited.url, '/api/admin/password-reset', { json: { email: `x${i}@test.example` } })).status);
      expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
      expect(statuses[10]).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('invitations: admins invite by e-mail; the link sets name and password once and signs in; others may not invite', async () => {
    expect((await api(base, '/api/admin/invitations', { token: editor.token, json: { email: 'x@test.example', name: 'X', role: 'author' } })).status).toBe(403);
    const invited = await api<{ account: AccountBody; mailSent: boolean; inviteUrl?: string }>(base, '/api/admin/invitations', {
      token: admin.token,
      json: { email: 'New.Reporter@test.example', name: '신입', role: 'author', language: 'ko' },
    });
    expect(invited.status).toBe(201);
    expect(invited.body.mailSent).toBe(true);
    expect(invited.body.inviteUrl).toBeUndefined();
    expect(invited.body.account).toMatchObject({ email: 'new.reporter@test.example', role: 'author', pendingInvite: true, disabled: false });
    // No password yet: nobody can sign in as the invited account, not even with an empty password.
    expect((await signIn('new.reporter@test.example', '')).status).toBe(422);
    expect((await signIn('new.reporter@test.example', 'anything at all')).status).toBe(401);
    // A second invitation for the same address is a conflict.
    expect((await api(base, '/api/admin/invitations', { token: admin.token, json: { email: 'new.reporter@test.example', name: 'Dup', role: 'author' } })).status).toBe(409);

    const [mail] = await waitFor(() => mailsTo('new.reporter@test.example').length === 1 && mailsTo('new.reporter@test.example'));
    expect(mail?.parsed.subject).toBe('Sinmun 뉴스룸에 초대되었습니다');
    const first = tokenFrom(mail?.parsed.text, 'invite');
    // Sending it again replaces the link.
    const resent = await api<{ mailSent: boolean }>(base, `/api/admin/accounts/${invited.body.account.id}/invitation`, { method: 'POST', token: admin.token });
    expect(resent.status).toBe(200);
    const second = tokenFrom((await waitFor(() => mailsTo('new.reporter@test.example').length === 2 && mailsTo('new.reporter@test.example')))[1]?.parsed.text, 'invite');
    expect((await api(base, '/api/admin/invitations/inspect', { json: { token: first } })).status).toBe(410);
    const inspect = await api<{ email: string; name: string }>(base, '/api/admin/invitations/inspect', { json: { token: second } });
    expect(inspect.body).toMatchObject({ email: 'new.reporter@test.example', name: '신입' });

    const accepted = await api<{ account: AccountBody; csrfToken: string }>(base, '/api/admin/invitations/accept', { json: { token: second, name: '신입 기자', password: 'my own password 1' } });
    expect(accepted.status).toBe(200);
    expect(accepted.body.account).toMatchObject({ name: '신입 기자', pendingInvite: false });
    const cookie = (accepted.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await api<{ account: AccountBody }>(base, '/api/admin/session', { headers: { cookie } })).body.account.name).toBe('신입 기자');
    expect((await api(base, '/api/admin/invitations/accept', { json: { token: second, name: 'Again', password: 'my own password 2' } })).status).toBe(410);
    expect((await signIn('new.reporter@test.example', 'my own password 1')).status).toBe(200);
    // Accepted: no more invitations for this account.
    expect((await api(base, `/api/admin/accounts/${invited.body.account.id}/invitation`, { method: 'POST', token: admin.token })).status).toBe(409);
  });

  it('roles, deactivation (session and token answer 401 at once) and reactivation; admins cannot lock themselves out', async () => {
    const { account, token } = await createAccountWithToken(server.services, 'author', 'leaving@test.example');
    const session = await signIn('leaving@test.example');
    expect((await api(base, '/api/admin/articles', { headers: { cookie: session.cookie } })).status).toBe(200);
    expect((await api(base, '/api/admin/articles', { token })).status).toBe(200);

    const promoted = await api<AccountBody>(base, `/api/admin/accounts/${account.id}`, { method: 'PATCH', token: admin.token, json: { role: 'editor' } });
    expect(promoted.body.role).toBe('editor');
    expect((await api(base, `/api/admin/accounts/${account.id}`, { method: 'PATCH', token: editor.token, json: { role: 'admin' } })).status).toBe(403);

    const off = await api<AccountBody>(base, `/api/admin/accounts/${account.id}`, { method: 'PATCH', token: admin.token, json: { disabled: true } });
    expect(off.body.disabled).toBe(true);
    expect((await api(base, '/api/admin/articles', { headers: { cookie: session.cookie } })).status).toBe(401);
    expect((await api(base, '/api/admin/articles', { token })).status).toBe(401);
    expect((await signIn('leaving@test.example')).status).toBe(401);

    const on = await api<AccountBody>(base, `/api/admin/accounts/${account.id}`, { method: 'PATCH', token: admin.token, json: { disabled: false } });
    expect(on.body.disabled).toBe(false);
    expect((await signIn('leaving@test.example')).status).toBe(200);
    // Revoked means revoked: the old token stays dead after reactivation (a new one must be made).
    expect((await api(base, '/api/admin/articles', { token })).status).toBe(401);

    expect((await api(base, `/api/admin/accounts/${admin.id}`, { method: 'PATCH', token: admin.token, json: { disabled: true } })).status).toBe(409);
    expect((await api(base, `/api/admin/accounts/${admin.id}`, { method: 'PATCH', token: admin.token, json: { role: 'editor' } })).status).toBe(409);

    const log = await api<{ entries: { action: string; details: { account?: { id: number }; changes?: Record<string, unknown> } }[] }>(base, `/api/admin/audit?actor=${admin.id}`, { token: editor.token });
    const mine = log.body.entries.filter((e) => e.details.account?.id === account.id).map((e) => e.action);
    expect(mine).toEqual(['account.reactivate', 'account.deactivate', 'account.update']);
  });

  it('audit log: editors read who did what to which article, filtered by article and person, page by page', async () => {
    const create = async (token: string, headline: string) => {
      const made = await api<{ id: number; revision: number }>(base, '/api/admin/articles', { token, json: { language: 'ko', headline } });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      return made.body;
    };
    const a = await create(contributor.token, '감사 기록 기사 A');
    const b = await create(editor.token, '감사 기록 기사 B');
    await api(base, `/api/admin/articles/${a.id}`, { method: 'PATCH', token: contributor.token, json: { revision: a.revision, dek: '요약' } });
    await api(base, `/api/admin/articles/${a.id}/transitions`, { token: contributor.token, json: { to: 'in_review' } });
    await api(base, `/api/admin/articles/${a.id}/publish`, { method: 'POST', token: editor.token });
    await api(base, `/api/admin/articles/${a.id}/corrections`, { token: editor.token, json: { kind: 'correction', text: '이름 철자를 바로잡았습니다.' } });
    await api(base, `/api/admin/articles/${a.id}/unpublish`, { method: 'POST', token: editor.token });
    await api(base, `/api/admin/articles/${b.id}/lock`, { method: 'POST', token: editor.token, json: {} });
    await api(base, `/api/admin/articles/${b.id}/lock`, { method: 'POST', token: admin.token, json: { takeOver: true } });

    interface Entries {
      entries: { action: string; createdAt: string; actor: { id: number; name: string } | null; article: { id: number; headline: string } | null }[];
      total: number;
      page: number;
    }
    expect((await api(base, '/api/admin/audit', { token: contributor.token })).status).toBe(403);
    expect((await api(base, '/api/admin/audit')).status).toBe(401);
    const forA = await api<Entries>(base, `/api/admin/audit?article=${a.id}`, { token: editor.token });
    expect(forA.status, JSON.stringify(forA.body)).toBe(200);
    expect(forA.body.entries.map((e) => e.action)).toEqual(['article.unpublish', 'article.correct', 'article.publish', 'article.status.in_review', 'article.update', 'article.create']);
    expect(forA.body.entries.every((e) => e.article?.headline === '감사 기록 기사 A')).toBe(true);
    expect(forA.body.entries.at(-1)?.actor).toMatchObject({ id: contributor.id, name: 'Test contributor' });
    expect(forA.body.entries[0]?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const takeover = await api<Entries>(base, `/api/admin/audit?article=${b.id}&actor=${admin.id}`, { token: editor.token });
    expect(takeover.body.entries.map((e) => e.action)).toEqual(['article.lock-takeover']);
    expect((takeover.body as unknown as { people: { id: number }[] }).people.map((p) => p.id)).toEqual(expect.arrayContaining([admin.id, editor.id, contributor.id]));

    const byEditor = await api<Entries>(base, `/api/admin/audit?actor=${editor.id}&pageSize=2`, { token: editor.token });
    expect(byEditor.body.entries).toHaveLength(2);
    expect(byEditor.body.total).toBeGreaterThanOrEqual(4);
    const page2 = await api<Entries>(base, `/api/admin/audit?actor=${editor.id}&pageSize=2&page=2`, { token: editor.token });
    expect(page2.body.page).toBe(2);
    expect(new Set([...byEditor.body.entries, ...page2.body.entries].map((e) => `${e.action}${e.createdAt}`)).size).toBe(4);
    expect((await api(base, '/api/admin/audit?page=0', { token: editor.token })).status).toBe(400);
  });

  it('documents the new routes in OpenAPI with their roles', async () => {
    const doc = await api<{ paths: Record<string, Record<string, { 'x-sinmun-role'?: string; security?: unknown[] }>> }>(base, '/api/openapi.json');
    expect(doc.body.paths['/api/admin/audit']?.get?.['x-sinmun-role']).toBe('editor');
    expect(doc.body.paths['/api/admin/invitations']?.post?.['x-sinmun-role']).toBe('admin');
    expect(doc.body.paths['/api/admin/password-reset']?.post?.security).toEqual([]);
    for (const path of ['/api/admin/password-reset/complete', '/api/admin/invitations/accept', '/api/admin/invitations/inspect', '/api/admin/accounts/{id}/invitation']) expect(doc.body.paths[path], path).toBeDefined();
  });
});

describe('invitations without SMTP', () => {
  it('give the admin the link to pass on', async () => {
    const { sqliteTarget } = await import('../setup/test-databases.js');
    const db = await sqliteTarget.create();
    const server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir });
    try {
      const { token } = await createAccountWithToken(server.services, 'admin');
      const invited = await api<{ mailSent: boolean; inviteUrl: string }>(server.url, '/api/admin/invitations', { token, json: { email: 'nomail@test.example', name: 'No Mail', role: 'contributor' } });
      expect(invited.status).toBe(201);
      expect(invited.body.mailSent).toBe(false);
      expect(invited.body.inviteUrl).toMatch(new RegExp(`^${server.url}/newsroom/invite#token=[\\w-]{40,}$`));
      // Reset requests still answer 202 (and send nothing).
      expect((await api(server.url, '/api/admin/password-reset', { json: { email: 'nomail@test.example' } })).status).toBe(202);
    } finally {
      await server.close();
      await db.cleanup();
    }
  });
});
