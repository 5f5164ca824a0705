import { z } from 'zod';
import type { Actor } from '../accounts/accounts.types.js';
import { canEditArticle, canPublishArticle } from '../accounts/permissions.js';
import { recordAudit } from '../audit/audit.service.js';
import { findArticle } from '../content/article.queries.js';
import type { ArticleService, ArticleUpdateInput } from '../content/article.service.js';
import { articleUpdateSchema } from '../content/article.service.js';
import type { Article, ArticleBlock, Credit, Language } from '../content/content.types.js';
import { ARTICLE_TYPES, LANGUAGES, articleBodySchema } from '../content/content.types.js';
import type { TaxonomyService } from '../content/taxonomy.service.js';
import type { Db, Tx } from '../db/database.js';
import { isUniqueViolation } from '../db/database.js';
import type { DeliveryService } from '../delivery/delivery.service.js';
import type { EventBus } from '../events/event-bus.js';
import type { JobRunner } from '../jobs/job-runner.js';
import { AppError, forbidden, notFound } from '../lib/errors.js';
import { slugify } from '../lib/slug.js';
import { nowIso } from '../lib/time.js';
import type { ArticlePageData } from '../render/pages/article-page.js';
import type { WorkflowService } from '../workflow/workflow.service.js';

/** A lock lapses this long after its last heartbeat (the editor renews it every few seconds while open). */
export const LOCK_TTL_MS = 30_000;
export const UNPUBLISH_SCHEDULED_JOB = 'newsroom.unpublish-scheduled';
const unpublishKey = (articleId: number) => `unpublish:article:${articleId}`;

/**
 * The working copy holds what the editor holds, half-typed text included, so it is looser than a save: an empty
 * headline is fine here, never in PATCH.
 */
export const workingCopyInputSchema = z
  .object({
    baseRevision: z.number().int().positive(),
    draft: z
      .object({
        headline: z.string().max(300),
        dek: z.string().max(1000),
        type: z.enum(ARTICLE_TYPES),
        section: z.string().max(100),
        tags: z.array(z.string().max(100)).max(30),
        credits: z.array(z.record(z.string(), z.unknown())).max(30),
        dateline: z.string().max(200),
        breaking: z.boolean(),
        featuredImage: z.number().int().positive().nullable(),
        seoTitle: z.string().max(300),
        seoDescription: z.string().max(500),
        socialTitle: z.string().max(300),
        socialDescription: z.string().max(500),
        socialImage: z.number().int().positive().nullable(),
        body: articleBodySchema,
        language: z.enum(LANGUAGES),
      })
      .partial()
      .strict(),
  })
  .strict();
export type WorkingCopyInput = z.input<typeof workingCopyInputSchema>;

export interface WorkingCopy {
  articleId: number;
  baseRevision: number;
  draft: z.output<typeof workingCopyInputSchema>['draft'];
  updatedAt: string;
}

export interface LockInfo {
  articleId: number;
  holder: { id: number; name: string };
  acquiredAt: string;
  expiresAt: string;
  /** True when the caller holds it. */
  mine: boolean;
  /** The latest lock request: another editor asked the holder to let go (null when nobody did). */
  requestedBy: { id: number; name: string; at: string } | null;
}

export const lockInputSchema = z.object({ takeOver: z.boolean().default(false) }).strict();

/**
 * What the newsroom adds around articles: autosave to a private working copy, the edit lock, saves that also
 * schedule (publishAt) or schedule an unpublish (unpublishAt), and previews of any revision. The live article is
 * still changed only by ArticleService and WorkflowService.
 */
