import { request } from './api.js';
import { field, h } from './dom.js';
import { linkHandler, navigate, renderScreen, state, statusLabel } from './main.js';

/**
 * The audit log (editors and admins): who did what to which article — and to which account — and when, newest
 * first; filtered by article and by person, a page at a time. `/newsroom/audit?article=12` is an article's trail
 * (the editor links there).
 */
const T = {
  ko: {
    title: '감사 기록',
    articleTrail: '이 기사의 기록',
    when: '시각',
    who: '누가',
    what: '무엇을',
    article: '기사',
    details: '내용',
    articleId: '기사 번호',
    person: '사람',
    anyone: '모두',
    filter: '보기',
    clear: '필터 지우기',
    none: '기록이 없습니다.',
    system: '시스템',
    previous: '이전 페이지',
    next: '다음 페이지',
    pageOf: (page: number, pages: number, total: number) => `${pages}쪽 중 ${page}쪽 (전체 ${total}건)`,
    pagination: '페이지',
    from: '이전 상태',
    note: '메모',
    fields: '바뀐 항목',
    account: '계정',
    actions: {
      'article.create': '기사 만듦',
      'article.update': '기사 수정',
      'article.status.in_review': '검토 요청',
      'article.status.draft': '초안으로 돌려보냄',
      'article.status.approved': '승인',
      'article.publish': '발행',
      'article.unpublish': '발행 취소',
      'article.schedule': '예약 발행',
      'article.trash': '휴지통으로',
      'article.correct': '정정·해명 추가',
      'article.lock-takeover': '편집 권한 가져옴',
      'article.lock-request': '편집 권한 요청',
      'article.embargo-lift': '엠바고 해제',
      'account.invite': '초대',
      'account.accept-invite': '초대 수락',
      'account.update': '계정 변경',
      'account.deactivate': '계정 비활성화',
      'account.reactivate': '계정 다시 활성화',
      'account.password-reset': '비밀번호 재설정',
    } as Record<string, string>,
  },
  en: {
    title: 'Audit log',
    articleTrail: 'History of this article',
    when: 'When',
    who: 'Who',
    what: 'What',
    article: 'Article',
    details: 'Details',
    articleId: 'Article number',
    person: 'Person',
    anyone: 'Anyone',
    filter: 'Show',
    clear: 'Clear filters',
    none: 'Nothing recorded.',
    system: 'System',
    previous: 'Previous page',
    next: 'Next page',
    pageOf: (page: number, pages: number, total: number) => `Page ${page} of ${pages} (${total} entries)`,
    pagination: 'Pages',
    from: 'from',
    note: 'note',
    fields: 'changed',
    account: 'account',
    actions: {
      'article.create': 'Created the article',
      'article.update': 'Edited',
      'article.status.in_review': 'Submitted for review',
      'article.status.draft': 'Sent back to draft',
      'article.status.approved': 'Approved',
      'article.publish': 'Published',
      'article.unpublish': 'Unpublished',
      'article.schedule': 'Scheduled',
      'article.trash': 'Moved to trash',
      'article.correct': 'Added a correction',
      'article.lock-takeover': 'Took over the editing lock',
      'article.lock-request': 'Asked for the editing lock',
      'article.embargo-lift': 'Embargo lifted',
      'account.invite': 'Invited',
      'account.accept-invite': 'Accepted the invitation',
      'account.update': 'Changed an account',
      'account.deactivate': 'Deactivated an account',
      'account.reactivate': 'Reactivated an account',
      'account.password-reset': 'Reset the password',
    } as Record<string, string>,
  },
} as const;

export const AUDIT_NAV = { ko: T.ko.title, en: T.en.title } as const;

const PAGE_SIZE = 50;

interface Entry {
  id: number;
  action: string;
  createdAt: string;
  details: Record<string, unknown>;
  actor: { id: number; name: string } | null;
  article: { id: number; headline: string; language: string } | null;
  articleId: number | null;
}

/** The editor's link to an article's own trail. */
export const auditLink = (articleId: number): HTMLElement => {
  const path = `/newsroom/audit?article=${articleId}`;
  return h('span', {}, ' · ', h('a', { href: path, onclick: linkHandler(path) }, T[state.lang].articleTrail));
};

