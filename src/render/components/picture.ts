import type { MediaDerivative, MediaItem } from '../../content/content.types.js';
import type { SafeHtml } from '../html.js';
import { html } from '../html.js';

/** Where an image sits on the page, which decides the `sizes` the browser picks a width with. */
export const SIZES = {
  /** A figure in the article column. */
  article: '(min-width: 48rem) 45rem, 100vw',
  /** The front page's lead story. */
  lead: '(min-width: 60rem) 38rem, 100vw',
  /** A story card's thumbnail (12rem beside the text from 40rem up). */
  card: '(min-width: 40rem) 12rem, 100vw',
} as const;

const srcset = (items: MediaDerivative[]) => items.map((d) => `${d.url} ${d.width}w`).join(', ');

/** The focal point as two classes (5 % steps), because the reader CSP allows no inline style attribute. */
export const focalClasses = (media: Pick<MediaItem, 'focalX' | 'focalY'>): string => `fx-${Math.round(media.focalX * 20) * 5} fy-${Math.round(media.focalY * 20) * 5}`;

/**
 * Crops (teasers) keep the focal point in view through CSS `object-position` fed by the classes above; the 21
 * steps per axis are a few hundred bytes of CSS (docs/decisions/015-media-and-front-page.md).
 */
export const PICTURE_CSS = [
  '.crop-3x2{aspect-ratio:3/2;object-fit:cover;object-position:var(--fx,50%) var(--fy,50%);width:100%}',
  '.crop-16x9{aspect-ratio:16/9;object-fit:cover;object-position:var(--fx,50%) var(--fy,50%);width:100%}',
  ...Array.from({ length: 21 }, (_, i) => `.fx-${i * 5}{--fx:${i * 5}%}.fy-${i * 5}{--fy:${i * 5}%}`),
].join('\n');

/**
 * An image as readers get it: <picture> with AVIF and WebP sources and a JPEG/PNG <img>, each with every width the
 * derivatives job made, and the original's intrinsic width and height so the page does not shift while it loads.
 * Before the job ran (just uploaded) it is the original alone.
 */
export function renderPicture(media: MediaItem, options: { alt: string; sizes: string; eager?: boolean; crop?: '3x2' | '16x9' }): SafeHtml {
  const loading = options.eager ? html` fetchpriority="high"` : html` loading="lazy"`;
  const cls = options.crop ? html` class="crop-${options.crop} ${focalClasses(media)}"` : '';
  const of = (format: MediaDerivative['format']) => media.derivatives.filter((d) => d.format === format).sort((a, b) => a.width - b.width);
  const fallback = [...of('jpeg'), ...of('png')];
  if (!fallback.length) {
    return html`<img src="${media.url}" width="${media.width}" height="${media.height}" alt="${options.alt}"${cls}${loading} decoding="async">`;
  }
  const avif = of('avif');
  const webp = of('webp');
  const src = fallback.find((d) => d.width >= 960) ?? fallback[fallback.length - 1];
  return html`<picture>${avif.length ? html`<source type="image/avif" srcset="${srcset(avif)}" sizes="${options.sizes}">` : ''}${webp.length ? html`<source type="image/webp" srcset="${srcset(webp)}" sizes="${options.sizes}">` : ''}<img src="${src?.url ?? media.url}" srcset="${srcset(fallback)}" sizes="${options.sizes}" width="${media.width}" height="${media.height}" alt="${options.alt}"${cls}${loading} decoding="async"></picture>`;
}
