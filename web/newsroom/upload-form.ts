import type { Media } from './api.js';
import { request } from './api.js';
import { field, h } from './dom.js';
import { state } from './main.js';

/**
 * The one image-upload form (media library screen and the editor's image dialog): alt text, caption and credit are
 * required with the file, so an image is never stored without them.
 */
export function uploadForm(options: { headingLevel: 'h2' | 'h3'; withUsageTerms?: boolean; primary?: boolean; onUploaded: (item: Media) => void | Promise<void> }): HTMLFormElement {
  const s = state.s;
  const uploadError = h('p', { class: 'error', role: 'alert' });
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'upload',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        uploadError.textContent = '';
        try {
          const item = await request<Media>('POST', '/api/admin/media', undefined, { form: new FormData(form) });
          form.reset();
          await options.onUploaded(item);
        } catch (error) {
          uploadError.textContent = error instanceof Error ? error.message : String(error);
        }
      },
    },
    h(options.headingLevel, {}, s.uploadImage),
    field(s.file, h('input', { type: 'file', name: 'file', accept: 'image/*', required: true })),
    field(s.alt, h('input', { type: 'text', name: 'alt', required: true })),
    field(s.caption, h('input', { type: 'text', name: 'caption', required: true })),
    field(s.credit, h('input', { type: 'text', name: 'credit', required: true })),
    options.withUsageTerms ? field(s.usageTerms, h('input', { type: 'text', name: 'usageTerms' })) : null,
    uploadError,
    h('button', options.primary ? { type: 'submit', class: 'primary' } : { type: 'submit' }, s.upload),
  );
  return form;
}
