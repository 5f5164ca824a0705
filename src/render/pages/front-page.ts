import type { Article, MediaItem } from '../../content/content.types.js';
import type { Section } from '../../content/taxonomy.service.js';
import { articlePath, frontPath, sectionPath } from '../../delivery/urls.js';
import { formatShortDate } from '../../lib/dates.js';
import { html } from '../html.js';
import { articleTypeLabel, t } from '../i18n.js';
import { renderAdSlot } from '../components/ad-slot.js';
import { renderStoryCard } from '../components/story-card.js';
import { renderPicture, SIZES } from '../components/picture.js';
import { renderDocument } from '../layout.js';
import type { RenderContext } from '../render-context.js';
import { organizationJsonLd, publisherOf } from '../structured-data.js';

export interface FrontPageData {
  breaking: Article[];
  /** The editors' banner (already filtered on its expiry by the delivery service). */
  banner?: { text: string; article: Article | null } | null;
  latest: Article[];
  sectionBlocks: { section: Section; articles: Article[] }[];
  media: Map<number, MediaItem>;
}

/** The front page: breaking banner, lead story, secondary stories, then a block per section. */
export function renderFrontPage(ctx: RenderContext, data: FrontPageData): string {
  const s = t(ctx.lang);
  const [lead, ...rest] = data.latest;
  const secondary = rest.slice(0, 4);
  const more = rest.slice(4);
  const leadImage = lead?.featuredMediaId ? data.media.get(lead.featuredMediaId) : undefined;
  const cardOptions = { lang: ctx.lang, timeZone: ctx.timeZone };
  const content = html`
<h1 class="visually-hidden">${ctx.siteName} — ${s.frontPage}</h1>
${data.banner ? html`<p class="breaking-banner" role="status" data-banner><strong>${s.breaking}</strong> ${data.banner.article ? html`<a href="${articlePath(data.banner.article)}">${data.banner.text}</a>` : html`<span>${data.banner.text}</span>`}</p>` : ''}
${data.breaking.map(
  (b) => html`<p class="breaking-banner" role="status"><strong>${s.breaking}</strong> <a href="${articlePath(b)}">${b.headline}</a></p>`,
)}
${lead
  ? html`<div class="front-grid">
<section class="lead-story" aria-labelledby="lead-title">
${leadImage ? html`<a href="${articlePath(lead)}" tabindex="-1" aria-hidden="true">${renderPicture(leadImage, { alt: '', sizes: SIZES.lead, eager: true, crop: '16x9' })}</a>` : ''}
${lead.type !== 'news' ? html`<p class="kicker"><span class="type-label">${articleTypeLabel(lead.type, ctx.lang)}</span></p>` : ''}
<h2 id="lead-title"><a href="${articlePath(lead)}">${lead.headline}</a></h2>
${lead.dek ? html`<p class="dek">${lead.dek}</p>` : ''}
${lead.publishedAt ? html`<p class="meta"><time datetime="${lead.publishedAt}">${formatShortDate(new Date(lead.publishedAt), ctx.lang, ctx.timeZone)}</time></p>` : ''}
</section>
<section aria-labelledby="top-title"><h2 id="top-title" class="visually-hidden">${s.topStories}</h2>
<ul class="story-list">${secondary.map((a) => renderStoryCard(a, data.media, { ...cardOptions, showImage: false }))}</ul>
</section>
</div>`
  : html`<p>${s.noArticles}</p>`}
${renderAdSlot(ctx.lang, 'front-top')}
${more.length ? html`<section class="front-section" aria-labelledby="more-title"><h2 id="more-title">${s.latest}</h2><ul class="story-list">${more.map((a) => renderStoryCard(a, data.media, cardOptions))}</ul></section>` : ''}
<div class="front-sections">
${data.sectionBlocks
  .filter((b) => b.articles.length > 0)
  .map(
    (block) => html`<section class="front-section" aria-labelledby="section-${block.section.slug}">
<h2 id="section-${block.section.slug}"><a href="${sectionPath(ctx.lang, block.section.slug)}">${ctx.lang === 'ko' ? block.section.nameKo : block.section.nameEn}</a></h2>
<ul class="story-list">${block.articles.map((a, i) => renderStoryCard(a, data.media, { ...cardOptions, showImage: i === 0 }))}</ul>
</section>`,
  )}
</div>`;
  return renderDocument(
    ctx,
    {
      title: `${ctx.siteName} — ${s.frontPage}`,
      canonicalPath: frontPath(ctx.lang),
      jsonLd: organizationJsonLd(publisherOf(ctx), ctx.lang),
      alternates: [{ lang: ctx.lang === 'ko' ? 'en' : 'ko', path: frontPath(ctx.lang === 'ko' ? 'en' : 'ko') }],
    },
    content,
  );
}
