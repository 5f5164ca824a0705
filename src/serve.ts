import type { Services } from './app.js';
import { createServices, seedDemoIfEmpty } from './app.js';
import type { Config } from './config/config.js';
import { loadConfig } from './config/config.js';
import { buildServer } from './http/server.js';
import type { ServerOptions } from './http/server.js';

export interface RunningServer {
  services: Services;
  url: string;
  close(): Promise<void>;
}

/**
 * Starts everything in one process: migrations, demo content on an empty database, the HTTP server, the job runner
 * and the weather refresher. `close()` is the graceful shutdown: stop taking requests, finish in-flight requests
 * and running jobs, then close the database.
 */
export async function startServer(config: Config, options: ServerOptions & { logger?: Services['logger'] } = {}): Promise<RunningServer> {
  const services = await createServices(config, options.logger ? { logger: options.logger } : {});
  let app: Awaited<ReturnType<typeof buildServer>> | undefined;
  try {
    const demo = await seedDemoIfEmpty(services);
    if (demo) {
      // Printed once, on the first start only, to stderr so stdout stays pure JSON logs.
      process.stderr.write(
        `\n  Demo newsroom created. Sign in to the newsroom as\n    e-mail:   ${demo.adminEmail}\n    password: ${demo.adminPassword}\n  This password is shown only now.\n\n`,
      );
    }
    app = await buildServer(services, options);
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app?.close().catch(() => undefined);
    await services.database.close();
    throw error;
  }
  services.jobs.start();
  services.weather.start();
  services.wireWatcher.start();
  await services.newsletters.armDailyDigest();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  services.logger.info({ url, siteUrl: config.siteUrl, database: services.database.description }, 'sinmun is listening');
  let closing: Promise<void> | undefined;
  const server = app;
  return {
    services,
    url,
    close() {
      closing ??= (async () => {
        services.weather.stop();
        await services.wireWatcher.stop();
        await server.close();
        await services.jobs.stop();
        // Password-reset mails go out after the request answered; let the last ones finish.
        await services.accountLinks.settle();
        await services.database.close();
      })();
      return closing;
    },
  };
}

/** `sinmun serve`: start, then shut down cleanly on SIGTERM/SIGINT. */
export async function serve(): Promise<void> {
  const config = loadConfig();
  const running = await startServer(config);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      running.services.logger.info({ signal }, 'shutting down');
      // A stuck request or job must not keep a deploy waiting forever.
      setTimeout(() => {
        running.services.logger.error('shutdown took longer than 10 s; exiting');
        process.exit(1);
      }, 10_000).unref();
      running.close().then(resolve, (error: unknown) => {
        running.services.logger.error({ err: error }, 'error during shutdown');
        resolve();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
