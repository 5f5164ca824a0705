import type { Actor, Role } from './accounts.types.js';

/**
 * Who may do what. Every Admin API route calls one of these through a service; nothing else decides access.
 * contributor: writes own drafts, submits for review, never publishes.
 * author: as contributor, and publishes own articles.
 * editor: edits and publishes any article; manages sections, tags and author profiles.
 * admin: as editor, and manages accounts and settings.
 */
const RANK: Record<Role, number> = { contributor: 0, author: 1, editor: 2, admin: 3 };

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
