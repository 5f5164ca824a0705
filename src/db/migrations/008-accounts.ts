import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

/**
 * One-time links for accounts: password reset and invitations. Only the token's hash is stored (like sessions and
 * API tokens), so a copy of the database cannot be used to take over an account; a link works once and expires.
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  await db.schema
    .createTable('account_links')
    .addColumn('id', context.idColumn.type, context.idColumn.build)
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('account_links_account').on('account_links').columns(['account_id', 'purpose', 'created_at']).execute();
  await db.schema.createIndex('audit_log_account').on('audit_log').columns(['account_id', 'id']).execute();
}
