import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { canManageWebhooks } from '../../accounts/permissions.js';
import { webhookInputSchema, webhookUpdateSchema } from '../../distribution/webhooks.service.js';
import { forbidden } from '../../lib/errors.js';
import type { RouteRegistry } from '../route-registry.js';
import { requireActor } from './admin-auth.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const pageQuery = z.object({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) });

/** Partner webhooks (admins): create (the signing secret is shown once), list, change, rotate the secret, delete, deliveries. */
export async function registerWebhookRoutes(app: FastifyInstance, registry: RouteRegistry, services: Services): Promise<void> {
  const admin = (request: Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(request, 'editor');
    if (!canManageWebhooks(actor)) throw forbidden('Only admins manage webhooks.');
    return actor;
  };

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/webhooks',
    summary: 'Create a webhook; the response carries its Standard Webhooks signing secret (whsec_…) once',
    tag: 'Webhooks',
    access: 'admin',
    body: webhookInputSchema,
    response: { status: 201, description: '{ webhook, secret }' },
    handler: async ({ body, request, reply }) => reply.status(201).send(await services.webhooks.createWebhook(body, admin(request).id)),
  });
  registry.add(app, {
    method: 'GET',
    url: '/api/admin/webhooks',
    summary: 'Webhooks (never their secrets)',
    tag: 'Webhooks',
    access: 'admin',
    handler: async ({ request }) => {
      admin(request);
      return { webhooks: await services.webhooks.listWebhooks() };
    },
  });
  registry.add(app, {
    method: 'PATCH',
    url: '/api/admin/webhooks/:id',
    summary: 'Change the URL, events, description, or pause (`active: false`)',
    tag: 'Webhooks',
    access: 'admin',
    params: idParams,
    body: webhookUpdateSchema,
    handler: async ({ params, body, request }) => {
      admin(request);
      return services.webhooks.updateWebhook(params.id, body);
    },
  });
  registry.add(app, {
    method: 'POST',
    url: '/api/admin/webhooks/:id/secret',
    summary: 'Rotate the signing secret; the new one is in this response only',
    tag: 'Webhooks',
    access: 'admin',
    params: idParams,
    handler: async ({ params, request }) => {
      admin(request);
      return services.webhooks.rotateSecret(params.id);
    },
  });
  registry.add(app, {
    method: 'DELETE',
    url: '/api/admin/webhooks/:id',
    summary: 'Delete a webhook and its delivery records',
    tag: 'Webhooks',
    access: 'admin',
    params: idParams,
    handler: async ({ params, request, reply }) => {
      admin(request);
      await services.webhooks.deleteWebhook(params.id);
      return reply.status(204).send();
    },
  });
  registry.add(app, {
    method: 'GET',
    url: '/api/admin/webhooks/:id/deliveries',
    summary: 'Deliveries of a webhook, newest first: status, attempts, last answer',
    tag: 'Webhooks',
    access: 'admin',
    params: idParams,
    query: pageQuery,
    handler: async ({ params, query, request }) => {
      admin(request);
      const result = await services.webhooks.listDeliveries(params.id, query.page, query.pageSize);
      return { deliveries: result.items, page: query.page, pageSize: query.pageSize, total: result.total };
    },
  });
}
