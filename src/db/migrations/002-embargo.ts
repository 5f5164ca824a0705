import type { Kysely } from 'kysely';

/** Embargo: a published or scheduled article stays off every public surface until this time. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('articles').addColumn('embargo_until', 'text').execute();
  await db.schema.createIndex('articles_embargo').on('articles').column('embargo_until').execute();
}
