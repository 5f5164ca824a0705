import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../app.js';
import type { Language } from '../../content/content.types.js';
import { AppError } from '../../lib/errors.js';
import { preferencesInputSchema, subscribeInputSchema } from '../../newsletters/newsletter.service.js';
import type { NewsletterPreferences } from '../../newsletters/newsletter.service.js';
import { renderNewsletterPreferencesPage } from '../../render/pages/newsletter-preferences-page.js';
import { sendProblem, zodErrors } from '../problem.js';
import { renderNoticePage } from '../../render/pages/notice-page.js';
import { READER_CSP, renderContext } from './site.routes.js';

const TEXT = {
  en: {
    checkMail: ['Check your inbox', 'We sent you a mail with a link to confirm your subscription.'],
    confirmed: ['Subscription confirmed', 'Thank you. Your newsletter will arrive as you chose.'],
    badLink: ['This link does not work', 'It may be old or mistyped. Sign up again from the site.'],
    unsubscribeAsk: ['Unsubscribe', 'Press the button to stop all newsletter mail to this address.'],
    unsubscribed: ['Unsubscribed', 'You will get no more newsletter mail from us.'],
    button: 'Unsubscribe',
    badPreferencesLink: ['This link does not work', 'It may be old or mistyped, or the address is no longer subscribed. Sign up again from the site; we will mail you a new link.'],
    chooseLanguage: 'Choose Korean, English, or both.',
    chooseMail: 'Choose the daily digest, breaking alerts, or both — or unsubscribe below.',
  },
  ko: {
    checkMail: ['메일함을 확인해 주세요', '구독 확인 링크가 담긴 메일을 보냈습니다.'],
    confirmed: ['구독이 확인되었습니다', '감사합니다. 선택하신 뉴스레터를 보내 드리겠습니다.'],
    badLink: ['이 링크는 사용할 수 없습니다', '오래되었거나 잘못된 링크입니다. 사이트에서 다시 신청해 주세요.'],
    unsubscribeAsk: ['구독 해지', '버튼을 누르면 이 주소로 가는 뉴스레터 발송이 모두 중단됩니다.'],
    unsubscribed: ['구독이 해지되었습니다', '더 이상 뉴스레터를 보내지 않습니다.'],
    button: '구독 해지',
    badPreferencesLink: ['이 링크는 사용할 수 없습니다', '오래되었거나 잘못된 링크이거나, 더 이상 구독 중이 아닌 주소입니다. 사이트에서 다시 신청하시면 새 링크를 메일로 보내 드립니다.'],
    chooseLanguage: '한국어나 영어 중 하나 이상을 고르세요.',
    chooseMail: '매일 주요 기사나 속보 알림 중 하나 이상을 고르세요. 아무것도 받지 않으시려면 아래에서 구독을 해지하세요.',
  },
} as const;

const tokenQuery = z.object({ token: z.string().min(10).max(200), lang: z.enum(['ko', 'en']).optional() });

/** Form fields arrive as strings; checkboxes as "on" (or repeated fields for languages). */
const subscribeForm = z.object({
  email: z.string(),
  languages: z.union([z.string(), z.array(z.string())]).optional(),
  digest: z.union([z.boolean(), z.string()]).optional(),
  alerts: z.union([z.boolean(), z.string()]).optional(),
  lang: z.string().optional(),
});
/** The preferences form: checkboxes only, each absent when unchecked. */
const preferencesForm = z.object({
  languages: z.union([z.string(), z.array(z.string())]).optional(),
  digest: z.string().optional(),
  alerts: z.string().optional(),
});
const truthy = (v: boolean | string | undefined, fallback: boolean) => (v === undefined ? fallback : v === true || v === 'on' || v === 'true' || v === '1');

/**
 * Newsletter sign-up, confirmation and unsubscribe for readers, without login. Subscribing answers the same
 * whether or not the address is known; unsubscribe by GET only shows a button (mail scanners follow links), by
 * POST it acts: that POST is also the RFC 8058 one-click target of the List-Unsubscribe header.
 */
