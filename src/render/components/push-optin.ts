import type { SafeHtml } from '../html.js';
import { html } from '../html.js';
import { PUSH_SW_PATH } from '../push-script.js';
import type { RenderContext } from '../render-context.js';

const TEXT = {
  ko: {
    title: '속보 알림',
    intro: '이 브라우저에서 속보를 알림으로 받아 보세요.',
    on: '알림 켜기',
    off: '알림 끄기',
    enabled: '속보 알림을 켰습니다.',
    disabled: '속보 알림을 껐습니다.',
    blocked: '브라우저 설정에서 이 사이트의 알림이 차단되어 있습니다.',
    failed: '이 브라우저에서는 지금 알림을 켤 수 없습니다.',
  },
  en: {
    title: 'Breaking news alerts',
    intro: 'Get breaking news as notifications in this browser.',
    on: 'Turn on notifications',
    off: 'Turn off notifications',
    enabled: 'Breaking news notifications are on.',
    disabled: 'Breaking news notifications are off.',
    blocked: 'Notifications for this site are blocked in your browser settings.',
    failed: 'Notifications cannot be turned on in this browser right now.',
  },
} as const;

/**
 * The Web Push opt-in block: rendered only when the site has VAPID keys, and hidden until the opt-in script has
 * checked that the browser can do push (render/push-script.ts), so no reader sees a button that cannot work.
 */
export function pushOptIn(ctx: RenderContext): SafeHtml | '' {
  if (!ctx.push) return '';
  const s = TEXT[ctx.lang];
  return html`<section class="push-optin" id="push-optin" hidden aria-labelledby="push-optin-title" data-key="${ctx.push.publicKey}" data-sw="${PUSH_SW_PATH}" data-on="${s.on}" data-off="${s.off}" data-enabled="${s.enabled}" data-disabled="${s.disabled}" data-blocked="${s.blocked}" data-failed="${s.failed}">
  <h2 id="push-optin-title">${s.title}</h2>
  <p>${s.intro} <button type="button">${s.on}</button> <span class="note" role="status"></span></p>
</section>`;
}
