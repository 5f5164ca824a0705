import type { Article } from './api.js';
import { ApiError, request } from './api.js';
import type { Block, InlineText } from './blocks.js';
import { field, h } from './dom.js';
import { announce, linkHandler, navigate, renderScreen, state } from './main.js';

/**
 * The wire desk (issue 4; docs/decisions/012-wire-desk-screen.md): a live queue of agency copy with filters and
 * full-text search, a preview with the agency's photos, quarantined documents with their reason, and "take", which
 * makes a draft and opens it in the editor. Plus the per-source settings screen. Editors and admins only (the wire
 * Admin API's role).
 *
 * Live without reload: a long poll. The desk asks for the queue with If-None-Match and `wait=WAIT_S`; the server
 * answers at once when the queue's stamp (newest item, quarantine entry, take, kill) differs from the ETag, else holds
 * the request until a commit changes it (woken in process, and re-checked every 250 ms for other nodes) or answers
 * 304 after WAIT_S. A new item is on screen as soon as it is committed; an idle desk costs one request per WAIT_S.
 * While items pour in, the desk asks at most every MIN_GAP_MS.
 */

const WAIT_S = 10;
const MIN_GAP_MS = 250;

const T = {
  ko: {
    desk: '와이어 데스크',
    sources: '와이어 소스',
    sourceSettings: '소스 설정',
    backToDesk: '와이어 데스크로',
    filters: '와이어 필터',
    source: '소스',
    language: '언어',
    category: '분류',
    categoryHint: '통신사 분류 코드 또는 이름의 일부',
    urgency: '긴급도',
    urgencyUpTo: (n: number) => `${n} 이하`,
    time: '받은 시각',
    any: '전체',
    lastHour: '최근 1시간',
    last6h: '최근 6시간',
    last24h: '최근 24시간',
    last7d: '최근 7일',
    search: '본문 검색',
    apply: '적용',
    queue: '대기열',
    live: '실시간 갱신 중',
    paused: '갱신 실패, 다시 시도 중',
    newItems: (n: number) => `새 와이어 ${n}건`,
    empty: '조건에 맞는 와이어가 없습니다.',
    preview: '미리보기',
    pickOne: '대기열에서 항목을 고르세요.',
    take: '가져오기 (초안 만들기)',
    taking: '초안을 만드는 중…',
    taken: '기사화됨',
    killed: '취소됨(킬)',
    withheld: '보류됨',
    killedStory: '기사 내려짐',
    updatedByAgency: '통신사 업데이트',
    correction: '정정',
    embargo: '엠바고',
    version: '버전',
    received: '받음',
    subjects: '분류',
    byline: '바이라인',
    credits: '크레딧',
    photos: '사진',
    usageTerms: '사용 조건',
    notImported: '사진 파일 없음',
    stories: '이 와이어로 만든 기사',
    original: '원문 내려받기',
    cannotTake: '통신사가 취소·보류한 항목은 가져올 수 없습니다.',
    quarantine: '격리된 문서',
    quarantineEmpty: '격리된 문서가 없습니다.',
    reason: '사유',
    // Sources
    addSource: '소스 추가',
    name: '이름',
    nameHint: '영문·숫자·-·_ (푸시 주소에 쓰입니다)',
    format: '형식',
    folder: '드롭 폴더',
    folderHint: '서버의 폴더 경로 (FTP 드롭)',
    url: '피드 URL',
    interval: '가져오기 간격(초)',
    section: '자동 배정 섹션',
    none: '없음',
    needsTranslation: '번역 필요 (다른 언어 초안도 만듦)',
    autoPublish: '자동 발행 (신뢰하는 파트너만)',
    autoPublishHint: '기본은 꺼짐. 켜면 들어온 기사를 사람이 발행하는 것과 같은 절차로 바로 발행합니다.',
    enabled: '사용',
    create: '소스 만들기',
    save: '저장',
    saved: '저장됨',
    created: (name: string) => `소스 ${name}을(를) 만들었습니다.`,
    pushToken: '푸시 토큰',
    pushUrl: '푸시 주소',
    tokenOnce: '이 토큰은 지금 한 번만 표시됩니다. 통신사에 전달할 곳에 바로 보관하세요.',
    lastError: '마지막 오류',
    noSources: '아직 소스가 없습니다.',
  },
  en: {
    desk: 'Wire desk',
    sources: 'Wire sources',
    sourceSettings: 'Source settings',
    backToDesk: 'To the wire desk',
    filters: 'Wire filters',
    source: 'Source',
    language: 'Language',
    category: 'Category',
    categoryHint: "Part of the agency's subject code or name",
    urgency: 'Urgency',
    urgencyUpTo: (n: number) => `${n} or more urgent`,
    time: 'Received',
    any: 'Any',
    lastHour: 'Last hour',
    last6h: 'Last 6 hours',
    last24h: 'Last 24 hours',
    last7d: 'Last 7 days',
    search: 'Full-text search',
    apply: 'Apply',
    queue: 'Queue',
    live: 'Live',
    paused: 'Update failed, retrying',
    newItems: (n: number) => `${n} new wire item${n === 1 ? '' : 's'}`,
    empty: 'No wire items match.',
    preview: 'Preview',
    pickOne: 'Pick an item in the queue.',
    take: 'Take (make a draft)',
    taking: 'Making the draft…',
    taken: 'Taken',
    killed: 'Killed',
    withheld: 'Withheld',
    killedStory: 'Story taken down',
    updatedByAgency: 'Updated by agency',
    correction: 'Correction',
    embargo: 'Embargo',
    version: 'Version',
    received: 'Received',
    subjects: 'Categories',
    byline: 'Byline',
    credits: 'Credits',
    photos: 'Photos',
    usageTerms: 'Usage terms',
    notImported: 'no picture file',
    stories: 'Stories made from this wire',
    original: 'Download the original',
    cannotTake: 'Items the agency killed or withheld cannot be taken.',
    quarantine: 'Quarantined documents',
    quarantineEmpty: 'Nothing in quarantine.',
    reason: 'Reason',
    addSource: 'Add a source',
    name: 'Name',
    nameHint: 'Letters, digits, - and _ (it is part of the push URL)',
    format: 'Format',
    folder: 'Drop folder',
    folderHint: "A folder on the server (the agency's FTP drop)",
    url: 'Feed URL',
    interval: 'Poll interval (seconds)',
    section: 'Route to section',
    none: 'None',
    needsTranslation: 'Needs translation (also makes an other-language draft)',
    autoPublish: 'Auto-publish (trusted partners only)',
    autoPublishHint: 'Off by default. When on, incoming stories are published at once, through the same publishing step a person uses.',
    enabled: 'Enabled',
    create: 'Create source',
    save: 'Save',
    saved: 'Saved',
    created: (name: string) => `Source ${name} created.`,
    pushToken: 'Push token',
    pushUrl: 'Push URL',
    tokenOnce: 'This token is shown only now, once. Store it where you hand it to the agency.',
    lastError: 'Last error',
    noSources: 'No sources yet.',
  },
};
type Texts = (typeof T)['ko'];
const t = (): Texts => T[state.lang];

