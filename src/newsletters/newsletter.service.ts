import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { loadArticles } from '../content/article.queries.js';
import type { Config } from '../config/config.js';
import type { Article, Language } from '../content/content.types.js';
import { LANGUAGES } from '../content/content.types.js';
import type { Db, Queryable, Tx } from '../db/database.js';
import type { DeliveryService } from '../delivery/delivery.service.js';
import { absoluteUrl, articlePath } from '../delivery/urls.js';
import { isVisibleToReaders } from '../delivery/visibility.js';
import type { JobRunner } from '../jobs/job-runner.js';
import { AppError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { nowIso } from '../lib/time.js';
import { localDay, nextLocalTime } from './local-time.js';
import type { Mailer } from '../lib/mailer.js';
import { alertMail, confirmationMail, digestMail, preferencesMail } from './newsletter-mail.js';

export const NEWSLETTER_SEND_JOB = 'newsletters.send';
export const NEWSLETTER_CONFIRM_JOB = 'newsletters.confirmation';
export const NEWSLETTER_DAILY_JOB = 'newsletters.daily-digest';
/** Mails per job run: a SIGTERM waits for at most this many before the process exits; the rest resume after restart. */
export const SEND_BATCH = 10;
/** A message claimed this long ago by a node that never finished it (a crash) is sent again: at most one duplicate. */
const STALE_CLAIM_MS = 5 * 60_000;
const DIGEST_SIZE = 10;
/** A digest never reaches further back than this, nor before the previous digest in its language. */
const DIGEST_WINDOW_MS = 24 * 3_600_000;

const choicesShape = {
  languages: z.array(z.enum(LANGUAGES)).min(1, 'choose Korean, English, or both').max(2).default(['ko']),
  digest: z.boolean().default(true),
  alerts: z.boolean().default(false),
};
const chooseSomething = { message: 'choose the daily digest, breaking alerts, or both', path: ['digest'] };

export const subscribeInputSchema = z
  .object({ email: z.string().trim().toLowerCase().email().max(320), ...choicesShape })
  .strict()
  .refine((v) => v.digest || v.alerts, chooseSomething);

/** What a reader changes from the preferences link in every mail (no login: the link's token is the credential). */
export const preferencesInputSchema = z
  .object({ ...choicesShape, languages: z.array(z.enum(LANGUAGES)).min(1, 'choose Korean, English, or both').max(2) })
  .strict()
  .refine((v) => v.digest || v.alerts, chooseSomething);
export type NewsletterPreferences = z.output<typeof preferencesInputSchema>;

export const bounceInputSchema = z
  .object({ email: z.string().trim().toLowerCase().email().max(320), type: z.enum(['hard', 'soft', 'complaint']) })
  .strict();

export interface NewsletterOverview {
  enabled: boolean;
  digestTime: string;
  timeZone: string;
  subscribers: { byStatus: Record<string, number>; active: { ko: number; en: number; digest: number; alerts: number } };
  recentSends: { id: number; kind: string; language: string; status: string; createdAt: string; finishedAt: string | null; sent: number; pending: number; skipped: number }[];
}

/** Read live from the config (tests point SITE_URL at the port they got). */
export type NewsletterSettings = Pick<Config, 'siteUrl' | 'siteName' | 'siteTimezone' | 'newsletterDigestTime' | 'defaultLanguage'>;

/**
 * Newsletters: double opt-in sign-up, a daily digest of the front page per language, breaking alerts, unsubscribe
 * without login (RFC 8058 one-click), bounces and complaints. Every mail goes out from a job, one row per recipient
 * in `newsletter_messages`: a message is claimed, sent, and marked sent right away, so a graceful restart
 * (SIGTERM waits for the running batch) mails everyone exactly once, and a crash at most once more, with the same
 * Message-ID.
 */
export class NewsletterService {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobRunner,
    private readonly delivery: DeliveryService,
    private readonly mailer: Mailer | null,
    private readonly settings: NewsletterSettings,
    private readonly logger: Logger,
  ) {}

  get enabled(): boolean {
    return this.mailer !== null;
  }

  private requireMailer(): Mailer {
    if (!this.mailer) throw new AppError('ERR_CONFLICT', 'Newsletters need outgoing mail: set SMTP_URL.');
    return this.mailer;
  }

  private url(path: string): string {
    return absoluteUrl(this.settings.siteUrl, path);
  }

  private messageId(kind: string, a: number, b: number): string {
    return `<${kind}.${a}.${b}@${new URL(this.settings.siteUrl).hostname}>`;
  }

  // ## Subscribers

  /**
   * Always answers the same, so the form does not reveal who is subscribed. An active subscriber signing up again
   * gets a mail with their preferences link (the form's choices are NOT applied: anyone can type an address);
   * a bounced or complained address gets nothing.
   */
  async subscribe(input: z.input<typeof subscribeInputSchema>): Promise<void> {
    this.requireMailer();
    const data = subscribeInputSchema.parse(input);
    const now = nowIso();
    const existing = await this.db.selectFrom('newsletter_subscribers').select(['id', 'status']).where('email', '=', data.email).executeTakeFirst();
    if (existing?.status === 'active') {
      await this.jobs.enqueue(this.db, NEWSLETTER_CONFIRM_JOB, { subscriberId: existing.id, language: data.languages[0] ?? this.settings.defaultLanguage, kind: 'preferences' });
      return;
    }
    if (existing && ['bounced', 'complained'].includes(existing.status)) return;
    const prefs = { languages: JSON.stringify(data.languages), digest: data.digest ? 1 : 0, alerts: data.alerts ? 1 : 0 };
    await this.db.transaction().execute(async (tx) => {
      let id = existing?.id;
      if (id !== undefined) await tx.updateTable('newsletter_subscribers').set({ ...prefs, status: 'pending', updated_at: now }).where('id', '=', id).execute();
      else {
        const row = await tx
          .insertInto('newsletter_subscribers')
          .values({ email: data.email, ...prefs, status: 'pending', token: randomBytes(24).toString('base64url'), created_at: now, confirmed_at: null, updated_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        id = row.id;
      }
      await this.jobs.enqueue(tx, NEWSLETTER_CONFIRM_JOB, { subscriberId: id, language: data.languages[0] ?? this.settings.defaultLanguage });
    });
  }

  /** The confirmation mail of a sign-up, or (payload kind "preferences") the preferences link for an active reader. */
  async sendConfirmation(payload: Record<string, unknown>): Promise<void> {
    const row = await this.db.selectFrom('newsletter_subscribers').select(['id', 'email', 'token', 'status']).where('id', '=', Number(payload.subscriberId)).executeTakeFirst();
    const lang = payload.language === 'en' ? 'en' : 'ko';
    if (payload.kind === 'preferences') {
      if (row?.status !== 'active') return;
      const links = this.readerLinks(row.token, lang);
      const mail = preferencesMail(lang, this.settings.siteName, links);
      await this.requireMailer().send({ to: row.email, ...mail, messageId: this.messageId('preferences', row.id, Date.now()), headers: this.listHeaders(links.unsubscribeUrl) });
      return;
    }
    if (row?.status !== 'pending') return;
    const mail = confirmationMail(lang, this.settings.siteName, this.url(`/newsletter/confirm?token=${row.token}&lang=${lang}`));
    await this.requireMailer().send({ to: row.email, ...mail, messageId: this.messageId('confirm', row.id, Date.now()) });
  }

  /** The two links every newsletter mail carries; the subscriber's token is their only credential. */
  private readerLinks(token: string, lang: Language): { unsubscribeUrl: string; preferencesUrl: string } {
    return { unsubscribeUrl: this.url(`/newsletter/unsubscribe?token=${token}&lang=${lang}`), preferencesUrl: this.url(`/newsletter/preferences?token=${token}&lang=${lang}`) };
  }

  /** RFC 2369 + RFC 8058: mail clients offer an unsubscribe button that POSTs to the URL, no login. */
  private listHeaders(unsubscribeUrl: string): Record<string, string> {
    return { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'List-Id': `${this.settings.siteName} <newsletter.${new URL(this.settings.siteUrl).hostname}>` };
  }

  /** An active subscriber's address and choices by the token of their mails; null for an unknown token or any other status. */
  async getPreferences(token: string): Promise<({ email: string } & NewsletterPreferences) | null> {
    const row = await this.db.selectFrom('newsletter_subscribers').select(['email', 'languages', 'digest', 'alerts', 'status']).where('token', '=', token).executeTakeFirst();
    if (row?.status !== 'active') return null;
    return { email: row.email, languages: JSON.parse(row.languages) as Language[], digest: row.digest === 1, alerts: row.alerts === 1 };
  }

  /** Replaces an active subscriber's choices; false for an unknown token or a subscriber who is not active. */
  async updatePreferences(token: string, input: z.input<typeof preferencesInputSchema>): Promise<boolean> {
    const data = preferencesInputSchema.parse(input);
    const languages = LANGUAGES.filter((l) => data.languages.includes(l));
    const result = await this.db
      .updateTable('newsletter_subscribers')
      .set({ languages: JSON.stringify(languages), digest: data.digest ? 1 : 0, alerts: data.alerts ? 1 : 0, updated_at: nowIso() })
      .where('token', '=', token)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async confirm(token: string): Promise<boolean> {
    const now = nowIso();
    const result = await this.db.updateTable('newsletter_subscribers').set({ status: 'active', confirmed_at: now, updated_at: now }).where('token', '=', token).where('status', 'in', ['pending', 'active']).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async unsubscribe(token: string): Promise<boolean> {
    const result = await this.db
      .updateTable('newsletter_subscribers')
      .set({ status: 'unsubscribed', updated_at: nowIso() })
      .where('token', '=', token)
      .where('status', 'in', ['pending', 'active', 'unsubscribed'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** A hard bounce or a complaint stops all mail to the address; a soft bounce changes nothing. */
  async recordBounces(bounces: z.input<typeof bounceInputSchema>[]): Promise<{ stopped: string[]; ignored: string[] }> {
    const parsed = bounces.map((b) => bounceInputSchema.parse(b));
    const stopped: string[] = [];
    const ignored: string[] = [];
    for (const bounce of parsed) {
      if (bounce.type === 'soft') {
        ignored.push(bounce.email);
        continue;
      }
      const result = await this.db
        .updateTable('newsletter_subscribers')
        .set({ status: bounce.type === 'complaint' ? 'complained' : 'bounced', updated_at: nowIso() })
        .where('email', '=', bounce.email)
        .executeTakeFirst();
      (Number(result.numUpdatedRows) > 0 ? stopped : ignored).push(bounce.email);
    }
    return { stopped, ignored };
  }

  async findSubscriberStatus(email: string): Promise<string | null> {
    const row = await this.db.selectFrom('newsletter_subscribers').select('status').where('email', '=', email.toLowerCase()).executeTakeFirst();
    return row?.status ?? null;
  }

  /** For the newsroom: settings, subscribers by status, language and choice, and the last sends with their progress. */
  async overview(): Promise<NewsletterOverview> {
    const rows = await this.db.selectFrom('newsletter_subscribers').select(['status', 'languages', 'digest', 'alerts', (eb) => eb.fn.countAll<number>().as('n')]).groupBy(['status', 'languages', 'digest', 'alerts']).execute();
    const byStatus: Record<string, number> = { pending: 0, active: 0, unsubscribed: 0, bounced: 0, complained: 0 };
    const active = { ko: 0, en: 0, digest: 0, alerts: 0 };
    for (const row of rows) {
      const n = Number(row.n);
      byStatus[row.status] = (byStatus[row.status] ?? 0) + n;
      if (row.status !== 'active') continue;
      const languages = JSON.parse(row.languages) as string[];
      if (languages.includes('ko')) active.ko += n;
      if (languages.includes('en')) active.en += n;
      if (row.digest === 1) active.digest += n;
      if (row.alerts === 1) active.alerts += n;
    }
    const sends = await this.db.selectFrom('newsletter_sends').select(['id', 'kind', 'language', 'status', 'created_at', 'finished_at']).orderBy('id', 'desc').limit(10).execute();
    const tallies = sends.length
      ? await this.db.selectFrom('newsletter_messages').select(['send_id', 'status', (eb) => eb.fn.countAll<number>().as('n')]).where('send_id', 'in', sends.map((x) => x.id)).groupBy(['send_id', 'status']).execute()
      : [];
    const count = (sendId: number, status: string) => Number(tallies.find((t) => t.send_id === sendId && t.status === status)?.n ?? 0);
    return {
      enabled: this.enabled,
      digestTime: this.settings.newsletterDigestTime,
      timeZone: this.settings.siteTimezone,
      subscribers: { byStatus, active },
      recentSends: sends.map((x) => ({
        id: x.id,
        kind: x.kind,
        language: x.language,
        status: x.status,
        createdAt: x.created_at,
        finishedAt: x.finished_at,
        sent: count(x.id, 'sent'),
        pending: count(x.id, 'pending') + count(x.id, 'sending'),
        skipped: count(x.id, 'skipped'),
      })),
    };
  }

  // ## Sends

  /**
   * Today's digest in a language, once per local day; null when nothing to send. The stories are the front page as
   * readers see it (the editors' pinned top stories in their order, the newest, then the section blocks), keeping
   * only those that became visible to readers since the previous digest in that language and within the last 24 h,
   * so a pinned story is not mailed again day after day.
   */
  async startDigest(language: Language, now: Date = new Date()): Promise<{ sendId: number } | null> {
    this.requireMailer();
    const key = `digest:${language}:${localDay(now, this.settings.siteTimezone)}`;
    const existing = await this.db.selectFrom('newsletter_sends').select('id').where('send_key', '=', key).executeTakeFirst();
    if (existing) return { sendId: existing.id };
    const previous = await this.db
      .selectFrom('newsletter_sends')
      .select('created_at')
      .where('kind', '=', 'digest')
      .where('language', '=', language)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const since = Math.max(now.getTime() - DIGEST_WINDOW_MS, previous ? Date.parse(previous.created_at) : 0);
    // The send is dated when the front page was read, so a story published meanwhile is in the next digest.
    const readAt = nowIso();
    const front = await this.delivery.getFrontPage(language);
    const seen = new Set<number>();
    const items = [...front.latest, ...front.sectionBlocks.flatMap((b) => b.articles)].filter((a) => {
      if (seen.has(a.id)) return false;
      seen.add(a.id);
      // Reader-visible since: publication, or the end of an embargo that held it back.
      const visibleSince = Math.max(Date.parse(a.publishedAt ?? '') || 0, a.embargoUntil ? Date.parse(a.embargoUntil) : 0);
      return isVisibleToReaders(a, now) && visibleSince > since;
    });
    if (!items.length) return null;
    return this.db.transaction().execute((tx) => this.startSend(tx, 'digest', key, language, items.slice(0, DIGEST_SIZE).map((a) => a.id), readAt));
  }

  /** Called in the publish transaction when an editor publishes with `alert: true`. */
  async startAlert(tx: Tx, articleId: number): Promise<void> {
    if (!this.mailer) return;
    const article = (await loadArticles(tx, [articleId])).get(articleId);
    if (!article || !isVisibleToReaders(article)) return;
    await this.startSend(tx, 'alert', `alert:article:${articleId}`, article.language, [articleId]);
  }

  private async startSend(tx: Queryable, kind: 'digest' | 'alert', key: string, language: Language, articleIds: number[], createdAt = nowIso()): Promise<{ sendId: number }> {
    const existing = await tx.selectFrom('newsletter_sends').select('id').where('send_key', '=', key).executeTakeFirst();
    if (existing) return { sendId: existing.id };
    const row = await tx
      .insertInto('newsletter_sends')
      .values({ kind, send_key: key, language, article_ids: JSON.stringify(articleIds), status: 'sending', created_at: createdAt, finished_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.jobs.enqueue(tx, NEWSLETTER_SEND_JOB, { sendId: row.id });
    return { sendId: row.id };
  }

  /** One batch of a send; enqueues the next batch while any mail is left. */
  async runSend(payload: Record<string, unknown>): Promise<void> {
    const mailer = this.requireMailer();
    const sendId = Number(payload.sendId);
    const send = await this.db.selectFrom('newsletter_sends').selectAll().where('id', '=', sendId).executeTakeFirst();
    if (!send || send.status === 'done') return;
    const language = send.language as Language;
    await this.materialise(sendId, send.kind, language);
    // A claim left by a node that died mid-mail goes back to the queue (the one duplicate a crash may cause).
    await this.db
      .updateTable('newsletter_messages')
      .set({ status: 'pending', locked_at: null })
      .where('send_id', '=', sendId)
      .where('status', '=', 'sending')
      .where('locked_at', '<', new Date(Date.now() - STALE_CLAIM_MS).toISOString())
      .execute();
    const batch = await this.db.selectFrom('newsletter_messages').select(['id', 'subscriber_id', 'message_id']).where('send_id', '=', sendId).where('status', '=', 'pending').orderBy('id').limit(SEND_BATCH).execute();
    if (batch.length) {
      const articles = await this.articlesOf(send.article_ids);
      for (const message of batch) {
        const claimed = await this.db.updateTable('newsletter_messages').set({ status: 'sending', locked_at: nowIso() }).where('id', '=', message.id).where('status', '=', 'pending').executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) continue;
        const subscriber = await this.db.selectFrom('newsletter_subscribers').select(['email', 'token', 'status']).where('id', '=', message.subscriber_id).executeTakeFirst();
        // Unsubscribed, bounced or complained since the send began: skipped, never mailed.
        if (subscriber?.status !== 'active' || !articles.length) {
          await this.db.updateTable('newsletter_messages').set({ status: 'skipped', locked_at: null }).where('id', '=', message.id).execute();
          continue;
        }
        const readerLinks = this.readerLinks(subscriber.token, language);
        const links = { siteName: this.settings.siteName, articleUrl: (a: Article) => this.url(articlePath(a)), ...readerLinks };
        const first = articles[0];
        const mail = send.kind === 'alert' && first ? alertMail(language, first, links) : digestMail(language, articles, localDay(new Date(send.created_at), this.settings.siteTimezone), links);
        try {
          await mailer.send({
            to: subscriber.email,
            ...mail,
            messageId: message.message_id,
            headers: this.listHeaders(readerLinks.unsubscribeUrl),
          });
        } catch (error) {
          await this.db.updateTable('newsletter_messages').set({ status: 'pending', locked_at: null }).where('id', '=', message.id).execute();
          throw error;
        }
        await this.db.updateTable('newsletter_messages').set({ status: 'sent', sent_at: nowIso(), locked_at: null }).where('id', '=', message.id).execute();
      }
    }
    const left = await this.db.selectFrom('newsletter_messages').select('id').where('send_id', '=', sendId).where('status', 'in', ['pending', 'sending']).limit(1).executeTakeFirst();
    if (left) await this.jobs.enqueue(this.db, NEWSLETTER_SEND_JOB, { sendId });
    else await this.db.updateTable('newsletter_sends').set({ status: 'done', finished_at: nowIso() }).where('id', '=', sendId).execute();
  }

  /** One message row per eligible subscriber, once per send (a unique key makes re-runs harmless). */
  private async materialise(sendId: number, kind: string, language: Language): Promise<void> {
    const subscribers = await this.db
      .selectFrom('newsletter_subscribers')
      .select('id')
      .where('status', '=', 'active')
      .where(kind === 'alert' ? 'alerts' : 'digest', '=', 1)
      .where('languages', 'like', `%"${language}"%`)
      .where('id', 'not in', (eb) => eb.selectFrom('newsletter_messages').select('subscriber_id').where('send_id', '=', sendId))
      .execute();
    for (let i = 0; i < subscribers.length; i += 200) {
      const rows = subscribers.slice(i, i + 200).map((s) => ({ send_id: sendId, subscriber_id: s.id, message_id: this.messageId('newsletter', sendId, s.id), status: 'pending', locked_at: null, sent_at: null }));
      await this.db.insertInto('newsletter_messages').values(rows).onConflict((oc) => oc.columns(['send_id', 'subscriber_id']).doNothing()).execute();
    }
  }

  private async articlesOf(idsJson: string): Promise<Article[]> {
    const ids = JSON.parse(idsJson) as number[];
    const byId = await loadArticles(this.db, ids);
    // Only what readers may still see: a story unpublished since the send began drops out.
    return ids.map((id) => byId.get(id)).filter((a): a is Article => a !== undefined && isVisibleToReaders(a));
  }

  /**
   * Arms the daily digest for the next NEWSLETTER_DIGEST_TIME in SITE_TIMEZONE (one pending job, whatever the nodes).
   * A pending job armed for another time (the setting changed between restarts) is moved; one already due is left
   * to fire, so a restart around the digest time never skips a day.
   */
  async armDailyDigest(now: Date = new Date()): Promise<void> {
    if (!this.mailer) return;
    const runAt = nextLocalTime(this.settings.newsletterDigestTime, this.settings.siteTimezone, now);
    const armed = await this.db.selectFrom('jobs').select(['id', 'status', 'run_at']).where('name', '=', NEWSLETTER_DAILY_JOB).where('status', 'in', ['pending', 'running']).execute();
    if (armed.some((j) => j.status === 'running' || Date.parse(j.run_at) === runAt.getTime() || Date.parse(j.run_at) <= now.getTime())) return;
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('jobs').where('name', '=', NEWSLETTER_DAILY_JOB).where('status', '=', 'pending').execute();
      await this.jobs.enqueue(tx, NEWSLETTER_DAILY_JOB, {}, { runAt });
    });
  }

  async runDailyDigest(): Promise<void> {
    for (const language of LANGUAGES) {
      try {
        await this.startDigest(language);
      } catch (error) {
        this.logger.error({ err: error, language }, 'daily digest failed to start');
      }
    }
    await this.jobs.enqueue(this.db, NEWSLETTER_DAILY_JOB, {}, { runAt: nextLocalTime(this.settings.newsletterDigestTime, this.settings.siteTimezone, new Date(Date.now() + 60_000)) });
  }
}
