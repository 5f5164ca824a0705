import { ApiError } from './api.js';
import { field, h, uid } from './dom.js';
import { announce, startSession, state } from './main.js';

/**
 * When the session ends while the editor is open (it expired, or was signed out elsewhere), the text must survive:
 * the unsaved working copy is kept in this browser (localStorage, per account and article), a sign-in dialog opens
 * in place — the editor stays as it is underneath — and after signing in the autosave runs again. The local copy
 * is dropped as soon as an autosave reaches the server.
 */
const T = {
  ko: {
    title: '다시 로그인해 주세요',
    help: '로그인 시간이 끝났습니다. 쓰던 글은 이 브라우저에 보관했습니다. 다시 로그인하면 이어서 자동 저장합니다.',
    later: '나중에',
    wrong: '이메일 또는 비밀번호가 틀렸습니다.',
    back: '다시 로그인했습니다. 자동 저장을 이어갑니다.',
  },
  en: {
    title: 'Please sign in again',
    help: 'Your session has ended. What you were writing is kept in this browser; sign in again and autosave carries on.',
    later: 'Later',
    wrong: 'Wrong e-mail or password.',
    back: 'Signed in again. Autosave carries on.',
  },
} as const;

const key = (articleId: number) => `sinmun:draft:${state.account?.id ?? 0}:${articleId}`;

export const sessionLost = (error: unknown): boolean => error instanceof ApiError && error.status === 401;

/** The copy kept after a failed autosave, if any: `{ baseRevision, draft }`. */
export function localDraft<D>(articleId: number): { baseRevision: number; draft: D } | null {
  try {
    const raw = localStorage.getItem(key(articleId));
    return raw ? (JSON.parse(raw) as { baseRevision: number; draft: D }) : null;
  } catch {
    return null;
  }
}

export function forgetLocalDraft(articleId: number): void {
  localStorage.removeItem(key(articleId));
}

let dialog: HTMLDialogElement | null = null;
let dismissedAt = 0;

/** Keeps the draft locally and asks for the password again (once: later calls only refresh the kept copy). */
export function recoverSession(articleId: number, baseRevision: number, draft: unknown, retry: () => Promise<void>): void {
  localStorage.setItem(key(articleId), JSON.stringify({ baseRevision, draft, keptAt: new Date().toISOString() }));
  if (dialog?.open || Date.now() - dismissedAt < 60_000) return;
  const t = T[state.lang];
  const titleId = uid('relogin');
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true, value: state.account?.email ?? '' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'error', role: 'alert' });
  const element: HTMLDialogElement = h(
    'dialog',
    { class: 'nr-dialog nr-relogin', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, t.title),
    h('p', {}, t.help),
    h(
      'form',
      {
        onsubmit: async (event: Event) => {
          event.preventDefault();
          error.textContent = '';
          try {
            await startSession('/api/admin/session', { email: email.value, password: password.value });
            element.close();
            element.remove();
            dialog = null;
            announce(t.back);
            await retry();
          } catch (e) {
            error.textContent = e instanceof ApiError && e.status === 401 ? t.wrong : e instanceof Error ? e.message : String(e);
          }
        },
      },
      field(state.s.email, email),
      field(state.s.password, password),
      error,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, state.s.signIn), ' ', h('button', { type: 'button', onclick: () => element.close() }, t.later)),
    ),
  );
  element.addEventListener('close', () => {
    if (dialog === element) dismissedAt = Date.now();
    element.remove();
    if (dialog === element) dialog = null;
  });
  dialog = element;
  document.body.append(element);
  element.showModal();
  (state.account?.email ? password : email).focus();
}
