import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/database.js';
import { isUniqueViolation } from '../db/database.js';
import type { Logger } from '../lib/logger.js';
import { nowIso } from '../lib/time.js';

export interface JobContext {
  id: number;
  name: string;
  attempt: number;
  runAt: string;
}

export type JobHandler = (payload: Record<string, unknown>, context: JobContext) => Promise<void>;

export interface EnqueueOptions {
  /** When to run; now when omitted. */
  runAt?: Date;
  /** At most one pending or running job per key; enqueueing again with the same key replaces a pending one. */
  uniqueKey?: string;
  maxAttempts?: number;
}

export interface JobRow {
  id: number;
  name: string;
  payload: Record<string, unknown>;
  runAt: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  lastError: string | null;
  finishedAt: string | null;
}

export interface JobRunnerOptions {
  /** A running job whose node has not finished it after this long is assumed lost (crash) and runs again. */
  lockTimeoutMs?: number;
  /** Longest sleep between looks at the table, for jobs enqueued by another node. */
  backstopMs?: number;
  concurrency?: number;
}

const MAX_TIMER_MS = 2_147_483_647;

/**
 * A durable job runner on either database (docs/decisions/004-jobs.md). Jobs live in the `jobs` table, so they
 * survive restarts; each run is claimed with a conditional UPDATE, so it runs once even with several nodes; a timer
 * is armed for the next due job, so a job due at a time runs within a second of it; failures retry with
 * exponential backoff.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly nodeId = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private running = false;
  private ticking: Promise<void> | undefined;
  private tickAgain = false;
  private readonly active = new Set<Promise<void>>();
  private readonly lockTimeoutMs: number;
  private readonly backstopMs: number;
  private readonly concurrency: number;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    options: JobRunnerOptions = {},
  ) {
    this.lockTimeoutMs = options.lockTimeoutMs ?? 60_000;
    this.backstopMs = options.backstopMs ?? 1_000;
    this.concurrency = options.concurrency ?? 4;
  }

  register(name: string, handler: JobHandler): void {
    this.handlers.set(name, handler);
  }

  /**
   * Stores a job. Pass a transaction to make the job part of a larger change (it then exists only if that change
   * commits).
   */
  async enqueue(db: Queryable, name: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<number> {
    const runAt = (options.runAt ?? new Date()).toISOString();
    if (options.uniqueKey) {
      await db.deleteFrom('jobs').where('unique_key', '=', options.uniqueKey).where('status', '=', 'pending').execute();
    }
    try {
      const row = await db
        .insertInto('jobs')
        .values({
          name,
          payload: JSON.stringify(payload),
          run_at: runAt,
          status: 'pending',
          attempts: 0,
          max_attempts: options.maxAttempts ?? 5,
          unique_key: options.uniqueKey ?? null,
          created_at: nowIso(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      this.armAt(Date.parse(runAt));
      return row.id;
    } catch (error) {
      if (isUniqueViolation(error)) throw new Error(`a job with key ${options.uniqueKey ?? ''} is already running`, { cause: error });
      throw error;
    }
  }

  /** Removes a pending job by key (e.g. a cancelled schedule). */
  async cancel(db: Queryable, uniqueKey: string): Promise<boolean> {
    const result = await db.deleteFrom('jobs').where('unique_key', '=', uniqueKey).where('status', '=', 'pending').executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async listJobs(filter: { name?: string; status?: JobRow['status'] } = {}): Promise<JobRow[]> {
    let query = this.db.selectFrom('jobs').selectAll().orderBy('id', 'asc');
    if (filter.name) query = query.where('name', '=', filter.name);
    if (filter.status) query = query.where('status', '=', filter.status);
    const rows = await query.execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
      runAt: r.run_at,
      status: r.status as JobRow['status'],
      attempts: r.attempts,
      lastError: r.last_error,
      finishedAt: r.finished_at,
    }));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.wake();
  }

  /** Stops taking jobs and waits for the running ones to finish (graceful shutdown). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.ticking;
    await Promise.allSettled([...this.active]);
  }

  /** Look at the table now (e.g. after a commit that added a due job). */
  wake(): void {
    this.armAt(Date.now());
  }

  private armAt(at: number): void {
    if (!this.running) return;
    if (this.timer && at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.min(Math.max(0, at - Date.now()), MAX_TIMER_MS);
    this.timerAt = Date.now() + delay;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      void this.tick();
    }, delay);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = this.runDue()
      .catch((error: unknown) => this.logger.error({ err: error }, 'job runner tick failed'))
      .finally(() => {
        this.ticking = undefined;
        if (this.tickAgain) {
          this.tickAgain = false;
          this.wake();
        } else {
          void this.armForNext();
        }
      });
    await this.ticking;
  }

  private async runDue(): Promise<void> {
    if (!this.running) return;
    const now = nowIso();
    // Jobs a crashed node claimed but never finished go back to the queue.
    await this.db
      .updateTable('jobs')
      .set({ status: 'pending', locked_by: null, locked_at: null })
      .where('status', '=', 'running')
      .where('locked_at', '<', new Date(Date.now() - this.lockTimeoutMs).toISOString())
      .execute();
    const free = this.concurrency - this.active.size;
    if (free <= 0) return;
    const due = await this.db
      .selectFrom('jobs')
      .select(['id'])
      .where('status', '=', 'pending')
      .where('run_at', '<=', now)
      .orderBy('run_at', 'asc')
      .limit(free)
      .execute();
    for (const { id } of due) {
      const claimed = await this.db
        .updateTable('jobs')
        .set((eb) => ({ status: 'running', locked_by: this.nodeId, locked_at: nowIso(), attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue; // another node took it
      const run = this.runClaimed(id).finally(() => {
        this.active.delete(run);
        if (this.running) this.wake();
      });
      this.active.add(run);
    }
  }

  private async runClaimed(id: number): Promise<void> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const handler = this.handlers.get(row.name);
    const started = Date.now();
    try {
      if (!handler) throw new Error(`no handler registered for job ${row.name}`);
      await handler(JSON.parse(row.payload) as Record<string, unknown>, { id, name: row.name, attempt: row.attempts, runAt: row.run_at });
      await this.db
        .updateTable('jobs')
        .set({ status: 'done', finished_at: nowIso(), locked_by: null, unique_key: null, last_error: null })
        .where('id', '=', id)
        .execute();
      this.logger.info({ job: row.name, jobId: id, ms: Date.now() - started, lateMs: started - Date.parse(row.run_at) }, 'job done');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const finalAttempt = row.attempts >= row.max_attempts;
      const backoffMs = Math.min(3_600_000, 1000 * 2 ** row.attempts);
      await this.db
        .updateTable('jobs')
        .set(
          finalAttempt
            ? { status: 'failed', finished_at: nowIso(), locked_by: null, unique_key: null, last_error: message }
            : { status: 'pending', run_at: new Date(Date.now() + backoffMs).toISOString(), locked_by: null, locked_at: null, last_error: message },
        )
        .where('id', '=', id)
        .execute();
      this.logger.warn({ job: row.name, jobId: id, attempt: row.attempts, err: message, final: finalAttempt }, 'job failed');
    }
  }

  private async armForNext(): Promise<void> {
    if (!this.running) return;
    try {
      const next = await this.db
        .selectFrom('jobs')
        .select(['run_at'])
        .where('status', '=', 'pending')
        .orderBy('run_at', 'asc')
        .limit(1)
        .executeTakeFirst();
      const backstop = Date.now() + this.backstopMs;
      this.armAt(next ? Math.min(Date.parse(next.run_at), backstop) : backstop);
    } catch (error) {
      this.logger.error({ err: error }, 'job runner could not read the next due job');
      this.armAt(Date.now() + this.backstopMs);
    }
  }
}
