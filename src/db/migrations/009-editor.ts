import type { Kysely } from 'kysely';

/**
 * Social (OpenGraph) fields: a share title, description and image of their own, for when the search title is not
 * what a share card should say. Empty / null falls back to the SEO fields and the featured image.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('articles').addColumn('social_title', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('articles').addColumn('social_description', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('articles').addColumn('social_media_id', 'integer', (c) => c.references('media.id').onDelete('set null')).execute();
}
