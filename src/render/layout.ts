import { absoluteUrl, frontPath, sectionPath } from '../delivery/urls.js';
import { formatLongDate } from '../lib/dates.js';
import type { SafeHtml } from './html.js';
import { html, trusted } from './html.js';
import { pushOptIn } from './components/push-optin.js';
import { searchForm } from './components/search-form.js';
import { t } from './i18n.js';
import type { RenderContext } from './render-context.js';

export interface PageHead {
  title: string;
  description?: string | undefined;
  /** Path of the canonical URL of this page. */
  canonicalPath: string;
  /** hreflang alternates: language → path. Only versions a reader can open. */
  alternates?: { lang: string; path: string }[];
  ogType?: 'article' | 'website';
  /** The share card's own title and description (default: title and description). */
  ogTitle?: string | undefined;
  ogDescription?: string | undefined;
  ogImage?: string | undefined;
  ogImageMeta?: { width: number; height: number; alt: string } | undefined;
  /** OpenGraph article properties (https://ogp.me/#type_article); times ISO 8601. */
  article?: { publishedTime: string; modifiedTime: string; section: string; tags: string[]; authorUrls: string[] } | undefined;
  robots?: string;
  /** Path of a list page whose own feeds (`…/rss.xml`, `…/atom.xml`, `…/feed.json`) exist besides the site's. */
  feedBasePath?: string | undefined;
  /** JSON-LD objects, each emitted as a `<script type="application/ld+json">` data block (not executed; CSP-safe). */
  jsonLd?: object[];
  /** Extra scripts (self-hosted), e.g. the embed loader, only on pages that need them. */
  scripts?: string[];
}

const LANGUAGE_NAMES = { ko: '한국어', en: 'English' } as const;

function header(ctx: RenderContext): SafeHtml {
  const s = t(ctx.lang);
  const other = ctx.lang === 'ko' ? 'en' : 'ko';
  const otherPath = ctx.alternatePath ?? frontPath(other);
  const topLevel = ctx.sections.filter((section) => !section.parentSlug);
  return html`<header class="site-header">
  <div class="wrap">
    <div class="top-bar">
      <div class="date-weather">
        ${ctx.weather
        ? html`<p class="weather"><span class="visually-hidden">${s.weather}: </span><span class="temp">${ctx.weather.temperatureF.toFixed(1)} °F</span> <span class="city">${ctx.weather.city}</span></p>`
        : ''}
        <p class="today"><time datetime="${ctx.now.toISOString()}">${formatLongDate(ctx.now, ctx.lang, ctx.timeZone)}</time></p>
      </div>
      <ul class="lang-switch">
        ${(['ko', 'en'] as const).map((lang) =>
          lang === ctx.lang
            ? html`<li><a href="${frontPath(lang)}" lang="${lang}" hreflang="${lang}" aria-current="true">${LANGUAGE_NAMES[lang]}</a></li>`
            : html`<li><a href="${otherPath}" lang="${lang}" hreflang="${lang}">${LANGUAGE_NAMES[lang]}</a></li>`,
        )}
      </ul>
    </div>
    <div class="masthead"><a class="wordmark" href="${frontPath(ctx.lang)}">${ctx.siteName}</a></div>
    ${ctx.hideHeaderSearch ? '' : searchForm(ctx, { id: 'site-search', className: 'header-search', hiddenLabel: true })}
    <nav class="section-nav" aria-label="${s.mainNavigation}">
      <ul>
        ${topLevel.map(
          (section) =>
            html`<li><a href="${sectionPath(ctx.lang, section.slug)}"${ctx.currentSectionSlug === section.slug ? html` aria-current="page"` : ''}>${ctx.lang === 'ko' ? section.nameKo : section.nameEn}</a></li>`,
        )}
      </ul>
    </nav>
  </div>
</header>`;
}

const SIGNUP = {
  en: { title: 'Newsletter', email: 'E-mail address', digest: 'Daily digest', alerts: 'Breaking news alerts', button: 'Subscribe', note: 'We send a confirmation link first.' },
  ko: { title: '뉴스레터', email: '이메일 주소', digest: '매일 주요 기사', alerts: '속보 알림', button: '구독하기', note: '먼저 확인 링크를 보내 드립니다.' },
} as const;

/** Newsletter sign-up: a plain form (no script), double opt-in happens by mail. */
function newsletterSignup(ctx: RenderContext): SafeHtml | '' {
  if (!ctx.newsletterSignup) return '';
  const s = SIGNUP[ctx.lang];
  return html`<form class="newsletter-signup" method="post" action="/newsletter/subscribe" aria-labelledby="newsletter-title">
  <h2 id="newsletter-title">${s.title}</h2>
  <input type="hidden" name="lang" value="${ctx.lang}"><input type="hidden" name="languages" value="${ctx.lang}">
  <p><label for="newsletter-email">${s.email}</label> <input id="newsletter-email" type="email" name="email" required autocomplete="email"></p>
  <p><label><input type="checkbox" name="digest" value="on" checked> ${s.digest}</label> <label><input type="checkbox" name="alerts" value="on"> ${s.alerts}</label></p>
  <p><button type="submit">${s.button}</button> <span class="note">${s.note}</span></p>
</form>`;
}

