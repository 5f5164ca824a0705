import { z } from 'zod';
import type { Config } from '../config/config.js';
import { loadArticles } from '../content/article.queries.js';
import type { ArticleStatus, Language } from '../content/content.types.js';
import { LANGUAGES } from '../content/content.types.js';
import type { Db, Tx } from '../db/database.js';
import { absoluteUrl, articlePath } from '../delivery/urls.js';
import { isVisibleToReaders } from '../delivery/visibility.js';
import type { JobContext, JobRunner } from '../jobs/job-runner.js';
import { AppError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { nowIso } from '../lib/time.js';
import type { PushSender } from './push-sender.js';

export const PUSH_FANOUT_JOB = 'push.alert-fanout';
export const PUSH_DELIVERY_JOB = 'push.delivery';
/** Attempts per browser: the job runner's backoff (2 s, 4 s, 8 s, 16 s, 32 s) spreads them over about a minute. */
export const PUSH_MAX_ATTEMPTS = 6;
/** Subscriptions per fan-out transaction (rows + jobs written together). */
const FANOUT_BATCH = 500;
/** A breaking alert is stale after a few hours; a browser offline longer than this does not get it. */
const ALERT_TTL_SECONDS = 6 * 3600;

const base64url = (bytes: number, what: string) =>
  z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, `${what} must be base64url`)
    .refine((v) => Buffer.from(v, 'base64url').length === bytes, `${what} must be ${bytes} bytes`);

/** What `PushSubscription.toJSON()` gives in a browser, plus the language of the page the reader opted in on. */
export const pushSubscriptionSchema = z
  .object({
    endpoint: z.string().trim().max(2000).url(),
    expirationTime: z.number().nullable().optional(),
    keys: z.object({ p256dh: base64url(65, 'keys.p256dh').refine((v) => Buffer.from(v, 'base64url')[0] === 4, 'keys.p256dh must be an uncompressed P-256 point'), auth: base64url(16, 'keys.auth') }).strict(),
    language: z.enum(LANGUAGES),
  })
  .strict();
export const pushUnsubscribeSchema = z.object({ endpoint: z.string().trim().max(2000).url() }).strict();

/** Read live from the config (tests point SITE_URL at the port they got). */
export type PushSettings = Pick<Config, 'siteUrl' | 'siteName' | 'push'>;

export interface PushStatus {
  configured: boolean;
  publicKey: string | null;
  subscribers: { total: number; byLanguage: Record<Language, number> };
  recentAlerts: { articleId: number; headline: string | null; language: string | null; createdAt: string; sent: number; pending: number; gone: number; failed: number; skipped: number }[];
}

const ALERT_TITLE: Record<Language, string> = { ko: '속보', en: 'Breaking news' };

/**
 * Web Push breaking alerts (docs/decisions/011-web-push.md). Readers opt in on the site; an alert starts in the
 * publish transaction (the same trigger as the newsletter alert), a fan-out job writes one delivery row and one job
 * per browser, and each job encrypts and sends with retries. A push service's 404/410 means the reader's browser
 * dropped the subscription: it is deleted.
 */