interface WirePicture {
  href: string | null;
  caption: string;
  credit: string;
  alt: string;
  usageTerms: string;
  imported: boolean;
  note?: string;
}

interface WireItem {
  id: number;
  source: string;
  guid: string;
  version: number;
  pubStatus: string;
  urgency: number | null;
  language: string | null;
  headline: string;
  dek: string;
  body: Block[];
  credits: { name: string; role: string; organization: string | null }[];
  byline: string | null;
  pictures: WirePicture[];
  agency: string | null;
  subjects: string[];
  embargoUntil: string | null;
  isCorrection: boolean;
  supersededBy: number | null;
  receivedAt: string;
  takes: { articleId: number; takenAt: string; updatedByAgencyAt: string | null; killedAt: string | null; killReason: string | null }[];
}

interface QuarantineEntry {
  id: number;
  source: string;
  fileName: string;
  reason: string;
  bytes: number;
  receivedAt: string;
}

interface WireSource {
  name: string;
  format: string;
  folder: string | null;
  url: string | null;
  interval: number;
  section: string | null;
  needsTranslation: boolean;
  autoPublish: boolean;
  enabled: boolean;
  lastError: string | null;
}

const FORMATS = ['ninjs', 'newsml-g2', 'nitf', 'rss', 'atom'];
const when = (iso: string) => h('time', { datetime: iso }, new Date(iso).toLocaleString(state.lang === 'ko' ? 'ko-KR' : 'en-US'));
const option = (value: string, label: string, current: string) => h('option', { value, selected: value === current }, label);

