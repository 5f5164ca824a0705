#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ROLES } from './accounts/accounts.types.js';
import type { Services } from './app.js';
import { createServices } from './app.js';
import { ConfigError, loadConfig } from './config/config.js';
import { AppError } from './lib/errors.js';
import { createLogger } from './lib/logger.js';
import { generateVapidKeys } from './push/push-sender.js';
import { progressBar } from './search/progress-bar.js';
import { serve } from './serve.js';

const USAGE = `Usage: sinmun <command> [options]

Commands:
  serve                                  Run the site, both APIs and the jobs (npm start)
  migrate                                Apply database migrations
  user create --email E --name N --role R --password-stdin
                                         Create an account (roles: ${ROLES.join(', ')}); the password is read from stdin
  user password --email E --password-stdin
                                         Set a new password (e.g. a lost demo admin password); signs the account out
  token create --user E [--label L]      Create an API token for an account; prints only the token
  token list [--user E]                  List API tokens (never the secret)
  token revoke ID                        Revoke a token
  webhook create --url U [--events E,…] [--description D]
                                         Add a partner webhook (events: article.published, article.updated,
                                         article.unpublished); prints its id and signing secret once
  webhook list                           List webhooks (never their secrets)
  webhook delete ID                      Delete a webhook
  push keys                              Make a VAPID key pair for Web Push alerts; prints VAPID_PUBLIC_KEY=… and
                                         VAPID_PRIVATE_KEY=… for the environment (add VAPID_SUBJECT=mailto:…)
  search reindex                         Rebuild the search index (progress on stderr)
  wire source add --name N --format ninjs|newsml-g2|nitf|rss|atom [--folder DIR] [--url URL] [--interval S]
                  [--section SLUG] [--needs-translation] [--auto-publish]
                                         Add a wire source; prints its push token once
  wire source list                       List wire sources
  help                                   Show this text

Settings come from the environment (see .env.example): DATABASE_URL, DATA_DIR, PORT, HOST, SITE_URL, …`;

class UsageError extends Error {}

async function withServices<T>(work: (services: Services) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const services = await createServices(config, { logger: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'stderr') });
  try {
    return await work(services);
  } finally {
    await services.database.close();
  }
}

