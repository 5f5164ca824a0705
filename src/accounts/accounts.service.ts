import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import { recordAudit } from '../audit/audit.service.js';
import type { Db, Queryable } from '../db/database.js';
import { isUniqueViolation } from '../db/database.js';
import type { AccountRow } from '../db/schema.js';
import { AppError, notFound } from '../lib/errors.js';
import { nowIso } from '../lib/time.js';
import type { Account, Actor, ApiTokenInfo, Role } from './accounts.types.js';
import { ROLES } from './accounts.types.js';

const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const TOKEN_PREFIX = 'snm_';

export const accountInputSchema = z
  .object({
    email: z.string().trim().toLowerCase().email().max(320),
    name: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    password: z.string().min(12, 'must be at least 12 characters').max(1000),
    authorId: z.number().int().positive().nullish(),
    language: z.enum(['ko', 'en']).default('ko'),
  })
  .strict();
export type AccountInput = z.input<typeof accountInputSchema>;

/** An invitation names the person and their role; they choose their own password from the invite link. */
export const invitationInputSchema = accountInputSchema.omit({ password: true }).extend({ name: z.string().trim().min(1).max(200) }).strict();
export type InvitationInput = z.input<typeof invitationInputSchema>;

/** What an invited account stores instead of a password hash: argon2 verification of it always fails. */
const NO_PASSWORD = '';

export const accountUpdateSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: z.enum(ROLES).optional(),
    password: z.string().min(12, 'must be at least 12 characters').max(1000).optional(),
    authorId: z.number().int().positive().nullable().optional(),
    language: z.enum(['ko', 'en']).optional(),
    disabled: z.boolean().optional(),
  })
  .strict();
export type AccountUpdate = z.infer<typeof accountUpdateSchema>;

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

// argon2id with OWASP's minimum recommended parameters (19 MiB, 2 iterations), so a login stays well under 100 ms.
const hashPassword = (password: string): Promise<string> =>
  hash(password, { memoryCost: 19_456, timeCost: 2, parallelism: 1 }); // @node-rs/argon2 defaults to argon2id (asserted in tests)

// A real hash to verify against when the e-mail is unknown, so response time does not reveal which accounts exist.
let dummyHash: Promise<string> | undefined;

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    authorId: row.author_id,
    language: row.language === 'en' ? 'en' : 'ko',
    disabled: row.disabled === 1,
    pendingInvite: row.password_hash === NO_PASSWORD,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const actorOf = (account: Account): Actor => ({
  id: account.id,
  email: account.email,
  name: account.name,
  role: account.role,
  authorId: account.authorId,
});

export class AccountsService {
  constructor(private readonly db: Db) {}

  async createAccount(input: AccountInput): Promise<Account> {
    const data = accountInputSchema.parse(input);
    return this.insertAccount(this.db, data, await hashPassword(data.password));
  }

  /** An account without a password, for an invitation (AccountLinksService sends the link in the same transaction). */
  async createInvitedAccount(db: Queryable, input: InvitationInput): Promise<Account> {
    return this.insertAccount(db, invitationInputSchema.parse(input), NO_PASSWORD);
  }

