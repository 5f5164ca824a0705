import { AccountLinksService } from './accounts/account-links.service.js';
import { AccountsService } from './accounts/accounts.service.js';
import { ArticleService } from './content/article.service.js';
import { AuthorService } from './content/author.service.js';
import { MediaService } from './content/media.service.js';
import { registerMediaDerivatives } from './content/media-derivatives.job.js';
import { TaxonomyService } from './content/taxonomy.service.js';
import type { Config } from './config/config.js';
import type { Database } from './db/database.js';
import { openDatabase } from './db/database.js';
import { DeliveryService } from './delivery/delivery.service.js';
import { DistributionService } from './distribution/distribution.service.js';
import { WEBHOOK_DELIVERY_JOB, WebhookService } from './distribution/webhooks.service.js';
import { createSmtpMailer } from './lib/mailer.js';
import { NEWSLETTER_CONFIRM_JOB, NEWSLETTER_DAILY_JOB, NEWSLETTER_SEND_JOB, NewsletterService } from './newsletters/newsletter.service.js';
import { PageCache } from './delivery/page-cache.js';
import { createWebPushSender } from './push/push-sender.js';
import { PUSH_DELIVERY_JOB, PUSH_FANOUT_JOB, PushService } from './push/push.service.js';
import { WeatherService } from './delivery/weather.service.js';
import { seedDemoContent } from './demo/demo.service.js';
import { EventBus } from './events/event-bus.js';
import { FrontPageService } from './front-page/front-page.service.js';
import { WireWatcher } from './ingest/drop-folder.js';
import { registerFeedPolling } from './ingest/feed-poll.job.js';
import { WireService } from './ingest/wire.service.js';
import type { JobRunnerOptions } from './jobs/job-runner.js';
import { JobRunner } from './jobs/job-runner.js';
import { SearchService } from './search/search.service.js';
import type { Logger } from './lib/logger.js';
import { createLogger } from './lib/logger.js';
import { NewsroomService } from './newsroom/newsroom.service.js';
import { WorkflowService } from './workflow/workflow.service.js';

/** Every service, built once per process. Routes, jobs, the CLI and tests all reach the domain through this. */
export interface Services {
  config: Config;
  logger: Logger;
  database: Database;
  events: EventBus;
  jobs: JobRunner;
  accounts: AccountsService;
  /** Password-reset and invitation links, sent by mail. */
  accountLinks: AccountLinksService;
  taxonomy: TaxonomyService;
  authors: AuthorService;
  media: MediaService;
  articles: ArticleService;
  workflow: WorkflowService;
  /** Autosave, edit locks, scheduled saves and previews for the newsroom app. */
  newsroom: NewsroomService;
  delivery: DeliveryService;
  weather: WeatherService;
  search: SearchService;
  /** Feeds, sitemaps, partner items and webhooks (issue 6). */
  distribution: DistributionService;
  webhooks: WebhookService;
  /** Sign-up, digest, breaking alerts (disabled without SMTP_URL). */
  newsletters: NewsletterService;
  /** Front-page curation: top stories, section order, breaking banner (issue 3, item 8). */
  frontPage: FrontPageService;
  /** Web Push breaking alerts (disabled without VAPID keys). */
  push: PushService;
  /** Rendered reader pages; cleared by every domain event. */
  pageCache: PageCache;
  /** Wire desk: sources, ingest, versions and notices, take. */
  wire: WireService;
  /** Drop folders and feed polls; started by the server like the job runner. */
  wireWatcher: WireWatcher;
}

export interface CreateServicesOptions {
  logger?: Logger;
  jobs?: JobRunnerOptions;
  /** Apply migrations before returning. @default true */
  migrate?: boolean;
}

