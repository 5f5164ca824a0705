export const ROLES = ['contributor', 'author', 'editor', 'admin'] as const;
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
