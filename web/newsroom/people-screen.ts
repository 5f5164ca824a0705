import { request } from './api.js';
import { field, h, uid } from './dom.js';
import { announce, renderScreen, state } from './main.js';

/**
 * People (admins): invite by e-mail, set roles, deactivate (sessions and API tokens stop working at once) and
 * reactivate, send an invitation again. Every change is an Admin API call and lands in the audit log.
 */
const T = {
  ko: {
    title: '사람',
    invite: '새 사람 초대',
    email: '이메일',
    name: '이름',
    role: '역할',
    language: '화면 언어',
    sendInvite: '초대 보내기',
    invited: (email: string) => `${email} 주소로 초대 메일을 보냈습니다.`,
    inviteLink: '초대 링크 (메일이 설정되지 않았습니다. 이 링크를 직접 전달하세요)',
    accounts: '계정',
    status: '상태',
    actions: '작업',
    active: '활성',
    inactive: '비활성',
    pending: '초대 수락 대기',
    saveChanges: '변경 저장',
    roleOf: (name: string) => `${name}의 역할`,
    profile: '필자 프로필',
    profileOf: (name: string) => `${name}의 필자 프로필`,
    noProfile: '없음',
    deactivate: '비활성화',
    reactivate: '다시 활성화',
    resend: '초대 다시 보내기',
    you: '(나)',
    saved: (name: string) => `${name}: 저장했습니다.`,
    roles: { contributor: '기고자', author: '기자', editor: '편집자', admin: '관리자', partner: '제휴사' } as Record<string, string>,
  },
  en: {
    title: 'People',
    invite: 'Invite someone',
    email: 'E-mail',
    name: 'Name',
    role: 'Role',
    language: 'Interface language',
    sendInvite: 'Send invitation',
    invited: (email: string) => `Invitation mailed to ${email}.`,
    inviteLink: 'Invitation link (mail is not set up: pass this link on yourself)',
    accounts: 'Accounts',
    status: 'Status',
    actions: 'Actions',
    active: 'Active',
    inactive: 'Deactivated',
    pending: 'Invitation not yet accepted',
    saveChanges: 'Save changes',
    roleOf: (name: string) => `Role of ${name}`,
    profile: 'Author profile',
    profileOf: (name: string) => `Author profile of ${name}`,
    noProfile: 'None',
    deactivate: 'Deactivate',
    reactivate: 'Reactivate',
    resend: 'Send invitation again',
    you: '(you)',
    saved: (name: string) => `${name}: saved.`,
    roles: { contributor: 'Contributor', author: 'Author', editor: 'Editor', admin: 'Admin', partner: 'Partner' } as Record<string, string>,
  },
} as const;

export const PEOPLE_NAV = { ko: T.ko.title, en: T.en.title } as const;

const ROLES = ['contributor', 'author', 'editor', 'admin', 'partner'];

interface PersonAccount {
  id: number;
  email: string;
  name: string;
  role: string;
  language: 'ko' | 'en';
  disabled: boolean;
  pendingInvite: boolean;
  authorId: number | null;
}

interface AuthorProfile {
  id?: number;
  slug: string;
  nameKo: string;
  nameEn: string;
}

interface InvitationResult {
  account: PersonAccount;
  mailSent: boolean;
  inviteUrl?: string;
}

const roleSelect = (current: string, attrs: Record<string, string> = {}) => {
  const t = T[state.lang];
  return h('select', { name: 'role', ...attrs }, ROLES.map((r) => h('option', { value: r, selected: r === current }, t.roles[r] ?? r)));
};

