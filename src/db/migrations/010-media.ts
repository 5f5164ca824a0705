import type { Kysely } from 'kysely';

/**
 * Media library and front page (issue 3, items 7 and 8).
 *
 * - media: the focal point (0..1 from the left and the top; the centre by default) and the responsive derivatives
 *   the background job made (a JSON list; empty until it ran, and the reader pages then use the original).
 * - front_page_stories / front_page_sections: the editors' order of the top stories and of the section blocks, per
 *   language. Whatever is not listed falls back to the automatic order (newest first, sections by position).
 * - breaking_banners: one banner per language, with its own expiry; readers stop seeing it at that time because
 *   every read compares with the clock, not because something deletes it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('media').addColumn('focal_x', 'real', (c) => c.notNull().defaultTo(0.5)).execute();
  await db.schema.alterTable('media').addColumn('focal_y', 'real', (c) => c.notNull().defaultTo(0.5)).execute();
  await db.schema.alterTable('media').addColumn('derivatives', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('media').addColumn('derivatives_at', 'text').execute();

  await db.schema
    .createTable('front_page_stories')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('front_page_stories_pk', ['language', 'article_id'])
    .execute();

  await db.schema
    .createTable('front_page_sections')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('section_id', 'integer', (c) => c.notNull().references('sections.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('front_page_sections_pk', ['language', 'section_id'])
    .execute();

  await db.schema
    .createTable('breaking_banners')
    .addColumn('language', 'text', (c) => c.primaryKey())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.references('articles.id').onDelete('set null'))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
