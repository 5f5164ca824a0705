import type { Selectable } from 'kysely';
import type { Queryable } from '../db/database.js';
import type { AuditLogTable } from '../db/schema.js';
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
  return rows.map(toEntry);
}

const toEntry = (r: Selectable<AuditLogTable>): AuditEntry => ({
  id: r.id,
  accountId: r.account_id,
  action: r.action,
  articleId: r.article_id,
  details: JSON.parse(r.details) as Record<string, unknown>,
  createdAt: r.created_at,
});

export interface AuditLogEntry extends AuditEntry {
  actor: { id: number; name: string; email: string } | null;
  article: { id: number; headline: string; language: string } | null;
}

/**
 * The audit log screen's query: newest first, filtered by article and/or by the person who acted, one page at a
 * time, with the actor's name and the article's headline joined in (a deleted account or article leaves null).
 */
export async function searchAuditLog(
  db: Queryable,
  filter: { articleId?: number | undefined; accountId?: number | undefined; page: number; pageSize: number },
): Promise<{ entries: AuditLogEntry[]; total: number }> {
  let query = db.selectFrom('audit_log');
  if (filter.articleId !== undefined) query = query.where('audit_log.article_id', '=', filter.articleId);
  if (filter.accountId !== undefined) query = query.where('audit_log.account_id', '=', filter.accountId);
  const [rows, count] = await Promise.all([
    query
      .leftJoin('accounts', 'accounts.id', 'audit_log.account_id')
      .leftJoin('articles', 'articles.id', 'audit_log.article_id')
      .selectAll('audit_log')
      .select(['accounts.name as actor_name', 'accounts.email as actor_email', 'articles.headline as article_headline', 'articles.language as article_language'])
      .orderBy('audit_log.id', 'desc')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.total),
    entries: rows.map((r) => ({
      ...toEntry(r),
      actor: r.account_id !== null && r.actor_name !== null ? { id: r.account_id, name: r.actor_name, email: r.actor_email ?? '' } : null,
      article: r.article_id !== null && r.article_headline !== null ? { id: r.article_id, headline: r.article_headline, language: r.article_language ?? '' } : null,
    })),
  };
}

/** Everyone who appears in the audit log (for the screen's person filter; editors may not list accounts). */
export async function auditActors(db: Queryable): Promise<{ id: number; name: string }[]> {
  return db
    .selectFrom('accounts')
    .select(['accounts.id', 'accounts.name'])
    .where((eb) => eb.exists(eb.selectFrom('audit_log').select('audit_log.id').whereRef('audit_log.account_id', '=', 'accounts.id')))
    .orderBy('accounts.name')
    .execute();
}