export async function peopleScreen(): Promise<void> {
  const t = T[state.lang];
  const [{ accounts }, { authors }] = await Promise.all([
    request<{ accounts: PersonAccount[] }>('GET', '/api/admin/accounts?pageSize=100'),
    request<{ authors: AuthorProfile[] }>('GET', '/api/admin/authors?pageSize=100'),
  ]);
  const error = h('p', { class: 'error', role: 'alert' });
  // Every action redraws the screen from the server, then says what happened (an invitation may show its link).
  const act = async (work: () => Promise<unknown>, done: string) => {
    error.textContent = '';
    try {
      const result = await work();
      await peopleScreen();
      if (result && typeof result === 'object' && 'mailSent' in result) showInvitation(result as InvitationResult);
      else {
        announce(done);
        document.querySelector('#people-status')?.replaceChildren(done);
      }
    } catch (e) {
      error.textContent = e instanceof Error ? e.message : String(e);
    }
  };

  // ## Invite
  const email = h('input', { type: 'email', name: 'email', required: true, autocomplete: 'off' });
  const name = h('input', { type: 'text', name: 'name', required: true, autocomplete: 'off' });
  const role = roleSelect('contributor');
  const language = h('select', { name: 'language' }, h('option', { value: 'ko', selected: true }, '한국어'), h('option', { value: 'en' }, 'English'));
  const linkBox = h('div', { class: 'invite-result' });
  const inviteForm = h(
    'form',
    {
      class: 'nr-invite',
      'aria-labelledby': 'invite-title',
      onsubmit: (event: Event) => {
        event.preventDefault();
        void act(() => request<InvitationResult>('POST', '/api/admin/invitations', { email: email.value, name: name.value, role: role.value, language: language.value }), '');
      },
    },
    h('h2', { id: 'invite-title' }, t.invite),
    h('div', { class: 'row' }, field(t.email, email), field(t.name, name), field(t.role, role), field(t.language, language)),
    h('button', { type: 'submit', class: 'primary' }, t.sendInvite),
    linkBox,
  );

  // ## Accounts
  const row = (a: PersonAccount) => {
    const me = a.id === state.account?.id;
    const patch = (body: Record<string, unknown>) => () => void act(() => request('PATCH', `/api/admin/accounts/${a.id}`, body), t.saved(a.name));
    const role = roleSelect(a.role, { 'aria-label': t.roleOf(a.name), id: uid('role') });
    const profile = h(
      'select',
      { name: 'authorId', 'aria-label': t.profileOf(a.name), id: uid('profile') },
      h('option', { value: '' }, t.noProfile),
      authors.map((p) => h('option', { value: String(p.id ?? ''), selected: p.id === a.authorId }, state.lang === 'ko' ? p.nameKo : p.nameEn)),
    );
    const save = () => patch({ ...(me ? {} : { role: role.value }), authorId: profile.value ? Number(profile.value) : null })();
    const buttons = [
      h('button', { type: 'button', onclick: save }, `${t.saveChanges}: ${a.name}`),
      me ? null : h('button', { type: 'button', onclick: patch({ disabled: !a.disabled }) }, `${a.disabled ? t.reactivate : t.deactivate}: ${a.name}`),
      a.pendingInvite && !a.disabled
        ? h('button', { type: 'button', onclick: () => void act(() => request<InvitationResult>('POST', `/api/admin/accounts/${a.id}/invitation`), '') }, `${t.resend}: ${a.name}`)
        : null,
    ];
    return h(
      'tr',
      { class: a.disabled ? 'inactive' : '' },
      h('th', { scope: 'row' }, a.name, me ? ` ${t.you}` : ''),
      h('td', {}, a.email),
      // Admins cannot demote themselves (the API refuses too), so their own role is text.
      h('td', {}, me ? (t.roles[a.role] ?? a.role) : role),
      h('td', {}, profile),
      h('td', {}, a.pendingInvite ? t.pending : a.disabled ? t.inactive : t.active),
      h('td', {}, h('div', { class: 'actions' }, buttons)),
    );
  };
  const table = h(
    'table',
    { class: 'nr-table' },
    h('caption', {}, `${t.accounts} (${accounts.length})`),
    h('thead', {}, h('tr', {}, [t.name, t.email, t.role, t.profile, t.status, t.actions].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, accounts.map(row)),
  );
  renderScreen(t.title, h('p', { role: 'status', class: 'nr-save-state', id: 'people-status' }), error, inviteForm, h('h2', {}, t.accounts), table);
}

/** After an invitation: say it was mailed, or (no SMTP) show the link to pass on. */
function showInvitation(result: InvitationResult): void {
  const t = T[state.lang];
  const box = document.querySelector('.invite-result');
  const statusLine = document.querySelector('#people-status');
  if (result.mailSent) {
    statusLine?.replaceChildren(t.invited(result.account.email));
    announce(t.invited(result.account.email));
    return;
  }
  const link = h('input', { type: 'text', readonly: true, value: result.inviteUrl ?? '', class: 'invite-link' });
  box?.replaceChildren(field(t.inviteLink, link));
  link.focus();
  link.select();
}
