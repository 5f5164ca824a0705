import type { Services } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/lib/logger.js';
import type { RunningServer } from '../../src/serve.js';
import { startServer } from '../../src/serve.js';
import type { Role } from '../../src/accounts/accounts.types.js';

/** A real server on a free port, configured exactly as `sinmun serve` would be from these variables. */
export async function startTestServer(env: Record<string, string>, options: { contentApiRateLimit?: number } = {}): Promise<RunningServer> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DEMO: '0', WEATHER_API_URL: '', LOG_LEVEL: 'silent', ...env });
  const running = await startServer(config, { logger: createLogger('silent'), contentApiRateLimit: options.contentApiRateLimit ?? 100_000 });
  // Absolute URLs come from SITE_URL; tests that do not set it want them to point at this very server.
  if (!env.SITE_URL) running.services.config.siteUrl = running.url;
  return running;
}

/** An account and its API token, made through the same services the CLI uses. */
export async function createAccountWithToken(services: Services, role: Role, email = `${role}-${Math.random().toString(36).slice(2, 8)}@test.example`) {
  const account = await services.accounts.createAccount({ email, name: `Test ${role}`, role, password: 'correct horse battery staple' });
  const { token } = await services.accounts.createToken(account.id, 'test');
  return { account, token };
}

export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** fetch + JSON, for API tests. */
export async function api<T = Record<string, unknown>>(baseUrl: string, path: string, init: { method?: string; token?: string; json?: unknown; headers?: Record<string, string>; body?: BodyInit } = {}): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body = init.body;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  const response = await fetch(new URL(path, baseUrl), { method: init.method ?? (body ? 'POST' : 'GET'), headers, ...(body !== undefined ? { body } : {}), redirect: 'manual' });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // HTML or empty: keep the text.
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}