/** GET with our own ETag: `null` when the server says nothing changed (304). */
async function getIfChanged<T>(path: string, etags: Map<string, string>, options: { wait?: number; signal?: AbortSignal } = {}): Promise<T | null> {
  const known = etags.get(path);
  const url = options.wait ? `${path}${path.includes('?') ? '&' : '?'}wait=${options.wait}` : path;
  const response = await fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json', ...(known ? { 'if-none-match': known } : {}) }, ...(options.signal ? { signal: options.signal } : {}) });
  if (response.status === 304) return null;
  const parsed = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new ApiError(response.status, parsed);
  const etag = response.headers.get('etag');
  if (etag) etags.set(path, etag);
  return parsed as T;
}

const inlineText = (runs: InlineText[]) => runs.map((r) => r.text).join('');

function bodyPreview(blocks: Block[]): HTMLElement {
  return h(
    'div',
    { class: 'wire-body' },
    blocks.map((b) => {
      if (b.type === 'paragraph') return h('p', {}, inlineText(b.content));
      if (b.type === 'heading') return h('h4', {}, b.text);
      if (b.type === 'quote') return h('blockquote', {}, inlineText(b.content));
      if (b.type === 'list') return h(b.ordered ? 'ol' : 'ul', {}, b.items.map((item) => h('li', {}, inlineText(item))));
      return null;
    }),
  );
}

function flags(item: WireItem): HTMLElement[] {
  const x = t();
  const out: HTMLElement[] = [];
  if (item.pubStatus === 'canceled') out.push(h('span', { class: 'wire-flag kill' }, x.killed));
  if (item.pubStatus === 'withheld') out.push(h('span', { class: 'wire-flag kill' }, x.withheld));
  if (item.takes.some((k) => k.killedAt)) out.push(h('span', { class: 'wire-flag kill' }, x.killedStory));
  else if (item.takes.some((k) => k.updatedByAgencyAt)) out.push(h('span', { class: 'wire-flag warn' }, x.updatedByAgency));
  else if (item.takes.length) out.push(h('span', { class: 'wire-flag ok' }, x.taken));
  if (item.isCorrection) out.push(h('span', { class: 'wire-flag warn' }, x.correction));
  if (item.embargoUntil && Date.parse(item.embargoUntil) > Date.now()) out.push(h('span', { class: 'wire-flag warn' }, x.embargo));
  return out;
}

// ## The desk

