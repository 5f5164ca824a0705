import { html } from '../html.js';
import { renderDocument } from '../layout.js';
import type { RenderContext } from '../render-context.js';

export interface NoticePageData {
  title: string;
  message: string;
  /** Path of the page itself (canonical). */
  path: string;
  /** A one-button form, e.g. "Unsubscribe" (a link scanner following the mail's link must not unsubscribe). */
  form?: { action: string; button: string; fields?: Record<string, string> };
}

/** A small page with a message (newsletter confirmation, unsubscribe), never indexed. */
export function renderNoticePage(ctx: RenderContext, data: NoticePageData): string {
  return renderDocument(
    ctx,
    { title: `${data.title} | ${ctx.siteName}`, canonicalPath: data.path, robots: 'noindex' },
    html`<section class="notice"><h1>${data.title}</h1><p>${data.message}</p>${
      data.form
        ? html`<form method="post" action="${data.form.action}">${Object.entries(data.form.fields ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}<button type="submit">${data.form.button}</button></form>`
        : ''
    }</section>`,
  );
}
