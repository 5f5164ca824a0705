import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app.js';
import type { Services } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/lib/logger.js';
import { sqliteTarget } from '../setup/test-databases.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { sinmun } from '../setup/cli.js';



describe('sinmun search reindex', () => {
  let db: TestDatabase;
  let services: Services;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await sqliteTarget.create();
    env = { DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir };
    services = await createServices(loadConfig({ ...env, DEMO: '0', LOG_LEVEL: 'silent' }), { logger: createLogger('silent') });
    await services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
    const account = await services.accounts.createAccount({ email: 'e@test.example', name: 'E', role: 'editor', password: 'correct horse battery staple' });
    const actor = { id: account.id, role: account.role, authorId: null } as never;
    for (let i = 0; i < 3; i++) {
      const article = await services.articles.createArticle({ language: 'ko', headline: `북한군 포로 소식 ${i}`, section: 'world' } as never, actor);
      await services.workflow.publish(article.id, actor);
    }
    // Lose the index, as after a restore from an old backup.
    await services.database.db.deleteFrom('search_documents').execute();
  });
  afterAll(async () => {
    await services?.database.close();
    await db?.cleanup();
  });

  it('rebuilds the index with a progress bar on stderr and a summary on stdout', async () => {
    expect((await services.search.search({ q: '포로', page: 1, pageSize: 10 }, { kind: 'public' })).total).toBe(0);
    const result = await sinmun(['search', 'reindex'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Indexed 3 articles/);
    expect(result.stderr).toContain('Indexing [##########] 100% 3/3');
    expect((await services.search.search({ q: '포로', page: 1, pageSize: 10 }, { kind: 'public' })).total).toBe(3);
  });

  it('fails clearly on a wrong subcommand', async () => {
    const result = await sinmun(['search', 'rebuild'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Usage: sinmun search reindex');
  });
});
