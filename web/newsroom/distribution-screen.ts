import { request } from './api.js';
import { field, h, uid } from './dom.js';
import { announce, renderScreen, state } from './main.js';

/**
 * Distribution: partner webhooks (admins: add, edit, pause, delete, see deliveries; the signing secret is shown once
 * at creation), newsletter settings, subscribers and sends, and Web Push status (editors and admins). Every action
 * is an Admin API call; text is Korean and English here, by the account's UI language.
 */
const EVENTS = ['article.published', 'article.updated', 'article.unpublished'] as const;
type EventType = (typeof EVENTS)[number];

const T = {
  ko: {
    title: '배포',
    refresh: '새로 고침',
    webhooks: '웹훅',
    adminOnly: '웹훅은 관리자만 관리할 수 있습니다.',
    addWebhook: '웹훅 추가',
    url: '받는 주소(URL)',
    description: '설명',
    events: '보낼 이벤트',
    eventNames: { 'article.published': '기사 발행', 'article.updated': '기사 수정', 'article.unpublished': '발행 취소' } as Record<EventType, string>,
    add: '추가',
    added: '웹훅을 추가했습니다.',
    secretOnce: '서명 비밀키입니다. 지금 한 번만 보여 드리니 받는 쪽에 복사해 두세요.',
    noWebhooks: '등록된 웹훅이 없습니다.',
    active: '사용 중',
    paused: '일시 중지됨',
    pause: '일시 중지',
    resume: '다시 사용',
    edit: '수정',
    save: '저장',
    saved: '저장했습니다.',
    delete: '삭제',
    deleted: '웹훅을 삭제했습니다.',
    confirmDelete: '이 웹훅과 전송 기록을 삭제할까요?',
    deliveries: '최근 전송',
    noDeliveries: '아직 보낸 것이 없습니다.',
    deliveryStatus: { pending: '대기·재시도 중', delivered: '전달됨', failed: '실패' } as Record<string, string>,
    event: '이벤트',
    status: '상태',
    attempts: '시도',
    answer: '응답',
    time: '시각',
    newsletters: '뉴스레터',
    mailOff: '메일 발송(SMTP_URL)이 설정되지 않아 뉴스레터가 꺼져 있습니다.',
    mailOn: (time: string, zone: string) => `뉴스레터가 켜져 있습니다. 매일 요약은 ${time}(${zone})에 나갑니다.`,
    subscribers: '구독자',
    subscriberStatus: { active: '활성', pending: '확인 대기', unsubscribed: '해지', bounced: '반송', complained: '스팸 신고' } as Record<string, string>,
    activeBreakdown: '활성 구독자 구성',
    korean: '한국어',
    english: '영어',
    digest: '매일 요약',
    alerts: '속보',
    count: '수',
    recentSends: '최근 발송',
    noSends: '아직 발송이 없습니다.',
    kind: '종류',
    language: '언어',
    sent: '보냄',
    pending: '남음',
    skipped: '건너뜀',
    kinds: { digest: '매일 요약', alert: '속보' } as Record<string, string>,
    sendStatus: { sending: '보내는 중', done: '완료' } as Record<string, string>,
    push: '웹 푸시',
    pushOff: '웹 푸시가 꺼져 있습니다. VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT를 설정하면 켜집니다(키 만들기: npx sinmun push keys).',
    pushOn: '웹 푸시가 켜져 있습니다. 독자는 사이트 아래쪽에서 속보 알림을 켤 수 있습니다.',
    browsers: '구독 브라우저',
    total: '전체',
    recentAlerts: '최근 속보 알림',
    noAlerts: '아직 보낸 알림이 없습니다.',
    headline: '기사',
    gone: '구독 만료',
    failed: '실패',
  },
  en: {
    title: 'Distribution',
    refresh: 'Refresh',
    webhooks: 'Webhooks',
    adminOnly: 'Only admins manage webhooks.',
    addWebhook: 'Add a webhook',
    url: 'Receiver URL',
    description: 'Description',
    events: 'Events to send',
    eventNames: { 'article.published': 'Article published', 'article.updated': 'Article updated', 'article.unpublished': 'Article unpublished' } as Record<EventType, string>,
    add: 'Add',
    added: 'Webhook added.',
    secretOnce: 'Signing secret. It is shown only now: copy it to the receiver.',
    noWebhooks: 'No webhooks yet.',
    active: 'Active',
    paused: 'Paused',
    pause: 'Pause',
    resume: 'Resume',
    edit: 'Edit',
    save: 'Save',
    saved: 'Saved.',
    delete: 'Delete',
    deleted: 'Webhook deleted.',
    confirmDelete: 'Delete this webhook and its delivery records?',
    deliveries: 'Recent deliveries',
    noDeliveries: 'Nothing sent yet.',
    deliveryStatus: { pending: 'Pending or retrying', delivered: 'Delivered', failed: 'Failed' } as Record<string, string>,
    event: 'Event',
    status: 'Status',
    attempts: 'Attempts',
    answer: 'Answer',
    time: 'Time',
    newsletters: 'Newsletters',
    mailOff: 'Newsletters are off: outgoing mail (SMTP_URL) is not set.',
    mailOn: (time: string, zone: string) => `Newsletters are on. The daily digest goes out at ${time} (${zone}).`,
    subscribers: 'Subscribers',
    subscriberStatus: { active: 'Active', pending: 'Awaiting confirmation', unsubscribed: 'Unsubscribed', bounced: 'Bounced', complained: 'Complained' } as Record<string, string>,
    activeBreakdown: 'Active subscribers by choice',
    korean: 'Korean',
    english: 'English',
    digest: 'Daily digest',
    alerts: 'Breaking alerts',
    count: 'Count',
    recentSends: 'Recent sends',
    noSends: 'Nothing sent yet.',
    kind: 'Kind',
    language: 'Language',
    sent: 'Sent',
    pending: 'Left',
    skipped: 'Skipped',
    kinds: { digest: 'Daily digest', alert: 'Breaking alert' } as Record<string, string>,
    sendStatus: { sending: 'Sending', done: 'Done' } as Record<string, string>,
    push: 'Web Push',
    pushOff: 'Web Push is off. Set VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT to turn it on (make keys with npx sinmun push keys).',
    pushOn: 'Web Push is on. Readers turn on breaking alerts at the bottom of any page.',
    browsers: 'Subscribed browsers',
    total: 'Total',
    recentAlerts: 'Recent alerts',
    noAlerts: 'No alerts sent yet.',
    headline: 'Story',
    gone: 'Expired',
    failed: 'Failed',
  },
};

