import { html } from '../render/html.js';

/** Password-reset and invitation mails (multipart HTML + text) in the account's language. */
const T = {
  ko: {
    resetSubject: (site: string) => `${site} 뉴스룸 비밀번호 재설정`,
    resetText: (hours: number) => `아래 링크에서 새 비밀번호를 정하세요. 링크는 ${hours}시간 동안 한 번만 쓸 수 있습니다.`,
    resetIgnore: '요청하지 않으셨다면 이 메일을 무시하세요. 비밀번호는 바뀌지 않습니다.',
    inviteSubject: (site: string) => `${site} 뉴스룸에 초대되었습니다`,
    inviteText: (inviter: string, days: number) => `${inviter} 님이 뉴스룸 계정을 만들었습니다. 아래 링크에서 이름과 비밀번호를 정하세요. 링크는 ${days}일 동안 한 번만 쓸 수 있습니다.`,
  },
  en: {
    resetSubject: (site: string) => `Reset your ${site} newsroom password`,
    resetText: (hours: number) => `Choose a new password with the link below. It works once, for ${hours} hour${hours === 1 ? '' : 's'}.`,
    resetIgnore: 'If you did not ask for this, ignore this mail; your password stays as it is.',
    inviteSubject: (site: string) => `You are invited to the ${site} newsroom`,
    inviteText: (inviter: string, days: number) => `${inviter} made you a newsroom account. Choose your name and password with the link below. It works once, for ${days} days.`,
  },
} as const;

type Lang = keyof typeof T;

const mail = (lang: Lang, subject: string, lines: string[], url: string) => ({
  subject,
  text: `${lines[0] ?? ''}\n\n${url}\n\n${lines.slice(1).join('\n\n')}\n`,
  html: html`<!doctype html><html lang="${lang}"><body><p>${lines[0] ?? ''}</p><p><a href="${url}">${url}</a></p>${lines.slice(1).map((line) => html`<p>${line}</p>`)}</body></html>`.value,
});

export const passwordResetMail = (lang: Lang, siteName: string, url: string, hours: number) =>
  mail(lang, T[lang].resetSubject(siteName), [T[lang].resetText(hours), T[lang].resetIgnore], url);

export const invitationMail = (lang: Lang, siteName: string, url: string, inviter: string, days: number) =>
  mail(lang, T[lang].inviteSubject(siteName), [T[lang].inviteText(inviter, days)], url);
