import type { MarkSpec, NodeSpec } from 'prosemirror-model';
import { Schema } from 'prosemirror-model';

/**
 * The editor's document model: exactly what our typed body blocks can hold (docs/decisions/003-body-format.md),
 * so everything typed in the editor maps to a block and back without loss. Headings are plain text (a block
 * heading has no marks), list items hold one paragraph (a block list item is one inline run).
 */
const nodes: Record<string, NodeSpec> = {
  doc: { content: 'block+' },
  text: { group: 'inline' },
  paragraph: {
    content: 'inline*',
    group: 'block',
    parseDOM: [{ tag: 'p' }],
    toDOM: () => ['p', 0],
  },
  heading: {
    attrs: { level: { default: 2 } },
    content: 'text*',
    marks: '',
    group: 'block',
    defining: true,
    parseDOM: [
      { tag: 'h2', attrs: { level: 2 } },
      { tag: 'h3', attrs: { level: 3 } },
      { tag: 'h4', attrs: { level: 4 } },
    ],
    toDOM: (node) => [`h${String(node.attrs.level)}`, 0],
  },
  blockquote: {
    attrs: { attribution: { default: '' }, variant: { default: 'block' } },
    content: 'paragraph+',
    group: 'block',
    defining: true,
    parseDOM: [{ tag: 'blockquote', getAttrs: (dom) => ({ attribution: (dom as HTMLElement).dataset.attribution ?? '' }) }],
    // The attribution shows under the quote (newsroom.css draws it from the data attribute; it is not editable text).
    toDOM: (node) => ['blockquote', node.attrs.attribution ? { 'data-attribution': String(node.attrs.attribution) } : {}, 0],
  },
  bullet_list: {
    content: 'list_item+',
    group: 'block',
    parseDOM: [{ tag: 'ul' }],
    toDOM: () => ['ul', 0],
  },
  ordered_list: {
    content: 'list_item+',
    group: 'block',
    parseDOM: [{ tag: 'ol' }],
    toDOM: () => ['ol', 0],
  },
  list_item: {
    content: 'paragraph',
    defining: true,
    parseDOM: [{ tag: 'li' }],
    toDOM: () => ['li', 0],
  },
  image: {
    attrs: { mediaId: {}, src: { default: '' }, alt: { default: '' }, caption: { default: '' }, credit: { default: '' } },
    group: 'block',
    atom: true,
    draggable: true,
    toDOM: (node) => {
      const { src, alt, caption, credit } = node.attrs as { src: string; alt: string; caption: string; credit: string };
      return ['figure', { class: 'nr-figure' }, ['img', { src, alt }], ['figcaption', `${caption}${credit ? ` (${credit})` : ''}`]];
    },
  },
  embed: {
    attrs: { url: {}, title: { default: '' }, provider: { default: '' }, description: { default: '' } },
    group: 'block',
    atom: true,
    toDOM: (node) => ['div', { class: 'nr-embed' }, `⧉ ${String(node.attrs.title || node.attrs.url)}`],
  },
};

const marks: Record<string, MarkSpec> = {
  strong: { parseDOM: [{ tag: 'strong' }, { tag: 'b' }], toDOM: () => ['strong', 0] },
  em: { parseDOM: [{ tag: 'em' }, { tag: 'i' }], toDOM: () => ['em', 0] },
  link: {
    attrs: { href: {} },
    inclusive: false,
    parseDOM: [{ tag: 'a[href]', getAttrs: (dom) => ({ href: (dom as HTMLElement).getAttribute('href') }) }],
    toDOM: (mark) => ['a', { href: mark.attrs.href as string, rel: 'noopener' }, 0],
  },
};

export const bodySchema = new Schema({ nodes, marks });
