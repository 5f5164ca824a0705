import { describe, expect, it } from 'vitest';
import { ARTICLE_STATUSES } from '../content/content.types.js';
import { canTransition } from './transitions.js';

describe('editorial transitions', () => {
  it('lets every state but trashed publish', () => {
    for (const from of ARTICLE_STATUSES) {
      if (from === 'published') continue;
      expect(canTransition(from, 'published'), from).toBe(from !== 'trashed');
    }
  });
  it('restores trashed articles only to draft', () => {
    expect(canTransition('trashed', 'draft')).toBe(true);
    expect(canTransition('trashed', 'published')).toBe(false);
    expect(canTransition('trashed', 'scheduled')).toBe(false);
  });
  it('unpublishes only what is public or about to be', () => {
    expect(canTransition('published', 'unpublished')).toBe(true);
    expect(canTransition('scheduled', 'unpublished')).toBe(true);
    expect(canTransition('draft', 'unpublished')).toBe(false);
  });
});
