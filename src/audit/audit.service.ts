import type { Queryable } from '../db/database.js';
import { nowIso } from '../lib/time.js';

export interface AuditEntry {
  id: number;
  accountId: number | null;
  action: string;
  articleId: number | null;
  details: Record<string, unknown>;
  createdAt: string;
}

/** Who did what to which article; written in the same transaction as the change itself. */
export async function recordAudit(
  db: Queryable,
  entry: { accountId: number | null; action: string; articleId?: number | null; details?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      account_id: entry.accountId,
      action: entry.action,
      article_id: entry.articleId ?? null,
      details: JSON.stringify(entry.details ?? {}),
      created_at: nowIso(),
    })
    .execute();
}

export async function listAuditEntries(db: Queryable, filter: { articleId?: number; limit?: number } = {}): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit ?? 100);
  if (filter.articleId !== undefined) query = query.where('article_id', '=', filter.articleId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    action: r.action,
    articleId: r.article_id,
    details: JSON.parse(r.details) as Record<string, unknown>,
    createdAt: r.created_at,
  }));
}
