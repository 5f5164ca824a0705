import type { Article, Language } from '../content/content.types.js';
import { html } from '../render/html.js';

/**
 * Newsletter mails as multipart HTML + plain text. Minimal inline-free HTML (mail clients strip stylesheets anyway),
 * escaped by the same `html` template as reader pages.
 */
export interface MailLinks {
  siteName: string;
  articleUrl: (article: Article) => string;
  unsubscribeUrl: string;
  /** The reader's own preferences page (token in the URL, no login). */
  preferencesUrl: string;
}

const T = {
  en: {
    confirmSubject: (site: string) => `Confirm your ${site} newsletter subscription`,
    confirmText: 'Please confirm that you want to receive our newsletter by opening this link:',
    confirmIgnore: 'If you did not ask for this, ignore this mail; nothing will be sent.',
    digestSubject: (site: string, day: string) => `${site} — today's headlines (${day})`,
    digestIntro: "Today's headlines",
    alertSubject: (site: string, headline: string) => `Breaking: ${headline} | ${site}`,
    unsubscribe: 'Unsubscribe',
    preferences: 'Manage preferences',
    prefsSubject: (site: string) => `Your ${site} newsletter preferences`,
    prefsText: 'You are already subscribed. To change what you receive (daily digest in Korean and/or English, breaking alerts), open this link:',
    prefsIgnore: 'If you did not ask for this, ignore this mail; nothing changes.',
    read: 'Read the story',
  },
  ko: {
    confirmSubject: (site: string) => `${site} 뉴스레터 구독을 확인해 주세요`,
    confirmText: '뉴스레터를 받으시려면 아래 링크를 열어 구독을 확인해 주세요:',
    confirmIgnore: '요청하지 않으셨다면 이 메일을 무시하세요. 아무것도 발송되지 않습니다.',
    digestSubject: (site: string, day: string) => `${site} — 오늘의 주요 기사 (${day})`,
    digestIntro: '오늘의 주요 기사',
    alertSubject: (site: string, headline: string) => `속보: ${headline} | ${site}`,
    unsubscribe: '구독 해지',
    preferences: '구독 설정',
    prefsSubject: (site: string) => `${site} 뉴스레터 구독 설정`,
    prefsText: '이미 구독 중입니다. 받으실 메일(한국어·영어 매일 주요 기사, 속보 알림)을 바꾸시려면 아래 링크를 열어 주세요:',
    prefsIgnore: '요청하지 않으셨다면 이 메일을 무시하세요. 아무것도 바뀌지 않습니다.',
    read: '기사 읽기',
  },
} as const;

/** The two reader links at the foot of every newsletter mail, side by side. */
const footText = (s: (typeof T)[Language], links: MailLinks) => `${s.preferences}: ${links.preferencesUrl}\n${s.unsubscribe}: ${links.unsubscribeUrl}\n`;
const footHtml = (s: (typeof T)[Language], links: MailLinks) => html`<p><a href="${links.preferencesUrl}">${s.preferences}</a> · <a href="${links.unsubscribeUrl}">${s.unsubscribe}</a></p>`;

export function confirmationMail(lang: Language, siteName: string, confirmUrl: string) {
  const s = T[lang];
  return {
    subject: s.confirmSubject(siteName),
    text: `${s.confirmText}\n\n${confirmUrl}\n\n${s.confirmIgnore}\n`,
    html: html`<!doctype html><html lang="${lang}"><body><p>${s.confirmText}</p><p><a href="${confirmUrl}">${confirmUrl}</a></p><p>${s.confirmIgnore}</p></body></html>`.value,
  };
}

export function digestMail(lang: Language, articles: Article[], day: string, links: MailLinks) {
  const s = T[lang];
  return {
    subject: s.digestSubject(links.siteName, day),
    text: [`${s.digestIntro}\n`, ...articles.map((a) => `* ${a.headline}\n  ${a.dek ? `${a.dek}\n  ` : ''}${links.articleUrl(a)}\n`), footText(s, links)].join('\n'),
    html: html`<!doctype html><html lang="${lang}"><body><h1>${s.digestIntro}</h1><ul>${articles.map(
      (a) => html`<li><a href="${links.articleUrl(a)}">${a.headline}</a>${a.dek ? html`<br>${a.dek}` : ''}</li>`,
    )}</ul>${footHtml(s, links)}</body></html>`.value,
  };
}

export function alertMail(lang: Language, article: Article, links: MailLinks) {
  const s = T[lang];
  return {
    subject: s.alertSubject(links.siteName, article.headline),
    text: `${article.headline}\n\n${article.dek ? `${article.dek}\n\n` : ''}${s.read}: ${links.articleUrl(article)}\n\n${footText(s, links)}`,
    html: html`<!doctype html><html lang="${lang}"><body><h1><a href="${links.articleUrl(article)}">${article.headline}</a></h1>${article.dek ? html`<p>${article.dek}</p>` : ''}<p><a href="${links.articleUrl(article)}">${s.read}</a></p>${footHtml(s, links)}</body></html>`.value,
  };
}

/** To an active subscriber who signed up again: their preferences link instead of a second confirmation. */
export function preferencesMail(lang: Language, siteName: string, links: Pick<MailLinks, 'preferencesUrl' | 'unsubscribeUrl'>) {
  const s = T[lang];
  return {
    subject: s.prefsSubject(siteName),
    text: `${s.prefsText}\n\n${links.preferencesUrl}\n\n${s.prefsIgnore}\n\n${s.unsubscribe}: ${links.unsubscribeUrl}\n`,
    html: html`<!doctype html><html lang="${lang}"><body><p>${s.prefsText}</p><p><a href="${links.preferencesUrl}">${s.preferences}</a></p><p>${s.prefsIgnore}</p><p><a href="${links.unsubscribeUrl}">${s.unsubscribe}</a></p></body></html>`.value,
  };
}
