/**
 * The reader site's one stylesheet (reader-visual-direction.md). Served from /assets/site.<hash>.css with a
 * year-long immutable cache; kept in code so the build has no asset pipeline.
 */
export const SITE_CSS = `
:root{--text:#111;--muted:#555;--rule:#d8d8d8;--bg:#fff;--panel:#f5f5f3;--link:#0a4b8f;--accent:#b00020;--on-accent:#fff;--focus:#1a5fd0;
--font-ko:"Apple SD Gothic Neo","Malgun Gothic","Noto Sans KR","Noto Sans CJK KR",system-ui,sans-serif;
--font-en:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Apple SD Gothic Neo","Noto Sans KR","Noto Sans CJK KR",sans-serif;
--serif:Georgia,"Times New Roman","Noto Serif KR",serif;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--text:#ececec;--muted:#b4b4b4;--rule:#3a3a3a;--bg:#121212;--panel:#1d1d1d;--link:#8ab8ff;--accent:#ff6b6b;--on-accent:#121212;--focus:#8ab8ff}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:17px/1.6 var(--font-en)}
html:lang(ko) body{font-family:var(--font-ko);line-height:1.75}
:lang(ko){word-break:keep-all;overflow-wrap:anywhere}
a{color:var(--link);text-underline-offset:.15em}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
img{max-width:100%;height:auto;display:block}
.visually-hidden{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.skip-link{position:absolute;left:.5rem;top:-3rem;background:var(--bg);padding:.5rem 1rem;z-index:10}
.skip-link:focus{top:.5rem}
.wrap{max-width:72rem;margin:0 auto;padding:0 1rem}
.site-header{border-bottom:1px solid var(--rule)}
.top-bar{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center;justify-content:space-between;font-size:.85rem;color:var(--muted);padding:.4rem 0}
.top-bar .today{margin:0}
.date-weather{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center}
.weather{display:inline-flex;gap:.35rem;margin:0}
.weather .temp{font-weight:600;color:var(--text)}
.lang-switch{margin:0;display:flex;gap:.5rem;list-style:none;padding:0}
.lang-switch a[aria-current]{font-weight:700;color:var(--text);text-decoration:none}
.masthead{display:flex;align-items:baseline;justify-content:center;padding:.5rem 0 .25rem}
.wordmark{font:700 2rem/1.1 var(--serif);color:var(--text);text-decoration:none;letter-spacing:-.01em}
html:lang(ko) .wordmark{font-family:var(--font-ko)}
.section-nav{position:relative}
@media (max-width:48rem){.section-nav::after{content:"";position:absolute;top:0;right:0;bottom:0;width:2rem;pointer-events:none;background:linear-gradient(to right,transparent,var(--bg))}}
.section-nav ul{display:flex;gap:1.25rem;list-style:none;margin:0;padding:.5rem 0;overflow-x:auto;white-space:nowrap;scrollbar-width:thin}
.section-nav a{color:var(--text);text-decoration:none;font-weight:600;font-size:.95rem;padding:.25rem 0;display:inline-block}
.section-nav a:hover,.section-nav a[aria-current]{text-decoration:underline;text-decoration-color:var(--accent);text-decoration-thickness:3px}
main{display:block;padding:1rem 0 3rem}
.breaking-banner{background:var(--accent);color:var(--on-accent);margin:0 0 1rem;padding:.6rem 1rem;display:flex;gap:.75rem;align-items:baseline}
.breaking-banner a{color:var(--on-accent);font-weight:700}
.breaking-banner strong{text-transform:uppercase;letter-spacing:.04em;font-size:.85rem}
.article{max-width:42.5rem;margin:0 auto}
.kicker{display:flex;gap:.75rem;font-size:.85rem;font-weight:700;margin:0 0 .5rem;text-transform:uppercase;letter-spacing:.03em}
html:lang(ko) .kicker{text-transform:none;letter-spacing:0}
.kicker a{color:var(--accent);text-decoration:none}
.kicker .type-label{color:var(--muted)}
.headline{font:700 clamp(1.75rem,4.5vw,2.6rem)/1.2 var(--serif);margin:0 0 .75rem;text-wrap:balance}
html:lang(ko) .headline{font-family:var(--font-ko);line-height:1.3;letter-spacing:-.02em}
.dek{font-size:1.2rem;line-height:1.5;color:var(--muted);margin:0 0 1rem}
.byline-block{border-top:1px solid var(--rule);border-bottom:1px solid var(--rule);padding:.6rem 0;margin:0 0 1.25rem;font-size:.9rem}
.byline{margin:0;font-weight:600}
.times{margin:.2rem 0 0;color:var(--muted);display:flex;flex-wrap:wrap;gap:0 1rem}
figure{margin:0 0 1.5rem}
figcaption{font-size:.85rem;line-height:1.5;color:var(--muted);margin-top:.5rem}
figcaption .credit{text-transform:uppercase;letter-spacing:.04em;font-size:.75rem;margin-left:.35rem;white-space:nowrap}
.article-body{font-size:1.1rem}
@media (min-width:48rem){.article-body{font-size:1.15rem}}
.article-body p{margin:0 0 1.25rem}
.article-body h2,.article-body h3,.article-body h4{line-height:1.3;margin:2rem 0 .75rem}
.dateline{font-weight:700;text-transform:uppercase;font-size:.9em;letter-spacing:.03em}
blockquote{margin:1.5rem 0;padding:0 0 0 1rem;border-left:3px solid var(--rule)}
blockquote.pull-quote{border-left:0;border-top:3px solid var(--accent);border-bottom:1px solid var(--rule);padding:.75rem 0;font:600 1.35rem/1.45 var(--serif)}
html:lang(ko) blockquote.pull-quote{font-family:var(--font-ko)}
blockquote p{margin:0 0 .5rem}
blockquote footer{font-size:.9rem;color:var(--muted);font-family:var(--font-en)}
.embed-card{border:1px solid var(--rule);border-radius:6px;padding:1rem;margin:1.5rem 0;background:var(--panel)}
.embed-card p{margin:.25rem 0}
.embed-card .provider{font-size:.8rem;text-transform:uppercase;color:var(--muted);letter-spacing:.04em}
.embed-card button{font:inherit;font-size:.9rem;padding:.4rem .8rem;border:1px solid var(--text);background:var(--bg);color:var(--text);border-radius:4px;cursor:pointer;margin-top:.5rem}
.embed-frame{width:100%;aspect-ratio:16/9;border:0}
.credit-line{font-size:.95rem;border-top:1px solid var(--rule);padding-top:.75rem;margin:2rem 0 0}
.credit-line p{margin:.15rem 0}
.source-line{font-size:.9rem;color:var(--muted)}
.ad-slot{margin:2rem 0;text-align:center}
.ad-slot .ad-label{display:block;font-size:.7rem;letter-spacing:.08em;text-transform:uppercase;color:var(--muted);margin-bottom:.25rem}
.ad-slot .ad-space{min-height:250px;background:var(--panel)}
.corrections{background:var(--panel);padding:1rem;margin:2rem 0;border-left:4px solid var(--accent)}
.corrections h2{font-size:1rem;margin:0 0 .5rem}
.corrections ul{margin:0;padding-left:1.1rem}
.author-boxes{margin:2rem 0}
.author-box{display:flex;gap:1rem;align-items:flex-start;border-top:1px solid var(--rule);padding:1rem 0}
.author-box img{width:72px;height:72px;border-radius:50%;object-fit:cover;flex:none}
.author-box .name{font-weight:700;margin:0}
.author-box .role{color:var(--muted);font-size:.85rem;margin:0}
.author-box .bio{font-size:.95rem;margin:.35rem 0 0}
.translation-link{margin:1.5rem 0;font-weight:600}
.related h2,.front-section h2,.list-header h1{font-size:1.1rem;border-top:3px solid var(--text);padding-top:.5rem;margin:2rem 0 1rem}
.list-header h1{font-size:1.6rem}
.story-list{list-style:none;margin:0;padding:0;display:grid;gap:1.25rem}
.story{display:grid;grid-template-columns:1fr;gap:.5rem}
@media (min-width:40rem){.story.has-image{grid-template-columns:1fr 12rem}.story.has-image .story-image{order:2}}
.story h3,.story h2{font-size:1.15rem;line-height:1.3;margin:0}
.story h3 a,.story h2 a{color:var(--text);text-decoration:none}
.story h3 a:hover,.story h2 a:hover{text-decoration:underline}
.story p{margin:0;color:var(--muted);font-size:.95rem}
.story .meta{font-size:.8rem}
.meta{font-size:.85rem;color:var(--muted);margin:.25rem 0 0}
.lead-story h2 a{color:var(--text);text-decoration:none}
.lead-story h2 a:hover{text-decoration:underline}
.lead-story img{margin-bottom:.75rem}
.lead-story h2{font:700 clamp(1.6rem,4vw,2.2rem)/1.2 var(--serif);margin:.5rem 0}
html:lang(ko) .meta{font-size:.85rem;color:var(--muted);margin:.25rem 0 0}
.lead-story h2 a{color:var(--text);text-decoration:none}
.lead-story h2 a:hover{text-decoration:underline}
.lead-story img{margin-bottom:.75rem}
.lead-story h2{font-family:var(--font-ko)}
.lead-story .dek{font-size:1.1rem}
.front-grid{display:grid;gap:2rem}
@media (min-width:60rem){.front-grid{grid-template-columns:2fr 1fr}}
.front-sections{display:grid;gap:1.5rem}
@media (min-width:48rem){.front-sections{grid-template-columns:repeat(2,1fr)}}
.pagination{display:flex;gap:1rem;justify-content:space-between;margin:2rem 0;font-weight:600}
.author-header{display:flex;gap:1rem;align-items:center}
.author-header img{width:96px;height:96px;border-radius:50%;object-fit:cover;flex:none}
.author-header>div{min-width:0;overflow-wrap:anywhere}
.notice{max-width:40rem;margin:2rem auto}
.site-footer{border-top:1px solid var(--rule);padding:1.5rem 0 3rem;font-size:.85rem;color:var(--muted)}
.site-footer ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem 1rem}
.newsletter-signup{margin:0 0 1.5rem;color:var(--text)}.newsletter-signup h2{font-size:1rem;margin:0 0 .5rem}.newsletter-signup input[type=email]{font:inherit;padding:.3rem .4rem;min-width:16rem;max-width:100%}.newsletter-signup button{font:inherit;padding:.3rem .8rem}.newsletter-signup label{margin-right:1rem}
.push-optin{margin:0 0 1.5rem;color:var(--text)}.push-optin[hidden]{display:none}.push-optin h2{font-size:1rem;margin:0 0 .5rem}.push-optin button{font:inherit;padding:.3rem .8rem}
@media print{.site-header nav,.ad-slot,.lang-switch,.weather,.site-footer,.skip-link,.related,.embed-card button{display:none!important}
body{font-size:11pt;color:#000;background:#fff}.article{max-width:none}a{color:#000}.print-url{display:block!important}}
.print-url{display:none}
@media (prefers-reduced-motion:reduce){*{scroll-behavior:auto!important;transition:none!important}}
`;

/** Click-to-load for embeds: no third-party request until the reader asks for it. */
export const EMBED_JS = `document.addEventListener('click',function(e){var b=e.target.closest&&e.target.closest('button[data-embed-src]');if(!b)return;var f=document.createElement('iframe');f.src=b.getAttribute('data-embed-src');f.title=b.getAttribute('data-embed-title')||'';f.className='embed-frame';f.setAttribute('allowfullscreen','');f.setAttribute('referrerpolicy','strict-origin-when-cross-origin');f.setAttribute('sandbox','allow-scripts allow-same-origin allow-popups allow-presentation');b.closest('.embed-card').replaceWith(f);});`;

/** The tab icon: the wordmark's first letter in the accent colour (no request to anyone else). */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#b00020"/><text x="32" y="45" font-family="Georgia,serif" font-size="40" font-weight="700" text-anchor="middle" fill="#fff">S</text></svg>`;
