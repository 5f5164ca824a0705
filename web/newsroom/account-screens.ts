import { ApiError, request, setCsrfToken } from './api.js';
import { field, h } from './dom.js';
import { linkHandler, navigate, renderScreen, setLanguage, startSession, state } from './main.js';

/**
 * The screens for people who are not signed in: "forgot password" (asks for a reset mail), the reset link's screen
 * (choose a new password) and the invitation link's screen (choose name and password). Links carry their token in
 * the URL fragment (#token=…), which never reaches a server log.
 */
const T = {
  ko: {
    forgot: '비밀번호를 잊으셨나요?',
    forgotTitle: '비밀번호 재설정',
    forgotHelp: '계정 이메일을 입력하면 새 비밀번호를 정하는 링크를 보내 드립니다. 링크는 1시간 동안 한 번만 쓸 수 있습니다.',
    send: '재설정 링크 보내기',
    sent: '입력한 주소로 계정이 있으면 곧 메일이 도착합니다. 메일의 링크를 여세요.',
    newPassword: '새 비밀번호',
    newPasswordHint: '12자 이상',
    confirmPassword: '새 비밀번호 확인',
    mismatch: '두 비밀번호가 같지 않습니다.',
    tooShort: '비밀번호는 12자 이상이어야 합니다.',
    setPassword: '비밀번호 바꾸기',
    changed: '비밀번호를 바꿨습니다. 모든 기기에서 로그아웃되었습니다. 새 비밀번호로 로그인하세요.',
    badLink: '링크가 잘못되었거나 이미 쓰였거나 만료되었습니다. 새 링크를 요청하세요.',
    toSignIn: '로그인 화면으로',
    inviteTitle: '뉴스룸 초대 수락',
    inviteFor: (email: string) => `${email} 계정의 이름과 비밀번호를 정하세요.`,
    name: '이름 (기사와 화면에 표시)',
    accept: '초대 수락하고 시작하기',
  },
  en: {
    forgot: 'Forgot your password?',
    forgotTitle: 'Reset password',
    forgotHelp: "Enter your account's e-mail and we will send a link to choose a new password. It works once, for one hour.",
    send: 'Send reset link',
    sent: 'If an account has this address, a mail is on its way. Open the link in it.',
    newPassword: 'New password',
    newPasswordHint: 'At least 12 characters',
    confirmPassword: 'Repeat the new password',
    mismatch: 'The two passwords are not the same.',
    tooShort: 'The password needs at least 12 characters.',
    setPassword: 'Change password',
    changed: 'Your password is changed and you are signed out everywhere. Sign in with the new password.',
    badLink: 'This link is wrong, already used or expired. Ask for a new one.',
    toSignIn: 'To sign in',
    inviteTitle: 'Accept your newsroom invitation',
    inviteFor: (email: string) => `Choose the name and password for ${email}.`,
    name: 'Name (shown in the newsroom and on articles)',
    accept: 'Accept and start',
  },
} as const;

const t = () => T[state.lang];
const tokenFromHash = (): string => new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
const message = (e: unknown): string => (e instanceof ApiError && e.status === 410 ? t().badLink : e instanceof Error ? e.message : String(e));
const signInLink = () => h('p', {}, h('a', { href: '/newsroom/sign-in', onclick: linkHandler('/newsroom/sign-in') }, t().toSignIn));

/** The link under the sign-in form. */
export const forgotPasswordLink = (): HTMLElement => h('p', {}, h('a', { href: '/newsroom/forgot-password', onclick: linkHandler('/newsroom/forgot-password') }, t().forgot));

export function forgotPasswordScreen(): void {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const status = h('p', { role: 'status', class: 'nr-save-state' });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    {
      class: 'nr-sign-in',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        error.textContent = '';
        try {
          await request('POST', '/api/admin/password-reset', { email: email.value });
          status.textContent = t().sent;
        } catch (e) {
          error.textContent = message(e);
        }
      },
    },
    h('p', {}, t().forgotHelp),
    field(state.s.email, email),
    error,
    h('button', { type: 'submit', class: 'primary' }, t().send),
    status,
  );
  renderScreen(t().forgotTitle, form, signInLink());
}

/** Two password fields that must match and be long enough; `check()` returns the password or shows why not. */
function newPasswordFields(error: HTMLElement) {
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'new-password', required: true, minlength: 12 });
  const repeat = h('input', { type: 'password', name: 'confirm', autocomplete: 'new-password', required: true, minlength: 12 });
  return {
    fields: [field(t().newPassword, password, t().newPasswordHint), field(t().confirmPassword, repeat)],
    check(): string | null {
      if ([...password.value].length < 12) error.textContent = t().tooShort;
      else if (password.value !== repeat.value) error.textContent = t().mismatch;
      else return password.value;
      return null;
    },
  };
}

export function resetPasswordScreen(): void {
  const token = tokenFromHash();
  const error = h('p', { class: 'error', role: 'alert' });
  const done = h('p', { role: 'status' });
  const passwords = newPasswordFields(error);
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'nr-sign-in',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        error.textContent = '';
        const password = passwords.check();
        if (!password) return;
        try {
          await request('POST', '/api/admin/password-reset/complete', { token, password });
          // The link is spent: drop it from the address bar and history.
          history.replaceState(null, '', '/newsroom/reset-password');
          form.replaceWith(done);
          done.textContent = t().changed;
          state.account = null;
          setCsrfToken(null);
        } catch (e) {
          error.textContent = message(e);
        }
      },
    },
    ...passwords.fields,
    error,
    h('button', { type: 'submit', class: 'primary' }, t().setPassword),
  );
  renderScreen(t().forgotTitle, token ? form : h('p', { role: 'alert', class: 'error' }, t().badLink), signInLink());
}

export async function inviteScreen(): Promise<void> {
  const token = tokenFromHash();
  let invitation: { email: string; name: string } | null = null;
  let problem: string = t().badLink;
  try {
    if (token) invitation = await request<{ email: string; name: string }>('POST', '/api/admin/invitations/inspect', { token });
  } catch (e) {
    problem = message(e);
  }
  if (!invitation) {
    renderScreen(t().inviteTitle, h('p', { role: 'alert', class: 'error' }, problem), signInLink());
    return;
  }
  const name = h('input', { type: 'text', name: 'name', autocomplete: 'name', required: true, value: invitation.name });
  const error = h('p', { class: 'error', role: 'alert' });
  const passwords = newPasswordFields(error);
  const form = h(
    'form',
    {
      class: 'nr-sign-in',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        error.textContent = '';
        const password = passwords.check();
        if (!password) return;
        try {
          setLanguage((await startSession('/api/admin/invitations/accept', { token, name: name.value, password })).language);
          navigate('/newsroom', true);
        } catch (e) {
          error.textContent = message(e);
        }
      },
    },
    h('p', {}, t().inviteFor(invitation.email)),
    field(t().name, name),
    ...passwords.fields,
    error,
    h('button', { type: 'submit', class: 'primary' }, t().accept),
  );
  renderScreen(t().inviteTitle, form);
}
