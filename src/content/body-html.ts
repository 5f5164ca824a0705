import type { AnyNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import sanitizeHtml from 'sanitize-html';
import type { ArticleBlock, InlineText } from './content.types.js';

/**
 * Converts editor, import or wire HTML to typed blocks. The HTML is sanitised first with an allow-list (scripts,
 * event handlers, styles and `javascript:` URLs never survive), then walked into blocks; blocks are what we store,
 * so no HTML from outside ever reaches a reader page as HTML.
 */
const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'h1', 'blockquote', 'ul', 'ol', 'li', 'figure', 'img', 'figcaption', 'a', 'strong', 'b', 'em', 'i', 'br', 'cite', 'span', 'small', 'div', 'section'],
  allowedAttributes: {
    a: ['href'],
    img: ['src', 'alt', 'data-media-id'],
    span: ['class'],
    blockquote: ['class'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Dropped with their content: never text a reader should see.
  nonTextTags: ['script', 'style', 'textarea', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math'],
};

export function sanitizeBodyHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE_OPTIONS);
}

interface Marks {
  bold?: boolean;
  italic?: boolean;
  href?: string;
}

const isElement = (node: AnyNode): node is Element => node.type === 'tag';

function inlineRuns(nodes: AnyNode[], marks: Marks = {}, skip?: (el: Element) => boolean): InlineText[] {
  const runs: InlineText[] = [];
  for (const node of nodes) {
    if (node.type === 'text') {
      const text = (node as unknown as { data: string }).data.replace(/\s+/g, ' ');
      if (text) runs.push({ text, ...marks });
    } else if (isElement(node)) {
      if (skip?.(node)) continue;
      const name = node.name;
      if (name === 'br') runs.push({ text: '\n', ...marks });
      else if (name === 'strong' || name === 'b') runs.push(...inlineRuns(node.children, { ...marks, bold: true }, skip));
      else if (name === 'em' || name === 'i' || name === 'cite') runs.push(...inlineRuns(node.children, { ...marks, italic: true }, skip));
      else if (name === 'a' && node.attribs.href) runs.push(...inlineRuns(node.children, { ...marks, href: node.attribs.href }, skip));
      else runs.push(...inlineRuns(node.children, marks, skip));
    }
  }
  return runs;
}

/** Merges neighbouring runs with the same marks and trims the edges of a block. */
function tidy(runs: InlineText[]): InlineText[] {
  const merged: InlineText[] = [];
  for (const run of runs) {
    const last = merged[merged.length - 1];
    if (last && last.bold === run.bold && last.italic === run.italic && last.href === run.href) last.text += run.text;
    else merged.push({ ...run });
  }
  if (merged[0]) merged[0].text = merged[0].text.replace(/^[ \t]+/, '');
  const lastRun = merged[merged.length - 1];
  if (lastRun) lastRun.text = lastRun.text.replace(/[ \t]+$/, '');
  return merged.filter((r) => r.text.length > 0).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as InlineText);
}

const textOf = (nodes: AnyNode[]): string =>
  tidy(inlineRuns(nodes))
    .map((r) => r.text)
    .join('')
    .trim();

/** Finds the media id an `<img>` points at: `data-media-id`, or a `/media/{id}/…` URL of this site. */
function mediaIdOf(img: Element): number | undefined {
  const explicit = Number(img.attribs['data-media-id']);
  if (Number.isInteger(explicit) && explicit > 0) return explicit;
  const match = /\/media\/(\d+)(?:[/.]|$)/.exec(img.attribs.src ?? '');
  return match ? Number(match[1]) : undefined;
}

