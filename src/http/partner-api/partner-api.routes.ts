import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { canReadPartnerFeed } from '../../accounts/permissions.js';
import { LANGUAGES } from '../../content/content.types.js';
import { parseIsoDateTime } from '../../lib/time.js';
import { noStore, requireAllowed } from '../admin-api/admin-auth.js';
import type { RouteRegistry } from '../route-registry.js';

const ninjsQuery = z.object({
  lang: z.enum(LANGUAGES).optional(),
  since: z
    .string()
    .refine((v) => parseIsoDateTime(v) !== undefined, 'must be an ISO 8601 date-time with a zone')
    .transform((v) => parseIsoDateTime(v) ?? v)
    .optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** The partner API: syndication for other newsrooms, read-only, API token of a `partner` (or editor/admin) account. */
export async function registerPartnerApi(app: FastifyInstance, registry: RouteRegistry, services: Services): Promise<void> {
  registry.add(app, {
    method: 'GET',
    url: '/api/partner/ninjs',
    summary: 'Published stories as IPTC ninjs 2.2 items, most recently changed first (`since` for changes only)',
    tag: 'Partner',
    access: 'partner',
    query: ninjsQuery,
    handler: async ({ query, request, reply }) => {
      requireAllowed(request, canReadPartnerFeed, 'read the partner feed');
      noStore(reply);
      const result = await services.distribution.listPartnerItems(query);
      return { items: result.items, page: query.page, pageSize: query.pageSize, total: result.total };
    },
  });
}