/** The composition root: config → database → services. Starting timers (jobs, weather) is the caller's choice. */
export async function createServices(config: Config, options: CreateServicesOptions = {}): Promise<Services> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = openDatabase(config.databaseUrl, config.dataDir);
  let applied: string[] = [];
  try {
    if (options.migrate !== false) {
      applied = await database.migrate();
      if (applied.length) logger.info({ applied, database: database.description }, 'migrations applied');
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  const db = database.db;
  const events = new EventBus(db, logger);
  const jobs = new JobRunner(db, logger, options.jobs);
  const pageCache = new PageCache(config.pageCacheTtlMs);
  events.subscribe('*', () => pageCache.clear());
  // The search index changes in the same transaction as the article (never shows what the site does not).
  const search = new SearchService(database, { timeZone: config.siteTimezone });
  search.attach(events);
  const accounts = new AccountsService(db);
  const media = new MediaService(db, config.dataDir, config.mediaMaxBytes, { jobs, events });
  // Responsive derivatives are made in the background after each upload; images older than the feature get theirs once.
  registerMediaDerivatives(jobs, media, logger);
  if (applied.includes('010-media')) await media.requestMissingDerivatives();
  const taxonomy = new TaxonomyService(db, { events });
  const articles = new ArticleService(db, events);
  const workflow = new WorkflowService(db, events, jobs);
  const wire = new WireService(db, { jobs, articles, workflow, media, accounts, logger, dataDir: config.dataDir, maxBytes: config.wire.maxBytes, defaultLanguage: config.defaultLanguage });
  registerFeedPolling(jobs, wire, logger, config.wire.maxBytes);
  const delivery = new DeliveryService(db);
  const distribution = new DistributionService(db, delivery, config);
  const webhooks = new WebhookService(db, jobs, distribution, logger);
  // Webhook deliveries are enqueued in the transaction of the change they report, and sent by the job runner.
  events.subscribeInTransaction('*', (tx, event) => webhooks.enqueueForEvent(tx, event));
  jobs.register(WEBHOOK_DELIVERY_JOB, (payload, context) => webhooks.deliver(payload, context));
  // The migration that creates the index cannot tokenise; articles that existed before it are indexed once here.
  if (applied.includes('003-search')) {
    const { indexed } = await search.reindexAll();
    if (indexed) logger.info({ indexed }, 'search index built');
  }
  const mailer = config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom) : null;
  const newsletters = new NewsletterService(db, jobs, delivery, mailer, config, logger);
  const { vapid } = config.push;
  const push = new PushService(
    db,
    jobs,
    vapid ? createWebPushSender(vapid, { caFile: config.push.caFile }) : null,
    config,
    logger,
  );
  // A breaking alert (mail and push) starts in the publish transaction: it exists exactly when the publication does.
  events.subscribeInTransaction('article.published', async (tx, event) => {
    if (event.payload.alert !== true || event.articleId === null) return;
    await newsletters.startAlert(tx, event.articleId);
    await push.startAlert(tx, event.articleId);
  });
  jobs.register(PUSH_FANOUT_JOB, (payload) => push.fanOut(payload));
  jobs.register(PUSH_DELIVERY_JOB, (payload, context) => push.deliver(payload, context));
  jobs.register(NEWSLETTER_SEND_JOB, (payload) => newsletters.runSend(payload));
  jobs.register(NEWSLETTER_CONFIRM_JOB, (payload) => newsletters.sendConfirmation(payload));
  jobs.register(NEWSLETTER_DAILY_JOB, () => newsletters.runDailyDigest());
  return {
    config,
    logger,
    database,
    events,
    jobs,
    accounts,
    accountLinks: new AccountLinksService(db, accounts, mailer, config, logger),
    taxonomy,
    authors: new AuthorService(db),
    media,
    articles,
    workflow,
    wire,
    wireWatcher: new WireWatcher(wire, logger, config.wire.scanMs),
    newsroom: new NewsroomService(db, events, jobs, articles, workflow, delivery, taxonomy),
    delivery,
    distribution,
    webhooks,
    newsletters,
    push,
    weather: new WeatherService({ apiUrl: config.weather.apiUrl, city: config.weather.city, latitude: config.weather.latitude, longitude: config.weather.longitude }, logger),
    search,
    pageCache,
    frontPage: new FrontPageService(db, events, jobs),
  };
}

/**
 * Seeds the demo newsroom when the database is empty (no accounts and no articles) and DEMO is on. Returns the
 * admin credentials once, for the caller to print; later starts find the accounts and do nothing.
 */
export async function seedDemoIfEmpty(services: Services): Promise<{ adminEmail: string; adminPassword: string } | null> {
  if (!services.config.demo) return null;
  if ((await services.accounts.countAccounts()) > 0) return null;
  const anyArticle = await services.database.db.selectFrom('articles').select('id').limit(1).executeTakeFirst();
  if (anyArticle) return null;
  return seedDemoContent(services);
}
