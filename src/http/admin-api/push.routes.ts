import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import type { RouteRegistry } from '../route-registry.js';
import { requireActor } from './admin-auth.js';

/** Push status for the newsroom's distribution screen (editors): configured or not, browsers, last alerts. */
export function registerPushAdminRoutes(app: FastifyInstance, registry: RouteRegistry, services: Services): void {
  registry.add(app, {
    method: 'GET',
    url: '/api/admin/push',
    summary: 'Web Push: whether VAPID keys are set, subscribed browsers per language, and the last alerts with their outcome',
    tag: 'Push',
    access: 'editor',
    handler: async ({ request }) => {
      requireActor(request, 'editor');
      return services.push.status();
    },
  });
}
