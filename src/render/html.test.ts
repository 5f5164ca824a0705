import { describe, expect, it } from 'vitest';
import { attr, html } from './html.js';

describe('html', () => {
  it('escapes interpolated text and keeps nested templates', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"x"'}">${inner}${['a', '&']}${null}${false}</p>`.value).toBe('<p title="&quot;x&quot;"><b>&lt;i&gt;</b>a&amp;</p>');
  });
  it('drops empty attributes', () => {
    expect(html`<a${attr('href', '')}${attr('rel', 'next')}>`.value).toBe('<a rel="next">');
  });
});
