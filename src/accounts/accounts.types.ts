/**
 * Newsroom roles form a ladder (contributor < author < editor < admin). `partner` is off the ladder: a partner
 * newsroom's token reads the syndication feed (GET /api/partner/ninjs) and nothing else.
 */
export const ROLES = ['contributor', 'author', 'editor', 'admin', 'partner'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in person (or token owner) every service call acts as. */
export interface Actor {
  id: number;
  email: string;
  name: string;
  role: Role;
  authorId: number | null;
}

export interface Account extends Actor {
  language: 'ko' | 'en';
  disabled: boolean;
  /** Invited and not yet accepted: there is no password, so nobody can sign in as this account yet. */
  pendingInvite: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ApiTokenInfo {
  id: number;
  accountId: number;
  accountEmail: string;
  label: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
