import type { Media } from './api.js';
import { request } from './api.js';
import { field, h, uid } from './dom.js';
import { announce, navigate, renderScreen, state } from './main.js';
import { uploadForm } from './upload-form.js';

const T = {
  ko: {
    search: '라이브러리 검색 (캡션·크레디트·대체 텍스트·파일 이름)',
    searchButton: '검색',
    results: (n: number, q: string) => (q ? `“${q}” 검색 결과 ${n}개` : `이미지 ${n}개`),
    focal: '초점',
    focalHelp: '사진을 누르거나, 초점 표시를 선택하고 화살표 키로 옮기세요 (Shift: 작게). 잘린 미리보기에서 초점이 늘 보입니다.',
    focalValue: (x: number, y: number) => `초점: 가로 ${x}%, 세로 ${y}%`,
    focalSaved: (x: number, y: number) => `초점 저장됨: 가로 ${x}%, 세로 ${y}%`,
    cropPreview: '16:9 잘린 미리보기',
    terms: '사용 조건',
    noTerms: '사용 조건 없음',
  },
  en: {
    search: 'Search the library (caption, credit, alt text, file name)',
    searchButton: 'Search',
    results: (n: number, q: string) => (q ? `${n} results for “${q}”` : `${n} images`),
    focal: 'Focal point',
    focalHelp: 'Click the photo, or select the focal marker and move it with the arrow keys (Shift: small steps). Crops always keep it in view.',
    focalValue: (x: number, y: number) => `Focal point: ${x}% across, ${y}% down`,
    focalSaved: (x: number, y: number) => `Focal point saved: ${x}% across, ${y}% down`,
    cropPreview: '16:9 crop preview',
    terms: 'Usage terms',
    noTerms: 'No usage terms',
  },
};

const pct = (v: number) => Math.round(v * 100);
const clamp = (v: number) => Math.min(1, Math.max(0, Math.round(v * 100) / 100));

/**
 * The focal-point editor: a marker over the image, set by a click on the image or moved by arrow keys; saved with a
 * short debounce. Positions are set through the CSSOM (element.style), which the app's strict CSP allows.
 */
function focalEditor(m: Media): HTMLElement {
  const t = T[state.lang];
  let x = m.focalX ?? 0.5;
  let y = m.focalY ?? 0.5;
  const helpId = uid('focal-help');
  const marker = h('button', { type: 'button', class: 'focal-marker', 'aria-describedby': helpId });
  const image = h('img', { src: m.url, alt: '', width: 240, height: Math.round((240 * m.height) / Math.max(1, m.width)) });
  const preview = h('img', { src: m.url, alt: '', class: 'focal-preview', width: 160, height: 90 });
  const status = h('p', { class: 'nr-save-state', role: 'status' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const show = () => {
    marker.style.left = `${x * 100}%`;
    marker.style.top = `${y * 100}%`;
    preview.style.objectPosition = `${x * 100}% ${y * 100}%`;
    marker.setAttribute('aria-label', t.focalValue(pct(x), pct(y)));
  };
  const save = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      void request<Media>('PATCH', `/api/admin/media/${m.id}`, { focalX: x, focalY: y }).then(
        () => {
          m.focalX = x;
          m.focalY = y;
          status.textContent = t.focalSaved(pct(x), pct(y));
        },
        (error: unknown) => {
          status.textContent = error instanceof Error ? error.message : String(error);
        },
      );
    }, 300);
  };
  const frame = h('div', { class: 'focal-frame' }, image, marker);
  image.addEventListener('click', (event) => {
    const box = image.getBoundingClientRect();
    x = clamp((event.clientX - box.left) / box.width);
    y = clamp((event.clientY - box.top) / box.height);
    show();
    save();
    marker.focus();
  });
  marker.addEventListener('keydown', (event) => {
    const step = event.shiftKey ? 0.01 : 0.05;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    x = clamp(x + move[0]);
    y = clamp(y + move[1]);
    show();
    save();
  });
  show();
  return h(
    'div',
    { class: 'focal-editor' },
    h('p', { class: 'label' }, t.focal),
    frame,
    h('p', { class: 'hint', id: helpId }, t.focalHelp),
    h('figure', { class: 'focal-preview-figure' }, preview, h('figcaption', {}, t.cropPreview)),
    status,
  );
}

function mediaCard(m: Media): HTMLElement {
  const s = state.s;
  const t = T[state.lang];
  const alt = h('input', { type: 'text', name: 'alt', value: m.alt });
  const caption = h('input', { type: 'text', name: 'caption', value: m.caption });
  const credit = h('input', { type: 'text', name: 'credit', value: m.credit });
  const usage = h('input', { type: 'text', name: 'usageTerms', value: m.usageTerms ?? '' });
  const terms = h('p', { class: 'usage-terms' }, h('strong', {}, `${t.terms}: `), m.usageTerms || t.noTerms);
  const status = h('p', { class: 'nr-save-state', role: 'status' });
  return h(
    'li',
    { class: 'media-card', 'data-media-id': m.id },
    focalEditor(m),
    terms,
    h(
      'form',
      {
        'aria-label': `#${m.id} ${m.caption}`,
        onsubmit: async (event: Event) => {
          event.preventDefault();
          const saved = await request<Media>('PATCH', `/api/admin/media/${m.id}`, { alt: alt.value, caption: caption.value, credit: credit.value, usageTerms: usage.value });
          terms.replaceChildren(h('strong', {}, `${t.terms}: `), saved.usageTerms || t.noTerms);
          status.textContent = s.saved;
        },
      },
      field(s.alt, alt),
      field(s.caption, caption),
      field(s.credit, credit),
      field(s.usageTerms, usage),
      h('button', { type: 'submit' }, s.save),
      status,
    ),
  );
}

/** The media library: upload (button, drag and drop, paste) with progress; search; edit fields, usage terms and focal point. */
export async function mediaScreen(): Promise<void> {
  const s = state.s;
  const t = T[state.lang];
  const q = new URLSearchParams(location.search).get('q') ?? '';
  const load = async () => (await request<{ media: Media[]; total: number }>('GET', `/api/admin/media?${new URLSearchParams({ pageSize: '100', ...(q ? { q } : {}) }).toString()}`)).media;
  const items = await load();
  const list = h('ul', { class: 'media-library' }, items.map(mediaCard));
  const count = h('h2', { id: 'media-count' }, t.results(items.length, q));
  const upload = uploadForm({
    headingLevel: 'h2',
    withUsageTerms: true,
    primary: true,
    onUploaded: async () => {
      // Only the list is redrawn: the form keeps its finished progress bar and focus stays where it was.
      announce(s.saved);
      const fresh = await load();
      list.replaceChildren(...fresh.map(mediaCard));
      count.textContent = t.results(fresh.length, q);
    },
  });
  const query = h('input', { type: 'search', name: 'q', value: q });
  const search = h(
    'form',
    {
      role: 'search',
      class: 'nr-filters',
      'aria-label': t.searchButton,
      onsubmit: (event: Event) => {
        event.preventDefault();
        navigate(`/newsroom/media${query.value.trim() ? `?q=${encodeURIComponent(query.value.trim())}` : ''}`);
      },
    },
    field(t.search, query),
    h('button', { type: 'submit' }, t.searchButton),
  );
  renderScreen(s.mediaLibrary, upload, search, count, list);
}