export class PushService {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobRunner,
    private readonly sender: PushSender | null,
    private readonly settings: PushSettings,
    private readonly logger: Logger,
  ) {}

  get enabled(): boolean {
    return this.sender !== null && this.settings.push.vapid !== undefined;
  }

  /** The VAPID public key the opt-in script subscribes with; undefined when push is off. */
  get publicKey(): string | undefined {
    return this.enabled ? this.settings.push.vapid?.publicKey : undefined;
  }

  private requireEnabled(): void {
    if (!this.enabled) throw new AppError('ERR_CONFLICT', 'Push alerts are not available on this site.');
  }

  private allowedEndpoint(endpoint: string): boolean {
    const url = new URL(endpoint);
    if (url.protocol !== 'https:') return false;
    const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    return this.settings.push.endpointHosts.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
  }

  /** Stores (or refreshes) a browser's subscription. */
  async subscribe(input: z.input<typeof pushSubscriptionSchema>): Promise<void> {
    this.requireEnabled();
    const data = pushSubscriptionSchema.parse(input);
    if (!this.allowedEndpoint(data.endpoint)) {
      throw new AppError('ERR_VALIDATION', 'endpoint: not a push service this site sends to', { errors: [{ path: 'endpoint', message: 'must be an https URL of a known push service' }] });
    }
    const now = nowIso();
    await this.db
      .insertInto('push_subscriptions')
      .values({ endpoint: data.endpoint, p256dh: data.keys.p256dh, auth: data.keys.auth, language: data.language, created_at: now, updated_at: now })
      .onConflict((oc) => oc.column('endpoint').doUpdateSet({ p256dh: data.keys.p256dh, auth: data.keys.auth, language: data.language, updated_at: now }))
      .execute();
  }

  /** Removes a subscription; answers the same whether or not it existed. */
  async unsubscribe(endpoint: string): Promise<void> {
    await this.db.deleteFrom('push_subscriptions').where('endpoint', '=', endpoint).execute();
  }

  /**
   * Called in the publish transaction when an editor publishes with `alert: true` (after the workflow refused an
   * alert for an embargoed story). Only what readers may see now is announced.
   */
  async startAlert(tx: Tx, articleId: number): Promise<void> {
    if (!this.enabled) return;
    const article = (await loadArticles(tx, [articleId])).get(articleId);
    if (!article || !isVisibleToReaders(article)) return;
    await this.jobs.enqueue(tx, PUSH_FANOUT_JOB, { articleId });
  }

  /**
   * One delivery row and one job per subscribed browser, in batches, each batch one transaction. A re-run (after a
   * crash, or a second alert for the same story) adds only browsers that have no row yet.
   */
  async fanOut(payload: Record<string, unknown>): Promise<void> {
    const articleId = Number(payload.articleId);
    const article = (await loadArticles(this.db, [articleId])).get(articleId);
    if (!article || !isVisibleToReaders(article)) return;
    const alert = this.alertPayload(article);
    let after = 0;
    for (;;) {
      const batch = await this.db.selectFrom('push_subscriptions').select('id').where('language', '=', article.language).where('id', '>', after).orderBy('id').limit(FANOUT_BATCH).execute();
      if (!batch.length) return;
      after = batch[batch.length - 1]?.id ?? after;
      await this.db.transaction().execute(async (tx) => {
        const now = nowIso();
        const rows = batch.map((s) => ({ article_id: articleId, subscription_id: s.id, status: 'pending', attempts: 0, response_status: null, last_error: null, created_at: now, updated_at: now }));
        const inserted = await tx
          .insertInto('push_deliveries')
          .values(rows)
          .onConflict((oc) => oc.columns(['article_id', 'subscription_id']).doNothing())
          .returning('id')
          .execute();
        for (const row of inserted) await this.jobs.enqueue(tx, PUSH_DELIVERY_JOB, { deliveryId: row.id, alert }, { maxAttempts: PUSH_MAX_ATTEMPTS });
      });
    }
  }

  /** The alert as the service worker reads it: the notification's title and text, and the story's URL. */
  alertPayload(article: { id: number; language: Language; headline: string; slug: string; section: { slug: string } }): string {
    return JSON.stringify({
      type: 'breaking',
      articleId: article.id,
      lang: article.language,
      title: `${ALERT_TITLE[article.language]} | ${this.settings.siteName}`,
      headline: article.headline,
      body: article.headline,
      url: absoluteUrl(this.settings.siteUrl, articlePath(article)),
      tag: `article-${article.id}`,
    });
  }

  /**
   * The delivery job: encrypt and send to one browser. Throws on a retryable failure so the runner retries. The
   * alert text was made once by the fan-out; each job only re-reads what may have changed since (the subscription,
   * and whether readers may still see the story), in one query.
   */
  async deliver(payload: Record<string, unknown>, context: JobContext): Promise<void> {
    const deliveryId = Number(payload.deliveryId);
    const alert = String(payload.alert ?? '');
    const row = await this.db
      .selectFrom('push_deliveries as d')
      .leftJoin('push_subscriptions as s', 's.id', 'd.subscription_id')
      .leftJoin('articles as a', 'a.id', 'd.article_id')
      .select(['d.status', 's.id as subscriptionId', 's.endpoint', 's.p256dh', 's.auth', 'a.status as articleStatus', 'a.embargo_until as embargoUntil'])
      .where('d.id', '=', deliveryId)
      .executeTakeFirst();
    if (row?.status !== 'pending') return;
    const finish = (status: string, responseStatus: number | null, lastError: string | null) =>
      this.db.updateTable('push_deliveries').set({ status, attempts: context.attempt, response_status: responseStatus, last_error: lastError, updated_at: nowIso() }).where('id', '=', deliveryId).execute();
    const subscription = row.subscriptionId !== null && row.endpoint !== null && row.p256dh !== null && row.auth !== null ? { id: row.subscriptionId, endpoint: row.endpoint, p256dh: row.p256dh, auth: row.auth } : null;
    const readable = row.articleStatus !== null && isVisibleToReaders({ status: row.articleStatus as ArticleStatus, embargoUntil: row.embargoUntil });
    // Unsubscribed since, or the story is no longer (or not yet) readable: nothing is sent.
    if (!subscription || !readable || !this.sender || !alert) {
      await finish('skipped', null, !subscription ? 'unsubscribed' : !readable ? 'not readable' : 'push is off');
      return;
    }
    let result;
    try {
      result = await this.sender.send({ endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } }, alert, { ttl: ALERT_TTL_SECONDS, urgency: 'high' });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await finish(context.attempt >= PUSH_MAX_ATTEMPTS ? 'failed' : 'pending', null, message);
      this.logger.warn({ pushDelivery: deliveryId, attempt: context.attempt, err: message }, 'push delivery failed');
      throw error;
    }
    const { status } = result;
    if (status >= 200 && status < 300) {
      await finish('sent', status, null);
    } else if (status === 404 || status === 410) {
      // RFC 8030 §7.3: the subscription expired or the reader revoked it; never send to it again.
      await this.db.deleteFrom('push_subscriptions').where('id', '=', subscription.id).execute();
      await finish('gone', status, null);
    } else if (status >= 400 && status < 500 && status !== 408 && status !== 425 && status !== 429) {
      // A request the push service will never accept (bad VAPID key, payload too large): retrying cannot help.
      await finish('failed', status, result.body.slice(0, 500));
      this.logger.warn({ pushDelivery: deliveryId, status }, 'push service refused the alert');
    } else {
      const final = context.attempt >= PUSH_MAX_ATTEMPTS;
      await finish(final ? 'failed' : 'pending', status, result.body.slice(0, 500) || `HTTP ${status}`);
      throw new Error(`the push service answered HTTP ${status}`);
    }
  }

  /** For the newsroom: whether push is on, how many browsers, and the last alerts with their outcome. */
  async status(): Promise<PushStatus> {
    const counts = await this.db.selectFrom('push_subscriptions').select(['language', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('language').execute();
    const byLanguage: Record<Language, number> = { ko: 0, en: 0 };
    for (const row of counts) if (row.language === 'ko' || row.language === 'en') byLanguage[row.language] = Number(row.n);
    const recent = await this.db
      .selectFrom('push_deliveries')
      .select(['article_id', (eb) => eb.fn.min('created_at').as('created_at')])
      .groupBy('article_id')
      .orderBy('created_at', 'desc')
      .limit(10)
      .execute();
    const ids = recent.map((r) => r.article_id);
    const tallies = ids.length
      ? await this.db.selectFrom('push_deliveries').select(['article_id', 'status', (eb) => eb.fn.countAll<number>().as('n')]).where('article_id', 'in', ids).groupBy(['article_id', 'status']).execute()
      : [];
    const articles = ids.length ? await this.db.selectFrom('articles').select(['id', 'headline', 'language']).where('id', 'in', ids).execute() : [];
    return {
      configured: this.enabled,
      publicKey: this.publicKey ?? null,
      subscribers: { total: byLanguage.ko + byLanguage.en, byLanguage },
      recentAlerts: recent.map((r) => {
        const article = articles.find((a) => a.id === r.article_id);
        const count = (status: string) => Number(tallies.find((t) => t.article_id === r.article_id && t.status === status)?.n ?? 0);
        return { articleId: r.article_id, headline: article?.headline ?? null, language: article?.language ?? null, createdAt: String(r.created_at), sent: count('sent'), pending: count('pending'), gone: count('gone'), failed: count('failed'), skipped: count('skipped') };
      }),
    };
  }
}
