import type { Media } from './api.js';
import { field, h, uid } from './dom.js';
import type { EditorContext } from './editor-context.js';
import { SEO_DESCRIPTION_WIDTH, SEO_TITLE_WIDTH, displayWidth, truncateToWidth } from './editor-text.js';
import { state } from './main.js';

const T = {
  ko: {
    legend: '검색·공유 (SEO와 소셜)',
    seoTitle: '검색용 제목 (SEO)',
    seoDescription: '검색용 설명 (SEO)',
    socialTitle: '공유용 제목 (소셜)',
    socialDescription: '공유용 설명 (소셜)',
    socialImage: '공유 이미지',
    socialEmpty: '공유 카드(오픈 그래프)만 바꿀 때 씁니다. 비우면 검색용 제목·설명과 대표 이미지를 씁니다.',
    count: (chars: number, width: number, max: number) => `${chars}자 · 표시 너비 ${width}/${max} (한글 한 글자는 2칸)`,
    over: ' — 검색 결과에서 잘립니다',
    empty: '비워 두면 제목(요약)을 씁니다.',
    serp: '검색 결과 미리보기',
    social: '공유 카드 미리보기 (오픈 그래프)',
    noImage: '대표 이미지 없음',
  },
  en: {
    legend: 'Search and social (SEO)',
    seoTitle: 'Search title (SEO)',
    seoDescription: 'Search description (SEO)',
    socialTitle: 'Share title (social)',
    socialDescription: 'Share description (social)',
    socialImage: 'Share image',
    socialEmpty: 'Only for the share card (OpenGraph). Left empty, the search title, description and featured image are used.',
    count: (chars: number, width: number, max: number) => `${chars} characters · display width ${width}/${max} (a Korean character takes 2)`,
    over: ' — cut off in search results',
    empty: 'Left empty, the headline (dek) is used.',
    serp: 'Search result preview',
    social: 'Share card preview (OpenGraph)',
    noImage: 'No featured image',
  },
};

/**
 * The SEO fields with live counters and two previews: a search result (title cut at ~60 half-width units, URL,
 * description at ~160; Korean counts double, as it renders) and the OpenGraph share card the reader page emits
 * from the same fields and the featured image. The inputs stay the editor's own (it saves and restores them).
 */
export function seoPanel(
  ctx: EditorContext,
  inputs: {
    seoTitle: HTMLInputElement;
    seoDescription: HTMLTextAreaElement;
    socialTitle: HTMLInputElement;
    socialDescription: HTMLTextAreaElement;
    socialImage: HTMLSelectElement;
    headline: HTMLInputElement;
    dek: HTMLTextAreaElement;
    featured: HTMLSelectElement;
    section: HTMLSelectElement;
  },
  media: (id: number) => Media | undefined,
): { element: HTMLElement; update(): void } {
  const s = T[state.lang];
  const titleCount = h('p', { class: 'hint seo-count', id: uid('seo-title-count'), 'aria-live': 'polite' });
  const descriptionCount = h('p', { class: 'hint seo-count', id: uid('seo-description-count'), 'aria-live': 'polite' });
  inputs.seoTitle.setAttribute('aria-describedby', titleCount.id);
  inputs.seoDescription.setAttribute('aria-describedby', descriptionCount.id);
  const serpUrl = h('p', { class: 'serp-url' });
  const serpTitle = h('p', { class: 'serp-title' });
  const serpDescription = h('p', { class: 'serp-description' });
  const cardImage = h('div', { class: 'card-image' });
  const cardHost = h('p', { class: 'card-host' }, location.host);
  const cardTitle = h('p', { class: 'card-title' });
  const cardDescription = h('p', { class: 'card-description' });
  const counter = (el: HTMLElement, text: string, max: number) => {
    const width = displayWidth(text);
    el.textContent = s.count([...text].length, width, max) + (width > max ? s.over : '');
    el.classList.toggle('over', width > max);
  };
  const update = () => {
    const article = ctx.article();
    const lang = article.language;
    const title = inputs.seoTitle.value.trim() || inputs.headline.value.trim();
    const description = inputs.seoDescription.value.trim() || inputs.dek.value.trim();
    counter(titleCount, inputs.seoTitle.value.trim(), SEO_TITLE_WIDTH);
    counter(descriptionCount, inputs.seoDescription.value.trim(), SEO_DESCRIPTION_WIDTH);
    const url = article.url ?? `${location.origin}/${lang}/${inputs.section.value}/${article.id}-${article.slug}`;
    serpUrl.textContent = url.replace(/^https?:\/\//, '').replace(/\//g, ' › ');
    serpTitle.textContent = truncateToWidth(title, SEO_TITLE_WIDTH).text;
    serpDescription.textContent = truncateToWidth(description, SEO_DESCRIPTION_WIDTH).text;
    for (const el of [serpTitle, serpDescription, cardTitle, cardDescription]) el.lang = lang;
    // The reader page's og: tags: share fields first, then the search fields, then headline and dek.
    cardTitle.textContent = truncateToWidth(inputs.socialTitle.value.trim() || title, 90).text;
    cardDescription.textContent = truncateToWidth(inputs.socialDescription.value.trim() || description, 200).text;
    const imageId = inputs.socialImage.value || inputs.featured.value;
    const image = imageId ? media(Number(imageId)) : undefined;
    cardImage.replaceChildren(image ? h('img', { src: image.url, alt: '', width: 240, height: Math.round((240 * image.height) / Math.max(1, image.width)) }) : h('p', { class: 'card-no-image' }, s.noImage));
  };
  for (const input of [inputs.seoTitle, inputs.seoDescription, inputs.socialTitle, inputs.socialDescription, inputs.headline, inputs.dek]) input.addEventListener('input', update);
  for (const input of [inputs.featured, inputs.socialImage, inputs.section]) input.addEventListener('change', update);
  update();
  const element = h(
    'fieldset',
    { class: 'seo' },
    h('legend', {}, s.legend),
    h('p', { class: 'hint' }, s.empty),
    h('div', { class: 'field' }, h('label', { for: (inputs.seoTitle.id ||= uid('seo-title')) }, s.seoTitle), inputs.seoTitle, titleCount),
    h('div', { class: 'field' }, h('label', { for: (inputs.seoDescription.id ||= uid('seo-description')) }, s.seoDescription), inputs.seoDescription, descriptionCount),
    h('div', { class: 'serp', role: 'group', 'aria-label': s.serp }, h('p', { class: 'preview-label', 'aria-hidden': 'true' }, s.serp), serpUrl, serpTitle, serpDescription),
    h('p', { class: 'hint' }, s.socialEmpty),
    field(s.socialTitle, inputs.socialTitle),
    field(s.socialDescription, inputs.socialDescription),
    field(s.socialImage, inputs.socialImage),
    h('div', { class: 'social-card', role: 'group', 'aria-label': s.social }, h('p', { class: 'preview-label', 'aria-hidden': 'true' }, s.social), cardImage, h('div', { class: 'card-text' }, cardHost, cardTitle, cardDescription)),
  );
  return { element, update };
}
