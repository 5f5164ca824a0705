import type { Actor, Role } from './accounts.types.js';

/**
 * Who may do what. Every Admin API route calls one of these through a service; nothing else decides access.
 * contributor: writes own drafts, submits for review, never publishes.
 * author: as contributor, and publishes own articles.
 * editor: edits and publishes any article; manages sections, tags and author profiles.
 * admin: as editor, and manages accounts and settings.
 * partner: another newsroom's read-only access to the syndication feed. Below every newsroom role, so any
 * `atLeast(actor, …)` check refuses it: a partner can do nothing in the Admin API.
 */
const RANK: Record<Role, number> = { partner: -1, contributor: 0, author: 1, editor: 2, admin: 3 };

export const atLeast = (actor: Actor, role: Role): boolean => RANK[actor.role] >= RANK[role];

interface OwnedArticle {
  createdBy: number | null;
}

const owns = (actor: Actor, article: OwnedArticle): boolean => article.createdBy === actor.id;

export const canViewArticle = (actor: Actor, article: OwnedArticle): boolean => atLeast(actor, 'author') || owns(actor, article);
export const canEditArticle = (actor: Actor, article: OwnedArticle): boolean => atLeast(actor, 'editor') || owns(actor, article);
export const canPublishArticle = (actor: Actor, article: OwnedArticle): boolean =>
  atLeast(actor, 'editor') || (actor.role === 'author' && owns(actor, article));
export const canManageTaxonomy = (actor: Actor): boolean => atLeast(actor, 'editor');
export const canManageAccounts = (actor: Actor): boolean => actor.role === 'admin';
/** The partner feed: partners, and editors and admins who check what partners receive. */
export const canReadPartnerFeed = (actor: Actor): boolean => actor.role === 'partner' || atLeast(actor, 'editor');
/** Webhooks carry a signing secret and send data out of the newsroom: admins only. */
export const canManageWebhooks = (actor: Actor): boolean => actor.role === 'admin';
