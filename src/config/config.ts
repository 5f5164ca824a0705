import { createECDH } from 'node:crypto';
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
  /** Local time (SITE_TIMEZONE) the daily newsletter digest goes out, HH:MM (or HH:MM:SS). @default '07:00' */
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
  /** Web Push breaking alerts (docs/decisions/011-web-push.md). */
  push: {
    /** The VAPID key pair and contact; undefined (all three unset) disables push. */
    vapid: { publicKey: string; privateKey: string; subject: string } | undefined;
    /** A PEM file of extra CA certificates the push sender trusts besides the system's (a private or test push service). */
    caFile: string | undefined;
    /** Hosts (or parent domains) a subscription endpoint may point at, so readers cannot make the server POST elsewhere. */
    endpointHosts: string[];
  };
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

/** The browsers' push services (Chrome/Edge via FCM, Firefox, Safari, Windows). */
const DEFAULT_PUSH_HOSTS = ['fcm.googleapis.com', 'android.googleapis.com', 'push.services.mozilla.com', 'push.apple.com', 'notify.windows.com'];

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
  NEWSLETTER_DIGEST_TIME: z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'must be HH:MM or HH:MM:SS (24-hour), e.g. 07:00').default('07:00'),
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
  VAPID_PUBLIC_KEY: z.string().trim().regex(/^[A-Za-z0-9_-]+$/, 'must be a base64url key (npx sinmun push keys makes one)').optional(),
  VAPID_PRIVATE_KEY: z.string().trim().regex(/^[A-Za-z0-9_-]+$/, 'must be a base64url key (npx sinmun push keys makes one)').optional(),
  VAPID_SUBJECT: z
    .string()
    .trim()
    .refine((v) => /^mailto:[^@\s]+@[^@\s]+$/.test(v) || /^https:\/\/[^\s/]+/.test(v), 'must be mailto:you@example.com or an https:// URL')
    .optional(),
  PUSH_CA_FILE: z.string().trim().min(1).optional(),
  PUSH_ENDPOINT_HOSTS: z
    .string()
    .trim()
    .refine((v) => /^[a-z0-9.:[\]-]+(\s*,\s*[a-z0-9.:[\]-]+)*$/i.test(v), 'must be a comma-separated list of host names')
    .default(DEFAULT_PUSH_HOSTS.join(',')),
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

/** All three VAPID settings or none; the keys must be a P-256 pair (65-byte public point, 32-byte private scalar). */
function parseVapid(publicKey: string | undefined, privateKey: string | undefined, subject: string | undefined): Config['push']['vapid'] {
  if (!publicKey && !privateKey && !subject) return undefined;
  const missing = (['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT'] as const).find((_, i) => ![publicKey, privateKey, subject][i]);
  if (missing || !publicKey || !privateKey || !subject) throw new ConfigError(missing ?? 'VAPID_SUBJECT', 'set VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT together, or none of them (`npx sinmun push keys` makes a key pair)');
  const pub = Buffer.from(publicKey, 'base64url');
  if (pub.length !== 65 || pub[0] !== 4) throw new ConfigError('VAPID_PUBLIC_KEY', 'must be an uncompressed P-256 public key (65 bytes, base64url)');
  const priv = Buffer.from(privateKey, 'base64url');
  if (priv.length !== 32) throw new ConfigError('VAPID_PRIVATE_KEY', 'must be a P-256 private key (32 bytes, base64url)');
  let derived: Buffer;
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(priv);
    derived = ecdh.getPublicKey();
  } catch {
    throw new ConfigError('VAPID_PRIVATE_KEY', 'is not a valid P-256 private key');
  }
  if (!derived.equals(pub)) throw new ConfigError('VAPID_PUBLIC_KEY', 'does not belong to VAPID_PRIVATE_KEY');
  return { publicKey, privateKey, subject };
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
    push: {
      vapid: parseVapid(read('VAPID_PUBLIC_KEY'), read('VAPID_PRIVATE_KEY'), read('VAPID_SUBJECT')),
      caFile: read('PUSH_CA_FILE'),
      endpointHosts: read('PUSH_ENDPOINT_HOSTS')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    },
    trustProxy: parseTrustProxy(read('TRUST_PROXY')),
  };
}
