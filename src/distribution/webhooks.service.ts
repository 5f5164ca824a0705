import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import { loadArticles } from '../content/article.queries.js';
import type { ArticleStatus } from '../content/content.types.js';
import { findMediaByIds } from '../content/media.service.js';
import type { Db, Tx } from '../db/database.js';
import { isVisibleToReaders } from '../delivery/visibility.js';
import type { DomainEvent } from '../events/event-bus.js';
import type { JobContext, JobRunner } from '../jobs/job-runner.js';
import { notFound } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { nowIso } from '../lib/time.js';
import type { DistributionService } from './distribution.service.js';

/**
 * Partner webhooks, signed per Standard Webhooks (https://www.standardwebhooks.com/): `webhook-id`,
 * `webhook-timestamp`, `webhook-signature` (HMAC-SHA256 by npm `standardwebhooks`). A delivery is enqueued as a
 * job in the same transaction as the change it reports (so it exists exactly when the change does), then sent by
 * the durable job runner, retried with exponential backoff on any non-2xx answer, timeout or network error.
 */
export const WEBHOOK_EVENT_TYPES = ['article.published', 'article.updated', 'article.unpublished'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export const WEBHOOK_DELIVERY_JOB = 'distribution.webhook-delivery';
/** 8 attempts: the job runner's backoff (2 s, 4 s, 8 s … ) spreads them over about four minutes. */
export const WEBHOOK_MAX_ATTEMPTS = 8;

const webhookUrl = z
  .string()
  .trim()
  .url()
  .max(2000)
  .refine((v) => /^https?:\/\//i.test(v), 'must be an http(s) URL');

export const webhookInputSchema = z
  .object({
    url: webhookUrl,
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(3).default([...WEBHOOK_EVENT_TYPES]),
    description: z.string().trim().max(500).default(''),
  })
  .strict();
export const webhookUpdateSchema = z
  .object({ url: webhookUrl.optional(), events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(3).optional(), description: z.string().trim().max(500).optional(), active: z.boolean().optional() })
  .strict();

export interface WebhookInfo {
  id: number;
  url: string;
  description: string;
  events: WebhookEventType[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDelivery {
  id: number;
  webhookId: number;
  messageId: string;
  eventType: string;
  articleId: number | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

type WebhookRow = { id: number; url: string; description: string; events: string; active: number; created_at: string; updated_at: string };
const toInfo = (row: WebhookRow): WebhookInfo => ({
  id: row.id,
  url: row.url,
  description: row.description,
  events: JSON.parse(row.events) as WebhookEventType[],
  active: row.active === 1,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export class WebhookService {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobRunner,
    private readonly distribution: DistributionService,
    private readonly logger: Logger,
    private readonly options: { timeoutMs?: number; userAgent?: string } = {},
  ) {}

  /** Creates a webhook; the signing secret is returned here and by rotateSecret only. */
  async createWebhook(input: z.input<typeof webhookInputSchema>, createdBy: number | null): Promise<{ webhook: WebhookInfo; secret: string }> {
    const data = webhookInputSchema.parse(input);
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const now = nowIso();
    const row = await this.db
      .insertInto('webhooks')
      .values({ url: data.url, description: data.description, events: JSON.stringify(data.events), secret, active: 1, created_by: createdBy, created_at: now, updated_at: now })
      .returning(['id', 'url', 'description', 'events', 'active', 'created_at', 'updated_at'])
      .executeTakeFirstOrThrow();
    return { webhook: toInfo(row), secret };
  }

  async listWebhooks(): Promise<WebhookInfo[]> {
    const rows = await this.db.selectFrom('webhooks').select(['id', 'url', 'description', 'events', 'active', 'created_at', 'updated_at']).orderBy('id').execute();
    return rows.map(toInfo);
  }

  async getWebhook(id: number): Promise<WebhookInfo> {
    const row = await this.db.selectFrom('webhooks').select(['id', 'url', 'description', 'events', 'active', 'created_at', 'updated_at']).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`webhook ${id}`);
    return toInfo(row);
  }

  async updateWebhook(id: number, input: z.input<typeof webhookUpdateSchema>): Promise<WebhookInfo> {
    const data = webhookUpdateSchema.parse(input);
    await this.getWebhook(id);
    await this.db
      .updateTable('webhooks')
      .set({
        ...(data.url !== undefined ? { url: data.url } : {}),
        ...(data.events !== undefined ? { events: JSON.stringify(data.events) } : {}),
        ...(data.description !== undefined ? { description: data.description } : {}),
        ...(data.active !== undefined ? { active: data.active ? 1 : 0 } : {}),
        updated_at: nowIso(),
      })
      .where('id', '=', id)
      .execute();
    return this.getWebhook(id);
  }

  async rotateSecret(id: number): Promise<{ webhook: WebhookInfo; secret: string }> {
    const webhook = await this.getWebhook(id);
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    await this.db.updateTable('webhooks').set({ secret, updated_at: nowIso() }).where('id', '=', id).execute();
    return { webhook, secret };
  }

  async deleteWebhook(id: number): Promise<void> {
    await this.getWebhook(id);
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
      await tx.deleteFrom('webhooks').where('id', '=', id).execute();
    });
  }

  async listDeliveries(webhookId: number, page: number, pageSize: number): Promise<{ items: WebhookDelivery[]; total: number }> {
    await this.getWebhook(webhookId);
    const base = this.db.selectFrom('webhook_deliveries').where('webhook_id', '=', webhookId);
    const rows = await base.selectAll().orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
    const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    return {
      total: Number(total),
      items: rows.map((r) => ({
        id: r.id,
        webhookId: r.webhook_id,
        messageId: r.message_id,
        eventType: r.event_type,
        articleId: r.article_id,
        status: r.status as WebhookDelivery['status'],
        attempts: r.attempts,
        responseStatus: r.response_status,
        lastError: r.last_error,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      })),
    };
  }

  /**
   * Runs inside the transaction of every domain change (EventBus.subscribeInTransaction). Partners hear only what
   * readers may see: an update of a draft or of an embargoed story is not announced; the embargo lift is.
   */
  async enqueueForEvent(tx: Tx, event: DomainEvent): Promise<void> {
    if (event.articleId === null || !WEBHOOK_EVENT_TYPES.includes(event.name as WebhookEventType)) return;
    const active = await tx.selectFrom('webhooks').select(['id', 'events']).where('active', '=', 1).execute();
    if (!active.length) return;
    const type = await this.eventTypeFor(tx, event);
    if (!type) return;
    const hooks = active.filter((h) => (JSON.parse(h.events) as string[]).includes(type));
    if (!hooks.length) return;
    const body = JSON.stringify({ type, timestamp: new Date(event.createdAt).toISOString(), data: await this.eventData(tx, event.articleId, type) });
    const now = nowIso();
    for (const hook of hooks) {
      const messageId = `msg_${event.id}_${hook.id}`;
      const delivery = await tx
        .insertInto('webhook_deliveries')
        .values({ webhook_id: hook.id, message_id: messageId, event_type: type, article_id: event.articleId, status: 'pending', attempts: 0, response_status: null, last_error: null, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.jobs.enqueue(tx, WEBHOOK_DELIVERY_JOB, { deliveryId: delivery.id, body }, { maxAttempts: WEBHOOK_MAX_ATTEMPTS });
    }
  }

  private async eventTypeFor(tx: Tx, event: DomainEvent): Promise<WebhookEventType | null> {
    if (event.name === 'article.unpublished') return event.payload.wasPublished === false ? null : 'article.unpublished';
    if (event.name !== 'article.published' && event.name !== 'article.updated') return null;
    const row = await tx.selectFrom('articles').select(['status', 'embargo_until']).where('id', '=', event.articleId ?? 0).executeTakeFirst();
    if (!row || !isVisibleToReaders({ status: row.status as ArticleStatus, embargoUntil: row.embargo_until })) return null;
    return event.name;
  }

  private async eventData(tx: Tx, articleId: number, type: WebhookEventType): Promise<Record<string, unknown>> {
    const article = (await loadArticles(tx, [articleId])).get(articleId);
    if (!article) return { id: articleId };
    const ref = { id: article.id, uri: this.distribution.articleGuid(article), language: article.language };
    if (type === 'article.unpublished') return ref;
    const media = await findMediaByIds(tx, article.featuredMediaId ? [article.featuredMediaId, ...article.body.flatMap((b) => (b.type === 'image' ? [b.mediaId] : []))] : article.body.flatMap((b) => (b.type === 'image' ? [b.mediaId] : [])));
    const ninjs = this.distribution.toNinjs(article, media);
    return { ...ref, headline: article.headline, url: (ninjs.renditions as { href: string }[])[0]?.href, ninjs };
  }

  /** The delivery job: sign and POST; any failure throws, so the job runner retries with backoff. */
  async deliver(payload: Record<string, unknown>, context: JobContext): Promise<void> {
    const deliveryId = Number(payload.deliveryId);
    const body = String(payload.body);
    const delivery = await this.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', deliveryId).executeTakeFirst();
    if (!delivery) return; // the webhook was deleted
    const hook = await this.db.selectFrom('webhooks').select(['url', 'secret', 'active']).where('id', '=', delivery.webhook_id).executeTakeFirst();
    if (!hook || hook.active !== 1) {
      await this.record(deliveryId, context.attempt, 'failed', null, 'webhook disabled');
      return;
    }
    const now = new Date();
    const signature = new Webhook(hook.secret).sign(delivery.message_id, now, body);
    let status: number | null = null;
    try {
      const response = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': this.options.userAgent ?? 'Sinmun-Webhooks/1',
          'webhook-id': delivery.message_id,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      status = response.status;
      await response.body?.cancel();
      if (status < 200 || status >= 300) throw new Error(`the receiver answered HTTP ${status}`);
      await this.record(deliveryId, context.attempt, 'delivered', status, null);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const final = context.attempt >= WEBHOOK_MAX_ATTEMPTS;
      await this.record(deliveryId, context.attempt, final ? 'failed' : 'pending', status, message);
      this.logger.warn({ webhookDelivery: deliveryId, attempt: context.attempt, err: message }, 'webhook delivery failed');
      throw error;
    }
  }

  private async record(id: number, attempts: number, status: WebhookDelivery['status'], responseStatus: number | null, lastError: string | null): Promise<void> {
    await this.db.updateTable('webhook_deliveries').set({ attempts, status, response_status: responseStatus, last_error: lastError, updated_at: nowIso() }).where('id', '=', id).execute();
  }
}
