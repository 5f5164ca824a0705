import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve.js';
import { sqliteTarget } from '../setup/test-databases.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { api, startTestServer } from '../setup/test-server.js';
import { sinmun } from '../setup/cli.js';



/** The distribution commands of the built CLI: a partner account and token, and webhooks. */
describe('sinmun CLI: partners and webhooks', () => {
  let db: TestDatabase;
  let server: RunningServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await sqliteTarget.create();
    env = { DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir };
    server = await startTestServer(env);
  });
  afterAll(async () => {
    await server?.close();
    await db?.cleanup();
  });

  it('creates a partner whose token reads the ninjs feed and nothing else', async () => {
    const user = await sinmun(['user', 'create', '--email', 'desk@partner.example', '--name', 'Partner desk', '--role', 'partner', '--password-stdin'], env, 'a long partner password');
    expect(user.code, user.stderr).toBe(0);
    const token = (await sinmun(['token', 'create', '--user', 'desk@partner.example', '--label', 'syndication'], env)).stdout.trim();
    expect((await api(server.url, '/api/partner/ninjs', { token })).status).toBe(200);
    expect((await api(server.url, '/api/admin/articles', { token })).status).toBe(403);
  });

  it('creates, lists and deletes webhooks; bad input exits non-zero with a message', async () => {
    const created = await sinmun(['webhook', 'create', '--url', 'https://partner.example/hooks', '--events', 'article.published,article.unpublished', '--description', 'Partner desk'], env);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^id\t\d+\nsecret\twhsec_[A-Za-z0-9+/=]{40,}\n$/);
    const id = /^id\t(\d+)/.exec(created.stdout)?.[1] ?? '';
    const list = await sinmun(['webhook', 'list'], env);
    expect(list.stdout).toContain(`${id}\tyes\tarticle.published,article.unpublished\thttps://partner.example/hooks\tPartner desk`);
    expect(list.stdout).not.toContain('whsec_');
    const bad = await sinmun(['webhook', 'create', '--url', 'ftp://partner.example'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('url: must be an http(s) URL');
    const badEvent = await sinmun(['webhook', 'create', '--url', 'https://x.example', '--events', 'article.deleted'], env);
    expect(badEvent.code).toBe(1);
    expect(badEvent.stderr).toMatch(/events\.0/);
    expect((await sinmun(['webhook', 'delete', id], env)).stdout).toBe(`Deleted webhook ${id}.\n`);
    const missing = await sinmun(['webhook', 'delete', id], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`webhook ${id} not found`);
  });
});