function readStdin(): string {
  if (process.stdin.isTTY) throw new UsageError('--password-stdin reads the password from standard input; pipe it in, e.g. `printf %s "$PASSWORD" | sinmun user create …`');
  return readFileSync(0, 'utf8').replace(/\r?\n$/, '');
}

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 1 : 0;
    case 'serve':
      await serve();
      return 0;
    case 'migrate': {
      const applied = await withServices(async (services) => services.database.description);
      process.stdout.write(`Database is up to date (${applied}).\n`);
      return 0;
    }
    case 'user': {
      if (sub === 'password') {
        const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, 'password-stdin': { type: 'boolean' } }, strict: true });
        if (!values.email) throw new UsageError('--email is required');
        if (!values['password-stdin']) throw new UsageError('--password-stdin is required: passwords never go on the command line, where other users can read them');
        const password = readStdin();
        const account = await withServices(async (services) => {
          const found = await services.accounts.findAccountByEmail(values.email ?? '');
          if (!found) throw new UsageError(`no account with e-mail ${values.email ?? ''}`);
          // Also signs the account out everywhere (updateAccount drops its sessions on a new password).
          return services.accounts.updateAccount(found.id, { password });
        });
        process.stdout.write(`Set a new password for ${account.email}; its sessions were signed out.\n`);
        return 0;
      }
      if (sub !== 'create') throw new UsageError('Usage: sinmun user create --email E --name N --role R --password-stdin | sinmun user password --email E --password-stdin');
      const { values } = parseArgs({
        args: rest,
        options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
        strict: true,
      });
      if (!values.email || !values.name || !values.role) throw new UsageError('--email, --name and --role are required');
      if (!(ROLES as readonly string[]).includes(values.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      if (!values['password-stdin']) throw new UsageError('--password-stdin is required: passwords never go on the command line, where other users can read them');
      const password = readStdin();
      const account = await withServices((services) =>
        services.accounts.createAccount({ email: values.email ?? '', name: values.name ?? '', role: values.role as (typeof ROLES)[number], password }),
      );
      process.stdout.write(`Created ${account.role} ${account.email} (id ${account.id}).\n`);
      return 0;
    }
    case 'token': {
      if (sub === 'create') {
        const { values } = parseArgs({ args: rest, options: { user: { type: 'string' }, label: { type: 'string' } }, strict: true });
        if (!values.user) throw new UsageError('--user EMAIL is required');
        const token = await withServices(async (services) => {
          const account = await services.accounts.findAccountByEmail(values.user ?? '');
          if (!account) throw new UsageError(`no account with e-mail ${values.user ?? ''}`);
          return (await services.accounts.createToken(account.id, values.label ?? 'cli')).token;
        });
        process.stdout.write(`${token}\n`);
        return 0;
      }
      if (sub === 'list') {
        const { values } = parseArgs({ args: rest, options: { user: { type: 'string' } }, strict: true });
        const tokens = await withServices(async (services) => {
          if (!values.user) return services.accounts.listTokens();
          const account = await services.accounts.findAccountByEmail(values.user);
          if (!account) throw new UsageError(`no account with e-mail ${values.user}`);
          return services.accounts.listTokens({ accountId: account.id });
        });
        process.stdout.write(['ID\tPREFIX\tACCOUNT\tLABEL\tCREATED\tLAST USED\tREVOKED', ...tokens.map((t) => [t.id, `${t.prefix}…`, t.accountEmail, t.label, t.createdAt, t.lastUsedAt ?? '-', t.revokedAt ?? '-'].join('\t'))].join('\n') + '\n');
        return 0;
      }
      if (sub === 'revoke') {
        const id = z.coerce.number().int().positive().safeParse(rest[0]);
        if (!id.success || rest.length !== 1) throw new UsageError('Usage: sinmun token revoke ID (see `sinmun token list`)');
        const info = await withServices((services) => services.accounts.revokeToken(id.data));
        process.stdout.write(`Revoked token ${info.id} (${info.prefix}…, ${info.accountEmail}).\n`);
        return 0;
      }
      throw new UsageError('Usage: sinmun token create|list|revoke …');
    }
    case 'search': {
      if (sub !== 'reindex' || rest.length) throw new UsageError('Usage: sinmun search reindex');
      const { indexed, bytes } = await withServices(async (services) => {
        const result = await services.search.reindexAll(progressBar('Indexing'));
        return { ...result, bytes: await services.search.indexSize() };
      });
      process.stdout.write(`Indexed ${indexed} articles${bytes >= 0 ? ` (index ${(bytes / 1_048_576).toFixed(1)} MB)` : ''}.\n`);
      return 0;
    }
    case 'wire': {
      const [object, ...args] = [sub, ...rest];
      const action = args.shift();
      if (object === 'source' && action === 'add') {
        const { values } = parseArgs({
          args,
          options: {
            name: { type: 'string' },
            format: { type: 'string' },
            folder: { type: 'string' },
            url: { type: 'string' },
            interval: { type: 'string' },
            section: { type: 'string' },
            'needs-translation': { type: 'boolean' },
            'auto-publish': { type: 'boolean' },
          },
          strict: true,
        });
        if (!values.name || !values.format) throw new UsageError('--name and --format are required (formats: ninjs, newsml-g2, nitf, rss, atom)');
        const interval = values.interval === undefined ? undefined : Number(values.interval);
        if (interval !== undefined && !Number.isInteger(interval)) throw new UsageError('--interval is a whole number of seconds');
        const created = await withServices((services) =>
          services.wire.createSource(
            {
              name: values.name ?? '',
              format: values.format as 'ninjs',
              folder: values.folder ?? null,
              url: values.url ?? null,
              ...(interval !== undefined ? { interval } : {}),
              section: values.section ?? null,
              needsTranslation: values['needs-translation'] ?? false,
              autoPublish: values['auto-publish'] ?? false,
            },
            null,
          ),
        );
        process.stderr.write(`Created wire source ${created.source.name} (${created.source.format}, id ${created.source.id}). Its push token (shown only now):\n`);
        process.stdout.write(`${created.pushToken}\n`);
        return 0;
      }
      if (object === 'source' && action === 'list') {
        const sources = await withServices((services) => services.wire.listSources());
        process.stdout.write(['ID\tNAME\tFORMAT\tFOLDER\tURL\tINTERVAL\tLAST ERROR', ...sources.map((s) => [s.id, s.name, s.format, s.folder ?? '-', s.url ?? '-', s.interval, s.lastError ?? '-'].join('\t'))].join('\n') + '\n');
        return 0;
      }
      throw new UsageError('Usage: sinmun wire source add|list …');
    }
    case 'webhook': {
      if (sub === 'create') {
        const { values } = parseArgs({ args: rest, options: { url: { type: 'string' }, events: { type: 'string' }, description: { type: 'string' } }, strict: true });
        if (!values.url) throw new UsageError('--url URL is required');
        const events = values.events?.split(',').map((e) => e.trim()).filter(Boolean);
        const created = await withServices((services) =>
          services.webhooks.createWebhook({ url: values.url ?? '', ...(events ? { events: events as never } : {}), ...(values.description ? { description: values.description } : {}) }, null),
        );
        process.stdout.write(`id\t${created.webhook.id}\nsecret\t${created.secret}\n`);
        return 0;
      }
      if (sub === 'list') {
        const hooks = await withServices((services) => services.webhooks.listWebhooks());
        process.stdout.write(['ID\tACTIVE\tEVENTS\tURL\tDESCRIPTION', ...hooks.map((h) => [h.id, h.active ? 'yes' : 'no', h.events.join(','), h.url, h.description || '-'].join('\t'))].join('\n') + '\n');
        return 0;
      }
      if (sub === 'delete') {
        const id = z.coerce.number().int().positive().safeParse(rest[0]);
        if (!id.success || rest.length !== 1) throw new UsageError('Usage: sinmun webhook delete ID (see `sinmun webhook list`)');
        await withServices((services) => services.webhooks.deleteWebhook(id.data));
        process.stdout.write(`Deleted webhook ${id.data}.\n`);
        return 0;
      }
      throw new UsageError('Usage: sinmun webhook create|list|delete …');
    }
    case 'push': {
      if (sub !== 'keys' || rest.length) throw new UsageError('Usage: sinmun push keys');
      // No database: a key pair is all push needs, and the private key goes to the environment, never the database.
      const keys = await generateVapidKeys();
      process.stdout.write(`VAPID_PUBLIC_KEY=${keys.publicKey}\nVAPID_PRIVATE_KEY=${keys.privateKey}\n`);
      process.stderr.write('Add these and VAPID_SUBJECT=mailto:you@example.com (or an https:// URL of your site) to the environment; keep the private key secret. Changing the keys later makes every browser subscribe again.\n');
      return 0;
    }
    default:
      throw new UsageError(`unknown command ${command}\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`sinmun: configuration error: ${error.message}\n`);
    else if (error instanceof UsageError) process.stderr.write(`sinmun: ${error.message}\n`);
    else if (error instanceof AppError) process.stderr.write(`sinmun: ${error.message}\n`);
    else if (error instanceof z.ZodError) process.stderr.write(`sinmun: ${error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')}\n`);
    else if (error instanceof Error && 'code' in error && typeof error.code === 'string' && /^(ERR_PARSE_ARGS|ECONNREFUSED|ENOTFOUND|28P01|3D000)/.test(error.code))
      process.stderr.write(`sinmun: ${error.message}\n`);
    else process.stderr.write(`sinmun: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
