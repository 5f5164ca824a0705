import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

/**
 * Distribution (issue 6): partner webhooks and the record of their deliveries. The deliveries themselves run as
 * jobs (the `jobs` table), so a restart loses none; this table is what the newsroom sees of them.
 */
export async function up(db: Kysely<unknown>, { idColumn }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('id', idColumn.type, idColumn.build)
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    // JSON array of event types (article.published | article.updated | article.unpublished).
    .addColumn('events', 'text', (c) => c.notNull())
    // The signing secret (whsec_…); the receiver holds the same one to verify, so it cannot be stored hashed.
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', idColumn.type, idColumn.build)
    .addColumn('webhook_id', 'integer', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    // The Standard Webhooks `webhook-id`: the same on every retry of one message, so receivers can drop duplicates.
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('article_id', 'integer')
    .addColumn('status', 'text', (c) => c.notNull()) // pending | delivered | failed
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('response_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_deliveries_webhook').on('webhook_deliveries').columns(['webhook_id', 'id']).execute();
}
