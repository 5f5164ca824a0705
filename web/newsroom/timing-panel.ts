import type { Article } from './api.js';
import { field, h, uid } from './dom.js';
import type { EditorContext } from './editor-context.js';
import { announce, state } from './main.js';
import type { ZoneKey } from './times.js';
import { ZONES, formatIn, instantToZoned, zonedToInstant } from './times.js';

const T = {
  ko: {
    zone: '시간대',
    zonePT: '미국 서부 (PT)',
    zoneKST: '한국 (KST)',
    none: '설정 안 됨',
    current: '현재',
    summary: '엠바고 · 예약 내리기',
    embargo: '엠바고',
    embargoAt: '엠바고 해제 시각',
    embargoHelp: '엠바고가 풀릴 때까지 기사는 발행되어도 사이트, 콘텐츠 API, 검색, 피드, 사이트맵, 파트너 피드 어디에도 보이지 않습니다.',
    setEmbargo: '엠바고 설정',
    clearEmbargo: '엠바고 해제',
    embargoSet: '엠바고를 설정했습니다',
    embargoCleared: '엠바고를 해제했습니다.',
    unpublish: '예약 내리기',
    unpublishAt: '내릴 시각',
    unpublishHelp: '정한 시각에 기사를 내립니다 (1초 안에, 서버를 다시 켜도 한 번만).',
    setUnpublish: '예약 내리기 설정',
    clearUnpublish: '예약 내리기 취소',
    unpublishSet: '예약 내리기를 설정했습니다',
    unpublishCleared: '예약 내리기를 취소했습니다.',
  },
  en: {
    zone: 'Time zone',
    zonePT: 'U.S. Pacific (PT)',
    zoneKST: 'Korea (KST)',
    none: 'Not set',
    current: 'Now',
    summary: 'Embargo · scheduled unpublish',
    embargo: 'Embargo',
    embargoAt: 'Embargo lifts at',
    embargoHelp: 'Until the embargo lifts, the article stays off the site, the Content API, search, feeds, sitemaps and partner feeds, even when published.',
    setEmbargo: 'Set embargo',
    clearEmbargo: 'Clear embargo',
    embargoSet: 'Embargo set',
    embargoCleared: 'Embargo cleared.',
    unpublish: 'Scheduled unpublish',
    unpublishAt: 'Unpublish at',
    unpublishHelp: 'Takes the article down at this time (within a second, once, also across restarts).',
    setUnpublish: 'Schedule unpublish',
    clearUnpublish: 'Cancel scheduled unpublish',
    unpublishSet: 'Unpublish scheduled',
    unpublishCleared: 'Scheduled unpublish cancelled.',
  },
};
const t = () => T[state.lang];

/** An instant in PT and KST side by side (the U.S. desk and Seoul read the same time). */
export function bothZones(at: Date): string {
  return `PT ${formatIn(at, ZONES.PT, state.lang)} / KST ${formatIn(at, ZONES.KST, state.lang)}`;
}

/**
 * A wall-clock time entered in a chosen zone (KST or PT; the UI language picks the default), with the instant
 * shown in both zones as it is typed. Used by scheduled publish, scheduled unpublish and the embargo.
 */
export function zonedTimeControl(name: string, label: string, initial: Date): { elements: HTMLElement[]; instant(): Date | undefined } {
  const when = h('input', { type: 'datetime-local', name, step: 1, required: true, id: uid(name) });
  const zone = h('select', { name: `${name}Zone`, id: uid(`${name}-zone`) }, h('option', { value: 'KST', selected: state.lang === 'ko' }, t().zoneKST), h('option', { value: 'PT', selected: state.lang !== 'ko' }, t().zonePT));
  const both = h('output', { class: 'both-zones', 'aria-live': 'polite', for: `${when.id} ${zone.id}` });
  const instant = () => zonedToInstant(when.value, ZONES[zone.value as ZoneKey]);
  const show = () => {
    const at = instant();
    both.replaceChildren(...(at ? [h('span', {}, `PT ${formatIn(at, ZONES.PT, state.lang)}`), h('span', {}, `KST ${formatIn(at, ZONES.KST, state.lang)}`)] : []));
  };
  when.value = instantToZoned(initial, ZONES[zone.value as ZoneKey]);
  // Switching the zone keeps the instant and shows it as that zone's wall clock.
  let lastZone = zone.value as ZoneKey;
  zone.addEventListener('change', () => {
    const at = zonedToInstant(when.value, ZONES[lastZone]);
    lastZone = zone.value as ZoneKey;
    if (at) when.value = instantToZoned(at, ZONES[lastZone]);
    show();
  });
  when.addEventListener('input', show);
  show();
  return { elements: [field(label, when), field(t().zone, zone), both], instant };
}

/** Whether the disclosure was open, per editor (the workflow column is rebuilt after every save). */
const openPanels = new WeakMap<EditorContext, boolean>();

/**
 * Embargo and scheduled unpublish: set in a zone, shown in PT and KST, cleared with one button. Behind a disclosure
 * (open when either is set); its fields are built when it opens, so a closed panel adds nothing to the form.
 */
export function timingPanel(ctx: EditorContext): HTMLElement {
  const article = ctx.article();
  const isOpen = openPanels.get(ctx) ?? Boolean(article.embargoUntil || article.unpublishAt);
  const body = h('div', { class: 'nr-timing-body' });
  const fill = () => {
    if (!body.firstChild) body.append(timeSetting(ctx, article, 'embargoUntil'), timeSetting(ctx, article, 'unpublishAt'));
  };
  const details = h('details', { class: 'nr-timing', open: isOpen }, h('summary', {}, t().summary), body);
  details.addEventListener('toggle', () => {
    openPanels.set(ctx, details.open);
    if (details.open) fill();
  });
  if (isOpen) fill();
  return details;
}

function timeSetting(ctx: EditorContext, article: Article, key: 'embargoUntil' | 'unpublishAt'): HTMLElement {
  const s = t();
  const embargo = key === 'embargoUntil';
  const current = article[key];
  const legendId = uid(key);
  const control = zonedTimeControl(key, embargo ? s.embargoAt : s.unpublishAt, current ? new Date(current) : new Date(Date.now() + (embargo ? 3_600_000 : 86_400_000)));
  const apply = async (value: string | null) => {
    if (await ctx.save({ [key]: value })) announce(value ? `${embargo ? s.embargoSet : s.unpublishSet}: ${bothZones(new Date(value))}` : embargo ? s.embargoCleared : s.unpublishCleared);
  };
  return h(
    'fieldset',
    { class: `timing timing-${key}`, 'aria-labelledby': legendId },
    h('legend', { id: legendId }, embargo ? s.embargo : s.unpublish),
    h('p', { class: 'timing-current' }, `${s.current}: `, h('strong', {}, current ? bothZones(new Date(current)) : s.none)),
    h('p', { class: 'hint' }, embargo ? s.embargoHelp : s.unpublishHelp),
    ...control.elements,
    h(
      'div',
      { class: 'timing-actions' },
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            const at = control.instant();
            if (at) void apply(at.toISOString());
          },
        },
        embargo ? s.setEmbargo : s.setUnpublish,
      ),
      current ? h('button', { type: 'button', onclick: () => void apply(null) }, embargo ? s.clearEmbargo : s.clearUnpublish) : null,
    ),
  );
}
