import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { z } from 'zod';
import { AppError } from '../lib/errors.js';
import { zodErrors } from './problem.js';
import type {} from './admin-api/admin-auth.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteDefinition<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  url: string;
  summary: string;
  tag: string;
  /** 'public', or the lowest role allowed (the service still checks ownership). */
  access: 'public' | 'session' | 'contributor' | 'author' | 'editor' | 'admin' | 'partner';
  params?: P;
  query?: Q;
  body?: B;
  /** Response schema for the OpenAPI document (JSON Schema); responses are built by serialisers. */
  response?: { status: number; description: string; schema?: Record<string, unknown> };
  /** Set for multipart uploads: documented as multipart/form-data; the handler parses the stream. */
  multipart?: Record<string, unknown>;
  options?: RouteShorthandOptions;
  handler: (input: { params: z.output<P>; query: z.output<Q>; body: z.output<B>; request: FastifyRequest; reply: FastifyReply }) => Promise<unknown>;
}

interface RecordedRoute {
  method: Method;
  url: string;
  summary: string;
  tag: string;
  access: string;
  params?: z.ZodType | undefined;
  query?: z.ZodType | undefined;
  body?: z.ZodType | undefined;
  response?: { status: number; description: string; schema?: Record<string, unknown> } | undefined;
  multipart?: Record<string, unknown> | undefined;
}

const empty = z.object({}).passthrough();

const LADDER = ['contributor', 'author', 'editor', 'admin'] as const;

/**
 * Who may call is decided before anything in the request is parsed, so an anonymous or too-low caller learns
 * nothing from validation errors (401/403 first, then 400/422). Handlers still check ownership. A request with
 * an Authorization header but no account (a wire source's push token) is left to its route.
 */
function checkAccess(request: FastifyRequest, access: RouteDefinition<z.ZodType, z.ZodType, z.ZodType>['access']): void {
  if (access === 'public') return;
  const auth = request.auth;
  if (!auth) {
    if (request.headers.authorization) return;
    throw new AppError('ERR_UNAUTHENTICATED', 'Sign in (POST /api/admin/session) or send an API token (Authorization: Bearer …).');
  }
  const rank = LADDER.indexOf(auth.account.role as (typeof LADDER)[number]);
  const needed = LADDER.indexOf(access as (typeof LADDER)[number]);
  if (needed >= 0 && rank < needed) throw new AppError('ERR_FORBIDDEN', `This needs the ${access} role or higher; you are ${auth.account.role}.`);
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const errors = zodErrors(result.error).map((e) => ({ ...e, path: where === 'body' ? e.path : `${where}.${e.path}`.replace(/\.$/, '') }));
  // A path that cannot name a resource names none (404); bad query parameters are a bad request (400).
  const code = where === 'body' ? 'ERR_VALIDATION' : where === 'params' ? 'ERR_NOT_FOUND' : 'ERR_BAD_REQUEST';
  throw new AppError(code, errors.map((e) => `${e.path || where}: ${e.message}`).join('; '), { errors });
}

/**
 * Registers a route and records it for the OpenAPI document: the zod schemas that validate a request are the ones
 * the document is generated from, so the two cannot drift apart. Route handlers stay thin: parse → one service
 * call → serialise.
 */
export class RouteRegistry {
  readonly routes: RecordedRoute[] = [];

  add<P extends z.ZodType = typeof empty, Q extends z.ZodType = typeof empty, B extends z.ZodType = typeof empty>(app: FastifyInstance, definition: RouteDefinition<P, Q, B>): void {
    this.routes.push({
      method: definition.method,
      url: definition.url,
      summary: definition.summary,
      tag: definition.tag,
      access: definition.access,
      params: definition.params,
      query: definition.query,
      body: definition.body,
      response: definition.response,
      multipart: definition.multipart,
    });
    app.route({
      method: definition.method,
      url: definition.url,
      ...(definition.options ?? {}),
      handler: async (request, reply) => {
        checkAccess(request, definition.access);
        const params = parseOrThrow(definition.params ?? empty, request.params, 'params') as z.output<P>;
        const query = parseOrThrow(definition.query ?? empty, request.query, 'query') as z.output<Q>;
        const body = (definition.body ? parseOrThrow(definition.body, request.body, 'body') : undefined) as z.output<B>;
        const result = await definition.handler({ params, query, body, request, reply });
        if (reply.sent) return reply;
        return result;
      },
    });
  }
}

const toJsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> => {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
};

/** The OpenAPI 3.1 document for every recorded route. */
export function buildOpenApi(registry: RouteRegistry, info: { title: string; version: string; serverUrl: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of registry.routes) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', route.params],
      ['query', route.query],
    ] as const) {
      if (!schema) continue;
      const json = toJsonSchema(schema);
      const properties = (json.properties ?? {}) as Record<string, unknown>;
      const required = new Set((json.required as string[] | undefined) ?? []);
      for (const [name, propertySchema] of Object.entries(properties)) {
        parameters.push({ name, in: where, required: where === 'path' || required.has(name), schema: propertySchema });
      }
    }
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: [route.tag],
      operationId: `${route.method.toLowerCase()}${route.url.replace(/[/:{}-](\w)/g, (_, c: string) => c.toUpperCase()).replace(/[^\w]/g, '')}`,
      ...(parameters.length ? { parameters } : {}),
      ...(route.access === 'public' ? { security: [] } : { 'x-sinmun-role': route.access }),
      responses: {
        [String(route.response?.status ?? 200)]: {
          description: route.response?.description ?? 'OK',
          ...(route.response?.schema ? { content: { 'application/json': { schema: route.response.schema } } } : {}),
        },
        default: { description: 'An error', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    };
    if (route.body) operation.requestBody = { required: true, content: { 'application/json': { schema: toJsonSchema(route.body) } } };
    if (route.multipart) operation.requestBody = { required: true, content: { 'multipart/form-data': { schema: route.multipart } } };
    paths[path] = { ...(paths[path] ?? {}), [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, description: 'Sinmun Admin API (/api/admin, authenticated) and Content API (/api/content, public, read-only).' },
    servers: [{ url: info.serverUrl }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token from `sinmun token create`.' },
        session: { type: 'apiKey', in: 'cookie', name: 'sinmun_session', description: 'From POST /api/admin/session; unsafe methods also need the x-csrf-token header.' },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            code: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } }, required: ['path', 'message'] } },
          },
        },
      },
    },
    security: [{ bearer: [] }, { session: [] }],
  };
}