export async function registerNewsletterRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const { newsletters, config } = services;
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 10_000 }, (_request, body, done) => {
      const params = new URLSearchParams(String(body));
      const out: Record<string, string | string[]> = {};
      for (const key of new Set(params.keys())) {
        const all = params.getAll(key);
        out[key] = all.length > 1 ? all : (all[0] ?? '');
      }
      done(null, out);
    });
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('cache-control', 'no-store');
      return payload;
    });

    const page = async (reply: FastifyReply, lang: Language, status: number, key: 'checkMail' | 'confirmed' | 'badLink' | 'unsubscribeAsk' | 'unsubscribed' | 'badPreferencesLink', path: string, form?: { action: string }) => {
      const [title, message] = TEXT[lang][key];
      const ctx = await renderContext(services, lang);
      return reply
        .status(status)
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', READER_CSP)
        .send(renderNoticePage(ctx, { title, message, path, ...(form ? { form: { action: form.action, button: TEXT[lang].button } } : {}) }));
    };
    const langOf = (request: FastifyRequest): Language => {
      const q = (request.query as { lang?: string } | undefined)?.lang;
      return q === 'en' || q === 'ko' ? q : config.defaultLanguage;
    };

    scope.post('/newsletter/subscribe', { config: { rateLimit: { max: 20, timeWindow: 60_000 } } }, async (request, reply) => {
      if (!newsletters.enabled) throw new AppError('ERR_CONFLICT', 'Newsletters are not available on this site.');
      const json = String(request.headers['content-type'] ?? '').startsWith('application/json');
      const form = subscribeForm.safeParse(request.body ?? {});
      if (!form.success) throw new AppError('ERR_VALIDATION', 'email is required');
      const languages = form.data.languages === undefined ? [form.data.lang === 'en' ? 'en' : config.defaultLanguage] : [form.data.languages].flat();
      // An unchecked checkbox is simply absent from a form post; JSON clients get the defaults.
      const input = subscribeInputSchema.safeParse({ email: form.data.email, languages, digest: truthy(form.data.digest, json), alerts: truthy(form.data.alerts, false) });
      if (!input.success) {
        const errors = zodErrors(input.error);
        const error = new AppError('ERR_VALIDATION', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
        if (json) return sendProblem(request, reply, error);
        throw error;
      }
      await newsletters.subscribe(input.data);
      if (json) return reply.status(202).send({ status: 'confirmation-sent' });
      return page(reply, form.data.lang === 'en' ? 'en' : languages[0] === 'en' ? 'en' : 'ko', 200, 'checkMail', '/newsletter/subscribe');
    });

    scope.get('/newsletter/confirm', async (request, reply) => {
      const query = tokenQuery.safeParse(request.query);
      const lang = langOf(request);
      const ok = query.success && (await newsletters.confirm(query.data.token));
      return page(reply, lang, ok ? 200 : 404, ok ? 'confirmed' : 'badLink', '/newsletter/confirm');
    });

    scope.get('/newsletter/unsubscribe', async (request, reply) => {
      const query = tokenQuery.safeParse(request.query);
      const lang = langOf(request);
      if (!query.success) return page(reply, lang, 404, 'badLink', '/newsletter/unsubscribe');
      return page(reply, lang, 200, 'unsubscribeAsk', '/newsletter/unsubscribe', { action: `/newsletter/unsubscribe?token=${encodeURIComponent(query.data.token)}&lang=${lang}` });
    });

    // Preferences: the token in the URL is the credential (a cross-site form cannot know it), so GET shows and POST
    // changes with no session and no CSRF token; the page never leaks the token in a Referer.
    const preferencesPage = async (reply: FastifyReply, lang: Language, status: number, token: string, prefs: { email: string } & NewsletterPreferences, extra: { saved?: boolean; error?: string }) => {
      const ctx = await renderContext(services, lang);
      const query = `token=${encodeURIComponent(token)}&lang=${lang}`;
      return reply
        .status(status)
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', READER_CSP)
        .header('referrer-policy', 'no-referrer')
        .send(renderNewsletterPreferencesPage(ctx, { ...prefs, ...extra, action: `/newsletter/preferences?${query}`, unsubscribeUrl: `/newsletter/unsubscribe?${query}` }));
    };

    scope.get('/newsletter/preferences', async (request, reply) => {
      const query = tokenQuery.safeParse(request.query);
      const lang = langOf(request);
      const prefs = query.success ? await newsletters.getPreferences(query.data.token) : null;
      if (!query.success || !prefs) return page(reply, lang, 404, 'badPreferencesLink', '/newsletter/preferences');
      return preferencesPage(reply, lang, 200, query.data.token, prefs, {});
    });

    scope.post('/newsletter/preferences', async (request, reply) => {
      const query = tokenQuery.safeParse(request.query);
      const lang = langOf(request);
      const current = query.success ? await newsletters.getPreferences(query.data.token) : null;
      if (!query.success || !current) return page(reply, lang, 404, 'badPreferencesLink', '/newsletter/preferences');
      const form = preferencesForm.safeParse(request.body ?? {});
      const fields = form.success ? form.data : {};
      const chosen = { languages: fields.languages === undefined ? [] : [fields.languages].flat(), digest: truthy(fields.digest, false), alerts: truthy(fields.alerts, false) };
      const input = preferencesInputSchema.safeParse(chosen);
      if (!input.success) {
        // Show the form again as the reader left it, with what is missing (422: nothing was saved).
        const missingLanguage = input.error.issues.some((i) => i.path[0] === 'languages');
        const shown = { email: current.email, languages: chosen.languages.filter((l): l is Language => l === 'ko' || l === 'en'), digest: chosen.digest, alerts: chosen.alerts };
        return preferencesPage(reply, lang, 422, query.data.token, shown, { error: missingLanguage ? TEXT[lang].chooseLanguage : TEXT[lang].chooseMail });
      }
      if (!(await newsletters.updatePreferences(query.data.token, input.data))) return page(reply, lang, 404, 'badPreferencesLink', '/newsletter/preferences');
      return preferencesPage(reply, lang, 200, query.data.token, { email: current.email, ...input.data }, { saved: true });
    });

    scope.post('/newsletter/unsubscribe', async (request, reply) => {
      const query = tokenQuery.safeParse(request.query);
      const lang = langOf(request);
      const ok = query.success && (await newsletters.unsubscribe(query.data.token));
      return page(reply, lang, ok ? 200 : 404, ok ? 'unsubscribed' : 'badLink', '/newsletter/unsubscribe');
    });
  });
}
