import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

/**
 * Web Push breaking alerts (issue 6): the browsers that opted in, and one row per alert and browser. The sends
 * themselves are jobs; the unique (article, subscription) pair makes an alert reach each browser once, however
 * often the fan-out runs (a restart, a second publish with an alert).
 */
export async function up(db: Kysely<unknown>, { idColumn }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('push_subscriptions')
    .addColumn('id', idColumn.type, idColumn.build)
    // The push service URL the browser gave us: it identifies the subscription and is where alerts are POSTed.
    .addColumn('endpoint', 'text', (c) => c.notNull().unique())
    .addColumn('p256dh', 'text', (c) => c.notNull()) // the browser's P-256 public key (base64url)
    .addColumn('auth', 'text', (c) => c.notNull()) // the 16-byte auth secret (base64url)
    .addColumn('language', 'text', (c) => c.notNull()) // alerts for stories in this language
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('push_subscriptions_language').on('push_subscriptions').columns(['language', 'id']).execute();

  await db.schema
    .createTable('push_deliveries')
    .addColumn('id', idColumn.type, idColumn.build)
    .addColumn('article_id', 'integer', (c) => c.notNull())
    // No foreign key: a subscription the push service reports gone (404/410) is deleted, its record stays.
    .addColumn('subscription_id', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | sent | gone | failed | skipped
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('response_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('push_deliveries_once', ['article_id', 'subscription_id'])
    .execute();
}
