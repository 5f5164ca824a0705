import type { Article } from './api.js';
import { request } from './api.js';
import { field, h, uid } from './dom.js';
import { announce, navigate, renderScreen, state } from './main.js';

const T = {
  ko: {
    title: '1면 편집',
    edition: '편집할 1면',
    korean: '한국어판',
    english: '영문판',
    topStories: '주요 기사 (첫 번째가 톱)',
    topHelp: '끌어서 놓거나, “위로”·“아래로” 버튼으로 순서를 바꿉니다. 고정하지 않은 자리는 최신 기사로 채워집니다.',
    sections: '섹션 블록 순서',
    sectionsHelp: '끌어서 놓거나 “위로”·“아래로” 버튼으로 순서를 바꿉니다.',
    up: '위로',
    down: '아래로',
    remove: '빼기',
    moved: (name: string, pos: number, total: number) => `“${name}” ${total}개 중 ${pos}번째로 이동`,
    removed: (name: string) => `“${name}” 뺌`,
    added: (name: string) => `“${name}” 추가`,
    noPinned: '고정한 기사가 없습니다. 최신 기사 순서로 보입니다.',
    hidden: '독자에게 보이지 않음',
    save: '1면 저장',
    saved: '1면을 저장했습니다. 사이트에 바로 반영됩니다.',
    find: '발행된 기사 찾기',
    findButton: '찾기',
    add: '추가',
    noResults: '찾은 기사가 없습니다.',
    breaking: '속보 배너',
    bannerText: '배너 문구',
    bannerArticle: '연결할 기사',
    noLink: '(연결 없음)',
    expires: '종료 시각 (이 컴퓨터 시간대)',
    expiresHelp: '이 시각이 되면 사이트에서 저절로 사라집니다.',
    setBanner: '배너 게시',
    clearBanner: '배너 내리기',
    bannerActive: (until: string) => `게시 중 · ${until}까지`,
    bannerExpired: (at: string) => `종료됨 · ${at}`,
    noBanner: '배너 없음',
    bannerSet: '속보 배너를 게시했습니다.',
    bannerCleared: '속보 배너를 내렸습니다.',
    position: (pos: number, total: number) => `${total}개 중 ${pos}번째`,
  },
  en: {
    title: 'Front page',
    edition: 'Front page to edit',
    korean: 'Korean edition',
    english: 'English edition',
    topStories: 'Top stories (first = lead)',
    topHelp: 'Drag and drop, or use the “Up” and “Down” buttons. Places you do not pin are filled with the newest stories.',
    sections: 'Order of section blocks',
    sectionsHelp: 'Drag and drop, or use the “Up” and “Down” buttons.',
    up: 'Up',
    down: 'Down',
    remove: 'Remove',
    moved: (name: string, pos: number, total: number) => `“${name}” moved to position ${pos} of ${total}`,
    removed: (name: string) => `“${name}” removed`,
    added: (name: string) => `“${name}” added`,
    noPinned: 'No pinned stories: the newest lead.',
    hidden: 'not visible to readers',
    save: 'Save front page',
    saved: 'Front page saved; the site shows it now.',
    find: 'Find a published article',
    findButton: 'Find',
    add: 'Add',
    noResults: 'No articles found.',
    breaking: 'Breaking banner',
    bannerText: 'Banner text',
    bannerArticle: 'Linked article',
    noLink: '(no link)',
    expires: 'Ends at (this computer’s time zone)',
    expiresHelp: 'At this time it leaves the site by itself.',
    setBanner: 'Post banner',
    clearBanner: 'Take banner down',
    bannerActive: (until: string) => `Live · until ${until}`,
    bannerExpired: (at: string) => `Ended · ${at}`,
    noBanner: 'No banner',
    bannerSet: 'Breaking banner posted.',
    bannerCleared: 'Breaking banner taken down.',
    position: (pos: number, total: number) => `position ${pos} of ${total}`,
  },
};

