import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Transaction } from 'kysely';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrator.js';
import type { DatabaseSchema } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<DatabaseSchema>;
export type Tx = Transaction<DatabaseSchema>;
/** Either the database or an open transaction: services accept both so callers can compose one transaction. */
export type Queryable = Db | Tx;

export interface Database {
  db: Db;
  dialect: Dialect;
  /** Where the data lives, for logs and the health check (never includes a password). */
  description: string;
  migrate(): Promise<string[]>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

// PostgreSQL returns int8 (count(*), sums) as strings; SQLite returns numbers. Parse them the same way so no caller
// ever learns which database answered. Our ids and counts stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

/**
 * Opens the database named by `databaseUrl`: unset → a SQLite file in `dataDir`; `postgres://…` → PostgreSQL;
 * `sqlite:PATH` → that SQLite file (used by tests and tools).
 */
export function openDatabase(databaseUrl: string | undefined, dataDir: string): Database {
  if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)) return openPostgres(databaseUrl);
  const file = databaseUrl?.startsWith('sqlite:') ? databaseUrl.slice('sqlite:'.length) : path.join(dataDir, 'sinmun.db');
  return openSqlite(file);
}

function openSqlite(file: string): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const connection = new SqliteDatabase(file);
  connection.pragma('journal_mode = WAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('busy_timeout = 5000');
  // Search at a million articles reads FTS5 doclists and index rows all over a file of gigabytes: map it rather than
  // copy pages through SQLite's default 2 MB cache, and keep hot pages in a larger one (BENCHMARKS.md, Search).
  connection.pragma('mmap_size = 4294967296');
  connection.pragma('cache_size = -65536');
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: withStatementCache(connection) }) });
  return wrap(db, 'sqlite', `sqlite:${file}`);
}

/**
 * Kysely prepares every query anew; preparing is a large share of a small query's cost in better-sqlite3, and our
 * queries repeat, so prepared statements are kept per SQL text (bounded, oldest dropped first).
 */
function withStatementCache(connection: SqliteDatabase.Database, max = 500): SqliteDatabase.Database {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return new Proxy(connection, {
    get(target, property, receiver) {
      if (property !== 'prepare') return Reflect.get(target, property, receiver) as unknown;
      return (sqlText: string) => {
        let statement = statements.get(sqlText);
        if (!statement) {
          statement = target.prepare(sqlText);
          if (statements.size >= max) {
            const oldest = statements.keys().next().value;
            if (oldest !== undefined) statements.delete(oldest);
          }
          statements.set(sqlText, statement);
        }
        return statement;
      };
    },
  });
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  const safe = new URL(url);
  safe.password = '';
  return wrap(db, 'postgres', safe.toString());
}

function wrap(db: Db, dialect: Dialect, description: string): Database {
  let closed = false;
  return {
    db,
    dialect,
    description,
    migrate: () => migrateToLatest(db as never, dialect),
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

/** True when the error is a unique-constraint violation, on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
