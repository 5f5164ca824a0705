import type { Account, Article, Section } from './api.js';
import { ApiError, request, setCsrfToken } from './api.js';
import { field, h } from './dom.js';
import { canSeeDistribution, distributionLabel, distributionScreen } from './distribution-screen.js';
import { openEditor } from './editor-screen.js';
import { mediaScreen } from './media-screen.js';
import { frontPageScreen } from './front-page-screen.js';
import { forgotPasswordLink, forgotPasswordScreen, inviteScreen, resetPasswordScreen } from './account-screens.js';
import { AUDIT_NAV, auditScreen } from './audit-screen.js';
import { peopleScreen, PEOPLE_NAV } from './people-screen.js';
import { taxonomyScreen, TAXONOMY_NAV } from './taxonomy-screen.js';
import { canUseWireDesk, wireDeskScreen, wireNavLabel, wireSourcesScreen } from './wire-desk-screen.js';
import type { Strings, UiLanguage } from './i18n.js';
import { STRINGS } from './i18n.js';

/**
 * The newsroom app: one page, routes on the History API under /newsroom, every action an Admin API call. Screens
 * render into <main>; each route change moves focus to the new screen's heading and announces it.
 */
export interface AppState {
  account: Account | null;
  lang: UiLanguage;
  s: Strings;
  sections: Section[];
  /** Called by a screen that is left (e.g. to release the edit lock). */
  leave: (() => Promise<void> | void) | null;
}

export const state: AppState = { account: null, lang: 'ko', s: STRINGS.ko, sections: [], leave: null };

const root = document.getElementById('app') as HTMLElement;
const announcer = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', id: 'announcer' });

export function announce(message: string): void {
  announcer.textContent = '';
  // A fresh text node after a tick is announced even when the message repeats.
  setTimeout(() => {
    announcer.textContent = message;
  }, 30);
}

export function setLanguage(lang: UiLanguage): void {
  state.lang = lang;
  state.s = STRINGS[lang];
  document.documentElement.lang = lang;
}

export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  void route();
}

function header(): HTMLElement {
  const s = state.s;
  const account = state.account;
  const languageSelect = h(
    'select',
    {
      id: 'ui-language',
      onchange: async (event: Event) => {
        const lang = (event.target as HTMLSelectElement).value as UiLanguage;
        const updated = await request<Account>('PATCH', '/api/admin/session', { language: lang });
        state.account = updated;
        setLanguage(updated.language);
        await route();
      },
    },
    h('option', { value: 'ko', selected: state.lang === 'ko', lang: 'ko' }, '한국어'),
    h('option', { value: 'en', selected: state.lang === 'en', lang: 'en' }, 'English'),
  );
  return h(
    'header',
    { class: 'nr-header' },
    h('a', { class: 'skip-link', href: '#main' }, s.skip),
    h('p', { class: 'nr-brand' }, h('a', { href: '/newsroom', onclick: linkHandler('/newsroom') }, s.newsroom)),
    account
      ? h(
          'nav',
          { 'aria-label': s.newsroom },
          h(
            'ul',
            {},
            h('li', {}, h('a', { href: '/newsroom', onclick: linkHandler('/newsroom') }, s.dashboard)),
            h('li', {}, h('a', { href: '/newsroom/articles/new', onclick: linkHandler('/newsroom/articles/new') }, s.newArticle)),
            h('li', {}, h('a', { href: '/newsroom/media', onclick: linkHandler('/newsroom/media') }, s.mediaLibrary)),
            account.role === 'editor' || account.role === 'admin' ? h('li', {}, h('a', { href: '/newsroom/front-page', onclick: linkHandler('/newsroom/front-page') }, state.lang === 'ko' ? '1면 편집' : 'Front page')) : null,
            isEditorRole() ? h('li', {}, h('a', { href: '/newsroom/taxonomy', onclick: linkHandler('/newsroom/taxonomy') }, TAXONOMY_NAV[state.lang])) : null,
            isEditorRole() ? h('li', {}, h('a', { href: '/newsroom/audit', onclick: linkHandler('/newsroom/audit') }, AUDIT_NAV[state.lang])) : null,
            account.role === 'admin' ? h('li', {}, h('a', { href: '/newsroom/people', onclick: linkHandler('/newsroom/people') }, PEOPLE_NAV[state.lang])) : null,
            canSeeDistribution() ? h('li', {}, h('a', { href: '/newsroom/distribution', onclick: linkHandler('/newsroom/distribution') }, distributionLabel())) : null,
            canUseWireDesk() ? h('li', {}, h('a', { href: '/newsroom/wire', onclick: linkHandler('/newsroom/wire') }, wireNavLabel())) : null,
          ),
        )
      : null,
    account
      ? h(
          'div',
          { class: 'nr-account' },
          h('span', {}, `${account.name} (${account.role})`),
          h('label', { for: 'ui-language' }, s.uiLanguage),
          languageSelect,
          h(
            'button',
            {
              type: 'button',
              onclick: async () => {
                await leaveScreen();
                await request('DELETE', '/api/admin/session');
                state.account = null;
                setCsrfToken(null);
                navigate('/newsroom/sign-in');
              },
            },
            s.signOut,
          ),
        )
      : null,
  );
}

