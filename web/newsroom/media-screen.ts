import type { Media } from './api.js';
import { request } from './api.js';
import { field, h } from './dom.js';
import { announce, renderScreen, state } from './main.js';

/** The media library: upload with alt text, caption and credit; edit those (and the agency's usage terms) later. */
export async function mediaScreen(): Promise<void> {
  const s = state.s;
  const items = (await request<{ media: (Media & { usageTerms?: string })[] }>('GET', '/api/admin/media?pageSize=100')).media;
  const uploadError = h('p', { class: 'error', role: 'alert' });
  const upload = h(
    'form',
    {
      class: 'upload',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        uploadError.textContent = '';
        try {
          await request<Media>('POST', '/api/admin/media', undefined, { form: new FormData(upload) });
          announce(s.saved);
          await mediaScreen();
        } catch (error) {
          uploadError.textContent = error instanceof Error ? error.message : String(error);
        }
      },
    },
    h('h2', {}, s.uploadImage),
    field(s.file, h('input', { type: 'file', name: 'file', accept: 'image/*', required: true })),
    field(s.alt, h('input', { type: 'text', name: 'alt', required: true })),
    field(s.caption, h('input', { type: 'text', name: 'caption', required: true })),
    field(s.credit, h('input', { type: 'text', name: 'credit', required: true })),
    field(s.usageTerms, h('input', { type: 'text', name: 'usageTerms' })),
    uploadError,
    h('button', { type: 'submit', class: 'primary' }, s.upload),
  );
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
