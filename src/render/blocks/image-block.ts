import type { ImageBlock, Language, MediaItem } from '../../content/content.types.js';
import type { SafeHtml } from '../html.js';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { renderPicture, SIZES } from '../components/picture.js';

export interface FigureData {
  media: MediaItem;
  caption: string;
  credit: string;
  alt: string;
}

/** Resolves an image block against its media item: the block's own caption/credit/alt win over the library's. */
export function figureDataFor(block: Pick<ImageBlock, 'mediaId' | 'caption' | 'credit' | 'alt'>, media: Map<number, MediaItem>): FigureData | null {
  const item = media.get(block.mediaId);
  if (!item) return null;
  return { media: item, caption: block.caption ?? item.caption, credit: block.credit ?? item.credit, alt: block.alt ?? item.alt };
}

/**
 * A figure: the caption and credit appear once, inside <figcaption>; alt text is its own field and is dropped when
 * an editor pasted the caption into it (the seed page's screen-reader double read).
 */
export function renderFigure(data: FigureData, lang: Language, options: { eager?: boolean; sizes?: string } = {}): SafeHtml {
  const s = t(lang);
  const alt = data.alt.trim() && normalise(data.alt) !== normalise(data.caption) ? data.alt : '';
  const caption = data.caption.trim();
  const credit = data.credit.trim();
  return html`<figure>
${renderPicture(data.media, { alt, sizes: options.sizes ?? SIZES.article, ...(options.eager ? { eager: true } : {}) })}
${caption || credit ? html`<figcaption>${caption}${credit ? html` <span class="credit"><span class="visually-hidden">${s.photo}: </span>${credit}</span>` : ''}</figcaption>` : ''}
</figure>`;
}

const normalise = (text: string): string => text.replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim().toLowerCase();

export function renderImageBlock(block: ImageBlock, media: Map<number, MediaItem>, lang: Language): SafeHtml {
  const data = figureDataFor(block, media);
  return data ? renderFigure(data, lang) : html``;
}
