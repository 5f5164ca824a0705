import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app.js';
import type { Services } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/lib/logger.js';
import { databaseTargets } from '../setup/test-databases.js';
import type { TestDatabase } from '../setup/test-databases.js';

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ text }] });

/** Migration 012 (search_meta, SQLite's headline index) on a database that already holds indexed articles. */
describe.each(databaseTargets)('search migration 012 on an existing $name database', (target) => {
  let db: TestDatabase;
  let services: Services;
  let actor: never;
  const start = () => createServices(loadConfig({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir, DEMO: '0', LOG_LEVEL: 'silent' }), { logger: createLogger('silent') });
  const publish = async (headline: string, body: string) => {
    const article = await services.articles.createArticle({ language: 'ko', headline, section: 'world', body: [paragraph(body)] } as never, actor);
    await services.workflow.publish(article.id, actor);
    return article.id;
  };
  const ids: number[] = [];

  beforeAll(async () => {
    db = await target.create();
    services = await start();
    await services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    const account = await services.accounts.createAccount({ email: 'e@test.example', name: 'E', role: 'editor', password: 'correct horse battery staple' });
    actor = { id: account.id, role: account.role, authorId: null } as never;
    ids.push(await publish('항구 소식', '태풍이 항구를 지나갔다.'), await publish('태풍 북상', '기상청 발표'));
    // Back to the database as it was before 012: index filled, no search_meta, no headline index.
    const { db: kysely } = services.database;
    await sql`drop table search_meta`.execute(kysely);
    if (services.database.dialect === 'sqlite') {
      for (const trigger of ['ai', 'ad', 'au']) await sql.raw(`drop trigger search_documents_headline_${trigger}`).execute(kysely);
      await sql`drop table search_headline_fts`.execute(kysely);
    }
    await kysely.deleteFrom('schema_migrations' as never).where('name' as never, '=', '012-search-speed' as never).execute();
    await services.database.close();
    services = await start();
  }, 60_000);
  afterAll(async () => {
    await services?.database.close();
    await db?.cleanup();
  });

  it('fills the new rows from the existing index: search, facets and suggestions work without a reindex', async () => {
    const result = await services.search.search({ q: '태풍', page: 1, pageSize: 10 }, { kind: 'public' });
    expect(result.results.map((r) => r.id)).toEqual([ids[1], ids[0]]);
    expect(result.total).toBe(2);
    expect(result.facets.section).toEqual([{ value: 'world', count: 2 }]);
    expect((await services.search.suggest('태풍', undefined)).map((s) => s.id)).toEqual([ids[1]]);
  });

  it('keeps them in step with later changes, and the reindex still runs', async () => {
    const third = await publish('태풍 피해', '복구');
    expect((await services.search.search({ q: '태풍', page: 1, pageSize: 10 }, { kind: 'public' })).total).toBe(3);
    await services.workflow.unpublish(third, actor);
    expect((await services.search.search({ q: '태풍', page: 1, pageSize: 10 }, { kind: 'public' })).total).toBe(2);
    expect(await services.search.reindexAll()).toEqual({ indexed: 3 });
    const after = await services.search.search({ q: '태풍', page: 1, pageSize: 10 }, { kind: 'public' });
    expect(after.results.map((r) => r.id)).toEqual([ids[1], ids[0]]);
    expect((await services.search.suggest('태풍', undefined)).map((s) => s.id)).toEqual([ids[1]]);
  });
});
