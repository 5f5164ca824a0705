import type { LockInfo } from './api.js';
import { request } from './api.js';
import { h } from './dom.js';
import { announce, state } from './main.js';

/**
 * The lock request in the editor's lock banner (issue 3, item 4): the one who waits asks the holder to let go
 * (instead of taking the lock over at once); the holder's heartbeat brings the request and they hand the lock over.
 * Kept out of editor-screen.ts so that file changes only where the banner is drawn.
 */
const T = {
  ko: {
    request: '편집 권한 요청',
    requested: (name: string) => `${name} 님에게 편집 권한을 요청했습니다.`,
    asks: (name: string) => `${name}님이 편집 권한을 요청했습니다.`,
    release: '넘겨주기',
    released: (name: string) => `${name} 님에게 편집 권한을 넘겨줬습니다.`,
  },
  en: {
    request: 'Request the lock',
    requested: (name: string) => `You asked ${name} for the edit lock.`,
    asks: (name: string) => `${name} asks for the lock.`,
    release: 'Release',
    released: (name: string) => `You released the edit lock to ${name}.`,
  },
};

const text = () => T[state.lang];
/** Requests already announced (article:requester:time), so each is read out once, not on every heartbeat. */
const announced = new Set<string>();

/** The requester's button, next to take-over. */
export function requestLockButton(articleId: number, holderName: string): HTMLButtonElement {
  return h('button', {
    type: 'button',
    onclick: () =>
      void request<{ lock: LockInfo }>('POST', `/api/admin/articles/${articleId}/lock/request`)
        .then(() => announce(text().requested(holderName)))
        .catch((error: unknown) => announce(error instanceof Error ? error.message : String(error))),
  }, text().request);
}

/** The holder's notice and "Release" button, or nothing when nobody asked. `onReleased` runs after the release. */
export function lockRequestNotice(articleId: number, lock: LockInfo, onReleased: (to: { id: number; name: string }) => void): (Node | string)[] {
  const asker = lock.requestedBy;
  if (!asker) return [];
  const key = `${articleId}:${asker.id}:${asker.at}`;
  if (!announced.has(key)) {
    announced.add(key);
    announce(text().asks(asker.name));
  }
  return [
    ' ',
    h('span', { class: 'nr-lock-request' }, text().asks(asker.name)),
    ' ',
    h('button', {
      type: 'button',
      onclick: () =>
        void request('DELETE', `/api/admin/articles/${articleId}/lock`).then(() => {
          announce(text().released(asker.name));
          onReleased(asker);
        }),
    }, text().release),
  ];
}
