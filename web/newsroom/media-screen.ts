import type { Media } from './api.js';
import { request } from './api.js';
import { field, h } from './dom.js';
import { announce, renderScreen, state } from './main.js';
import { uploadForm } from './upload-form.js';

/** The media library: upload with alt text, caption and credit; edit those (and the agency's usage terms) later. */
export async function mediaScreen(): Promise<void> {
  const s = state.s;
  const items = (await request<{ media: (Media & { usageTerms?: string })[] }>('GET', '/api/admin/media?pageSize=100')).media;
  const upload = uploadForm({
    headingLevel: 'h2',
    withUsageTerms: true,
    primary: true,
    onUploaded: async () => {
      announce(s.saved);
      await mediaScreen();
    },
  });
  const card = (m: Media & { usageTerms?: string }) => {
    const alt = h('input', { type: 'text', name: 'alt', value: m.alt });
    const caption = h('input', { type: 'text', name: 'caption', value: m.caption });
    const credit = h('input', { type: 'text', name: 'credit', value: m.credit });
    const usage = h('input', { type: 'text', name: 'usageTerms', value: m.usageTerms ?? '' });
    const status = h('p', { class: 'nr-save-state', role: 'status' });
    return h(
      'li',
      { class: 'media-card' },
      h('img', { src: m.url, alt: '', width: 240, height: Math.round((240 * m.height) / Math.max(1, m.width)) }),
      h(
        'form',
        {
          'aria-label': `#${m.id}`,
          onsubmit: async (event: Event) => {
            event.preventDefault();
            await request('PATCH', `/api/admin/media/${m.id}`, { alt: alt.value, caption: caption.value, credit: credit.value, usageTerms: usage.value });
            status.textContent = s.saved;
          },
        },
        field(s.alt, alt),
        field(s.caption, caption),
        field(s.credit, credit),
        field(s.usageTerms, usage),
        h('button', { type: 'submit' }, s.save),
        status,
      ),
    );
  };
  renderScreen(s.mediaLibrary, upload, h('h2', {}, `${s.mediaLibrary} (${items.length})`), h('ul', { class: 'media-library' }, items.map(card)));
}
