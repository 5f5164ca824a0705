import path from 'node:path';
import { z } from 'zod';

/**
 * Deploy-time settings, read from the environment once at start. What editors change at run time lives in the
 * database behind the Admin API, never here. This module is the only reader of `process.env` for app settings.
 */
export interface Config {
  /** @default 3000 */
  port: number;
  /** @default '127.0.0.1' */
  host: string;
  /** Where the SQLite file and uploaded media live. @default './data' */
  dataDir: string;
  /** Unset → SQLite file in dataDir; `postgres://…` → PostgreSQL. */
  databaseUrl: string | undefined;
  /** Absolute URLs are built from this, never from the Host header. @default `http://HOST:PORT` */
  siteUrl: string;
  /** @default 'Sinmun' */
  siteName: string;
  /** Every reader-facing date and time is shown in this zone. @default 'America/Los_Angeles' */
  siteTimezone: string;
  /** @default 'ko' */
  defaultLanguage: 'ko' | 'en';
  weather: {
    city: string;
    latitude: number;
    longitude: number;
    /** Base URL of an Open-Meteo-compatible API; undefined disables the widget. */
    apiUrl: string | undefined;
  };
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Local time (SITE_TIMEZONE) the daily newsletter digest goes out, HH:MM. @default '07:00' */
  newsletterDigestTime: string;
  /** @default 20 MiB */
  mediaMaxBytes: number;
  /** Seed demo content into an empty database. @default true */
  demo: boolean;
  /** 'silent' in tests. @default 'info' */
  logLevel: string;
  /** Requests per minute per client address on the public Content API. @default 600 */
  contentApiRateLimit: number;
  /**
   * Whether client addresses come from X-Forwarded-For (behind a CDN or load balancer): false, true (any hop), or the
   * proxies' addresses/CIDRs. Rate limits and logs use the client address. @default false
   */
  trustProxy: boolean | string[];
  /** How long a node reuses a rendered reader page (events clear it at once on the node that made the change). @default 1000 */
  pageCacheTtlMs: number;
  wire: {
    /** Largest wire document accepted (drop folder, feed, push); larger ones are quarantined. @default 10 MiB */
    maxBytes: number;
    /** How often drop folders are looked at; a file is ingested once two looks see it unchanged. @default 200 */
    scanMs: number;
  };
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const isTimeZone = (value: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
};

const booleanText = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'].includes(v), 'must be 1/0, true/false, yes/no or on/off')
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const httpUrl = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^\s/]+/i.test(v) && URL.canParse(v), 'must be an absolute http(s) URL');

const variables = {
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .trim()
    .refine((v) => v === '' || /^postgres(ql)?:\/\//.test(v) || v.startsWith('sqlite:'), 'must be postgres://… (or sqlite:PATH); leave unset for SQLite in DATA_DIR')
    .optional(),
  SITE_URL: httpUrl.optional(),
  SITE_NAME: z.string().trim().min(1).default('Sinmun'),
  SITE_TIMEZONE: z.string().trim().refine(isTimeZone, 'must be an IANA time zone such as America/Los_Angeles').default('America/Los_Angeles'),
  DEFAULT_LANGUAGE: z.enum(['ko', 'en']).default('ko'),
  WEATHER_CITY: z.string().trim().min(1).default('Los Angeles'),
  WEATHER_LATITUDE: z.coerce.number().min(-90).max(90).default(34.0522),
  WEATHER_LONGITUDE: z.coerce.number().min(-180).max(180).default(-118.2437),
  WEATHER_API_URL: z.union([z.literal(''), httpUrl]).default('https://api.open-meteo.com'),
  SMTP_URL: z
    .string()
    .trim()
    .refine((v) => v === '' || /^smtps?:\/\//.test(v), 'must be smtp://… or smtps://…')
    .optional(),
  MAIL_FROM: z.string().trim().min(3).default('Sinmun <newsroom@localhost>'),
  NEWSLETTER_DIGEST_TIME: z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour), e.g. 07:00').default('07:00'),
  MEDIA_MAX_BYTES: z.coerce.number().int().min(1024).default(20 * 1024 * 1024),
  DEMO: booleanText.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CONTENT_API_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
  PAGE_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(1000),
  TRUST_PROXY: z
    .string()
    .trim()
    .refine((v) => /^(0|1|true|false|[0-9a-f.:/,\s]+)$/i.test(v), 'must be 0/1 (false/true) or a comma-separated list of proxy addresses/CIDRs')
    .default('0'),
  WIRE_MAX_BYTES: z.coerce.number().int().min(1024).default(10 * 1024 * 1024),
  WIRE_SCAN_MS: z.coerce.number().int().min(20).max(60_000).default(200),
} as const;

type VariableName = keyof typeof variables;

function parseTrustProxy(value: string): boolean | string[] {
  const lower = value.toLowerCase();
  if (lower === '0' || lower === 'false') return false;
  if (lower === '1' || lower === 'true') return true;
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/** Parses and validates the environment; throws a ConfigError naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const read = <K extends VariableName>(name: K): z.output<(typeof variables)[K]> => {
    const raw = env[name];
    // An empty value means "not set" except where empty has a meaning of its own (WEATHER_API_URL='' disables).
    const value = raw === '' && name !== 'WEATHER_API_URL' ? undefined : raw;
    const result = variables[name].safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new ConfigError(name, `${issue?.message ?? 'invalid value'} (got ${JSON.stringify(raw)})`);
    }
    return result.data as z.output<(typeof variables)[K]>;
  };

  const port = read('PORT');
  const host = read('HOST');
  const siteUrl = (read('SITE_URL') ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, '');
  const weatherApiUrl = read('WEATHER_API_URL');
  const databaseUrl = read('DATABASE_URL');
  const smtpUrl = read('SMTP_URL');
  return {
    port,
    host,
    dataDir: path.resolve(read('DATA_DIR')),
    databaseUrl: databaseUrl ? databaseUrl : undefined,
    siteUrl,
    siteName: read('SITE_NAME'),
    siteTimezone: read('SITE_TIMEZONE'),
    defaultLanguage: read('DEFAULT_LANGUAGE'),
    weather: {
      city: read('WEATHER_CITY'),
      latitude: read('WEATHER_LATITUDE'),
      longitude: read('WEATHER_LONGITUDE'),
      apiUrl: weatherApiUrl === '' ? undefined : weatherApiUrl.replace(/\/+$/, ''),
    },
    smtpUrl: smtpUrl ? smtpUrl : undefined,
    mailFrom: read('MAIL_FROM'),
    newsletterDigestTime: read('NEWSLETTER_DIGEST_TIME'),
    mediaMaxBytes: read('MEDIA_MAX_BYTES'),
    demo: read('DEMO'),
    logLevel: read('LOG_LEVEL'),
    contentApiRateLimit: read('CONTENT_API_RATE_LIMIT'),
    pageCacheTtlMs: read('PAGE_CACHE_TTL_MS'),
    wire: { maxBytes: read('WIRE_MAX_BYTES'), scanMs: read('WIRE_SCAN_MS') },
    trustProxy: parseTrustProxy(read('TRUST_PROXY')),
  };
}