function footer(ctx: RenderContext): SafeHtml {
  const s = t(ctx.lang);
  return html`<footer class="site-footer">
  <div class="wrap">
    ${newsletterSignup(ctx)}
    ${pushOptIn(ctx)}
    <ul>${ctx.sections
      .filter((section) => !section.parentSlug)
      .map((section) => html`<li><a href="${sectionPath(ctx.lang, section.slug)}">${ctx.lang === 'ko' ? section.nameKo : section.nameEn}</a></li>`)}</ul>
    <p>${s.footerNoteZone}: ${ctx.timeZone}. © ${ctx.now.getUTCFullYear()} ${ctx.siteName}</p>
  </div>
</footer>`;
}

/** Feed autodiscovery (RSS, Atom, JSON Feed) for the site in this language and, on list pages, for the list. */
function feedLinks(ctx: RenderContext, head: PageHead): SafeHtml[] {
  const bases = [{ path: frontPath(ctx.lang), title: ctx.siteName }, ...(head.feedBasePath ? [{ path: head.feedBasePath, title: head.title }] : [])];
  return bases.flatMap(({ path, title }) => [
    html`<link rel="alternate" type="application/rss+xml" title="${title} (RSS)" href="${path}/rss.xml">`,
    html`<link rel="alternate" type="application/atom+xml" title="${title} (Atom)" href="${path}/atom.xml">`,
    html`<link rel="alternate" type="application/feed+json" title="${title} (JSON Feed)" href="${path}/feed.json">`,
  ]);
}

/**
 * JSON inside <script> is raw text to the HTML parser: `<` is escaped as \u003c so no `</script>` or `<!--` can end
 * or change the block, whatever an editor typed into a headline.
 */
function jsonLdText(data: object): SafeHtml {
  return trusted(JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029'));
}

/** The document around every reader page: one stylesheet, no inline script or style (strict CSP), `lang` declared. */
export function renderDocument(ctx: RenderContext, head: PageHead, content: SafeHtml): string {
  const s = t(ctx.lang);
  const canonical = absoluteUrl(ctx.siteUrl, head.canonicalPath);
  const alternates = head.alternates ?? [];
  return `<!doctype html>${html`<html lang="${ctx.lang}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${head.title}</title>
${head.description ? html`<meta name="description" content="${head.description}">` : ''}
${head.robots ? html`<meta name="robots" content="${head.robots}">` : ''}
<link rel="canonical" href="${canonical}">
${alternates.length
  ? [
      html`<link rel="alternate" hreflang="${ctx.lang}" href="${canonical}">`,
      ...alternates.map((a) => html`<link rel="alternate" hreflang="${a.lang}" href="${absoluteUrl(ctx.siteUrl, a.path)}">`),
    ]
  : ''}
${feedLinks(ctx, head)}
${(head.jsonLd ?? []).map((data) => html`<script type="application/ld+json">${jsonLdText(data)}</script>`)}
<meta property="og:site_name" content="${ctx.siteName}">
<meta property="og:title" content="${head.ogTitle ?? head.title}">
<meta property="og:type" content="${head.ogType ?? 'website'}">
<meta property="og:url" content="${canonical}">
<meta property="og:locale" content="${ctx.lang === 'ko' ? 'ko_KR' : 'en_US'}">
${(head.ogDescription ?? head.description) ? html`<meta property="og:description" content="${head.ogDescription ?? head.description}">` : ''}
${head.ogImage ? html`<meta property="og:image" content="${absoluteUrl(ctx.siteUrl, head.ogImage)}">` : ''}
${head.ogImage && head.ogImageMeta
  ? html`<meta property="og:image:width" content="${head.ogImageMeta.width}">
<meta property="og:image:height" content="${head.ogImageMeta.height}">
${head.ogImageMeta.alt ? html`<meta property="og:image:alt" content="${head.ogImageMeta.alt}">` : ''}`
  : ''}
${alternates.map((a) => html`<meta property="og:locale:alternate" content="${a.lang === 'ko' ? 'ko_KR' : 'en_US'}">`)}
${head.article
  ? html`<meta property="article:published_time" content="${head.article.publishedTime}">
<meta property="article:modified_time" content="${head.article.modifiedTime}">
<meta property="article:section" content="${head.article.section}">
${head.article.tags.map((tag) => html`<meta property="article:tag" content="${tag}">`)}
${head.article.authorUrls.map((url) => html`<meta property="article:author" content="${url}">`)}`
  : ''}
<meta name="twitter:card" content="${head.ogImage ? 'summary_large_image' : 'summary'}">
<meta name="twitter:title" content="${head.ogTitle ?? head.title}">
${(head.ogDescription ?? head.description) ? html`<meta name="twitter:description" content="${head.ogDescription ?? head.description}">` : ''}
${head.ogImage ? html`<meta name="twitter:image" content="${absoluteUrl(ctx.siteUrl, head.ogImage)}">` : ''}
${head.ogImage && head.ogImageMeta?.alt ? html`<meta name="twitter:image:alt" content="${head.ogImageMeta.alt}">` : ''}
<link rel="icon" href="${ctx.assets.favicon}" type="image/svg+xml">
<link rel="stylesheet" href="${ctx.assets.css}">
${[...(head.scripts ?? []), ...(ctx.assets.searchJs ? [ctx.assets.searchJs] : []), ...(ctx.push ? [ctx.push.script] : [])].map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body>
<a class="skip-link" href="#main">${s.skipToContent}</a>
${header(ctx)}
<main id="main" tabindex="-1"><div class="wrap">${content}</div></main>
${footer(ctx)}
</body>
</html>`.value}`;
}

