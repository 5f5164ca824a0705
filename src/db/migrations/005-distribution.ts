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

  // Newsletters: readers who signed up (double opt-in), each send (a digest or an alert), and one row per mail of a
  // send, so a restart resumes a send without mailing anyone twice.
  await db.schema
    .createTable('newsletter_subscribers')
    .addColumn('id', idColumn.type, idColumn.build)
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('languages', 'text', (c) => c.notNull()) // JSON: ('ko' | 'en')[]
    .addColumn('digest', 'integer', (c) => c.notNull())
    .addColumn('alerts', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | active | unsubscribed | bounced | complained
    // Random, in every link of every mail to this reader: confirms and unsubscribes without a login.
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('newsletter_sends')
    .addColumn('id', idColumn.type, idColumn.build)
    .addColumn('kind', 'text', (c) => c.notNull()) // digest | alert
    .addColumn('send_key', 'text', (c) => c.notNull().unique()) // digest:en:2026-11-26 | alert:article:12
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('article_ids', 'text', (c) => c.notNull()) // JSON: number[]
    .addColumn('status', 'text', (c) => c.notNull()) // sending | done
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createTable('newsletter_messages')
    .addColumn('id', idColumn.type, idColumn.build)
    .addColumn('send_id', 'integer', (c) => c.notNull().references('newsletter_sends.id').onDelete('cascade'))
    .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('newsletter_subscribers.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | sending | sent | skipped
    .addColumn('locked_at', 'text')
    .addColumn('sent_at', 'text')
    .addUniqueConstraint('newsletter_messages_once', ['send_id', 'subscriber_id'])
    .execute();
  await db.schema.createIndex('newsletter_messages_status').on('newsletter_messages').columns(['send_id', 'status']).execute();
}
