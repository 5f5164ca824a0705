import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

/** Wire desk (docs/decisions/008-wire-ingest.md): sources, items by agency GUID and version, quarantine, takes. */
export async function up(db: Kysely<unknown>, { idColumn }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('wire_sources')
    .addColumn('id', idColumn.type, idColumn.build)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('folder', 'text')
    .addColumn('url', 'text')
    .addColumn('interval_seconds', 'integer', (c) => c.notNull().defaultTo(60))
    .addColumn('push_token_hash', 'text', (c) => c.notNull())
    .addColumn('section_slug', 'text')
    .addColumn('needs_translation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('auto_publish', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('next_poll_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // The document exactly as received, stored with the items it became (or its quarantine entry) in one commit.
  // Base64 text, so both databases store it the same way.
  await db.schema
    .createTable('wire_originals')
    .addColumn('id', idColumn.type, idColumn.build)
    .addColumn('source_id', 'integer', (c) => c.notNull().references('wire_sources.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text')
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('content_base64', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('wire_items')
    .addColumn('id', idColumn.type, idColumn.build)
    .addColumn('source_id', 'integer', (c) => c.notNull().references('wire_sources.id').onDelete('cascade'))
    .addColumn('guid', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('format_version', 'text')
    .addColumn('pub_status', 'text', (c) => c.notNull())
    .addColumn('item_class', 'text', (c) => c.notNull())
    .addColumn('urgency', 'integer')
    .addColumn('language', 'text')
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('dek', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('credits', 'text', (c) => c.notNull())
    .addColumn('byline', 'text')
    .addColumn('pictures', 'text', (c) => c.notNull())
    .addColumn('agency', 'text')
    .addColumn('subjects', 'text', (c) => c.notNull())
    .addColumn('first_created', 'text')
    .addColumn('version_created', 'text')
    .addColumn('embargo_until', 'text')
    .addColumn('is_correction', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('corrects_item_id', 'integer')
    .addColumn('superseded_by', 'integer')
    .addColumn('link', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('original_id', 'integer', (c) => c.notNull().references('wire_originals.id'))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('wire_items_source_guid_version', ['source_id', 'guid', 'version'])
    .execute();
  await db.schema.createIndex('wire_items_queue').on('wire_items').columns(['superseded_by', 'received_at']).execute();
  await db.schema.createIndex('wire_items_guid').on('wire_items').columns(['source_id', 'guid']).execute();

  await db.schema
    .createTable('wire_quarantine')
    .addColumn('id', idColumn.type, idColumn.build)
    .addColumn('source_id', 'integer', (c) => c.notNull().references('wire_sources.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('original_id', 'integer', (c) => c.notNull().references('wire_originals.id'))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('wire_takes')
    .addColumn('id', idColumn.type, idColumn.build)
    .addColumn('wire_item_id', 'integer', (c) => c.notNull().references('wire_items.id').onDelete('cascade'))
    .addColumn('source_id', 'integer', (c) => c.notNull())
    .addColumn('guid', 'text', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('taken_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by_agency_item_id', 'integer')
    .addColumn('updated_by_agency_at', 'text')
    .addColumn('killed_at', 'text')
    .addColumn('kill_reason', 'text')
    .execute();
  await db.schema.createIndex('wire_takes_guid').on('wire_takes').columns(['source_id', 'guid']).execute();
}
