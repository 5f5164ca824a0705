import type { InlineText } from '../../content/content.types.js';
import type { SafeHtml } from '../html.js';
import { html } from '../html.js';

/** Inline runs: text with bold/italic/link marks; line breaks kept as <br>. */
export function renderInline(content: InlineText[]): SafeHtml {
  return html`${content.map((run) => {
    const lines = run.text.split('\n');
    let out: SafeHtml = html`${lines.map((line, i) => (i === 0 ? html`${line}` : html`<br>${line}`))}`;
    if (run.italic) out = html`<em>${out}</em>`;
    if (run.bold) out = html`<strong>${out}</strong>`;
    if (run.href) out = /^https?:\/\//i.test(run.href) ? html`<a href="${run.href}" rel="noopener">${out}</a>` : html`<a href="${run.href}">${out}</a>`;
    return out;
  })}`;
}

export const inlinePlainText = (content: InlineText[]): string => content.map((r) => r.text).join('');
