import type { Mark, Node as PmNode } from 'prosemirror-model';
import { bodySchema } from './schema.js';

/** Our typed body blocks, as the Admin API sends and takes them (src/content/content.types.ts). */
export interface InlineText {
  text: string;
  bold?: boolean;
  italic?: boolean;
  href?: string;
}
export type Block =
  | { type: 'paragraph'; content: InlineText[] }
  | { type: 'heading'; level: 2 | 3 | 4; text: string }
  | { type: 'quote'; variant?: 'block' | 'pull'; content: InlineText[]; attribution?: string }
  | { type: 'list'; ordered?: boolean; items: InlineText[][] }
  | { type: 'image'; mediaId: number; caption?: string; credit?: string; alt?: string }
  | { type: 'embed'; url: string; title?: string; provider?: string; description?: string };

/** What the editor needs to show an image block: its file and the library's own caption, credit and alt. */
export interface MediaLookup {
  (mediaId: number): { url: string; alt: string; caption: string; credit: string } | undefined;
}

function inlineToNodes(content: InlineText[]): PmNode[] {
  return content
    .filter((run) => run.text.length > 0)
    .map((run) => {
      const marks: Mark[] = [];
      if (run.bold) marks.push(bodySchema.marks.strong!.create());
      if (run.italic) marks.push(bodySchema.marks.em!.create());
      if (run.href) marks.push(bodySchema.marks.link!.create({ href: run.href }));
      return bodySchema.text(run.text, marks);
    });
}

function paragraph(content: InlineText[]): PmNode {
  return bodySchema.nodes.paragraph!.create(null, inlineToNodes(content));
}

/** Blocks → an editor document. An empty body becomes one empty paragraph (the editor needs a place to type). */
export function blocksToDoc(blocks: Block[], media: MediaLookup = () => undefined): PmNode {
  const { nodes } = bodySchema;
  const children: PmNode[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'paragraph':
        children.push(paragraph(block.content));
        break;
      case 'heading':
        children.push(nodes.heading!.create({ level: block.level }, block.text ? bodySchema.text(block.text) : null));
        break;
      case 'quote':
        children.push(nodes.blockquote!.create({ attribution: block.attribution ?? '', variant: block.variant ?? 'block' }, paragraph(block.content)));
        break;
      case 'list':
        children.push(
          (block.ordered ? nodes.ordered_list! : nodes.bullet_list!).create(
            null,
            block.items.map((item) => nodes.list_item!.create(null, paragraph(item))),
          ),
        );
        break;
      case 'image': {
        const item = media(block.mediaId);
        children.push(
          nodes.image!.create({
            mediaId: block.mediaId,
            src: item?.url ?? '',
            alt: block.alt ?? item?.alt ?? '',
            caption: block.caption ?? item?.caption ?? '',
            credit: block.credit ?? item?.credit ?? '',
          }),
        );
        break;
      }
      case 'embed':
        children.push(nodes.embed!.create({ url: block.url, title: block.title ?? '', provider: block.provider ?? '', description: block.description ?? '' }));
        break;
    }
  }
  if (children.length === 0) children.push(nodes.paragraph!.create());
  return nodes.doc!.create(null, children);
}

function nodesToInline(node: PmNode): InlineText[] {
  const runs: InlineText[] = [];
  node.forEach((child) => {
    if (!child.isText || !child.text) return;
    const run: InlineText = { text: child.text };
    for (const mark of child.marks) {
      if (mark.type.name === 'strong') run.bold = true;
      else if (mark.type.name === 'em') run.italic = true;
      else if (mark.type.name === 'link') run.href = String(mark.attrs.href);
    }
    const last = runs[runs.length - 1];
    // Adjacent runs with the same marks are one run.
    if (last && last.bold === run.bold && last.italic === run.italic && last.href === run.href) last.text += run.text;
    else runs.push(run);
  });
  return runs;
}

const isEmptyInline = (content: InlineText[]) => content.every((run) => run.text.trim() === '');

/**
 * An editor document → blocks. Empty paragraphs and headings are dropped (a stray Enter is not content); a quote's
 * paragraphs become one quote, joined by a line break. An image keeps only what differs from the library.
 */
export function docToBlocks(doc: PmNode): Block[] {
  const blocks: Block[] = [];
  doc.forEach((node) => {
    switch (node.type.name) {
      case 'paragraph': {
        const content = nodesToInline(node);
        if (!isEmptyInline(content)) blocks.push({ type: 'paragraph', content });
        break;
      }
      case 'heading':
        if (node.textContent.trim()) blocks.push({ type: 'heading', level: node.attrs.level as 2 | 3 | 4, text: node.textContent });
        break;
      case 'blockquote': {
        const content: InlineText[] = [];
        node.forEach((p, _offset, index) => {
          if (index > 0) content.push({ text: '\n' });
          content.push(...nodesToInline(p));
        });
        const quote: Block = { type: 'quote', variant: node.attrs.variant === 'pull' ? 'pull' : 'block', content };
        if (node.attrs.attribution) quote.attribution = String(node.attrs.attribution);
        if (!isEmptyInline(content)) blocks.push(quote);
        break;
      }
      case 'bullet_list':
      case 'ordered_list': {
        const items: InlineText[][] = [];
        node.forEach((item) => {
          const content = item.firstChild ? nodesToInline(item.firstChild) : [];
          if (!isEmptyInline(content)) items.push(content);
        });
        if (items.length) blocks.push({ type: 'list', ordered: node.type.name === 'ordered_list', items });
        break;
      }
      case 'image': {
        const attrs = node.attrs as { mediaId: number; alt: string; caption: string; credit: string };
        const block: Block = { type: 'image', mediaId: attrs.mediaId };
        if (attrs.caption) block.caption = attrs.caption;
        if (attrs.credit) block.credit = attrs.credit;
        if (attrs.alt) block.alt = attrs.alt;
        blocks.push(block);
        break;
      }
      case 'embed': {
        const attrs = node.attrs as { url: string; title: string; provider: string; description: string };
        const block: Block = { type: 'embed', url: attrs.url };
        if (attrs.title) block.title = attrs.title;
        if (attrs.provider) block.provider = attrs.provider;
        if (attrs.description) block.description = attrs.description;
        blocks.push(block);
        break;
      }
    }
  });
  return blocks;
}

/** Plain text of blocks (the conflict view compares texts). */
export function blocksToText(blocks: Block[]): string {
  const inline = (content: InlineText[]) => content.map((r) => r.text).join('');
  return blocks
    .map((b) => {
      switch (b.type) {
        case 'paragraph':
          return inline(b.content);
        case 'heading':
          return b.text;
        case 'quote':
          return `“${inline(b.content)}”${b.attribution ? ` — ${b.attribution}` : ''}`;
        case 'list':
          return b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : '•'} ${inline(item)}`).join('\n');
        case 'image':
          return `[image ${b.mediaId}${b.caption ? `: ${b.caption}` : ''}]`;
        case 'embed':
          return `[embed ${b.url}]`;
      }
    })
    .join('\n\n');
}

/**
 * Counts for the editor's footer. Korean is counted in characters (원고 분량 is measured that way), with and without
 * spaces; words are counted too for English copy.
 */
export function countText(text: string): { characters: number; charactersNoSpaces: number; words: number } {
  const chars = [...text];
  return {
    characters: chars.filter((c) => c !== '\n').length,
    charactersNoSpaces: chars.filter((c) => !/\s/.test(c)).length,
    words: text.split(/\s+/).filter(Boolean).length,
  };
}
