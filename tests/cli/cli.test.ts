import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve.js';
import { sqliteTarget } from '../setup/test-databases.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { api, startTestServer } from '../setup/test-server.js';
import { CLI, sinmun } from '../setup/cli.js';




describe('sinmun CLI', () => {
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

  it('creates a user and a token that work in the running server at once', async () => {
    const created = await sinmun(['user', 'create', '--email', 'Editor@Example.com', '--name', '편집자', '--role', 'editor', '--password-stdin'], env, 'a long enough password\n');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('editor@example.com');

    const token = await sinmun(['token', 'create', '--user', 'editor@example.com', '--label', 'ci'], env);
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^snm_[\w-]{40,}\n$/);
    const secret = token.stdout.trim();

    const me = await api<{ account: { email: string; role: string } }>(server.url, '/api/admin/session', { token: secret });
    expect(me.status).toBe(200);
    expect(me.body.account).toMatchObject({ email: 'editor@example.com', role: 'editor' });

    // The password works for signing in, and is stored as argon2id.
    const login = await api(server.url, '/api/admin/session', { json: { email: 'editor@example.com', password: 'a long enough password' } });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/sinmun_session=.*HttpOnly.*SameSite=Strict/i);
    const row = await server.services.database.db.selectFrom('accounts').select('password_hash').where('email', '=', 'editor@example.com').executeTakeFirstOrThrow();
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);

    const list = await sinmun(['token', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('editor@example.com');
    expect(list.stdout).not.toContain(secret);
    const id = /^(\d+)\t/m.exec(list.stdout.split('\n').slice(1).join('\n'))?.[1];
    expect(id).toBeDefined();

    // A lost password is replaced from the CLI, and the old sessions end with it.
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await api(server.url, '/api/admin/articles', { headers: { cookie } })).status).toBe(200);
    const reset = await sinmun(['user', 'password', '--email', 'editor@example.com', '--password-stdin'], env, 'a brand new password\n');
    expect(reset.code, reset.stderr).toBe(0);
    expect((await api(server.url, '/api/admin/articles', { headers: { cookie } })).status).toBe(401);
    expect((await api(server.url, '/api/admin/session', { json: { email: 'editor@example.com', password: 'a long enough password' } })).status).toBe(401);
    expect((await api(server.url, '/api/admin/session', { json: { email: 'editor@example.com', password: 'a brand new password' } })).status).toBe(200);

    const revoked = await sinmun(['token', 'revoke', id ?? ''], env);
    expect(revoked.code).toBe(0);
    expect((await api(server.url, '/api/admin/session', { token: secret })).status).toBe(401);
  });

  it('fails clearly, with a non-zero exit, on bad input', async () => {
    const cases: [string[], string | undefined, RegExp][] = [
      [['user', 'create', '--email', 'x@example.com', '--name', 'X', '--role', 'overlord', '--password-stdin'], 'password password', /--role must be one of/],
      [['user', 'create', '--email', 'x@example.com', '--name', 'X', '--role', 'author', '--password-stdin'], 'short', /password: must be at least 12 characters/],
      [['user', 'create', '--email', 'x@example.com', '--name', 'X', '--role', 'author'], undefined, /--password-stdin is required/],
      [['token', 'create', '--user', 'nobody@example.com'], undefined, /no account with e-mail nobody@example.com/],
      [['token', 'revoke', 'abc'], undefined, /Usage: sinmun token revoke/],
      [['frobnicate'], undefined, /unknown command frobnicate/],
    ];
    for (const [args, stdin, message] of cases) {
      const result = await sinmun(args, env, stdin);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    }
    const duplicate = await sinmun(['user', 'create', '--email', 'dup@example.com', '--name', 'D', '--role', 'author', '--password-stdin'], env, 'password password');
    expect(duplicate.code).toBe(0);
    const again = await sinmun(['user', 'create', '--email', 'dup@example.com', '--name', 'D', '--role', 'author', '--password-stdin'], env, 'password password');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  it('exits non-zero within 5 s naming the bad variable when serve is misconfigured', async () => {
    for (const [name, value] of [
      ['PORT', 'eighty'],
      ['SITE_TIMEZONE', 'Nowhere/Land'],
      ['DATABASE_URL', 'mysql://localhost/x'],
    ]) {
      const result = await sinmun(['serve'], { ...env, [name as string]: value as string });
      expect(result.code, name).not.toBe(0);
      expect(result.ms).toBeLessThan(5000);
      expect(result.stderr).toContain(`configuration error: ${name}:`);
    }
  });

  it('serves with JSON logs carrying the request id, and shuts down cleanly on SIGTERM', async () => {
    const fresh = await sqliteTarget.create();
    try {
      const child = spawn(process.execPath, [CLI, 'serve'], {
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: fresh.databaseUrl, DATA_DIR: fresh.dataDir, PORT: '0', DEMO: '0', WEATHER_API_URL: '', LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const lines: Record<string, unknown>[] = [];
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const parts = buffer.split('\n');
        buffer = parts.pop() ?? '';
        for (const line of parts) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      });
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      const until = Date.now() + 10_000;
      while (!lines.some((l) => l.msg === 'sinmun is listening') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      const url = lines.find((l) => l.msg === 'sinmun is listening')?.url as string;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'test-request-0001' } });
      expect(response.headers.get('x-request-id')).toBe('test-request-0001');
      await new Promise((r) => setTimeout(r, 100));
      expect(lines.some((l) => l.requestId === 'test-request-0001' && typeof l.responseTime === 'number')).toBe(true);
      const stoppedAt = Date.now();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(Date.now() - stoppedAt).toBeLessThan(5000);
      expect(lines.some((l) => l.msg === 'shutting down' && l.signal === 'SIGTERM')).toBe(true);
    } finally {
      await fresh.cleanup();
    }
  });

  it('migrates a new database', async () => {
    const fresh = await sqliteTarget.create();
    try {
      const result = await sinmun(['migrate'], { DATABASE_URL: fresh.databaseUrl, DATA_DIR: fresh.dataDir });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('up to date');
    } finally {
      await fresh.cleanup();
    }
  });
});
