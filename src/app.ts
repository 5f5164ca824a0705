import { AccountsService } from './accounts/accounts.service.js';
import { ArticleService } from './content/article.service.js';
import { AuthorService } from './content/author.service.js';
import { MediaService } from './content/media.service.js';
import { TaxonomyService } from './content/taxonomy.service.js';
import type { Config } from './config/config.js';
import type { Database } from './db/database.js';
import { openDatabase } from './db/database.js';
import { DeliveryService } from './delivery/delivery.service.js';
import { DistributionService } from './distribution/distribution.service.js';
import { WEBHOOK_DELIVERY_JOB, WebhookService } from './distribution/webhooks.service.js';
import { createSmtpMailer } from './newsletters/mailer.js';
import { NEWSLETTER_CONFIRM_JOB, NEWSLETTER_DAILY_JOB, NEWSLETTER_SEND_JOB, NewsletterService } from './newsletters/newsletter.service.js';
import { PageCache } from './delivery/page-cache.js';
import { WeatherService } from './delivery/weather.service.js';
import { seedDemoContent } from './demo/demo.service.js';
import { EventBus } from './events/event-bus.js';
import type { JobRunnerOptions } from './jobs/job-runner.js';
import { JobRunner } from './jobs/job-runner.js';
import type { Logger } from './lib/logger.js';
import { createLogger } from './lib/logger.js';
import { WorkflowService } from './workflow/workflow.service.js';

/** Every service, built once per process. Routes, jobs, the CLI and tests all reach the domain through this. */
export interface Services {
  config: Config;
  logger: Logger;
  database: Database;
  events: EventBus;
  jobs: JobRunner;
  accounts: AccountsService;
  taxonomy: TaxonomyService;
  authors: AuthorService;
  media: MediaService;
  articles: ArticleService;
  workflow: WorkflowService;
  delivery: DeliveryService;
  weather: WeatherService;
  /** Feeds, sitemaps, partner items and webhooks (issue 6). */
  distribution: DistributionService;
  webhooks: WebhookService;
  /** Sign-up, digest, breaking alerts (disabled without SMTP_URL). */
  newsletters: NewsletterService;
  /** Rendered reader pages; cleared by every domain event. */
  pageCache: PageCache;
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
  try {
    if (options.migrate !== false) {
      const applied = await database.migrate();
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
  const delivery = new DeliveryService(db);
  const distribution = new DistributionService(db, delivery, config);
  const webhooks = new WebhookService(db, jobs, distribution, logger);
  // Webhook deliveries are enqueued in the transaction of the change they report, and sent by the job runner.
  events.subscribeInTransaction('*', (tx, event) => webhooks.enqueueForEvent(tx, event));
  jobs.register(WEBHOOK_DELIVERY_JOB, (payload, context) => webhooks.deliver(payload, context));
  const newsletters = new NewsletterService(
    db,
    jobs,
    delivery,
    config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom) : null,
    config,
    logger,
  );
  // A breaking alert starts in the publish transaction: it exists exactly when the publication does.
  events.subscribeInTransaction('article.published', async (tx, event) => {
    if (event.payload.alert === true && event.articleId !== null) await newsletters.startAlert(tx, event.articleId);
  });
  jobs.register(NEWSLETTER_SEND_JOB, (payload) => newsletters.runSend(payload));
  jobs.register(NEWSLETTER_CONFIRM_JOB, (payload) => newsletters.sendConfirmation(payload));
  jobs.register(NEWSLETTER_DAILY_JOB, () => newsletters.runDailyDigest());
  return {
    config,
    logger,
    database,
    events,
    jobs,
    accounts: new AccountsService(db),
    taxonomy: new TaxonomyService(db),
    authors: new AuthorService(db),
    media: new MediaService(db, config.dataDir, config.mediaMaxBytes),
    articles: new ArticleService(db, events),
    workflow: new WorkflowService(db, events, jobs),
    delivery,
    distribution,
    webhooks,
    newsletters,
    weather: new WeatherService({ apiUrl: config.weather.apiUrl, city: config.weather.city, latitude: config.weather.latitude, longitude: config.weather.longitude }, logger),
    pageCache,
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
