import { createHash, randomBytes } from 'node:crypto';
import { recordAudit } from '../audit/audit.service.js';
import type { Db, Queryable } from '../db/database.js';
import { AppError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import type { Mailer } from '../lib/mailer.js';
import { nowIso } from '../lib/time.js';
import { invitationMail, passwordResetMail } from './account-mail.js';
import type { AccountsService, InvitationInput } from './accounts.service.js';
import type { Account, Actor } from './accounts.types.js';

export const RESET_TTL_MS = 60 * 60 * 1000;
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Per account, whatever the caller's address: nobody can flood someone's mailbox with reset mails. */
const RESET_MAILS_PER_HOUR = 3;

type Purpose = 'reset' | 'invite';

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

const expired = () => new AppError('ERR_GONE', 'This link is invalid, already used or expired. Ask for a new one.');

/**
 * One-time links to an account, sent by mail: password reset (anyone who knows the address may ask; the answer never
 * says whether an account exists) and invitations (admins). The link carries a random token in its fragment (never
 * sent to a server, so it stays out of logs and Referer headers); the database keeps only its hash. A link works
 * once, until it expires; setting a password through it signs the account out everywhere.
 */
export class AccountLinksService {
  /** Mails in flight after a reset request, which answers before sending (the answer must not depend on the account). */
  private readonly sending = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly accounts: AccountsService,
    private readonly mailer: Mailer | null,
    private readonly settings: { siteUrl: string; siteName: string },
    private readonly logger: Logger,
  ) {}

  // ## Password reset

  /** Sends a reset link if the address belongs to an active account; does nothing visible otherwise. */
  async requestPasswordReset(email: string): Promise<void> {
    const account = await this.accounts.findAccountByEmail(email);
    if (!account || account.disabled || account.pendingInvite) return;
    const since = new Date(Date.now() - 60 * 60 * 1000).toISOString();
    const recent = await this.db
      .selectFrom('account_links')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', account.id)
      .where('purpose', '=', 'reset')
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= RESET_MAILS_PER_HOUR) {
      this.logger.warn({ accountId: account.id }, 'password reset: hourly limit for this account reached; no mail sent');
      return;
    }
    if (!this.mailer) {
      this.logger.warn({ accountId: account.id }, 'password reset asked for, but SMTP_URL is not set: no mail sent');
      return;
    }
    const { id, token } = await this.createLink(this.db, account.id, 'reset', RESET_TTL_MS, null);
    const url = this.linkUrl('reset-password', token);
    const task = this.send(account, 'reset', id, passwordResetMail(account.language, this.settings.siteName, url, RESET_TTL_MS / 3_600_000))
      .catch((error: unknown) => this.logger.error({ err: error, accountId: account.id }, 'password reset mail failed'))
      .finally(() => this.sending.delete(task));
    this.sending.add(task);
  }

  /** Sets the new password from a reset link; the link is spent and every session of the account ends. */
  async resetPassword(token: string, password: string): Promise<void> {
    const passwordHash = await this.accounts.hashNewPassword(password);
    await this.db.transaction().execute(async (tx) => {
      const link = await this.consume(tx, token, 'reset');
      // Also spends the other links mailed earlier (setPasswordIn).
      await this.accounts.setPasswordIn(tx, link.accountId, passwordHash);
      await recordAudit(tx, { accountId: link.accountId, action: 'account.password-reset', details: {} });
    });
  }

  // ## Invitations

  /** Makes an account without a password and mails its owner a link to choose one. */
  async invite(input: InvitationInput, actor: Actor): Promise<{ account: Account; mailSent: boolean; inviteUrl?: string }> {
    const { account, link } = await this.db.transaction().execute(async (tx) => {
      const created = await this.accounts.createInvitedAccount(tx, input);
      const made = await this.createLink(tx, created.id, 'invite', INVITE_TTL_MS, actor.id);
      await recordAudit(tx, { accountId: actor.id, action: 'account.invite', details: { account: { id: created.id, email: created.email, name: created.name }, role: created.role } });
      return { account: created, link: made };
    });
    return { account, ...(await this.sendInvitation(account, link, actor)) };
  }

  /** A new invitation link for an account that has not accepted yet; earlier links stop working. */
  async resendInvitation(accountId: number, actor: Actor): Promise<{ account: Account; mailSent: boolean; inviteUrl?: string }> {
    const account = await this.accounts.getAccount(accountId);
    if (!account.pendingInvite || account.disabled) throw new AppError('ERR_CONFLICT', 'Only an active account that has not accepted its invitation yet can be invited again.');
    const link = await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('account_links').set({ used_at: nowIso() }).where('account_id', '=', accountId).where('purpose', '=', 'invite').where('used_at', 'is', null).execute();
      const made = await this.createLink(tx, accountId, 'invite', INVITE_TTL_MS, actor.id);
      await recordAudit(tx, { accountId: actor.id, action: 'account.invite', details: { account: { id: account.id, email: account.email, name: account.name }, role: account.role, again: true } });
      return made;
    });
    return { account, ...(await this.sendInvitation(account, link, actor)) };
  }

  /** Who an invitation link is for (the acceptance screen shows it), without spending it. */
  async inspectInvitation(token: string): Promise<{ email: string; name: string; expiresAt: string }> {
    const link = await this.find(this.db, token, 'invite');
    const account = await this.accounts.getAccount(link.accountId);
    return { email: account.email, name: account.name, expiresAt: link.expiresAt };
  }

  /** The invited person chooses their name and password; the link is spent. */
  async acceptInvitation(token: string, name: string, password: string): Promise<Account> {
    const passwordHash = await this.accounts.hashNewPassword(password);
    const accountId = await this.db.transaction().execute(async (tx) => {
      const link = await this.consume(tx, token, 'invite');
      await this.accounts.setPasswordIn(tx, link.accountId, passwordHash, { name });
      await recordAudit(tx, { accountId: link.accountId, action: 'account.accept-invite', details: {} });
      return link.accountId;
    });
    return this.accounts.getAccount(accountId);
  }

  /** Waits for reset mails still being sent (graceful shutdown, tests). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.sending]);
  }

  // ## Links

  private linkUrl(screen: string, token: string): string {
    return `${this.settings.siteUrl}/newsroom/${screen}#token=${token}`;
  }

  private async createLink(db: Queryable, accountId: number, purpose: Purpose, ttlMs: number, createdBy: number | null): Promise<{ id: number; token: string }> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const row = await db
      .insertInto('account_links')
      .values({ account_id: accountId, purpose, token_hash: sha256(token), created_by: createdBy, created_at: now.toISOString(), expires_at: new Date(now.getTime() + ttlMs).toISOString(), used_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, token };
  }

  /** A live link of this purpose for an active account, or 410. */
  private async find(db: Queryable, token: string, purpose: Purpose): Promise<{ id: number; accountId: number; expiresAt: string }> {
    const row = await db
      .selectFrom('account_links')
      .innerJoin('accounts', 'accounts.id', 'account_links.account_id')
      .select(['account_links.id', 'account_links.account_id', 'account_links.expires_at', 'account_links.used_at', 'accounts.disabled'])
      .where('account_links.token_hash', '=', sha256(token))
      .where('account_links.purpose', '=', purpose)
      .executeTakeFirst();
    if (!row || row.used_at !== null || row.expires_at <= nowIso() || row.disabled === 1) throw expired();
    return { id: row.id, accountId: row.account_id, expiresAt: row.expires_at };
  }

  /** Spends a link inside the caller's transaction; of two racing uses, exactly one wins. */
  private async consume(tx: Queryable, token: string, purpose: Purpose): Promise<{ accountId: number }> {
    const link = await this.find(tx, token, purpose);
    const spent = await tx.updateTable('account_links').set({ used_at: nowIso() }).where('id', '=', link.id).where('used_at', 'is', null).executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) throw expired();
    return { accountId: link.accountId };
  }

  private async sendInvitation(account: Account, link: { id: number; token: string }, actor: Actor): Promise<{ mailSent: boolean; inviteUrl?: string }> {
    const url = this.linkUrl('invite', link.token);
    // Without mail (or when it fails) the admin gets the link to pass on another way; it is theirs to see anyway.
    if (!this.mailer) return { mailSent: false, inviteUrl: url };
    try {
      await this.send(account, 'invite', link.id, invitationMail(account.language, this.settings.siteName, url, actor.name, INVITE_TTL_MS / 86_400_000));
      return { mailSent: true };
    } catch (error) {
      this.logger.error({ err: error, accountId: account.id }, 'invitation mail failed');
      return { mailSent: false, inviteUrl: url };
    }
  }

  private async send(account: Account, kind: string, linkId: number, mail: { subject: string; text: string; html: string }): Promise<void> {
    if (!this.mailer) return;
    await this.mailer.send({ to: account.email, ...mail, messageId: `<account-${kind}.${linkId}@${new URL(this.settings.siteUrl).hostname}>` });
  }
}