export async function wireDeskScreen(): Promise<void> {
  const x = t();
  const params = new URLSearchParams(location.search);
  const sources = (await request<{ items: WireSource[] }>('GET', '/api/admin/wire/sources')).items;

  const source = h('select', { name: 'source' }, option('', x.any, params.get('source') ?? ''), sources.map((s) => option(s.name, s.name, params.get('source') ?? '')));
  const language = h('select', { name: 'language' }, option('', x.any, params.get('language') ?? ''), option('ko', '한국어', params.get('language') ?? ''), option('en', 'English', params.get('language') ?? ''));
  const category = h('input', { type: 'text', name: 'category', value: params.get('category') ?? '' });
  const urgency = h('select', { name: 'urgency' }, option('', x.any, params.get('urgency') ?? ''), [1, 2, 3, 4, 5, 6, 7, 8].map((n) => option(String(n), x.urgencyUpTo(n), params.get('urgency') ?? '')));
  const within = h('select', { name: 'within' }, option('', x.any, params.get('within') ?? ''), option('1', x.lastHour, params.get('within') ?? ''), option('6', x.last6h, params.get('within') ?? ''), option('24', x.last24h, params.get('within') ?? ''), option('168', x.last7d, params.get('within') ?? ''));
  const q = h('input', { type: 'search', name: 'q', value: params.get('q') ?? '' });
  const filters = h(
    'form',
    {
      class: 'nr-filters',
      role: 'search',
      'aria-label': x.filters,
      onsubmit: (event: Event) => {
        event.preventDefault();
        const data = new URLSearchParams();
        for (const [k, v] of new FormData(event.target as HTMLFormElement).entries()) if (typeof v === 'string' && v.trim()) data.set(k, v.trim());
        navigate(`/newsroom/wire${data.toString() ? `?${data.toString()}` : ''}`, true);
      },
    },
    field(x.search, q),
    field(x.source, source),
    field(x.language, language),
    field(x.category, category, x.categoryHint),
    field(x.urgency, urgency),
    field(x.time, within),
    h('button', { type: 'submit' }, x.apply),
  );

  const liveState = h('p', { class: 'meta wire-live' }, x.live);
  const queueList = h('ul', { class: 'wire-queue', id: 'wire-queue' });
  const queueHeading = h('h2', { id: 'wire-queue-title' }, x.queue);
  const previewHeading = h('h2', { id: 'wire-preview-title' }, x.preview);
  const preview = h('div', { class: 'wire-preview-body' }, h('p', {}, x.pickOne));
  const quarantineList = h('div', {});
  const main = renderScreen(
    x.desk,
    h('p', {}, h('a', { href: '/newsroom/wire/sources', onclick: linkHandler('/newsroom/wire/sources') }, x.sourceSettings)),
    filters,
    liveState,
    h(
      'div',
      { class: 'wire-layout' },
      h('section', { class: 'wire-queue-pane', 'aria-labelledby': 'wire-queue-title' }, queueHeading, queueList),
      h('section', { class: 'wire-preview', 'aria-labelledby': 'wire-preview-title' }, previewHeading, preview),
    ),
    h('section', { class: 'wire-quarantine', 'aria-labelledby': 'wire-quarantine-title' }, h('h2', { id: 'wire-quarantine-title' }, x.quarantine), quarantineList),
  );

  const query = new URLSearchParams({ pageSize: '100' });
  for (const key of ['source', 'language', 'category', 'urgency', 'q']) if (params.get(key)) query.set(key, params.get(key) ?? '');
  const hours = Number(params.get('within'));
  if (hours > 0) query.set('since', new Date(Date.now() - hours * 3_600_000).toISOString().slice(0, 13));
  const itemsPath = `/api/admin/wire/items?${query.toString()}`;
  const quarantinePath = `/api/admin/wire/quarantine${params.get('source') ? `?source=${encodeURIComponent(params.get('source') ?? '')}` : ''}`;
  const etags = new Map<string, string>();
  let items: WireItem[] = [];
  let selected: number | null = null;
  let seen: Set<number> | null = null;

  const showPreview = (item: WireItem) => {
    const takeButton = h('button', { type: 'button', class: 'primary', disabled: item.pubStatus !== 'usable' || item.supersededBy !== null }, x.take);
    const takeState = h('p', { class: 'nr-save-state', role: 'status' });
    takeButton.addEventListener('click', async () => {
      takeButton.disabled = true;
      takeState.textContent = x.taking;
      try {
        const draft = await request<Article>('POST', `/api/admin/wire/items/${item.id}/take`);
        navigate(`/newsroom/articles/${draft.id}`);
      } catch (error) {
        takeState.textContent = error instanceof Error ? error.message : String(error);
        takeButton.disabled = false;
      }
    });
    preview.replaceChildren(h(
      'article',
      { 'aria-label': item.headline },
      h('h3', { lang: item.language ?? undefined }, item.headline),
      flags(item).length ? h('p', {}, ...flags(item)) : null,
      item.dek ? h('p', { class: 'wire-dek', lang: item.language ?? undefined }, item.dek) : null,
      h(
        'dl',
        { class: 'wire-meta' },
        h('dt', {}, x.source),
        h('dd', {}, `${item.source}${item.agency && item.agency !== item.source ? ` (${item.agency})` : ''}`),
        h('dt', {}, x.version),
        h('dd', {}, String(item.version)),
        h('dt', {}, x.received),
        h('dd', {}, when(item.receivedAt)),
        item.credits.length ? [h('dt', {}, x.credits), h('dd', {}, item.credits.map((c) => [c.name, c.organization].filter(Boolean).join(', ')).join(' · '))] : null,
        item.subjects.length ? [h('dt', {}, x.subjects), h('dd', {}, item.subjects.join(', '))] : null,
        item.embargoUntil ? [h('dt', {}, x.embargo), h('dd', {}, when(item.embargoUntil))] : null,
      ),
      item.pubStatus === 'usable' ? null : h('p', { class: 'nr-note' }, x.cannotTake),
      h('div', { class: 'wire-actions' }, takeButton, ' ', h('a', { href: `/api/admin/wire/items/${item.id}/original`, download: '' }, x.original)),
      takeState,
      item.takes.length
        ? h(
            'div',
            {},
            h('h3', {}, x.stories),
            h(
              'ul',
              {},
              item.takes.map((k) =>
                h(
                  'li',
                  {},
                  h('a', { href: `/newsroom/articles/${k.articleId}`, onclick: linkHandler(`/newsroom/articles/${k.articleId}`) }, `#${k.articleId}`),
                  ' ',
                  k.killedAt ? h('span', { class: 'wire-flag kill' }, `${x.killedStory}: ${k.killReason ?? ''}`) : k.updatedByAgencyAt ? h('span', { class: 'wire-flag warn' }, x.updatedByAgency) : null,
                ),
              ),
            ),
          )
        : null,
      item.pictures.length
        ? h(
            'div',
            { class: 'wire-photos' },
            h('h3', {}, x.photos),
            item.pictures.map((p, index) =>
              h(
                'figure',
                { class: 'nr-figure' },
                p.imported ? h('img', { src: `/api/admin/wire/items/${item.id}/pictures/${index}`, alt: p.alt || p.caption, loading: 'lazy' }) : h('p', { class: 'meta' }, `${x.notImported}: ${p.note ?? p.href ?? ''}`),
                h('figcaption', {}, p.caption, p.credit ? h('span', { class: 'wire-credit' }, ` ${p.credit}`) : null, p.usageTerms ? h('span', { class: 'meta' }, ` — ${x.usageTerms}: ${p.usageTerms}`) : null),
              ),
            ),
          )
        : null,
      bodyPreview(item.body),
    ));
  };

  const select = (item: WireItem) => {
    selected = item.id;
    for (const button of queueList.querySelectorAll<HTMLButtonElement>('button[data-id]')) button.setAttribute('aria-pressed', String(button.dataset.id === String(item.id)));
    showPreview(item);
  };

  const renderQueue = () => {
    const focusedId = (document.activeElement as HTMLElement | null)?.dataset?.id;
    queueList.replaceChildren(
      ...(items.length
        ? items.map((item) =>
            h(
              'li',
              { class: `wire-item urgency-${item.urgency ?? 'none'}` },
              h(
                'button',
                { type: 'button', class: 'wire-pick', 'data-id': item.id, 'aria-pressed': String(item.id === selected), onclick: () => select(item) },
                h('span', { class: 'wire-headline', lang: item.language ?? undefined }, item.headline),
                h('span', { class: 'meta' }, `${item.source} · ${item.language ?? '?'} · ${x.urgency} ${item.urgency ?? '-'} · `, when(item.receivedAt)),
              ),
              ...flags(item),
            ),
          )
        : [h('li', {}, x.empty)]),
    );
    if (focusedId) queueList.querySelector<HTMLButtonElement>(`button[data-id="${focusedId}"]`)?.focus();
    const current = items.find((i) => i.id === selected);
    if (current && !main.querySelector('.wire-preview')?.contains(document.activeElement)) showPreview(current);
  };

  const renderQuarantine = (entries: QuarantineEntry[]) => {
    quarantineList.replaceChildren(
      entries.length
        ? h(
            'ul',
            { class: 'wire-quarantine-list' },
            entries.map((e) =>
              h(
                'li',
                {},
                h('strong', {}, e.fileName),
                ` (${e.source}, ${e.bytes} B) `,
                when(e.receivedAt),
                h('p', {}, `${x.reason}: ${e.reason}`),
                h('a', { href: `/api/admin/wire/quarantine/${e.id}/original`, download: '' }, `${x.original}: ${e.fileName}`),
              ),
            ),
          )
        : h('p', {}, x.quarantineEmpty),
    );
  };

  let stopped = false;
  const aborter = new AbortController();
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const follow = async <R>(path: string, onChange: (value: R) => void) => {
    while (!stopped) {
      const started = Date.now();
      try {
        const value = await getIfChanged<R>(path, etags, { wait: WAIT_S, signal: aborter.signal });
        if (stopped) return;
        if (value) onChange(value);
        liveState.textContent = x.live;
      } catch (error) {
        if (stopped) return;
        if (error instanceof ApiError && error.status === 401) {
          stopped = true;
          navigate('/newsroom/sign-in', true);
          return;
        }
        liveState.textContent = x.paused;
        await pause(2000);
      }
      await pause(Math.max(0, MIN_GAP_MS - (Date.now() - started)));
    }
  };
  const onItems = (list: { items: WireItem[] }) => {
    items = list.items;
    const fresh = seen ? items.filter((i) => !seen?.has(i.id)).length : 0;
    seen = new Set(items.map((i) => i.id));
    renderQueue();
    if (fresh) announce(x.newItems(fresh));
  };
  // The first screen is complete before the long polls start.
  const [firstItems, firstQuarantine] = await Promise.all([getIfChanged<{ items: WireItem[] }>(itemsPath, etags), getIfChanged<{ items: QuarantineEntry[] }>(quarantinePath, etags)]);
  if (firstItems) onItems(firstItems);
  if (firstQuarantine) renderQuarantine(firstQuarantine.items);
  void follow<{ items: WireItem[] }>(itemsPath, onItems);
  void follow<{ items: QuarantineEntry[] }>(quarantinePath, (q) => renderQuarantine(q.items));
  state.leave = () => {
    stopped = true;
    aborter.abort();
  };
}

