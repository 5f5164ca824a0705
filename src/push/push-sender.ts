import { readFileSync } from 'node:fs';
import https from 'node:https';
import tls from 'node:tls';
import type WebPush from 'web-push';

/** Loaded on first use: most processes (CLI commands, sites without push) never send, and it costs ~80 ms to load. */
let library: Promise<typeof WebPush> | undefined;
const webPush = () => (library ??= import('web-push').then((m) => m.default));

export interface PushTarget {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface PushSendOptions {
  /** Seconds the push service keeps the message for an offline browser. */
  ttl: number;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
}

/** What the push service answered: 2xx delivered; 404/410 the subscription is gone; anything else is an error. */
export interface PushSendResult {
  status: number;
  body: string;
}

export interface PushSender {
  send(target: PushTarget, payload: string, options: PushSendOptions): Promise<PushSendResult>;
  close(): void;
}

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/**
 * The Web Push protocol through npm `web-push`: RFC 8291 aes128gcm payload encryption and an RFC 8292 VAPID JWT per
 * request. Push services are plain HTTPS servers; `caFile` adds CA certificates to the system's for this sender only
 * (a private push service, or the local one the tests run), never by turning TLS verification off.
 */
export function createWebPushSender(vapid: VapidKeys, options: { caFile?: string | undefined; timeoutMs?: number } = {}): PushSender {
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: 16,
    ...(options.caFile ? { ca: [...tls.rootCertificates, readFileSync(options.caFile, 'utf8')] } : {}),
  });
  return {
    async send(target, payload, sendOptions) {
      const webpush = await webPush();
      try {
        const result = await webpush.sendNotification(target, payload, {
          vapidDetails: vapid,
          TTL: sendOptions.ttl,
          urgency: sendOptions.urgency,
          contentEncoding: 'aes128gcm',
          agent,
          timeout: options.timeoutMs ?? 10_000,
        });
        return { status: result.statusCode, body: result.body };
      } catch (error) {
        // web-push rejects every non-2xx answer with a WebPushError carrying the status; network errors have none.
        if (error instanceof webpush.WebPushError) return { status: error.statusCode, body: error.body };
        throw error;
      }
    },
    close() {
      agent.destroy();
    },
  };
}

/** A fresh VAPID key pair (base64url), for `sinmun push keys`. */
export async function generateVapidKeys(): Promise<{ publicKey: string; privateKey: string }> {
  return (await webPush()).generateVAPIDKeys();
}
