import type { ArticleStatus } from '../content/content.types.js';

/**
 * The editorial state machine as data. Publishing and scheduling are allowed from every state but trashed (authors
 * and editors need not go through review); the review states are for contributors and desks that want them.
 */
export const TRANSITIONS: Record<ArticleStatus, readonly ArticleStatus[]> = {
  draft: ['in_review', 'approved', 'scheduled', 'published', 'trashed'],
  in_review: ['draft', 'approved', 'scheduled', 'published', 'trashed'],
  approved: ['draft', 'in_review', 'scheduled', 'published', 'trashed'],
  scheduled: ['draft', 'published', 'unpublished', 'trashed'],
  published: ['unpublished', 'trashed'],
  unpublished: ['draft', 'scheduled', 'published', 'trashed'],
  trashed: ['draft'],
};

export function canTransition(from: ArticleStatus, to: ArticleStatus): boolean {
  return TRANSITIONS[from].includes(to);
}