export class NewsroomService {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly jobs: JobRunner,
    private readonly articles: ArticleService,
    private readonly workflow: WorkflowService,
    private readonly delivery: DeliveryService,
    private readonly taxonomy: TaxonomyService,
  ) {
    jobs.register(UNPUBLISH_SCHEDULED_JOB, async (payload) => {
      await this.unpublishScheduled(Number(payload.articleId));
    });
    // However an article comes down (this job, the button, the trash), a pending scheduled unpublish goes with it,
    // so a later re-publish is not taken down by a stale job.
    events.subscribeInTransaction('article.unpublished', async (tx, event) => {
      if (event.articleId === null) return;
      await tx.updateTable('articles').set({ unpublish_at: null }).where('id', '=', event.articleId).execute();
      await jobs.cancel(tx, unpublishKey(event.articleId));
    });
  }

  // ## Saves (PATCH)

  /**
   * An explicit save: the field changes (one revision), then `publishAt` (→ scheduled) and `unpublishAt`. Every
   * permission and state the later steps need is checked before the first write, so a refused schedule never
   * leaves a half-applied save behind. A successful save discards the caller's working copy: it is now live.
   */
  async saveArticle(id: number, input: ArticleUpdateInput, actor: Actor): Promise<Article & { warnings?: string[] }> {
    const data = articleUpdateSchema.parse(input);
    const { publishAt, unpublishAt, ...fields } = data;
    const current = await this.articles.getArticleAs(id, actor);
    if (current.revision !== data.revision) {
      throw new AppError('ERR_CONFLICT', `article ${id} is at revision ${current.revision}, not ${data.revision}; reload it and apply your change again`, {
        currentRevision: current.revision,
      });
    }
    if ((publishAt !== undefined || unpublishAt !== undefined) && !canPublishArticle(actor, current)) {
      throw forbidden(actor.role === 'contributor' ? 'Contributors cannot schedule; submit the article for review.' : 'You can schedule only your own articles.');
    }
    if (publishAt) {
      if (Date.parse(publishAt) <= Date.now()) throw new AppError('ERR_VALIDATION', 'publishAt must be in the future', { errors: [{ path: 'publishAt', message: 'must be in the future' }] });
      if (current.status === 'published') throw new AppError('ERR_CONFLICT', 'the article is already published; unpublish it first to schedule it again');
    }
    if (unpublishAt && Date.parse(unpublishAt) <= Date.now()) {
      throw new AppError('ERR_VALIDATION', 'unpublishAt must be in the future', { errors: [{ path: 'unpublishAt', message: 'must be in the future' }] });
    }
    const changesFields = Object.keys(fields).some((k) => k !== 'revision');
    const updated: Article & { warnings?: string[] } = changesFields ? await this.articles.updateArticle(id, fields, actor) : current;
    let article: Article = updated;
    if (publishAt) article = await this.workflow.schedule(id, new Date(publishAt), actor, { revision: article.revision });
    if (unpublishAt !== undefined) article = await this.scheduleUnpublish(id, unpublishAt, actor);
    await this.discardWorkingCopy(id, actor);
    return updated.warnings ? { ...article, warnings: updated.warnings } : article;
  }

  /** Arms (or with null cancels) the scheduled unpublish: one job per article, replaced when the time changes. */
  async scheduleUnpublish(id: number, at: string | null, actor: Actor): Promise<Article> {
    await this.events.transaction(async (tx, emit) => {
      const article = await findArticle(tx, id);
      if (!article || article.status === 'trashed') throw notFound(`article ${id}`);
      if (!canPublishArticle(actor, article)) throw forbidden('You can schedule only your own articles.');
      await tx.updateTable('articles').set({ unpublish_at: at, updated_at: nowIso() }).where('id', '=', id).execute();
      if (at) await this.jobs.enqueue(tx, UNPUBLISH_SCHEDULED_JOB, { articleId: id }, { runAt: new Date(at), uniqueKey: unpublishKey(id) });
      else await this.jobs.cancel(tx, unpublishKey(id));
      await recordAudit(tx, { accountId: actor.id, action: at ? 'article.schedule-unpublish' : 'article.cancel-unpublish', articleId: id, details: { at } });
      await emit('article.updated', id, { unpublishAt: at });
    });
    this.jobs.wake();
    return this.articles.getArticleAs(id, actor);
  }

  /** The scheduled-unpublish job: acts only if the article still has an unpublish time that has come. */
  async unpublishScheduled(articleId: number): Promise<void> {
    const row = await this.db.selectFrom('articles').select(['unpublish_at', 'status']).where('id', '=', articleId).executeTakeFirst();
    if (!row?.unpublish_at || Date.parse(row.unpublish_at) > Date.now() + 50) return;
    if (row.status !== 'published' && row.status !== 'scheduled') return;
    await this.workflow.unpublish(articleId, { system: 'scheduler' }, { note: 'scheduled unpublish' });
  }

  // ## Working copy (autosave)

  async saveWorkingCopy(articleId: number, input: WorkingCopyInput, actor: Actor): Promise<WorkingCopy> {
    const data = workingCopyInputSchema.parse(input);
    const now = nowIso();
    await this.db.transaction().execute(async (tx) => {
      await this.editableArticle(tx, articleId, actor);
      await tx.deleteFrom('article_working_copies').where('article_id', '=', articleId).where('account_id', '=', actor.id).execute();
      await tx
        .insertInto('article_working_copies')
        .values({ article_id: articleId, account_id: actor.id, base_revision: data.baseRevision, data: JSON.stringify(data.draft), updated_at: now })
        .execute();
      // Autosave is a sign of life: it renews the caller's lock and never releases it.
      await tx
        .updateTable('article_locks')
        .set({ expires_at: new Date(Date.now() + LOCK_TTL_MS).toISOString() })
        .where('article_id', '=', articleId)
        .where('account_id', '=', actor.id)
        .execute();
    });
    return { articleId, baseRevision: data.baseRevision, draft: data.draft, updatedAt: now };
  }

  /** The caller's own working copy; nobody else's is ever returned. */
  async getWorkingCopy(articleId: number, actor: Actor): Promise<WorkingCopy> {
    await this.articles.getArticleAs(articleId, actor);
    const row = await this.db.selectFrom('article_working_copies').selectAll().where('article_id', '=', articleId).where('account_id', '=', actor.id).executeTakeFirst();
    if (!row) throw notFound(`a working copy of article ${articleId}`);
    return { articleId, baseRevision: row.base_revision, draft: JSON.parse(row.data) as WorkingCopy['draft'], updatedAt: row.updated_at };
  }

  async discardWorkingCopy(articleId: number, actor: Actor): Promise<void> {
    await this.db.deleteFrom('article_working_copies').where('article_id', '=', articleId).where('account_id', '=', actor.id).execute();
  }

  // ## Edit lock

  async getLock(articleId: number, actor: Actor): Promise<LockInfo | null> {
    await this.articles.getArticleAs(articleId, actor);
    return this.currentLock(this.db, articleId, actor);
  }

  /**
   * Takes or renews (heartbeat) the lock. Someone else's live lock answers 409 with their name, unless `takeOver`,
   * which is recorded in the audit log.
   */
  async acquireLock(articleId: number, actor: Actor, options: { takeOver?: boolean } = {}): Promise<LockInfo> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction().execute(async (tx) => {
          await this.editableArticle(tx, articleId, actor);
          const held = await this.currentLock(tx, articleId, actor);
          if (held && !held.mine) {
            if (!options.takeOver) {
              throw new AppError('ERR_CONFLICT', `${held.holder.name} is editing this article (편집 중)`, { holder: held.holder, expiresAt: held.expiresAt });
            }
            await recordAudit(tx, { accountId: actor.id, action: 'article.lock-takeover', articleId, details: { from: held.holder.id, fromName: held.holder.name } });
          }
          const now = new Date();
          const expiresAt = new Date(now.getTime() + LOCK_TTL_MS).toISOString();
          if (held?.mine) {
            await tx.updateTable('article_locks').set({ expires_at: expiresAt }).where('article_id', '=', articleId).execute();
          } else {
            await tx.deleteFrom('article_locks').where('article_id', '=', articleId).execute();
            await tx.insertInto('article_locks').values({ article_id: articleId, account_id: actor.id, acquired_at: now.toISOString(), expires_at: expiresAt }).execute();
          }
          return { articleId, holder: { id: actor.id, name: actor.name }, acquiredAt: held?.mine ? held.acquiredAt : now.toISOString(), expiresAt, mine: true, requestedBy: held?.mine ? held.requestedBy : null };
        });
      } catch (error) {
        // Two first takers at once: one insert wins; the other looks again and sees the winner.
        if (attempt === 0 && isUniqueViolation(error)) continue;
        throw error;
      }
    }
  }

  /**
   * Asks the holder to let go: recorded on the lock row (the holder's heartbeat sees it) and in the audit log. Anyone
   * who may open the article may ask; asking when nobody else holds a live lock is a 409 (just take it).
   */
  async requestLock(articleId: number, actor: Actor): Promise<LockInfo> {
    await this.articles.getArticleAs(articleId, actor);
    return this.db.transaction().execute(async (tx) => {
      const held = await this.currentLock(tx, articleId, actor);
      if (!held) throw new AppError('ERR_CONFLICT', 'Nobody holds the edit lock: take it instead of asking for it.');
      if (held.mine) throw new AppError('ERR_CONFLICT', 'You already hold the edit lock.');
      const at = new Date().toISOString();
      await tx.updateTable('article_locks').set({ requested_by: actor.id, requested_at: at }).where('article_id', '=', articleId).where('account_id', '=', held.holder.id).execute();
      await recordAudit(tx, { accountId: actor.id, action: 'article.lock-request', articleId, details: { holder: held.holder.id, holderName: held.holder.name } });
      return { ...held, requestedBy: { id: actor.id, name: actor.name, at } };
    });
  }

  /** Lets go of the caller's lock (someone else's lock is left alone). */
  async releaseLock(articleId: number, actor: Actor): Promise<void> {
    await this.articles.getArticleAs(articleId, actor);
    await this.db.deleteFrom('article_locks').where('article_id', '=', articleId).where('account_id', '=', actor.id).execute();
  }

  // ## Preview

  /**
   * The page data for a preview: the live article with the fields of a revision (or of the caller's working copy)
   * laid over it, resolved like a reader page. The caller renders it with the reader page's own function.
   */
  async previewData(articleId: number, actor: Actor, source: { revision?: number | undefined; workingCopy?: boolean | undefined }): Promise<ArticlePageData> {
    const live = await this.articles.getArticleAs(articleId, actor);
    let fields: Record<string, unknown> = {};
    if (source.workingCopy) fields = (await this.getWorkingCopy(articleId, actor)).draft;
    else if (source.revision !== undefined) {
      const row = await this.db.selectFrom('article_revisions').select('snapshot').where('article_id', '=', articleId).where('revision', '=', source.revision).executeTakeFirst();
      if (!row) throw notFound(`revision ${source.revision} of article ${articleId}`);
      fields = JSON.parse(row.snapshot) as Record<string, unknown>;
    }
    const article: Article = { ...live };
    if (typeof fields.headline === 'string' && fields.headline.trim()) article.headline = fields.headline;
    if (typeof fields.dek === 'string') article.dek = fields.dek;
    if (typeof fields.dateline === 'string') article.dateline = fields.dateline;
    if (Array.isArray(fields.body)) article.body = fields.body as ArticleBlock[];
    if (Array.isArray(fields.credits)) article.credits = (fields.credits as Partial<Credit>[]).filter((c) => typeof c.name === 'string').map((c) => ({ name: c.name ?? '', role: c.role ?? 'reporter', organization: c.organization ?? null, email: c.email ?? null, authorSlug: c.authorSlug ?? null }));
    if (Array.isArray(fields.tags)) article.tags = (fields.tags as string[]).map((name) => ({ id: 0, slug: slugify(name), name }));
    if (typeof fields.featuredImage === 'number' || fields.featuredImage === null) article.featuredMediaId = fields.featuredImage as number | null;
    if (fields.language === 'ko' || fields.language === 'en') article.language = fields.language as Language;
    if (typeof fields.section === 'string' && fields.section !== live.section.slug) {
      const section = await this.taxonomy.findSection(fields.section);
      if (section) article.section = { id: section.id, slug: section.slug, nameKo: section.nameKo, nameEn: section.nameEn };
    }
    const reader = await this.delivery.getReaderArticle(article);
    return { ...reader, related: [], relatedMedia: new Map() };
  }

  // ## helpers

  private async editableArticle(tx: Tx, articleId: number, actor: Actor): Promise<Article> {
    const article = await findArticle(tx, articleId);
    if (!article || article.status === 'trashed') throw notFound(`article ${articleId}`);
    if (!canEditArticle(actor, article)) throw forbidden('You can edit only your own articles.');
    return article;
  }

  private async currentLock(db: Db | Tx, articleId: number, actor: Actor): Promise<LockInfo | null> {
    const row = await db
      .selectFrom('article_locks')
      .innerJoin('accounts', 'accounts.id', 'article_locks.account_id')
      .leftJoin('accounts as requester', 'requester.id', 'article_locks.requested_by')
      .select(['article_locks.account_id', 'article_locks.acquired_at', 'article_locks.expires_at', 'accounts.name', 'article_locks.requested_by', 'article_locks.requested_at', 'requester.name as requester_name'])
      .where('article_locks.article_id', '=', articleId)
      .executeTakeFirst();
    if (!row || Date.parse(row.expires_at) <= Date.now()) return null;
    const requestedBy = row.requested_by !== null && row.requested_at && row.requester_name ? { id: row.requested_by, name: row.requester_name, at: row.requested_at } : null;
    return { articleId, holder: { id: row.account_id, name: row.name }, acquiredAt: row.acquired_at, expiresAt: row.expires_at, mine: row.account_id === actor.id, requestedBy };
  }
}
