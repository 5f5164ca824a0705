import type { Logger } from '../lib/logger.js';
import { nowIso } from '../lib/time.js';
import type { Db, Tx } from '../db/database.js';

/** Domain events later features subscribe to (cache purge, search indexing, webhooks, newsletters). */
export type DomainEventName =
  | 'article.created'
  | 'article.updated'
  | 'article.published'
  | 'article.unpublished'
  | 'article.scheduled'
  | 'article.trashed'
  /** A media item's fields, focal point or derivatives changed (articles showing it render differently). */
  | 'media.updated'
  /** A tag was renamed or deleted; payload `articleIds`: the articles that carried it (their searchable text changed). */
  | 'tag.updated'
  /** The curated front page or its breaking banner changed (010-media). */
  | 'front-page.updated';

export interface DomainEvent {
  id: number;
  name: DomainEventName;
  articleId: number | null;
  payload: Record<string, unknown>;
  createdAt: string;
}

export type EventHandler = (event: DomainEvent) => void | Promise<void>;
/** Runs inside the transaction of the change; a throw rolls the whole change back. */
export type TransactionalEventHandler = (tx: Tx, event: DomainEvent) => Promise<void>;

/**
 * Events are written in the same transaction as the change they describe (an outbox), and handed to in-process
 * subscribers only after that transaction commits: a subscriber never sees a change that was rolled back, and a
 * crash between commit and delivery still leaves the event in the table for a later catch-up.
 */
export class EventBus {
  private readonly handlers = new Map<string, EventHandler[]>();
  private readonly transactionalHandlers = new Map<string, TransactionalEventHandler[]>();

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  /** `name` may be '*' for every event. Returns an unsubscribe function. */
  subscribe(name: DomainEventName | '*', handler: EventHandler): () => void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler);
    this.handlers.set(name, list);
    return () => {
      const current = this.handlers.get(name) ?? [];
      this.handlers.set(
        name,
        current.filter((h) => h !== handler),
      );
    };
  }

  /**
   * For derived data that must never disagree with the content (a search index, a read model): the handler runs in
   * the same transaction as the change, so both commit or neither does. Keep these fast and local to the database.
   */
  subscribeInTransaction(name: DomainEventName | '*', handler: TransactionalEventHandler): void {
    this.transactionalHandlers.set(name, [...(this.transactionalHandlers.get(name) ?? []), handler]);
  }

  /**
   * Runs `work` in one transaction; `emit` records events inside it. After commit the events are delivered.
   * Nested use is not supported on purpose: one service call is one transaction.
   */
  async transaction<T>(work: (tx: Tx, emit: (name: DomainEventName, articleId: number | null, payload?: Record<string, unknown>) => Promise<void>) => Promise<T>): Promise<T> {
    const emitted: DomainEvent[] = [];
    const result = await this.db.transaction().execute(async (tx) => {
      const emit = async (name: DomainEventName, articleId: number | null, payload: Record<string, unknown> = {}) => {
        const createdAt = nowIso();
        const row = await tx
          .insertInto('events')
          .values({ name, article_id: articleId, payload: JSON.stringify(payload), created_at: createdAt })
          .returning('id')
          .executeTakeFirstOrThrow();
        const event: DomainEvent = { id: row.id, name, articleId, payload, createdAt };
        emitted.push(event);
        for (const handler of [...(this.transactionalHandlers.get(name) ?? []), ...(this.transactionalHandlers.get('*') ?? [])]) await handler(tx, event);
      };
      return work(tx, emit);
    });
    for (const event of emitted) await this.deliver(event);
    return result;
  }

  private async deliver(event: DomainEvent): Promise<void> {
    const handlers = [...(this.handlers.get(event.name) ?? []), ...(this.handlers.get('*') ?? [])];
    for (const handler of handlers) {
      try {
        await handler(event);
      } catch (error) {
        // A failing subscriber must not undo or fail the change that already committed.
        this.logger.error({ err: error, event: event.name, articleId: event.articleId }, 'event subscriber failed');
      }
    }
  }
}
