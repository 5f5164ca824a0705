import { escapeHtml } from '../render/html.js';
import { foldWord, isHangulRun, normalizeText } from './tokenizer.js';
import type { ParsedQuery } from './query-parser.js';

const WORD = /[\uAC00-\uD7A3]+|(?:(?![\uAC00-\uD7A3])[\p{L}\p{N}])+/gu;

/** Character ranges of `text` that match the query (Hangul by substring, other words by stem). */
export function matchRanges(text: string, highlight: ParsedQuery['highlight']): [number, number][] {
  const ranges: [number, number][] = [];
  const stems = new Set(highlight.stems);
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    const start = match.index;
    if (isHangulRun(word)) {
      for (const needle of highlight.hangul) {
        for (let at = word.indexOf(needle); at !== -1; at = word.indexOf(needle, at + needle.length)) ranges.push([start + at, start + at + needle.length]);
      }
    } else if (stems.size && stems.has(foldWord(normalizeText(word)))) {
      ranges.push([start, start + word.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** Escaped HTML of `text` with matches in <mark>. */
export function highlightHtml(text: string, highlight: ParsedQuery['highlight']): string {
  const clean = text.normalize('NFC');
  let out = '';
  let at = 0;
  for (const [start, end] of matchRanges(clean, highlight)) {
    out += `${escapeHtml(clean.slice(at, start))}<mark>${escapeHtml(clean.slice(start, end))}</mark>`;
    at = end;
  }
  return out + escapeHtml(clean.slice(at));
}

/**
 * A short passage around the first match in `texts` (tried in order: dek, body, captions…), escaped, with matches
 * in <mark>. Without a match it is the start of the first non-empty text.
 */
export function snippetHtml(texts: string[], highlight: ParsedQuery['highlight'], length = 180): string {
  const candidates = texts.map((t) => t.normalize('NFC').replace(/\s+/g, ' ').trim()).filter(Boolean);
  for (const text of candidates) {
    const first = matchRanges(text, highlight)[0];
    if (!first) continue;
    const start = Math.max(0, first[0] - Math.floor(length / 3));
    const end = Math.min(text.length, start + length);
    return `${start > 0 ? '…' : ''}${highlightHtml(text.slice(start, end), highlight)}${end < text.length ? '…' : ''}`;
  }
  const text = candidates[0] ?? '';
  return `${escapeHtml(text.slice(0, length))}${text.length > length ? '…' : ''}`;
}
