import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { pushSubscriptionSchema, pushUnsubscribeSchema } from '../../push/push.service.js';
import { PUSH_SW_JS, PUSH_SW_PATH } from '../../render/push-script.js';
import type { RouteRegistry } from '../route-registry.js';

/** Like the newsletter sign-up: anonymous readers, so a per-address limit keeps scripts from filling the table. */
const RATE_LIMIT = { rateLimit: { max: 20, timeWindow: 60_000 } };

/**
 * Web Push for readers: the service worker at the site root, and storing or removing a browser's subscription
 * (no login: the endpoint URL is the browser's own secret). Answers 409 when the site has no VAPID keys.
 */
export function registerPushRoutes(app: FastifyInstance, registry: RouteRegistry, services: Services): void {
  const { push } = services;

  app.get(PUSH_SW_PATH, async (_request, reply) => {
    if (!push.enabled) return reply.status(404).header('content-type', 'text/plain; charset=utf-8').send('Not found');
    return reply
      .header('content-type', 'text/javascript; charset=utf-8')
      // Browsers check a worker for updates at most daily anyway; no-cache makes them revalidate every time.
      .header('cache-control', 'no-cache')
      .header('service-worker-allowed', '/')
      .header('content-security-policy', "default-src 'none'")
      .send(PUSH_SW_JS);
  });

  registry.add(app, {
    method: 'POST',
    url: '/api/push/subscriptions',
    summary: "Store a browser's push subscription (PushSubscription.toJSON() plus `language`) for breaking alerts",
    tag: 'Push',
    access: 'public',
    body: pushSubscriptionSchema,
    response: { status: 201, description: '{ status: "subscribed" }' },
    options: { config: RATE_LIMIT },
    handler: async ({ body, reply }) => {
      await push.subscribe(body);
      return reply.status(201).header('cache-control', 'no-store').send({ status: 'subscribed' });
    },
  });

  registry.add(app, {
    method: 'DELETE',
    url: '/api/push/subscriptions',
    summary: 'Remove a push subscription by its endpoint (the same answer whether or not it was stored)',
    tag: 'Push',
    access: 'public',
    body: pushUnsubscribeSchema,
    response: { status: 204, description: 'removed' },
    options: { config: RATE_LIMIT },
    handler: async ({ body, reply }) => {
      await push.unsubscribe(body.endpoint);
      return reply.status(204).send();
    },
  });
}