const isEditorRole = () => state.account?.role === 'editor' || state.account?.role === 'admin';

export function linkHandler(path: string) {
  return (event: Event) => {
    const mouse = event as MouseEvent;
    if (mouse.ctrlKey || mouse.metaKey || mouse.shiftKey || mouse.button === 1) return;
    event.preventDefault();
    navigate(path);
  };
}

/** Replaces the screen: header + main with the given content; focus goes to the screen's h1. */
export function renderScreen(title: string, ...content: (Node | null)[]): HTMLElement {
  const heading = h('h1', { tabindex: '-1', id: 'screen-title' }, title);
  const main = h('main', { id: 'main', tabindex: '-1', 'aria-labelledby': 'screen-title' }, heading, ...content);
  root.replaceChildren(header(), main, announcer);
  document.title = `${title} | ${state.s.newsroom}`;
  heading.focus();
  return main;
}

async function leaveScreen(): Promise<void> {
  const leave = state.leave;
  state.leave = null;
  if (leave) await leave();
}

// ## Sign in

/** Signs in (or accepts an invitation) and makes the answer the app's session: the CSRF token and the account. */
export async function startSession(path: '/api/admin/session' | '/api/admin/invitations/accept', body: Record<string, unknown>): Promise<Account> {
  const result = await request<{ account: Account; csrfToken: string }>('POST', path, body);
  setCsrfToken(result.csrfToken);
  state.account = result.account;
  return result.account;
}

function signInScreen(): void {
  const s = state.s;
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    {
      class: 'nr-sign-in',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        error.textContent = '';
        try {
          setLanguage((await startSession('/api/admin/session', { email: email.value, password: password.value })).language);
          navigate('/newsroom', true);
        } catch (e) {
          error.textContent = e instanceof ApiError && e.status === 401 ? s.wrongCredentials : e instanceof Error ? e.message : String(e);
        }
      },
    },
    field(s.email, email),
    field(s.password, password),
    error,
    h('button', { type: 'submit', class: 'primary' }, s.signIn),
  );
  renderScreen(s.signIn, form, forgotPasswordLink());
}

// ## Dashboard

export const statusLabel = (status: string): string => state.s.statuses[status] ?? status;

function articleList(title: string, articles: Article[]): HTMLElement {
  const s = state.s;
  const id = `list-${title.replace(/\W+/g, '-')}-${Math.random().toString(36).slice(2, 6)}`;
  return h(
    'section',
    { class: 'nr-list', 'aria-labelledby': id },
    h('h2', { id }, title, ' ', h('span', { class: 'count' }, `(${articles.length})`)),
    articles.length
      ? h(
          'ul',
          {},
          articles.map((a) =>
            h(
              'li',
              {},
              h('a', { href: `/newsroom/articles/${a.id}`, onclick: linkHandler(`/newsroom/articles/${a.id}`), lang: a.language }, a.headline),
              ' ',
              h('span', { class: `status status-${a.status}` }, statusLabel(a.status)),
              ' ',
              h('span', { class: 'meta' }, `${a.section} · ${a.language} · ${s.updated} `, h('time', { datetime: a.updatedAt }, new Date(a.updatedAt).toLocaleString(state.lang === 'ko' ? 'ko-KR' : 'en-US'))),
              a.scheduledAt ? h('span', { class: 'meta' }, ` · ${s.scheduledFor} `, h('time', { datetime: a.scheduledAt }, new Date(a.scheduledAt).toLocaleString(state.lang === 'ko' ? 'ko-KR' : 'en-US'))) : null,
            ),
          ),
        )
      : h('p', {}, s.nothingHere),
  );
}

type ListResult = { articles: Article[] };
const list = (query: Record<string, string>) => request<ListResult>('GET', `/api/admin/articles?${new URLSearchParams({ pageSize: '20', ...query }).toString()}`).then((r) => r.articles);