interface CuratedStory {
  id: number;
  headline: string;
  visible: boolean;
  url: string | null;
}
interface FrontPageState {
  lang: 'ko' | 'en';
  topStories: CuratedStory[];
  sections: { slug: string; nameKo: string; nameEn: string }[];
  breaking: { text: string; articleId: number | null; articleHeadline: string | null; expiresAt: string; active: boolean } | null;
}

interface Item {
  key: string;
  label: string;
  note?: string;
  /** The label's language when it is not the interface's (a headline of the other edition). */
  lang?: string;
}

/**
 * An ordered list editors rearrange by drag and drop or by keyboard (“Up”/“Down” buttons; focus stays on the moved
 * item's button) — every move is announced in the live region. `removable` adds a “Remove” button.
 */
function orderedList(labelId: string, items: Item[], options: { removable?: boolean; onChange?: () => void }): { element: HTMLOListElement; items: () => Item[]; add: (item: Item) => void } {
  const t = T[state.lang];
  const list = h('ol', { class: 'fp-list', 'aria-labelledby': labelId });
  let current = [...items];
  let dragged: string | null = null;
  const render = (focus?: { key: string; button: 'up' | 'down' | 'remove' }) => {
    list.replaceChildren(
      ...current.map((item, index) => {
        const up = h('button', { type: 'button', 'data-action': 'up', disabled: index === 0, 'aria-label': `${t.up}: ${item.label}` }, `↑ ${t.up}`);
        const down = h('button', { type: 'button', 'data-action': 'down', disabled: index === current.length - 1, 'aria-label': `${t.down}: ${item.label}` }, `↓ ${t.down}`);
        const remove = options.removable ? h('button', { type: 'button', 'data-action': 'remove', 'aria-label': `${t.remove}: ${item.label}` }, t.remove) : null;
        up.addEventListener('click', () => move(index, -1, 'up'));
        down.addEventListener('click', () => move(index, 1, 'down'));
        remove?.addEventListener('click', () => {
          current.splice(index, 1);
          announce(t.removed(item.label));
          render();
          options.onChange?.();
          (list.querySelector('button:not([disabled])') as HTMLButtonElement | null)?.focus();
        });
        const li = h(
          'li',
          { class: 'fp-item', draggable: 'true', 'data-key': item.key },
          h('span', { class: 'fp-handle', 'aria-hidden': 'true' }, '⠿'),
          h('span', { class: 'fp-label', lang: item.lang }, item.label, item.note ? h('span', { class: 'fp-note' }, ` (${item.note})`) : null),
          h('span', { class: 'visually-hidden' }, `, ${t.position(index + 1, current.length)}`),
          h('span', { class: 'fp-actions' }, up, down, remove),
        );
        li.addEventListener('dragstart', (event) => {
          dragged = item.key;
          event.dataTransfer?.setData('text/plain', item.key);
          if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
          li.classList.add('dragging');
        });
        li.addEventListener('dragend', () => li.classList.remove('dragging'));
        li.addEventListener('dragover', (event) => {
          event.preventDefault();
          if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
        });
        li.addEventListener('drop', (event) => {
          event.preventDefault();
          const key = dragged ?? event.dataTransfer?.getData('text/plain') ?? null;
          dragged = null;
          const from = current.findIndex((c) => c.key === key);
          if (from < 0 || from === index) return;
          const [moving] = current.splice(from, 1);
          if (!moving) return;
          current.splice(index, 0, moving);
          announce(t.moved(moving.label, index + 1, current.length));
          render();
          options.onChange?.();
        });
        if (focus && focus.key === item.key) queueMicrotask(() => (focus.button === 'up' && index > 0 ? up : focus.button === 'down' && index < current.length - 1 ? down : index > 0 ? up : down).focus());
        return li;
      }),
    );
  };
  const move = (index: number, delta: number, button: 'up' | 'down') => {
    const target = index + delta;
    if (target < 0 || target >= current.length) return;
    const [moving] = current.splice(index, 1);
    if (!moving) return;
    current.splice(target, 0, moving);
    announce(t.moved(moving.label, target + 1, current.length));
    render({ key: moving.key, button });
    options.onChange?.();
  };
  render();
  return {
    element: list,
    items: () => [...current],
    add: (item) => {
      if (current.some((c) => c.key === item.key)) return;
      current = [...current, item];
      announce(t.added(item.label));
      render();
      options.onChange?.();
    },
  };
}

