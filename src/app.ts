import { AccountsService } from './accounts/accounts.service.js';
import { ArticleService } from './content/article.service.js';
import { AuthorService } from './content/author.service.js';
import { MediaService } from './content/media.service.js';
import { TaxonomyService } from './content/taxonomy.service.js';
import type { Config } from './config/config.js';
import type { Database } from './db/database.js';
import { openDatabase } from './db/database.js';
import { DeliveryService } from './delivery/delivery.service.js';
import { PageCache } from './delivery/page-cache.js';
import { WeatherService } from './delivery/weather.service.js';
import { seedDemoContent } from './demo/demo.service.js';
import { EventBus } from './events/event-bus.js';
import type { JobRunnerOptions } from './jobs/job-runner.js';
import { JobRunner } from './jobs/job-runner.js';
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
  taxonomy: TaxonomyService;
  authors: AuthorService;
  media: MediaService;
  articles: ArticleService;
  workflow: WorkflowService;
  /** Autosave, edit locks, scheduled saves and previews for the newsroom app. */
  newsroom: NewsroomService;
  delivery: DeliveryService;
  weather: WeatherService;
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
  const taxonomy = new TaxonomyService(db);
  const articles = new ArticleService(db, events);
  const workflow = new WorkflowService(db, events, jobs);
  const delivery = new DeliveryService(db);
  return {
    config,
    logger,
    database,
    events,
    jobs,
    accounts: new AccountsService(db),
    taxonomy,
    authors: new AuthorService(db),
    media: new MediaService(db, config.dataDir, config.mediaMaxBytes),
    articles,
    workflow,
    newsroom: new NewsroomService(db, events, jobs, articles, workflow, delivery, taxonomy),
    delivery,
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
