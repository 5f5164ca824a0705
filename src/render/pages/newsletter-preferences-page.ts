import type { Language } from '../../content/content.types.js';
import { html } from '../html.js';
import { renderDocument } from '../layout.js';
import type { RenderContext } from '../render-context.js';

export interface NewsletterPreferencesPageData {
  email: string;
  languages: Language[];
  digest: boolean;
  alerts: boolean;
  /** Where the form POSTs: the page's own URL with the subscriber's token. */
  action: string;
  unsubscribeUrl: string;
  /** After a save. */
  saved?: boolean;
  /** Why the last POST was refused (nothing chosen). */
  error?: string;
}

const T = {
  en: {
    title: 'Newsletter preferences',
    intro: (email: string) => `Choose what we send to ${email}.`,
    languages: 'Languages',
    ko: 'Korean',
    en: 'English',
    what: 'What to receive',
    digest: 'Daily digest',
    alerts: 'Breaking news alerts',
    save: 'Save preferences',
    saved: 'Your preferences are saved.',
    unsubscribe: 'Unsubscribe from everything',
  },
  ko: {
    title: '뉴스레터 구독 설정',
    intro: (email: string) => `${email}(으)로 받으실 메일을 고르세요.`,
    languages: '언어',
    ko: '한국어',
    en: '영어',
    what: '받을 메일',
    digest: '매일 주요 기사',
    alerts: '속보 알림',
    save: '설정 저장',
    saved: '구독 설정을 저장했습니다.',
    unsubscribe: '모든 메일 구독 해지',
  },
} as const;

/** The reader's newsletter choices as a plain form (no script: strict CSP), never indexed. */
export function renderNewsletterPreferencesPage(ctx: RenderContext, data: NewsletterPreferencesPageData): string {
  const s = T[ctx.lang];
  const box = (name: string, value: string, label: string, checked: boolean) =>
    html`<label><input type="checkbox" name="${name}" value="${value}"${checked ? html` checked` : ''}> ${label}</label> `;
  return renderDocument(
    ctx,
    { title: `${s.title} | ${ctx.siteName}`, canonicalPath: '/newsletter/preferences', robots: 'noindex' },
    html`<section class="notice"><h1 id="preferences-title">${s.title}</h1>
${data.saved ? html`<p role="status">${s.saved}</p>` : ''}${data.error ? html`<p role="alert" id="preferences-error">${data.error}</p>` : ''}
<p>${s.intro(data.email)}</p>
<form method="post" action="${data.action}" aria-labelledby="preferences-title"${data.error ? html` aria-describedby="preferences-error"` : ''}>
<fieldset><legend>${s.languages}</legend>${box('languages', 'ko', s.ko, data.languages.includes('ko'))}${box('languages', 'en', s.en, data.languages.includes('en'))}</fieldset>
<fieldset><legend>${s.what}</legend>${box('digest', 'on', s.digest, data.digest)}${box('alerts', 'on', s.alerts, data.alerts)}</fieldset>
<p><button type="submit">${s.save}</button></p>
</form>
<p><a href="${data.unsubscribeUrl}">${s.unsubscribe}</a></p></section>`,
  );
}
