import type { Kysely } from 'kysely';
import { createSearchSchema } from '../dialects/search-sql.js';
import type { MigrationContext } from '../migrator.js';

/** Search index: pre-tokenised text per article (docs/decisions/007-search.md); FTS5 or tsvector + GIN. */
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  await createSearchSchema(db, dialect);
}
