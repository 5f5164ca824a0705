import { diffArrays } from 'diff';
import type { Block } from './blocks.js';
import { blocksToText } from './blocks.js';

/**
 * Pure text helpers for the editor's panels (no DOM, so they are unit-tested in Node): the word-level diff of the
 * revision history and the display width behind the search-result preview.
 */

export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** Words are runs between spaces (a Korean 어절 or an English word with its punctuation); spaces and breaks are tokens too. */
const tokens = (text: string): string[] => text.match(/\r?\n|[^\s]+|[^\S\r\n]+/g) ?? [];

/**
 * A word-level diff: jsdiff's array diff over whitespace-separated words. (jsdiff's own word tokenizer knows only
 * Latin letters and would compare Hangul syllable by syllable, which reads as noise.) Joining the parts that are not
 * added gives the old text back; joining those not removed gives the new one.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  return diffArrays(tokens(before), tokens(after)).map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value.join('') }));
}

/** The texts a revision diff compares, from a revision snapshot or the editor's fields. */
export function comparableText(fields: Record<string, unknown>): { headline: string; dek: string; body: string } {
  return {
    headline: typeof fields.headline === 'string' ? fields.headline : '',
    dek: typeof fields.dek === 'string' ? fields.dek : '',
    body: Array.isArray(fields.body) ? blocksToText(fields.body as Block[]) : '',
  };
}

/** Hangul, CJK ideographs, kana and full-width forms take about two Latin letters' width in a search result. */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** Display width in half-width units: a Korean syllable counts 2, a Latin letter 1. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

/**
 * Cuts text to a display width the way a search engine does (whole characters, then "…"), so a Korean title is cut
 * after about 30 syllables where an English one runs to about 60 letters.
 */
export function truncateToWidth(text: string, maxWidth: number): { text: string; truncated: boolean } {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (displayWidth(clean) <= maxWidth) return { text: clean, truncated: false };
  let out = '';
  let width = 0;
  for (const char of clean) {
    const w = WIDE.test(char) ? 2 : 1;
    if (width + w > maxWidth - 1) break;
    out += char;
    width += w;
  }
  return { text: `${out.trimEnd()}…`, truncated: true };
}

/** Search-result limits in half-width units (about 60 Latin letters / 30 Korean syllables for the title). */
export const SEO_TITLE_WIDTH = 60;
export const SEO_DESCRIPTION_WIDTH = 160;