async function dashboardScreen(): Promise<void> {
  const s = state.s;
  const params = new URLSearchParams(location.search);
  const q = h('input', { type: 'search', name: 'q', value: params.get('q') ?? '' });
  const option = (value: string, label: string, current: string | null) => h('option', { value, selected: value === (current ?? '') }, label);
  const section = h('select', { name: 'section' }, option('', s.any, params.get('section')), state.sections.map((x) => option(x.slug, state.lang === 'ko' ? x.nameKo : x.nameEn, params.get('section'))));
  const language = h('select', { name: 'lang' }, option('', s.any, params.get('lang')), option('ko', '한국어', params.get('lang')), option('en', 'English', params.get('lang')));
  const status = h('select', { name: 'status' }, option('', s.any, params.get('status')), Object.keys(s.statuses).filter((k) => k !== 'trashed').map((k) => option(k, statusLabel(k), params.get('status'))));
  const mine = h('input', { type: 'checkbox', name: 'author', value: 'me', checked: params.get('author') === 'me', id: 'filter-mine' });
  const fullText = h('input', { type: 'checkbox', name: 'fulltext', value: '1', checked: params.get('fulltext') === '1', id: 'filter-fulltext' });
  const filters = h(
    'form',
    {
      class: 'nr-filters',
      role: 'search',
      'aria-label': s.filters,
      onsubmit: (event: Event) => {
        event.preventDefault();
        const data = new URLSearchParams();
        for (const [k, v] of new FormData(event.target as HTMLFormElement).entries()) if (typeof v === 'string' && v) data.set(k, v);
        navigate(`/newsroom${data.toString() ? `?${data.toString()}` : ''}`);
      },
    },
    field(s.searchHeadline, q),
    field(s.section, section),
    field(s.language, language),
    field(s.status, status),
    h('div', { class: 'field checkbox' }, fullText, h('label', { for: 'filter-fulltext' }, s.fullText)),
    h('div', { class: 'field checkbox' }, mine, h('label', { for: 'filter-mine' }, s.onlyMine)),
    h('button', { type: 'submit' }, s.search),
  );
  const main = renderScreen(s.dashboard, h('p', {}, h('a', { class: 'button primary', href: '/newsroom/articles/new', onclick: linkHandler('/newsroom/articles/new') }, s.newArticle)), filters);
  const filtered = ['q', 'section', 'lang', 'status', 'author'].some((k) => params.get(k));
  if (params.get('fulltext') === '1' && params.get('q')) {
    main.append(await fullTextResults(params));
    return;
  }
  if (filtered) {
    const query: Record<string, string> = {};
    for (const k of ['q', 'section', 'lang', 'status', 'author']) if (params.get(k)) query[k] = params.get(k) ?? '';
    main.append(articleList(s.results, await list(query)));
    return;
  }
  const [drafts, review, scheduled, published] = await Promise.all([
    list({ status: 'draft', author: 'me' }),
    list({ status: 'in_review' }),
    list({ status: 'scheduled' }),
    list({ status: 'published', pageSize: '10' }),
  ]);
  main.append(articleList(s.myDrafts, drafts), articleList(s.inReview, review), articleList(s.scheduled, scheduled), articleList(s.recentlyPublished, published));
  // The desk's lists change all day: reload them every half minute while the dashboard is open (focus stays put).
  const timer = setInterval(() => {
    void Promise.all([list({ status: 'draft', author: 'me' }), list({ status: 'in_review' }), list({ status: 'scheduled' }), list({ status: 'published', pageSize: '10' })]).then(([d, r, sc, p]) => {
      const fresh = [articleList(s.myDrafts, d), articleList(s.inReview, r), articleList(s.scheduled, sc), articleList(s.recentlyPublished, p)];
      if (main.contains(document.activeElement) && document.activeElement !== main && document.activeElement?.closest('.nr-list')) return;
      main.querySelectorAll('.nr-list').forEach((old, i) => old.replaceWith(fresh[i] ?? old));
    });
  }, 30_000);
  state.leave = () => clearInterval(timer);
}

interface SearchHitResult {
  id: number;
  headline: string;
  snippet: string;
  language: string;
  status: string;
  section: { nameKo: string; nameEn: string };
}

