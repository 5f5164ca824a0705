import type { Actor } from '../accounts/accounts.types.js';
import { atLeast, canEditArticle, canPublishArticle } from '../accounts/permissions.js';
import { recordAudit } from '../audit/audit.service.js';
import { findArticle } from '../content/article.queries.js';
import type { Article, ArticleStatus } from '../content/content.types.js';
import { assertImagesComplete } from '../content/media.service.js';
import type { Db, Tx } from '../db/database.js';
import type { DomainEventName, EventBus } from '../events/event-bus.js';
import type { JobRunner } from '../jobs/job-runner.js';
import { AppError, forbidden, notFound } from '../lib/errors.js';
import { nowIso } from '../lib/time.js';
import { canTransition } from './transitions.js';

export const PUBLISH_SCHEDULED_JOB = 'workflow.publish-scheduled';
export const LIFT_EMBARGO_JOB = 'workflow.lift-embargo';
const scheduleKey = (articleId: number) => `publish:article:${articleId}`;
const embargoKey = (articleId: number) => `embargo:article:${articleId}`;
const underEmbargo = (article: Pick<Article, 'embargoUntil'>, now = Date.now()) => article.embargoUntil !== null && Date.parse(article.embargoUntil) > now;

/** Who performed a transition: a person, or the system (a scheduled job) acting on a person's earlier decision. */
export type WorkflowActor = Actor | { system: string };
const isPerson = (actor: WorkflowActor): actor is Actor => 'id' in actor;

export interface TransitionOptions {
  /** A note for the history ("send back with a note"). */
  note?: string;
  /** When set, the transition fails with 409 unless the article is still at this revision. */
  revision?: number;
  /** Publish only: send a breaking alert to newsletter subscribers (carried on the article.published event). */
  alert?: boolean;
}

/**
 * Every status change goes through here: the Publish button, the scheduler, the CLI and the tests all call one
 * `publish()`. Each change is one transaction with its audit entry and its domain event.
 */
