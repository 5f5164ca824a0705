import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestPostgres } from './postgres.js';

/**
 * The databases every integration test runs on: SQLite, and a real PostgreSQL (TEST_DATABASE_URL when set,
 * otherwise an embedded server). Each `create()` gives a fresh, empty database and a data folder for media.
 */
export interface TestDatabase {
  databaseUrl: string;
  dataDir: string;
  cleanup(): Promise<void>;
}

export interface DatabaseTarget {
  name: 'sqlite' | 'postgres';
  create(): Promise<TestDatabase>;
}

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'sinmun-test-'));
}

export const sqliteTarget: DatabaseTarget = {
  name: 'sqlite',
  async create() {
    const dataDir = await tempDir();
    return {
      databaseUrl: `sqlite:${path.join(dataDir, 'sinmun.db')}`,
      dataDir,
      cleanup: () => fs.rm(dataDir, { recursive: true, force: true }),
    };
  },
};

export const postgresTarget: DatabaseTarget = {
  name: 'postgres',
  async create() {
    const [pg, dataDir] = await Promise.all([startTestPostgres(), tempDir()]);
    return {
      databaseUrl: pg.url,
      dataDir,
      async cleanup() {
        await pg.stop();
        await fs.rm(dataDir, { recursive: true, force: true });
      },
    };
  },
};

export const databaseTargets: DatabaseTarget[] = [sqliteTarget, postgresTarget];