function describe(entry: Entry): string {
  const t = T[state.lang];
  const d = entry.details;
  const parts: string[] = [];
  if (typeof d.from === 'string') parts.push(`${t.from}: ${statusLabel(d.from)}`);
  if (Array.isArray(d.fields)) parts.push(`${t.fields}: ${d.fields.join(', ')}`);
  if (typeof d.note === 'string') parts.push(`${t.note}: ${d.note}`);
  if (typeof d.by === 'string') parts.push(d.by);
  const account = d.account as { name?: string; email?: string } | undefined;
  if (account?.email) parts.push(`${t.account}: ${account.name ?? ''} <${account.email}>`);
  if (d.changes && typeof d.changes === 'object') {
    for (const [key, value] of Object.entries(d.changes as Record<string, unknown>)) {
      const change = value as { from?: unknown; to?: unknown };
      parts.push(typeof value === 'object' && value !== null ? `${key}: ${String(change.from)} → ${String(change.to)}` : `${key}: ${String(value)}`);
    }
  }
  if (typeof d.role === 'string') parts.push(d.role);
  return parts.join(' · ');
}

export async function auditScreen(): Promise<void> {
  const t = T[state.lang];
  const params = new URLSearchParams(location.search);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
  for (const k of ['article', 'actor']) if (params.get(k)) query.set(k, params.get(k) ?? '');
  const result = await request<{ entries: Entry[]; total: number; people: { id: number; name: string }[] }>('GET', `/api/admin/audit?${query.toString()}`);
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const locale = state.lang === 'ko' ? 'ko-KR' : 'en-US';

  const go = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v);
    else next.delete(k);
    return `/newsroom/audit${next.toString() ? `?${next.toString()}` : ''}`;
  };
  const link = (path: string, text: string, attrs: Record<string, string> = {}) => h('a', { href: path, onclick: linkHandler(path), ...attrs }, text);

  const articleInput = h('input', { type: 'number', name: 'article', min: 1, inputmode: 'numeric', value: params.get('article') ?? '' });
  const actorSelect = h(
    'select',
    { name: 'actor' },
    h('option', { value: '' }, t.anyone),
    result.people.map((p) => h('option', { value: String(p.id), selected: String(p.id) === params.get('actor') }, p.name)),
  );
  const filters = h(
    'form',
    {
      class: 'nr-filters',
      role: 'search',
      'aria-label': t.title,
      onsubmit: (event: Event) => {
        event.preventDefault();
        navigate(go({ article: articleInput.value || null, actor: actorSelect.value || null, page: null }));
      },
    },
    field(t.articleId, articleInput),
    field(t.person, actorSelect),
    h('button', { type: 'submit' }, t.filter),
    params.get('article') || params.get('actor') ? link('/newsroom/audit', t.clear) : null,
  );

  const row = (e: Entry) =>
    h(
      'tr',
      {},
      h('td', {}, h('time', { datetime: e.createdAt }, new Date(e.createdAt).toLocaleString(locale))),
      h('td', {}, e.actor ? link(go({ actor: String(e.actor.id), page: null }), e.actor.name) : t.system),
      h('td', {}, t.actions[e.action] ?? e.action),
      h(
        'td',
        {},
        e.article
          ? h('span', {}, link(`/newsroom/articles/${e.article.id}`, e.article.headline, { lang: e.article.language }), ' ', link(go({ article: String(e.article.id), page: null }), `#${e.article.id}`, { 'aria-label': `${t.articleTrail}: #${e.article.id}` }))
          : e.articleId !== null
            ? `#${e.articleId}`
            : '',
      ),
      h('td', {}, describe(e)),
    );
  const table = result.entries.length
    ? h(
        'table',
        { class: 'nr-table nr-audit' },
        h('caption', {}, t.pageOf(page, pages, result.total)),
        h('thead', {}, h('tr', {}, [t.when, t.who, t.what, t.article, t.details].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, result.entries.map(row)),
      )
    : h('p', {}, t.none);
  const pager = h(
    'nav',
    { 'aria-label': t.pagination, class: 'nr-pager' },
    page > 1 ? link(go({ page: String(page - 1) }), t.previous, { rel: 'prev' }) : null,
    ' ',
    h('span', {}, t.pageOf(page, pages, result.total)),
    ' ',
    page < pages ? link(go({ page: String(page + 1) }), t.next, { rel: 'next' }) : null,
  );
  const title = params.get('article') && result.entries[0]?.article ? `${t.title}: ${result.entries[0].article.headline}` : t.title;
  renderScreen(title, filters, table, pager);
}