export class WorkflowService {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly jobs: JobRunner,
  ) {
    jobs.register(PUBLISH_SCHEDULED_JOB, async (payload) => {
      await this.publishScheduled(Number(payload.articleId));
    });
    jobs.register(LIFT_EMBARGO_JOB, async (payload) => {
      await this.liftEmbargo(Number(payload.articleId));
    });
    // Whatever changed an article (an edit of its embargo, a publish, a schedule), its embargo-lift job is armed for
    // the embargo time, or cancelled, in the same transaction.
    events.subscribeInTransaction('*', async (tx, event) => {
      if (event.articleId === null || event.payload.embargoLifted) return;
      const row = await tx.selectFrom('articles').select(['status', 'embargo_until']).where('id', '=', event.articleId).executeTakeFirst();
      const pending = row && (row.status === 'published' || row.status === 'scheduled') && row.embargo_until && Date.parse(row.embargo_until) > Date.now();
      if (pending && row.embargo_until) await jobs.enqueue(tx, LIFT_EMBARGO_JOB, { articleId: event.articleId }, { runAt: new Date(row.embargo_until), uniqueKey: embargoKey(event.articleId) });
      else await jobs.cancel(tx, embargoKey(event.articleId));
    });
  }

  async publish(articleId: number, actor: WorkflowActor, options: TransitionOptions = {}): Promise<Article> {
    return this.change(articleId, actor, options, async (tx, article, emit) => {
      if (isPerson(actor) && !canPublishArticle(actor, article)) throw forbidden(actor.role === 'contributor' ? 'Contributors cannot publish; submit the article for review.' : 'You can publish only your own articles.');
      if (article.status === 'published') return null;
      this.assertTransition(article, 'published');
      if (options.alert && underEmbargo(article)) throw new AppError('ERR_CONFLICT', 'A breaking alert cannot go out for an embargoed article; publish with the alert after the embargo.');
      // Readers never meet an image without alt text, caption and credit, whoever publishes (API, newsroom, scheduler).
      await assertImagesComplete(tx, article);
      const now = nowIso();
      await tx
        .updateTable('articles')
        .set({ status: 'published', published_at: now, first_published_at: article.firstPublishedAt ?? now, scheduled_at: null, updated_at: now })
        .where('id', '=', article.id)
        .execute();
      await this.jobs.cancel(tx, scheduleKey(article.id));
      // Under embargo the article is published for the newsroom but announced to nobody until the lift.
      if (underEmbargo(article)) await emit('article.updated', { status: 'published', embargoUntil: article.embargoUntil });
      else await emit('article.published', { firstPublication: !article.firstPublishedAt, ...(options.alert ? { alert: true } : {}) });
      return 'publish';
    });
  }

  async unpublish(articleId: number, actor: WorkflowActor, options: TransitionOptions = {}): Promise<Article> {
    return this.change(articleId, actor, options, async (tx, article, emit) => {
      if (isPerson(actor) && !canPublishArticle(actor, article)) throw forbidden('You can unpublish only your own articles.');
      if (article.status === 'unpublished') return null;
      this.assertTransition(article, 'unpublished');
      await tx.updateTable('articles').set({ status: 'unpublished', scheduled_at: null, updated_at: nowIso() }).where('id', '=', article.id).execute();
      await this.jobs.cancel(tx, scheduleKey(article.id));
      await emit('article.unpublished', { wasPublished: article.status === 'published' });
      return 'unpublish';
    });
  }

  /** Publishes at `at` (a job armed for that time). */
  async schedule(articleId: number, at: Date, actor: WorkflowActor, options: TransitionOptions = {}): Promise<Article> {
    if (Number.isNaN(at.getTime()) || at.getTime() <= Date.now()) {
      throw new AppError('ERR_VALIDATION', 'the scheduled time must be in the future', { errors: [{ path: 'at', message: 'must be in the future' }] });
    }
    const result = await this.change(articleId, actor, options, async (tx, article, emit) => {
      if (isPerson(actor) && !canPublishArticle(actor, article)) throw forbidden('You can schedule only your own articles.');
      if (article.status !== 'scheduled') this.assertTransition(article, 'scheduled');
      const wasPublished = article.status === 'published';
      if (wasPublished) throw new AppError('ERR_CONFLICT', 'the article is already published; unpublish it first to schedule it again');
      // Checked now too, so a scheduled publish does not fail at its time for a reason known today.
      await assertImagesComplete(tx, article);
      await tx.updateTable('articles').set({ status: 'scheduled', scheduled_at: at.toISOString(), updated_at: nowIso() }).where('id', '=', article.id).execute();
      await this.jobs.enqueue(tx, PUBLISH_SCHEDULED_JOB, { articleId: article.id }, { runAt: at, uniqueKey: scheduleKey(article.id) });
      await emit('article.scheduled', { at: at.toISOString() });
      return 'schedule';
    });
    return result;
  }

  /** Moves between the editorial states (draft, in review, approved); `note` is kept in the audit log. */
  async transition(articleId: number, to: 'draft' | 'in_review' | 'approved', actor: Actor, options: TransitionOptions = {}): Promise<Article> {
    return this.change(articleId, actor, options, async (tx, article, emit) => {
      if (!canEditArticle(actor, article)) throw forbidden('You can change only your own articles.');
      if (to === 'approved' && !atLeast(actor, 'editor')) throw forbidden('Only editors approve articles.');
      if (article.status === 'published' && to === 'draft') throw new AppError('ERR_CONFLICT', 'unpublish the article before moving it back to draft');
      if (article.status === to) return null;
      this.assertTransition(article, to);
      await tx.updateTable('articles').set({ status: to, scheduled_at: null, updated_at: nowIso() }).where('id', '=', article.id).execute();
      await this.jobs.cancel(tx, scheduleKey(article.id));
      if (article.status === 'published') await emit('article.unpublished', { wasPublished: true });
      else await emit('article.updated', { status: to });
      return `status.${to}`;
    });
  }

  /** Moves an article to the trash (DELETE). A published article disappears from every public surface at once. */
  async trash(articleId: number, actor: Actor): Promise<Article> {
    return this.change(articleId, actor, {}, async (tx, article, emit) => {
      if (!(atLeast(actor, 'editor') || (canEditArticle(actor, article) && (article.status !== 'published' || canPublishArticle(actor, article))))) {
        throw forbidden('You cannot delete this article.');
      }
      if (article.status === 'trashed') return null;
      await tx.updateTable('articles').set({ status: 'trashed', scheduled_at: null, updated_at: nowIso() }).where('id', '=', article.id).execute();
      await this.jobs.cancel(tx, scheduleKey(article.id));
      if (article.status === 'published') await emit('article.unpublished', { wasPublished: true, trashed: true });
      await emit('article.trashed', {});
      return 'trash';
    }, { allowTrashed: true });
  }

  /**
   * The embargo-lift job: at the embargo time a published article is announced as if just published (events, caches,
   * and its published time).
   */
  async liftEmbargo(articleId: number): Promise<void> {
    await this.events.transaction(async (tx, emit) => {
      const article = await findArticle(tx, articleId);
      if (!article || article.status !== 'published' || !article.embargoUntil || underEmbargo(article, Date.now() + 50)) return;
      // Readers first meet the article now: when its first publication happened under this embargo, that is its first publication too.
      const firstTimeUnderEmbargo = !article.firstPublishedAt || article.firstPublishedAt === article.publishedAt;
      await tx
        .updateTable('articles')
        .set({ published_at: article.embargoUntil, ...(firstTimeUnderEmbargo ? { first_published_at: article.embargoUntil } : {}) })
        .where('id', '=', articleId)
        .execute();
      await recordAudit(tx, { accountId: null, action: 'article.embargo-lift', articleId, details: { by: 'scheduler', embargoUntil: article.embargoUntil } });
      await emit('article.published', articleId, { embargoLifted: true, firstPublication: true });
    });
  }

  /** The scheduled-publish job: publishes only if the article is still scheduled for a time that has come. */
  async publishScheduled(articleId: number): Promise<void> {
    const article = await findArticle(this.db, articleId);
    if (!article || article.status !== 'scheduled' || !article.scheduledAt) return;
    if (Date.parse(article.scheduledAt) > Date.now() + 50) {
      // Rescheduled to later in the meantime; the newer job will do it.
      return;
    }
    await this.publish(articleId, { system: 'scheduler' });
  }

  private assertTransition(article: Article, to: ArticleStatus): void {
    if (!canTransition(article.status, to)) {
      throw new AppError('ERR_CONFLICT', `an article that is ${article.status} cannot become ${to}`, { status: article.status });
    }
  }

  private async change(
    articleId: number,
    actor: WorkflowActor,
    options: TransitionOptions,
    apply: (tx: Tx, article: Article, emit: (name: DomainEventName, payload?: Record<string, unknown>) => Promise<void>) => Promise<string | null>,
    { allowTrashed = false } = {},
  ): Promise<Article> {
    await this.events.transaction(async (tx, emit) => {
      const article = await findArticle(tx, articleId);
      if (!article || (article.status === 'trashed' && !allowTrashed)) throw notFound(`article ${articleId}`);
      if (options.revision !== undefined && options.revision !== article.revision) {
        throw new AppError('ERR_CONFLICT', `article ${articleId} is at revision ${article.revision}, not ${options.revision}`, { currentRevision: article.revision });
      }
      const action = await apply(tx, article, (name, payload = {}) => emit(name, articleId, { ...payload, from: article.status }));
      if (action) {
        await recordAudit(tx, {
          accountId: isPerson(actor) ? actor.id : null,
          action: `article.${action}`,
          articleId,
          details: { from: article.status, ...(isPerson(actor) ? {} : { by: actor.system }), ...(options.note ? { note: options.note } : {}) },
        });
      }
    });
    const article = await findArticle(this.db, articleId);
    if (!article) throw notFound(`article ${articleId}`);
    this.jobs.wake();
    return article;
  }
}