/** The newsroom's full-text search: the one search module (GET /api/admin/search), drafts included. */
async function fullTextResults(params: URLSearchParams): Promise<HTMLElement> {
  const s = state.s;
  const query = new URLSearchParams({ q: params.get('q') ?? '', pageSize: '20' });
  for (const k of ['section', 'lang']) if (params.get(k)) query.set(k, params.get(k) ?? '');
  const result = await request<{ results: SearchHitResult[]; total: number }>('GET', `/api/admin/search?${query.toString()}`);
  // The snippet is escaped HTML with <mark> around matches: parsed inertly (no script runs in a parsed document).
  const snippet = (html: string) => h('p', { class: 'meta snippet' }, ...Array.from(new DOMParser().parseFromString(html, 'text/html').body.childNodes));
  return h(
    'section',
    { class: 'nr-list', 'aria-labelledby': 'fulltext-results' },
    h('h2', { id: 'fulltext-results' }, s.results, ' ', h('span', { class: 'count' }, `(${result.total})`)),
    result.results.length
      ? h(
          'ul',
          {},
          result.results.map((hit) =>
            h(
              'li',
              {},
              h('a', { href: `/newsroom/articles/${hit.id}`, onclick: linkHandler(`/newsroom/articles/${hit.id}`), lang: hit.language }, hit.headline),
              ' ',
              h('span', { class: `status status-${hit.status}` }, statusLabel(hit.status)),
              ' ',
              h('span', { class: 'meta' }, `${state.lang === 'ko' ? hit.section.nameKo : hit.section.nameEn} · ${hit.language}`),
              snippet(hit.snippet),
            ),
          ),
        )
      : h('p', {}, s.nothingHere),
  );
}

// ## New article

async function newArticleScreen(): Promise<void> {
  const created = await request<Article>('POST', '/api/admin/articles', { language: state.lang, headline: state.lang === 'ko' ? '제목 없음' : 'Untitled', ...(state.sections[0] ? { section: state.sections[0].slug } : {}) });
  navigate(`/newsroom/articles/${created.id}`, true);
}

// ## Router

async function route(): Promise<void> {
  await leaveScreen();
  const path = location.pathname.replace(/\/+$/, '');
  // Screens for people who are not signed in (account-screens.ts).
  if (path === '/newsroom/forgot-password') return forgotPasswordScreen();
  if (path === '/newsroom/reset-password') return resetPasswordScreen();
  if (path === '/newsroom/invite') return await inviteScreen();
  if (!state.account && path !== '/newsroom/sign-in') {
    navigate('/newsroom/sign-in', true);
    return;
  }
  try {
    if (path === '/newsroom/sign-in') {
      if (state.account) navigate('/newsroom', true);
      else signInScreen();
      return;
    }
    if (state.sections.length === 0) state.sections = (await request<{ sections: Section[] }>('GET', '/api/admin/sections')).sections;
    if (path === '/newsroom') return await dashboardScreen();
    if (path === '/newsroom/articles/new') return await newArticleScreen();
    if (path === '/newsroom/media') return await mediaScreen();
    if (path === '/newsroom/front-page') return await frontPageScreen();
    if (path === '/newsroom/people') return await peopleScreen();
    if (path === '/newsroom/taxonomy') return await taxonomyScreen();
    if (path === '/newsroom/audit') return await auditScreen();
    if (path === '/newsroom/distribution' && canSeeDistribution()) return await distributionScreen();
    if (path === '/newsroom/wire') return await wireDeskScreen();
    if (path === '/newsroom/wire/sources') return await wireSourcesScreen();
    const match = /^\/newsroom\/articles\/(\d+)$/.exec(path);
    if (match) return await openEditor(Number(match[1]));
    renderScreen('404', h('p', {}, h('a', { href: '/newsroom', onclick: linkHandler('/newsroom') }, state.s.back)));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      state.account = null;
      navigate('/newsroom/sign-in', true);
      return;
    }
    renderScreen(state.s.error, h('p', { role: 'alert' }, error instanceof Error ? error.message : String(error)));
  }
}

async function start(): Promise<void> {
  try {
    // The sections are asked for at once too (they fail harmlessly when signed out).
    const [session, sections] = await Promise.all([
      request<{ account: Account; csrfToken: string | null }>('GET', '/api/admin/session'),
      request<{ sections: Section[] }>('GET', '/api/admin/sections').catch(() => ({ sections: [] })),
    ]);
    state.sections = sections.sections;
    state.account = session.account;
    setCsrfToken(session.csrfToken);
    setLanguage(session.account.language);
  } catch {
    state.account = null;
  }
  window.addEventListener('popstate', () => void route());
  await route();
}

void start();
