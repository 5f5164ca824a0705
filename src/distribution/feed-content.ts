import sanitizeHtml from 'sanitize-html';
import type { Article, MediaItem } from '../content/content.types.js';
import { absoluteUrl } from '../delivery/urls.js';
import { renderBlock } from '../render/blocks/render-block.js';

/**
 * An article body as HTML for feed readers and partners: the same block renderers as the page, then an allow-list
 * sanitiser that keeps structure, drops classes and page-only attributes, and makes every link and image absolute
 * (a feed reader has no base URL to resolve `/media/…` against).
 */
export function renderBodyForFeed(article: Article, media: Map<number, MediaItem>, siteUrl: string): string {
  const raw = article.body.map((block) => renderBlock(block, { lang: article.language, media }).value).join('\n');
  const absolute = (value: string | undefined) => (value ? absoluteUrl(siteUrl, value) : value);
  return sanitizeHtml(raw, {
    allowedTags: ['p', 'h2', 'h3', 'h4', 'blockquote', 'ul', 'ol', 'li', 'strong', 'em', 'b', 'i', 'a', 'figure', 'figcaption', 'img', 'cite', 'br'],
    allowedAttributes: { a: ['href', 'rel'], img: ['src', 'width', 'height', 'alt'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, ...(attribs.href ? { href: absolute(attribs.href) ?? '' } : {}) } }),
      img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, ...(attribs.src ? { src: absolute(attribs.src) ?? '' } : {}) } }),
    },
    // Visually hidden helper text ("Photo: ") reads oddly outside the page; its text stays, the span goes.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'button', 'template'],
  }).trim();
}