/** The nav label, for main.ts. */
export const distributionLabel = (): string => T[state.lang].title;
/** Editors and admins see the screen (webhooks themselves are the admins'). */
export const canSeeDistribution = (): boolean => state.account?.role === 'editor' || state.account?.role === 'admin';

interface Webhook {
  id: number;
  url: string;
  description: string;
  events: EventType[];
  active: boolean;
}
interface Delivery {
  id: number;
  eventType: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  updatedAt: string;
}
interface NewsletterOverview {
  enabled: boolean;
  digestTime: string;
  timeZone: string;
  subscribers: { byStatus: Record<string, number>; active: { ko: number; en: number; digest: number; alerts: number } };
  recentSends: { id: number; kind: string; language: string; status: string; createdAt: string; sent: number; pending: number; skipped: number }[];
}
interface PushStatus {
  configured: boolean;
  subscribers: { total: number; byLanguage: { ko: number; en: number } };
  recentAlerts: { articleId: number; headline: string | null; createdAt: string; sent: number; pending: number; gone: number; failed: number }[];
}

const when = (iso: string) => h('time', { datetime: iso }, new Date(iso).toLocaleString(state.lang === 'ko' ? 'ko-KR' : 'en-US'));

/** A table with a caption and column headers (what axe and screen readers need to read it). */
function table(caption: string, columns: string[], rows: (string | number | Node)[][]): HTMLTableElement {
  return h(
    'table',
    { class: 'nr-table' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, row.map((cell) => h('td', {}, typeof cell === 'number' ? String(cell) : cell))))),
  );
}