const localInputValue = (date: Date) => {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
};

/** Front-page curation (editors and admins): top stories, section blocks, breaking banner. */
export async function frontPageScreen(): Promise<void> {
  const t = T[state.lang];
  const params = new URLSearchParams(location.search);
  const edition: 'ko' | 'en' = params.get('lang') === 'en' ? 'en' : params.get('lang') === 'ko' ? 'ko' : state.lang;
  const [current, published] = await Promise.all([
    request<FrontPageState>('GET', `/api/admin/front-page?lang=${edition}`),
    request<{ articles: Article[] }>('GET', `/api/admin/articles?status=published&lang=${edition}&pageSize=50`).then((r) => r.articles),
  ]);
  const locale = state.lang === 'ko' ? 'ko-KR' : 'en-US';

  const editionSelect = h(
    'select',
    { name: 'lang', id: 'fp-edition', onchange: (event: Event) => navigate(`/newsroom/front-page?lang=${(event.target as HTMLSelectElement).value}`) },
    h('option', { value: 'ko', selected: edition === 'ko' }, t.korean),
    h('option', { value: 'en', selected: edition === 'en' }, t.english),
  );

  // ## Top stories and sections
  const topId = uid('fp-top');
  const sectionsId = uid('fp-sections');
  const emptyNote = h('p', { class: 'hint' }, current.topStories.length ? '' : t.noPinned);
  const top = orderedList(
    topId,
    current.topStories.map((a) => ({ key: String(a.id), label: a.headline, lang: edition, ...(a.visible ? {} : { note: t.hidden }) })),
    { removable: true, onChange: () => (emptyNote.textContent = top.items().length ? '' : t.noPinned) },
  );
  const sections = orderedList(
    sectionsId,
    current.sections.map((x) => ({ key: x.slug, label: state.lang === 'ko' ? x.nameKo : x.nameEn })),
    {},
  );
  const saveError = h('p', { class: 'error', role: 'alert' });
  const saveButton = h(
    'button',
    {
      type: 'button',
      class: 'primary',
      onclick: async () => {
        saveError.textContent = '';
        try {
          await request('PUT', '/api/admin/front-page', { lang: edition, topStories: top.items().map((i) => Number(i.key)), sections: sections.items().map((i) => i.key) });
          announce(t.saved);
        } catch (error) {
          saveError.textContent = error instanceof Error ? error.message : String(error);
        }
      },
    },
    t.save,
  );

  // ## Finding articles to feature
  const query = h('input', { type: 'search', name: 'q' });
  const results = h('ul', { class: 'fp-results' });
  const resultsHeading = uid('fp-results');
  const find = h(
    'form',
    {
      role: 'search',
      class: 'nr-filters',
      'aria-label': t.find,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const found = await request<{ articles: Article[] }>('GET', `/api/admin/articles?${new URLSearchParams({ status: 'published', lang: edition, pageSize: '20', ...(query.value.trim() ? { q: query.value.trim() } : {}) }).toString()}`);
        results.replaceChildren(
          ...(found.articles.length
            ? found.articles.map((a) =>
                h('li', {}, h('span', { lang: a.language }, a.headline), ' ', h('button', { type: 'button', 'aria-label': `${t.add}: ${a.headline}`, onclick: () => top.add({ key: String(a.id), label: a.headline, lang: a.language }) }, t.add)),
              )
            : [h('li', {}, t.noResults)]),
        );
      },
    },
    field(t.find, query),
    h('button', { type: 'submit' }, t.findButton),
  );

  // ## Breaking banner
  const banner = current.breaking;
  const bannerText = h('input', { type: 'text', name: 'text', required: true, maxlength: 300, value: banner?.active ? banner.text : '' });
  const bannerArticle = h(
    'select',
    { name: 'articleId' },
    h('option', { value: '' }, t.noLink),
    published.map((a) => h('option', { value: String(a.id), selected: banner?.active === true && banner.articleId === a.id }, a.headline)),
  );
  const defaultExpiry = banner?.active ? new Date(banner.expiresAt) : new Date(Date.now() + 3 * 3600_000);
  const bannerExpires = h('input', { type: 'datetime-local', name: 'expiresAt', required: true, step: 1, value: localInputValue(defaultExpiry) });
  const bannerState = h('p', { class: 'fp-banner-state', role: 'status' });
  const bannerError = h('p', { class: 'error', role: 'alert' });
  const clearButton = h('button', { type: 'button' }, t.clearBanner);
  const showBanner = (b: FrontPageState['breaking']) => {
    const at = (iso: string) => new Date(iso).toLocaleString(locale);
    bannerState.textContent = !b ? t.noBanner : b.active ? `${b.text} — ${t.bannerActive(at(b.expiresAt))}` : `${b.text} — ${t.bannerExpired(at(b.expiresAt))}`;
    clearButton.hidden = !b?.active;
  };
  clearButton.addEventListener('click', async () => {
    bannerError.textContent = '';
    try {
      const after = await request<FrontPageState>('DELETE', `/api/admin/front-page/breaking?lang=${edition}`);
      showBanner(after.breaking);
      announce(t.bannerCleared);
      bannerText.focus();
    } catch (error) {
      bannerError.textContent = error instanceof Error ? error.message : String(error);
    }
  });
  const bannerForm = h(
    'form',
    {
      class: 'fp-banner',
      'aria-labelledby': 'fp-banner-title',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        bannerError.textContent = '';
        try {
          const after = await request<FrontPageState>('PUT', '/api/admin/front-page/breaking', {
            lang: edition,
            text: bannerText.value,
            articleId: bannerArticle.value ? Number(bannerArticle.value) : null,
            // datetime-local is the browser's local time; Date parses it as such.
            expiresAt: new Date(bannerExpires.value).toISOString(),
          });
          showBanner(after.breaking);
          announce(t.bannerSet);
        } catch (error) {
          bannerError.textContent = error instanceof Error ? error.message : String(error);
        }
      },
    },
    h('h2', { id: 'fp-banner-title' }, t.breaking),
    bannerState,
    field(t.bannerText, bannerText),
    field(t.bannerArticle, bannerArticle),
    field(t.expires, bannerExpires, t.expiresHelp),
    bannerError,
    h('p', { class: 'fp-buttons' }, h('button', { type: 'submit', class: 'primary' }, t.setBanner), ' ', clearButton),
  );
  showBanner(banner);

  renderScreen(
    t.title,
    h('div', { class: 'field' }, h('label', { for: 'fp-edition' }, t.edition), editionSelect),
    bannerForm,
    h(
      'section',
      { class: 'fp-curation', 'aria-labelledby': topId },
      h('h2', { id: topId }, t.topStories),
      h('p', { class: 'hint' }, t.topHelp),
      emptyNote,
      top.element,
      find,
      h('h3', { id: resultsHeading, class: 'visually-hidden' }, t.find),
      results,
      h('h2', { id: sectionsId }, t.sections),
      h('p', { class: 'hint' }, t.sectionsHelp),
      sections.element,
      saveError,
      h('p', {}, saveButton),
    ),
  );
}
