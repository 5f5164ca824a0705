/**
 * A tiny HTML template tag: every interpolated value is escaped unless it is already `SafeHtml` (the output of
 * another template). This is the whole rendering "framework" (docs/decisions/002-rendering.md): no client
 * framework ships, and there is no way to put unescaped text into a page by accident.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Marks trusted markup (our own constants) as safe. Never pass user input. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** An attribute only when the value is present: attr('href', url) → ` href="…"`. */
export function attr(name: string, value: string | number | null | undefined): SafeHtml {
  return value === null || value === undefined || value === '' ? new SafeHtml('') : new SafeHtml(` ${name}="${escapeHtml(String(value))}"`);
}