function eventChoices(legend: string, checked: EventType[]): { fieldset: HTMLFieldSetElement; selected: () => EventType[] } {
  const t = T[state.lang];
  const boxes = EVENTS.map((event) => h('input', { type: 'checkbox', name: 'events', value: event, id: uid('event'), checked: checked.includes(event) }));
  const fieldset = h('fieldset', { class: 'nr-events' }, h('legend', {}, legend), boxes.map((box, i) => h('div', { class: 'field checkbox' }, box, h('label', { for: box.id }, t.eventNames[EVENTS[i] as EventType]))));
  return { fieldset, selected: () => boxes.filter((b) => b.checked).map((b) => b.value as EventType) };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function webhookItem(hook: Webhook, reload: () => Promise<void>): Promise<HTMLElement> {
  const t = T[state.lang];
  const { deliveries } = await request<{ deliveries: Delivery[] }>('GET', `/api/admin/webhooks/${hook.id}/deliveries?pageSize=5`);
  const titleId = uid('webhook');
  const error = h('p', { class: 'error', role: 'alert' });
  const url = h('input', { type: 'url', name: 'url', value: hook.url, required: true });
  const description = h('input', { type: 'text', name: 'description', value: hook.description });
  const events = eventChoices(t.events, hook.events);
  const act = (work: () => Promise<unknown>, message: string) => async (event?: Event) => {
    event?.preventDefault();
    error.textContent = '';
    try {
      await work();
      announce(message);
      await reload();
      // The list was redrawn: keep keyboard focus on this webhook (or on the section once it is gone).
      (document.querySelector<HTMLElement>(`[data-webhook="${hook.id}"] .nr-actions button`) ?? document.getElementById('webhooks-title'))?.focus();
    } catch (e) {
      error.textContent = errorText(e);
    }
  };
  const editForm = h(
    'form',
    { onsubmit: act(() => request('PATCH', `/api/admin/webhooks/${hook.id}`, { url: url.value, description: description.value, events: events.selected() }), t.saved) },
    field(t.url, url),
    field(t.description, description),
    events.fieldset,
    h('button', { type: 'submit' }, t.save),
  );
  return h(
    'li',
    { class: 'nr-webhook', 'aria-labelledby': titleId, 'data-webhook': hook.id },
    h('h3', { id: titleId }, hook.url),
    h('p', {}, h('strong', {}, hook.active ? t.active : t.paused), ' · ', hook.events.map((e) => t.eventNames[e]).join(', '), hook.description ? ` · ${hook.description}` : ''),
    h(
      'p',
      { class: 'nr-actions' },
      h('button', { type: 'button', onclick: act(() => request('PATCH', `/api/admin/webhooks/${hook.id}`, { active: !hook.active }), hook.active ? t.paused : t.active) }, hook.active ? t.pause : t.resume),
      ' ',
      h(
        'button',
        {
          type: 'button',
          class: 'danger',
          onclick: (event: Event) => {
            if (window.confirm(t.confirmDelete)) void act(() => request('DELETE', `/api/admin/webhooks/${hook.id}`), t.deleted)(event);
          },
        },
        t.delete,
      ),
    ),
    error,
    h('details', {}, h('summary', {}, t.edit), editForm),
    deliveries.length
      ? table(
          t.deliveries,
          [t.event, t.status, t.attempts, t.answer, t.time],
          deliveries.map((d) => [t.eventNames[d.eventType as EventType] ?? d.eventType, t.deliveryStatus[d.status] ?? d.status, d.attempts, d.responseStatus !== null ? `HTTP ${d.responseStatus}` : (d.lastError ?? '—'), when(d.updatedAt)]),
        )
      : h('p', { class: 'meta' }, `${t.deliveries}: ${t.noDeliveries}`),
  );
}

function webhooksSection(): HTMLElement {
  const t = T[state.lang];
  const section = h('section', { class: 'nr-section', 'aria-labelledby': 'webhooks-title' }, h('h2', { id: 'webhooks-title', tabindex: '-1' }, t.webhooks));
  if (state.account?.role !== 'admin') {
    section.append(h('p', {}, t.adminOnly));
    return section;
  }
  const list = h('ul', { class: 'nr-webhooks' });
  const reload = async () => {
    const { webhooks } = await request<{ webhooks: Webhook[] }>('GET', '/api/admin/webhooks');
    list.replaceChildren(...(webhooks.length ? await Promise.all(webhooks.map((hook) => webhookItem(hook, reload))) : [h('li', {}, t.noWebhooks)]));
  };
  const secret = h('div', { class: 'nr-secret', tabindex: '-1', hidden: true });
  const error = h('p', { class: 'error', role: 'alert' });
  const url = h('input', { type: 'url', name: 'url', required: true, placeholder: 'https://' });
  const description = h('input', { type: 'text', name: 'description' });
  const events = eventChoices(t.events, [...EVENTS]);
  const form = h(
    'form',
    {
      class: 'nr-webhook-form',
      'aria-labelledby': 'add-webhook-title',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        error.textContent = '';
        try {
          const created = await request<{ webhook: Webhook; secret: string }>('POST', '/api/admin/webhooks', { url: url.value, description: description.value, events: events.selected() });
          form.reset();
          await reload();
          // The secret is in this answer only: shown once, focused so a screen reader reads it out.
          secret.replaceChildren(h('p', {}, t.secretOnce), h('p', {}, h('code', { class: 'secret' }, created.secret)));
          secret.hidden = false;
          secret.focus();
          announce(t.added);
        } catch (e) {
          error.textContent = errorText(e);
        }
      },
    },
    h('h3', { id: 'add-webhook-title' }, t.addWebhook),
    field(t.url, url),
    field(t.description, description),
    events.fieldset,
    error,
    h('button', { type: 'submit', class: 'primary' }, t.add),
  );
  section.append(form, secret, list);
  void reload().catch((e: unknown) => {
    error.textContent = errorText(e);
  });
  return section;
}

