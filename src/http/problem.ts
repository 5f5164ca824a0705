import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { AppError } from '../lib/errors.js';

/** RFC 9457 problem details. Every API error leaves the server in this shape. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code?: string;
  errors?: { path: string; message: string }[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const zodErrors = (error: ZodError): { path: string; message: string }[] =>
  error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));

/** Turns any thrown value into a problem; unknown errors become a bare 500 that leaks nothing. */
export function toProblem(error: unknown, instance: string): Problem {
  if (error instanceof AppError) {
    const { errors, ...extra } = error.extra as { errors?: Problem['errors'] };
    return {
      type: `https://sinmun.dev/problems/${error.code.toLowerCase().replace(/^err_/, '').replace(/_/g, '-')}`,
      title: TITLES[error.status] ?? 'Error',
      status: error.status,
      detail: error.message,
      instance,
      code: error.code,
      ...(errors ? { errors } : {}),
      ...extra,
    };
  }
  if (error instanceof ZodError) {
    const errors = zodErrors(error);
    return {
      type: 'https://sinmun.dev/problems/validation',
      title: TITLES[422] ?? 'Unprocessable Content',
      status: 422,
      detail: errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; '),
      instance,
      code: 'ERR_VALIDATION',
      errors,
    };
  }
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const detail =
      fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/i.test(fastifyError.message ?? '')
        ? 'The request body is not valid JSON.'
        : fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413
          ? 'The request body is larger than this endpoint accepts.'
          : (fastifyError.message ?? 'Bad request');
    return { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, instance, ...(fastifyError.code ? { code: fastifyError.code } : {}) };
  }
  return { type: 'about:blank', title: TITLES[500] ?? 'Internal Server Error', status: 500, detail: 'Something went wrong on our side; the request id is in the x-request-id header.', instance };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const problem = toProblem(error, request.url);
  if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
  return reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').header('cache-control', 'no-store').send(JSON.stringify(problem));
}
