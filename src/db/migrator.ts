import type { ColumnDefinitionBuilder, Kysely, Migration, MigrationProvider } from 'kysely';
import { Migrator } from 'kysely';
import * as initial from './migrations/001-initial.js';
import * as embargo from './migrations/002-embargo.js';
import * as search from './migrations/003-search.js';
import * as wire from './migrations/004-wire.js';
import * as distribution from './migrations/005-distribution.js';
import * as newsroom from './migrations/006-newsroom.js';
import * as push from './migrations/007-push.js';
import * as accounts from './migrations/008-accounts.js';
import * as editor from './migrations/009-editor.js';
import * as media from './migrations/010-media.js';
import * as lockRequest from './migrations/011-lock-request.js';
import * as searchSpeed from './migrations/012-search-speed.js';
import * as wireSearchTokens from './migrations/013-wire-search-tokens.js';

/** The few facts a migration needs about the dialect, so migrations themselves never branch on it. */
export interface MigrationContext {
  /** Only for dialect-specific DDL kept in src/db/dialects/ (e.g. the search index). */
  dialect: 'sqlite' | 'postgres';
  idColumn: { type: 'integer'; build: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder };
}

interface MigrationModule {
  up(db: Kysely<unknown>, context: MigrationContext): Promise<void>;
}

/** Every migration, in order. Names are stable forever: they are what the database records as applied. */
const migrations: Record<string, MigrationModule> = {
  '001-initial': initial,
  '002-embargo': embargo,
  '003-search': search,
  '004-wire': wire,
  '005-distribution': distribution,
  '006-newsroom': newsroom,
  '007-push': push,
  '008-accounts': accounts,
  '009-editor': editor,
  '010-media': media,
  '011-lock-request': lockRequest,
  '012-search-speed': searchSpeed,
  '013-wire-search-tokens': wireSearchTokens,
};

export function migrationContextFor(dialect: 'sqlite' | 'postgres'): MigrationContext {
  return {
    dialect,
    idColumn: {
      type: 'integer',
      build:
        dialect === 'sqlite'
          ? (column) => column.primaryKey().autoIncrement()
          : (column) => column.primaryKey().generatedByDefaultAsIdentity(),
    },
  };
}

/**
 * Applies every pending migration. Kysely's migrator takes a lock table, so several app nodes starting at once
 * against one PostgreSQL apply each migration exactly once.
 */
export async function migrateToLatest(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<string[]> {
  const context = migrationContextFor(dialect);
  const provider: MigrationProvider = {
    getMigrations: async () =>
      Object.fromEntries(
        Object.entries(migrations).map(([name, module]): [string, Migration] => [name, { up: (trx) => module.up(trx, context) }]),
      ),
  };
  // Unordered: migration numbers are handed out per slice, so 011 may land after a database already ran 012.
  const migrator = new Migrator({ db, provider, migrationTableName: 'schema_migrations', migrationLockTableName: 'schema_migrations_lock', allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
