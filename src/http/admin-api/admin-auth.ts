import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { AccountsService } from '../../accounts/accounts.service.js';
import { actorOf } from '../../accounts/accounts.service.js';
import type { Account, Actor, Role } from '../../accounts/accounts.types.js';
import { atLeast } from '../../accounts/permissions.js';
import { AppError } from '../../lib/errors.js';

export const SESSION_COOKIE = 'sinmun_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface AuthState {
  account: Account;
  via: 'token' | 'session';
  csrfToken?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth?: AuthState | undefined;
  }
}

/**
 * Resolves who is calling: a Bearer API token, or the session cookie. Cookie-authenticated unsafe requests must
 * also carry the session's CSRF token in `x-csrf-token` (the cookie is SameSite=Strict as well). Bearer requests
 * carry no ambient credentials, so they need no CSRF token.
 */
export function createAuthenticator(accounts: AccountsService) {
  return async function authenticate(request: FastifyRequest): Promise<AuthState | undefined> {
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      // A wire source's push token is no account's token: the push route checks it (ingest/wire.service.ts).
      if (match?.[1]?.startsWith('swp_') && /^\/api\/admin\/wire\/[^/]+$/.test(request.url.split('?')[0] ?? '')) return undefined;
      const account = match?.[1] ? await accounts.authenticateToken(match[1]) : null;
      if (!account) throw new AppError('ERR_UNAUTHENTICATED', 'The API token is missing, malformed, revoked or unknown.');
      return { account, via: 'token' };
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return undefined;
    const session = await accounts.findSession(cookie);
    if (!session) return undefined;
    if (UNSAFE.has(request.method) && request.headers['x-csrf-token'] !== session.csrfToken) {
      throw new AppError('ERR_FORBIDDEN', 'Missing or wrong x-csrf-token header for a cookie-authenticated request.', { code: 'ERR_CSRF' });
    }
    return { account: session.account, via: 'session', csrfToken: session.csrfToken };
  };
}

/** The actor for a route that needs at least `role`; 401 when anonymous, 403 when the role is too low. */
export function requireActor(request: FastifyRequest, role: Role = 'contributor'): Actor {
  const auth = request.auth;
  if (!auth) throw new AppError('ERR_UNAUTHENTICATED', 'Sign in (POST /api/admin/session) or send an API token (Authorization: Bearer …).');
  const actor = actorOf(auth.account);
  if (!atLeast(actor, role)) throw new AppError('ERR_FORBIDDEN', `This needs the ${role} role or higher; you are ${actor.role}.`);
  return actor;
}

export function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}

/** The actor for a route whose rule is not a rung of the role ladder (e.g. the partner feed); 401/403 otherwise. */
export function requireAllowed(request: FastifyRequest, allowed: (actor: Actor) => boolean, what: string): Actor {
  const auth = request.auth;
  if (!auth) throw new AppError('ERR_UNAUTHENTICATED', 'Send an API token (Authorization: Bearer …).');
  const actor = actorOf(auth.account);
  if (!allowed(actor)) throw new AppError('ERR_FORBIDDEN', `Your role (${actor.role}) may not ${what}.`);
  return actor;
}

/** Route options for a per-client rate limit (15-minute window) that answers 429 as problem+json like every API error. */
export function rateLimited(max: number, what: string): RouteShorthandOptions {
  return {
    config: {
      rateLimit: {
        max,
        timeWindow: 15 * 60 * 1000,
        errorResponseBuilder: (_request: unknown, context: { after: string }) =>
          Object.assign(new AppError('ERR_RATE_LIMITED', `Too many ${what}; try again in ${context.after}.`), { statusCode: 429 }),
      },
    },
  };
}

/** Starts a browser session: the HttpOnly, SameSite=Strict cookie, and what the app needs (account, CSRF token). */
export async function startSession(accounts: AccountsService, reply: FastifyReply, account: Account, secure: boolean) {
  const session = await accounts.createSession(account.id);
  reply.setCookie(SESSION_COOKIE, session.cookieValue, { path: '/', httpOnly: true, sameSite: 'strict', secure, expires: new Date(session.expiresAt) });
  return { csrfToken: session.csrfToken, expiresAt: session.expiresAt };
}
