import type { Kysely } from 'kysely';

/**
 * Lock request (issue 3, item 4: "a second editor can request or take over the lock"). Who asked the holder to let
 * go, and when, lives on the lock row itself: a new holder (take-over, release and re-take) starts a fresh row, so
 * a stale request can never outlive the lock it was made against. No foreign key: the row lives seconds, the reader
 * joins the account and ignores a missing one, and SQLite could not drop a referencing column again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('article_locks').addColumn('requested_by', 'integer').execute();
  await db.schema.alterTable('article_locks').addColumn('requested_at', 'text').execute();
}
