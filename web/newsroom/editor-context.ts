import type { Article } from './api.js';

/**
 * What the editor screen lends its side panels (timing, corrections, revisions, SEO, translation, shortcuts), so each
 * panel lives in its own file and the screen stays small. Panels change the article only through these.
 */
export interface EditorContext {
  id: number;
  /** The article as last loaded or saved. */
  article(): Article;
  /** True when the editor holds text that is not yet saved (it is in the working copy at most). */
  unsaved(): boolean;
  /** An explicit save of the editor's fields, plus extra Admin API fields (embargoUntil, unpublishAt). */
  save(extra?: Record<string, unknown>): Promise<boolean>;
  /** A panel changed the article on the server (restore, correction): take it, and with `intoForm` show its text. */
  loaded(article: Article, options?: { intoForm?: boolean }): void;
  /** Puts fields (headline, dek, body…) into the editor without saving: they reach the working copy by autosave. */
  loadDraft(fields: Record<string, unknown>): void;
  /** Opens the reader-page preview with a query (`revision=3`, `workingCopy=1`). */
  preview(query: string, width?: 'desktop' | 'phone'): void;
  /** Shows an error in the editor's alert region. */
  fail(error: unknown): void;
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