  private async insertAccount(db: Queryable, data: Omit<z.output<typeof accountInputSchema>, 'password'>, passwordHash: string): Promise<Account> {
    const now = nowIso();
    try {
      const row = await db
        .insertInto('accounts')
        .values({
          email: data.email,
          name: data.name,
          role: data.role,
          password_hash: passwordHash,
          author_id: data.authorId ?? null,
          language: data.language,
          disabled: 0,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAccount(row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('ERR_CONFLICT', `an account with e-mail ${data.email} already exists`, { errors: [{ path: 'email', message: 'already in use' }] });
      }
      throw error;
    }
  }

  async updateAccount(id: number, update: AccountUpdate): Promise<Account> {
    const data = accountUpdateSchema.parse(update);
    // Hashing takes tens of milliseconds: done before the transaction, which then only writes.
    const passwordHash = data.password !== undefined ? await hashPassword(data.password) : undefined;
    await this.db.transaction().execute((tx) => this.applyUpdate(tx, id, data, passwordHash));
    return this.getAccount(id);
  }

  /**
   * An admin's change to someone's account, audited in the same transaction. Admins cannot lock themselves out: no
   * deactivating or demoting your own account, so there is always an admin left who can undo a change.
   */
  async updateAccountAs(id: number, update: AccountUpdate, actor: Actor): Promise<Account> {
    const data = accountUpdateSchema.parse(update);
    if (id === actor.id && (data.disabled === true || (data.role !== undefined && data.role !== 'admin'))) {
      throw new AppError('ERR_CONFLICT', 'You cannot deactivate your own account or take away your own admin role.');
    }
    const before = await this.getAccount(id);
    const passwordHash = data.password !== undefined ? await hashPassword(data.password) : undefined;
    await this.db.transaction().execute(async (tx) => {
      await this.applyUpdate(tx, id, data, passwordHash);
      const changes: Record<string, unknown> = {};
      for (const key of ['name', 'role', 'authorId', 'language', 'disabled'] as const) {
        if (data[key] !== undefined && data[key] !== before[key]) changes[key] = { from: before[key], to: data[key] };
      }
      if (passwordHash !== undefined) changes.password = 'changed';
      const action = data.disabled === true && !before.disabled ? 'account.deactivate' : data.disabled === false && before.disabled ? 'account.reactivate' : 'account.update';
      await recordAudit(tx, { accountId: actor.id, action, details: { account: { id, email: before.email, name: before.name }, changes } });
    });
    return this.getAccount(id);
  }

  /** Checks a new password (same rules as everywhere) and hashes it; slow on purpose, so call it outside a transaction. */
  async hashNewPassword(password: string): Promise<string> {
    return hashPassword(accountUpdateSchema.shape.password.unwrap().parse(password));
  }

  /** Sets a password hashed by hashNewPassword inside the caller's transaction; signs the account out everywhere. */
  async setPasswordIn(tx: Queryable, id: number, passwordHash: string, extra: { name?: string } = {}): Promise<void> {
    await this.applyUpdate(tx, id, extra, passwordHash);
  }

  private async applyUpdate(tx: Queryable, id: number, data: Omit<AccountUpdate, 'password'>, passwordHash: string | undefined): Promise<void> {
    const now = nowIso();
    const result = await tx
      .updateTable('accounts')
      .set({
        ...(data.name !== undefined ? { name: data.name } : {}),
        ...(data.role !== undefined ? { role: data.role } : {}),
        ...(passwordHash !== undefined ? { password_hash: passwordHash } : {}),
        ...(data.authorId !== undefined ? { author_id: data.authorId } : {}),
        ...(data.language !== undefined ? { language: data.language } : {}),
        ...(data.disabled !== undefined ? { disabled: data.disabled ? 1 : 0 } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound(`account ${id}`);
    // A new password signs the account out everywhere and spends every reset or invitation link still out there.
    // Deactivation does the same and also revokes the account's API tokens: the next request with any of them
    // answers 401.
    if (data.disabled || passwordHash !== undefined) {
      await tx.deleteFrom('sessions').where('account_id', '=', id).execute();
      await tx.updateTable('account_links').set({ used_at: now }).where('account_id', '=', id).where('used_at', 'is', null).execute();
    }
    if (data.disabled) await tx.updateTable('api_tokens').set({ revoked_at: now }).where('account_id', '=', id).where('revoked_at', 'is', null).execute();
  }

  async getAccount(id: number): Promise<Account> {
    const row = await this.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`account ${id}`);
    return toAccount(row);
  }

  async findAccountByEmail(email: string): Promise<Account | null> {
    const row = await this.db.selectFrom('accounts').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
    return row ? toAccount(row) : null;
  }

  async listAccounts(page: number, pageSize: number): Promise<{ items: Account[]; total: number }> {
    const rows = await this.db.selectFrom('accounts').selectAll().orderBy('id', 'asc').limit(pageSize).offset((page - 1) * pageSize).execute();
    const { total } = await this.db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    return { items: rows.map(toAccount), total: Number(total) };
  }

  async countAccounts(): Promise<number> {
    const { total } = await this.db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    return Number(total);
  }

  /** The account for an e-mail and password, or null; takes the same time whether or not the e-mail exists. */
  async verifyCredentials(email: string, password: string): Promise<Account | null> {
    const row = await this.db.selectFrom('accounts').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
    if (!row) {
      dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
      await verify(await dummyHash, password).catch(() => false);
      return null;
    }
    const ok = await verify(row.password_hash, password).catch(() => false);
    if (!ok || row.disabled === 1) return null;
    return toAccount(row);
  }

  // ## Sessions — the cookie carries a random value; the database keeps only its hash.

  async createSession(accountId: number): Promise<{ cookieValue: string; csrfToken: string; expiresAt: string }> {
    const cookieValue = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS).toISOString();
    await this.db
      .insertInto('sessions')
      .values({ id: sha256(cookieValue), account_id: accountId, csrf_token: csrfToken, created_at: nowIso(), expires_at: expiresAt })
      .execute();
    return { cookieValue, csrfToken, expiresAt };
  }

  async findSession(cookieValue: string): Promise<{ account: Account; csrfToken: string; expiresAt: string } | null> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
      .selectAll('accounts')
      .select(['sessions.csrf_token', 'sessions.expires_at'])
      .where('sessions.id', '=', sha256(cookieValue))
      .executeTakeFirst();
    if (!row || row.expires_at <= nowIso() || row.disabled === 1) return null;
    return { account: toAccount(row), csrfToken: row.csrf_token, expiresAt: row.expires_at };
  }

  async deleteSession(cookieValue: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', sha256(cookieValue)).execute();
  }

  // ## API tokens — shown once, stored as a hash, listable and revocable.

  async createToken(accountId: number, label: string): Promise<{ token: string; info: ApiTokenInfo }> {
    const account = await this.getAccount(accountId);
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const row = await this.db
      .insertInto('api_tokens')
      .values({ account_id: account.id, label: label.trim() || 'token', token_hash: sha256(token), prefix: token.slice(0, 10), created_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const info = (await this.listTokens({ id: row.id }))[0];
    if (!info) throw new Error('token vanished after insert');
    return { token, info };
  }

  async listTokens(filter: { accountId?: number; id?: number } = {}): Promise<ApiTokenInfo[]> {
    let query = this.db
      .selectFrom('api_tokens')
      .innerJoin('accounts', 'accounts.id', 'api_tokens.account_id')
      .select([
        'api_tokens.id',
        'api_tokens.account_id',
        'accounts.email',
        'api_tokens.label',
        'api_tokens.prefix',
        'api_tokens.created_at',
        'api_tokens.last_used_at',
        'api_tokens.revoked_at',
      ])
      .orderBy('api_tokens.id', 'asc');
    if (filter.accountId !== undefined) query = query.where('api_tokens.account_id', '=', filter.accountId);
    if (filter.id !== undefined) query = query.where('api_tokens.id', '=', filter.id);
    const rows = await query.execute();
    return rows.map((r) => ({
      id: r.id,
      accountId: r.account_id,
      accountEmail: r.email,
      label: r.label,
      prefix: r.prefix,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      revokedAt: r.revoked_at,
    }));
  }

  async revokeToken(id: number, accountId?: number): Promise<ApiTokenInfo> {
    let query = this.db.updateTable('api_tokens').set({ revoked_at: nowIso() }).where('id', '=', id).where('revoked_at', 'is', null);
    if (accountId !== undefined) query = query.where('account_id', '=', accountId);
    await query.execute();
    const info = (await this.listTokens({ id, ...(accountId !== undefined ? { accountId } : {}) }))[0];
    if (!info) throw notFound(`token ${id}`);
    return info;
  }

  async authenticateToken(token: string): Promise<Account | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const row = await this.db
      .selectFrom('api_tokens')
      .innerJoin('accounts', 'accounts.id', 'api_tokens.account_id')
      .selectAll('accounts')
      .select(['api_tokens.id as token_id', 'api_tokens.last_used_at'])
      .where('api_tokens.token_hash', '=', sha256(token))
      .where('api_tokens.revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row || row.disabled === 1) return null;
    // Record use at most once a minute: a busy script must not turn every read into a write.
    const now = nowIso();
    if (!row.last_used_at || Date.parse(now) - Date.parse(row.last_used_at) > 60_000) {
      await this.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.token_id).execute();
    }
    return toAccount(row);
  }
}