// ## Sources

export async function wireSourcesScreen(): Promise<void> {
  const x = t();
  const sources = (await request<{ items: WireSource[] }>('GET', '/api/admin/wire/sources')).items;
  const sectionOptions = (current: string | null) => [option('', x.none, current ?? ''), ...state.sections.map((s) => option(s.slug, state.lang === 'ko' ? s.nameKo : s.nameEn, current ?? ''))];
  const checkbox = (name: string, label: string, checked: boolean, hint?: string) => {
    const input = h('input', { type: 'checkbox', name, checked });
    input.id = `${name}-${Math.random().toString(36).slice(2, 8)}`;
    const hintEl = hint ? h('p', { class: 'hint', id: `${input.id}-hint` }, hint) : null;
    if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
    return { input, element: h('div', { class: 'field checkbox' }, input, h('label', { for: input.id }, label), hintEl) };
  };

  // Create
  const name = h('input', { type: 'text', name: 'name', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9_\\-]{0,62}', autocomplete: 'off' });
  const format = h('select', { name: 'format' }, FORMATS.map((f) => option(f, f, 'ninjs')));
  const folder = h('input', { type: 'text', name: 'folder', autocomplete: 'off' });
  const url = h('input', { type: 'url', name: 'url', autocomplete: 'off' });
  const interval = h('input', { type: 'number', name: 'interval', min: 5, max: 86400, value: 60 });
  const section = h('select', { name: 'section' }, sectionOptions(null));
  const translate = checkbox('needsTranslation', x.needsTranslation, false);
  const auto = checkbox('autoPublish', x.autoPublish, false, x.autoPublishHint);
  const createError = h('p', { class: 'error', role: 'alert' });
  const result = h('div', { class: 'wire-token', role: 'status' });
  const createForm = h(
    'form',
    {
      class: 'wire-source-form',
      'aria-labelledby': 'wire-add-source',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        createError.textContent = '';
        try {
          const created = await request<WireSource & { pushToken: string; pushUrl: string }>('POST', '/api/admin/wire/sources', {
            name: name.value.trim(),
            format: format.value,
            folder: folder.value.trim() || null,
            url: url.value.trim() || null,
            interval: Number(interval.value) || 60,
            section: section.value || null,
            needsTranslation: translate.input.checked,
            autoPublish: auto.input.checked,
          });
          const list = await request<{ items: WireSource[] }>('GET', '/api/admin/wire/sources');
          existing.replaceChildren(...list.items.map(sourceForm));
          result.replaceChildren(
            h('p', {}, h('strong', {}, x.created(created.name))),
            h('p', {}, x.tokenOnce),
            field(x.pushToken, h('input', { type: 'text', readonly: true, value: created.pushToken, class: 'wire-token-value' })),
            field(x.pushUrl, h('input', { type: 'text', readonly: true, value: created.pushUrl })),
          );
          (createForm as HTMLFormElement).reset();
          announce(x.created(created.name));
        } catch (error) {
          createError.textContent = error instanceof Error ? error.message : String(error);
        }
      },
    },
    h('h2', { id: 'wire-add-source' }, x.addSource),
    field(x.name, name, x.nameHint),
    field(x.format, format),
    field(x.folder, folder, x.folderHint),
    field(x.url, url),
    field(x.interval, interval),
    field(x.section, section),
    translate.element,
    auto.element,
    createError,
    h('button', { type: 'submit', class: 'primary' }, x.create),
  );

  const sourceForm = (src: WireSource) => {
    const f = h('input', { type: 'text', name: 'folder', value: src.folder ?? '' });
    const u = h('input', { type: 'url', name: 'url', value: src.url ?? '' });
    const i = h('input', { type: 'number', name: 'interval', min: 5, max: 86400, value: src.interval });
    const sec = h('select', { name: 'section' }, sectionOptions(src.section));
    const tr = checkbox('needsTranslation', x.needsTranslation, src.needsTranslation);
    const ap = checkbox('autoPublish', x.autoPublish, src.autoPublish, x.autoPublishHint);
    const en = checkbox('enabled', x.enabled, src.enabled);
    const status = h('p', { class: 'nr-save-state', role: 'status' });
    const headingId = `wire-source-${src.name}`;
    return h(
      'form',
      {
        class: 'wire-source-form',
        'aria-labelledby': headingId,
        onsubmit: async (event: Event) => {
          event.preventDefault();
          status.textContent = '';
          try {
            await request('PATCH', `/api/admin/wire/sources/${encodeURIComponent(src.name)}`, {
              folder: f.value.trim() || null,
              url: u.value.trim() || null,
              interval: Number(i.value) || src.interval,
              section: sec.value || null,
              needsTranslation: tr.input.checked,
              autoPublish: ap.input.checked,
              enabled: en.input.checked,
            });
            status.textContent = x.saved;
          } catch (error) {
            status.textContent = error instanceof Error ? error.message : String(error);
          }
        },
      },
      h('h3', { id: headingId }, `${src.name} (${src.format})`),
      src.lastError ? h('p', { class: 'error' }, `${x.lastError}: ${src.lastError}`) : null,
      field(x.folder, f),
      field(x.url, u),
      field(x.interval, i),
      field(x.section, sec),
      tr.element,
      ap.element,
      en.element,
      h('button', { type: 'submit' }, x.save),
      status,
    );
  };
  const existing = h('div', { class: 'wire-sources' }, ...(sources.length ? sources.map(sourceForm) : [h('p', {}, x.noSources)]));

  renderScreen(x.sources, h('p', {}, h('a', { href: '/newsroom/wire', onclick: linkHandler('/newsroom/wire') }, x.backToDesk)), createForm, result, h('section', { 'aria-labelledby': 'wire-existing' }, h('h2', { id: 'wire-existing' }, x.sources), existing));
}

/** For the header: the wire API is for editors and admins. */
export const canUseWireDesk = (): boolean => state.account?.role === 'editor' || state.account?.role === 'admin';
export const wireNavLabel = (): string => t().desk;