function newslettersSection(overview: NewsletterOverview): HTMLElement {
  const t = T[state.lang];
  const { byStatus, active } = overview.subscribers;
  return h(
    'section',
    { class: 'nr-section', 'aria-labelledby': 'newsletters-title' },
    h('h2', { id: 'newsletters-title' }, t.newsletters),
    h('p', {}, overview.enabled ? t.mailOn(overview.digestTime, overview.timeZone) : t.mailOff),
    table(t.subscribers, [t.status, t.count], Object.entries(byStatus).map(([status, n]) => [t.subscriberStatus[status] ?? status, n])),
    table(t.activeBreakdown, [t.korean, t.english, t.digest, t.alerts], [[active.ko, active.en, active.digest, active.alerts]]),
    overview.recentSends.length
      ? table(
          t.recentSends,
          [t.kind, t.language, t.status, t.sent, t.pending, t.skipped, t.time],
          overview.recentSends.map((x) => [t.kinds[x.kind] ?? x.kind, x.language === 'ko' ? t.korean : t.english, t.sendStatus[x.status] ?? x.status, x.sent, x.pending, x.skipped, when(x.createdAt)]),
        )
      : h('p', {}, `${t.recentSends}: ${t.noSends}`),
  );
}

function pushSection(push: PushStatus): HTMLElement {
  const t = T[state.lang];
  return h(
    'section',
    { class: 'nr-section', 'aria-labelledby': 'push-title' },
    h('h2', { id: 'push-title' }, t.push),
    h('p', {}, push.configured ? t.pushOn : t.pushOff),
    table(t.browsers, [t.korean, t.english, t.total], [[push.subscribers.byLanguage.ko, push.subscribers.byLanguage.en, push.subscribers.total]]),
    push.recentAlerts.length
      ? table(
          t.recentAlerts,
          [t.headline, t.sent, t.pending, t.gone, t.failed, t.time],
          push.recentAlerts.map((a) => [a.headline ?? `#${a.articleId}`, a.sent, a.pending, a.gone, a.failed, when(a.createdAt)]),
        )
      : h('p', {}, `${t.recentAlerts}: ${t.noAlerts}`),
  );
}

export async function distributionScreen(): Promise<void> {
  const t = T[state.lang];
  const [newsletters, push] = await Promise.all([request<NewsletterOverview>('GET', '/api/admin/newsletters'), request<PushStatus>('GET', '/api/admin/push')]);
  renderScreen(
    t.title,
    h('p', {}, h('button', { type: 'button', onclick: () => void distributionScreen() }, t.refresh)),
    webhooksSection(),
    newslettersSection(newsletters),
    pushSection(push),
  );
}
