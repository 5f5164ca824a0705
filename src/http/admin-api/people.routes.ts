import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { invitationInputSchema } from '../../accounts/accounts.service.js';
import { canManageAccounts } from '../../accounts/permissions.js';
import { auditActors, searchAuditLog } from '../../audit/audit.service.js';
import { forbidden } from '../../lib/errors.js';
import type { RouteRegistry } from '../route-registry.js';
import { toAdminApiAccount } from '../serializers.js';
import { rateLimited, requireActor, startSession } from './admin-auth.js';

const token = z.string().trim().min(20).max(200);
const newPassword = z.string().min(12, 'must be at least 12 characters').max(1000);
const idParams = z.object({ id: z.coerce.number().int().positive() });

/**
 * People: password reset by e-mail link, invitations, and the audit log (issue 3, items 1, 9, 10). The public
 * routes here are rate-limited per client address like sign-in; reset requests also per account (the service).
 */
export function registerPeopleApi(app: FastifyInstance, registry: RouteRegistry, services: Services, options: { loginRateLimit: number }): void {
  const secureCookie = services.config.siteUrl.startsWith('https://');
  const accountsAdmin = (request: Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(request);
    if (!canManageAccounts(actor)) throw forbidden('Only admins manage accounts.');
    return actor;
  };
  const invitationResponse = (result: Awaited<ReturnType<Services['accountLinks']['invite']>>) => ({
    account: toAdminApiAccount(result.account),
    mailSent: result.mailSent,
    ...(result.inviteUrl ? { inviteUrl: result.inviteUrl } : {}),
  });

  // ## Password reset

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/password-reset',
    summary: 'Forgot password: mails a single-use link (valid 1 hour) if the address belongs to an active account. Always answers 202 the same way.',
    tag: 'Session',
    access: 'public',
    body: z.object({ email: z.string().trim().min(3).max(320) }).strict(),
    response: { status: 202, description: 'Accepted (whether or not an account has this address)' },
    options: rateLimited(options.loginRateLimit, 'password-reset requests'),
    handler: async ({ body, reply }) => {
      await services.accountLinks.requestPasswordReset(body.email);
      return reply.status(202).send({ status: 'accepted', detail: 'If an account has this address, a link to choose a new password is on its way.' });
    },
  });

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/password-reset/complete',
    summary: 'Set a new password with the token from the reset link; the link is spent and every session of the account ends (410 when invalid, used or expired)',
    tag: 'Session',
    access: 'public',
    body: z.object({ token, password: newPassword }).strict(),
    response: { status: 204, description: 'Password changed; sign in with it' },
    options: rateLimited(options.loginRateLimit, 'password-reset attempts'),
    handler: async ({ body, reply }) => {
      await services.accountLinks.resetPassword(body.token, body.password);
      return reply.status(204).send();
    },
  });

  // ## Invitations

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/invitations',
    summary: 'Invite a person: makes the account (no password yet) and mails a single-use link, valid 7 days, to choose name and password. Without SMTP the response carries inviteUrl.',
    tag: 'Accounts',
    access: 'admin',
    body: invitationInputSchema,
    response: { status: 201, description: '{ account, mailSent, inviteUrl? }' },
    handler: async ({ body, request, reply }) => reply.status(201).send(invitationResponse(await services.accountLinks.invite(body, accountsAdmin(request)))),
  });

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/accounts/:id/invitation',
    summary: 'Send a new invitation link to an account that has not accepted yet (earlier links stop working)',
    tag: 'Accounts',
    access: 'admin',
    params: idParams,
    handler: async ({ params, request }) => invitationResponse(await services.accountLinks.resendInvitation(params.id, accountsAdmin(request))),
  });

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/invitations/inspect',
    summary: 'Who an invitation link is for (e-mail, name, expiry), without using it (410 when invalid, used or expired)',
    tag: 'Accounts',
    access: 'public',
    body: z.object({ token }).strict(),
    options: rateLimited(options.loginRateLimit, 'invitation look-ups'),
    handler: async ({ body }) => services.accountLinks.inspectInvitation(body.token),
  });

  registry.add(app, {
    method: 'POST',
    url: '/api/admin/invitations/accept',
    summary: 'Accept an invitation: choose name and password; signs in (session cookie + csrfToken, like POST /api/admin/session)',
    tag: 'Accounts',
    access: 'public',
    body: z.object({ token, name: z.string().trim().min(1).max(200), password: newPassword }).strict(),
    options: rateLimited(options.loginRateLimit, 'invitation attempts'),
    handler: async ({ body, reply }) => {
      const account = await services.accountLinks.acceptInvitation(body.token, body.name, body.password);
      return { account: toAdminApiAccount(account), ...(await startSession(services.accounts, reply, account, secureCookie)) };
    },
  });

  // ## Audit log

  registry.add(app, {
    method: 'GET',
    url: '/api/admin/audit',
    summary: 'The audit log, newest first: who did what to which article (and to which account) and when; filter by article and by person (account id). `people` lists everyone in the log, for a filter.',
    tag: 'Audit',
    access: 'editor',
    query: z.object({
      article: z.coerce.number().int().positive().optional(),
      actor: z.coerce.number().int().positive().optional(),
      page: z.coerce.number().int().min(1).default(1),
      pageSize: z.coerce.number().int().min(1).max(100).default(50),
    }),
    handler: async ({ query, request }) => {
      requireActor(request, 'editor');
      const [result, people] = await Promise.all([
        searchAuditLog(services.database.db, { articleId: query.article, accountId: query.actor, page: query.page, pageSize: query.pageSize }),
        auditActors(services.database.db),
      ]);
      return { entries: result.entries, page: query.page, pageSize: query.pageSize, total: result.total, people };
    },
  });
}