function findFirst(nodes: AnyNode[], name: string): Element | undefined {
  for (const node of nodes) {
    if (!isElement(node)) continue;
    if (node.name === name) return node;
    const inner = findFirst(node.children, name);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * An image must be in our media library (we never hotlink). One that is not is left out and reported as a warning,
 * so the rest of the text is still saved and the editor is told exactly what was dropped.
 */
function imageBlock(img: Element, figcaption: Element | undefined, warnings: string[]): ArticleBlock | null {
  const mediaId = mediaIdOf(img);
  if (!mediaId) {
    warnings.push(`image ${JSON.stringify(img.attribs.src ?? '')} was left out: it is not an uploaded media item (upload it with POST /api/admin/media, then use /media/{id}/… or data-media-id)`);
    return null;
  }
  const isCredit = (el: Element) => el.name === 'span' && /\bcredit\b/.test(el.attribs.class ?? '');
  const block: ArticleBlock = { type: 'image', mediaId };
  if (figcaption) {
    const caption = tidy(inlineRuns(figcaption.children, {}, isCredit))
      .map((r) => r.text)
      .join('')
      .trim();
    const creditEl = findCreditSpan(figcaption.children);
    if (caption) block.caption = caption;
    if (creditEl) block.credit = textOf(creditEl.children);
  }
  const alt = img.attribs.alt?.trim();
  if (alt && alt !== block.caption) block.alt = alt;
  return block;
}

function findCreditSpan(nodes: AnyNode[]): Element | undefined {
  for (const node of nodes) {
    if (!isElement(node)) continue;
    if (node.name === 'span' && /\bcredit\b/.test(node.attribs.class ?? '')) return node;
    const inner = findCreditSpan(node.children);
    if (inner) return inner;
  }
  return undefined;
}

const BLOCK_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'figure', 'img', 'div', 'section']);

function walk(nodes: AnyNode[], blocks: ArticleBlock[], warnings: string[]): void {
  const pushImage = (block: ArticleBlock | null) => {
    if (block) blocks.push(block);
  };
  let pending: AnyNode[] = [];
  const flush = () => {
    const content = tidy(inlineRuns(pending));
    if (content.some((r) => r.text.trim())) blocks.push({ type: 'paragraph', content });
    pending = [];
  };
  for (const node of nodes) {
    if (!isElement(node) || !BLOCK_TAGS.has(node.name)) {
      pending.push(node);
      continue;
    }
    flush();
    switch (node.name) {
      case 'p': {
        const img = findFirst(node.children, 'img');
        if (img) pushImage(imageBlock(img, undefined, warnings));
        const content = tidy(inlineRuns(node.children));
        if (content.some((r) => r.text.trim())) blocks.push({ type: 'paragraph', content });
        break;
      }
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6': {
        // The page owns the only h1 (the headline); deeper levels fold into h4.
        const level = Math.min(4, Math.max(2, Number(node.name.slice(1)))) as 2 | 3 | 4;
        const text = textOf(node.children);
        if (text) blocks.push({ type: 'heading', level, text });
        break;
      }
      case 'blockquote': {
        const cite = findFirst(node.children, 'cite');
        const attribution = cite ? textOf(cite.children) : undefined;
        const content = tidy(inlineRuns(node.children, {}, (el) => el === cite));
        const variant = /\bpull\b/.test(node.attribs.class ?? '') ? 'pull' : 'block';
        if (content.some((r) => r.text.trim())) blocks.push({ type: 'quote', variant, content, ...(attribution ? { attribution } : {}) });
        break;
      }
      case 'ul':
      case 'ol': {
        const items = node.children
          .filter((c): c is Element => isElement(c) && c.name === 'li')
          .map((li) => tidy(inlineRuns(li.children)))
          .filter((item) => item.length > 0);
        if (items.length) blocks.push({ type: 'list', ordered: node.name === 'ol', items });
        break;
      }
      case 'figure': {
        const img = findFirst(node.children, 'img');
        if (img) pushImage(imageBlock(img, findFirst(node.children, 'figcaption'), warnings));
        break;
      }
      case 'img':
        pushImage(imageBlock(node, undefined, warnings));
        break;
      default:
        walk(node.children, blocks, warnings);
    }
  }
  flush();
}

export interface BodyConversion {
  blocks: ArticleBlock[];
  /** What could not be kept, in words an editor understands. */
  warnings: string[];
}

export function bodyHtmlToBlocks(html: string): BodyConversion {
  const clean = sanitizeBodyHtml(html);
  const document = parseDocument(clean, { decodeEntities: true });
  const blocks: ArticleBlock[] = [];
  const warnings: string[] = [];
  walk(document.children, blocks, warnings);
  return { blocks, warnings };
}
