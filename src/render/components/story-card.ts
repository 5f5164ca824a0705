import type { Article, Language, MediaItem } from '../../content/content.types.js';
import { articlePath } from '../../delivery/urls.js';
import { formatShortDate } from '../../lib/dates.js';
import type { SafeHtml } from '../html.js';
import { html, trusted } from '../html.js';
import { articleTypeLabel } from '../i18n.js';
import { renderPicture, SIZES } from './picture.js';

/** One story in a list: headline link, dek, time and an image when the story has one. */
export function renderStoryCard(
  article: Article,
  media: Map<number, MediaItem>,
  options: { lang: Language; timeZone: string; headingLevel?: 2 | 3; showImage?: boolean },
): SafeHtml {
  const image = options.showImage !== false && article.featuredMediaId ? media.get(article.featuredMediaId) : undefined;
  const tag = trusted(`h${options.headingLevel ?? 3}`);
  const published = article.publishedAt ? new Date(article.publishedAt) : null;
  return html`<li class="story${image ? ' has-image' : ''}">
<div>
${article.type !== 'news' ? html`<p class="meta"><strong>${articleTypeLabel(article.type, options.lang)}</strong></p>` : ''}
<${tag}><a href="${articlePath(article)}">${article.headline}</a></${tag}>
${article.dek ? html`<p>${article.dek}</p>` : ''}
${published ? html`<p class="meta"><time datetime="${published.toISOString()}">${formatShortDate(published, options.lang, options.timeZone)}</time></p>` : ''}
</div>
${image ? html`<div class="story-image">${renderPicture(image, { alt: '', sizes: SIZES.card, crop: '3x2' })}</div>` : ''}
</li>`;
}
