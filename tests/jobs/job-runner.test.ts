import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/app.js';
import { createServices } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/lib/logger.js';
import { databaseTargets } from '../setup/test-databases.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { createAccountWithToken, startTestServer } from '../setup/test-server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await sleep(25);
  }
}

describe.each(databaseTargets)('durable jobs on $name', (target) => {
  let db: TestDatabase;
  const open: Services[] = [];

  const services = async () => {
    const s = await createServices(loadConfig({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir, DEMO: '0', LOG_LEVEL: 'silent', WEATHER_API_URL: '' }), { logger: createLogger('silent') });
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    db = await target.create();
  });
  afterEach(async () => {
    for (const s of open.splice(0)) {
      await s.jobs.stop();
      await s.database.close();
    }
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it('runs a job due in two seconds once, on time, although its process stopped in between', async () => {
    const runs: { at: number; by: string }[] = [];
    const first = await services();
    first.jobs.register('test.record', async () => {
      runs.push({ at: Date.now(), by: 'first' });
    });
    first.jobs.start();
    const due = Date.now() + 2000;
    const id = await first.jobs.enqueue(first.database.db, 'test.record', { n: 1 }, { runAt: new Date(due) });
    await sleep(300);
    // "Restart": the first process goes away before the job is due; a new one starts.
    await first.jobs.stop();
    await first.database.close();
    open.splice(open.indexOf(first), 1);

    const second = await services();
    second.jobs.register('test.record', async () => {
      runs.push({ at: Date.now(), by: 'second' });
    });
    second.jobs.start();
    const jobs = await waitFor(
      () => second.jobs.listJobs({ name: 'test.record' }),
      (list) => list.some((j) => j.id === id && j.status === 'done'),
      4000,
    );
    await sleep(1200); // anything that would run it twice has had its chance
    expect(jobs.find((j) => j.id === id)?.status).toBe('done');
    expect(runs).toHaveLength(1);
    expect(runs[0]?.by).toBe('second');
    expect(runs[0]?.at).toBeGreaterThanOrEqual(due);
    expect((runs[0]?.at ?? 0) - due).toBeLessThan(1000);
  });

  it('retries a failing job with backoff and then succeeds', async () => {
    const s = await services();
    let calls = 0;
    s.jobs.register('test.flaky', async () => {
      calls++;
      if (calls === 1) throw new Error('provider down');
    });
    s.jobs.start();
    const id = await s.jobs.enqueue(s.database.db, 'test.flaky', {});
    const failedOnce = await waitFor(
      () => s.jobs.listJobs({ name: 'test.flaky' }),
      (list) => list.some((j) => j.id === id && j.attempts === 1 && j.status === 'pending'),
      2000,
    );
    const pending = failedOnce.find((j) => j.id === id);
    expect(pending?.lastError).toBe('provider down');
    // Backoff: the retry is scheduled about two seconds later, not immediately.
    expect(Date.parse(pending?.runAt ?? '') - Date.now()).toBeGreaterThan(1000);
    const done = await waitFor(
      () => s.jobs.listJobs({ name: 'test.flaky' }),
      (list) => list.some((j) => j.id === id && j.status === 'done'),
      5000,
    );
    expect(done.find((j) => j.id === id)).toMatchObject({ status: 'done', attempts: 2 });
    expect(calls).toBe(2);
  });

  it('runs a job once when two nodes race for it', async () => {
    const a = await services();
    const b = await services();
    let count = 0;
    for (const s of [a, b]) {
      s.jobs.register('test.once', async () => {
        count++;
        await sleep(50);
      });
    }
    const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => a.jobs.enqueue(a.database.db, 'test.once', { i }, { runAt: new Date(Date.now() + 300) })));
    a.jobs.start();
    b.jobs.start();
    await waitFor(
      () => a.jobs.listJobs({ name: 'test.once', status: 'done' }),
      (list) => list.length === ids.length,
      5000,
    );
    await sleep(300);
    expect(count).toBe(ids.length);
  });
});

describe.each(databaseTargets)('scheduled publishing across a server restart on $name', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await target.create();
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it('publishes exactly once, within a second of its time', async () => {
    const env = { DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir };
    const first = await startTestServer(env);
    await first.services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    const { account } = await createAccountWithToken(first.services, 'editor');
    const actor = { id: account.id, email: account.email, name: account.name, role: account.role, authorId: null };
    const article = await first.services.articles.createArticle({ language: 'en', headline: 'Scheduled story', section: 'world' }, actor);
    const at = new Date(Date.now() + 2000);
    await first.services.workflow.schedule(article.id, at, actor);
    await first.close();

    const second = await startTestServer(env);
    try {
      const published = await waitFor(
        async () => (await fetch(`${second.url}/api/content/articles/${article.id}`)).status,
        (status) => status === 200,
        4000,
      );
      expect(published).toBe(200);
      const row = await second.services.database.db.selectFrom('articles').select(['status', 'published_at']).where('id', '=', article.id).executeTakeFirstOrThrow();
      expect(row.status).toBe('published');
      const lateness = Date.parse(row.published_at ?? '') - at.getTime();
      expect(lateness).toBeGreaterThanOrEqual(0);
      expect(lateness).toBeLessThan(1000);
      await sleep(1000);
      const events = await second.services.database.db.selectFrom('events').select('name').where('article_id', '=', article.id).where('name', '=', 'article.published').execute();
      expect(events).toHaveLength(1);
      const audit = await second.services.database.db.selectFrom('audit_log').select(['action', 'details']).where('article_id', '=', article.id).where('action', '=', 'article.publish').execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]?.details ?? '{}')).toMatchObject({ by: 'scheduler', from: 'scheduled' });
    } finally {
      await second.close();
    }
  });
});
