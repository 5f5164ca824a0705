import type { Kysely } from 'kysely';
import { createSearchSpeedSchema } from '../dialects/search-sql.js';
import type { MigrationContext } from '../migrator.js';

/**
 * Search at a million articles (docs/decisions/007-search.md, "Speed"): a narrow `search_meta` row per indexed
 * article and, on SQLite, a headline-only FTS5 index, both filled from the existing index and articles so an
 * existing database needs no reindex.
 */
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  await createSearchSpeedSchema(db, dialect);
}
