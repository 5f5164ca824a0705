import type { Media } from './api.js';
import { uploadWithProgress } from './api.js';
import { field, h, uid } from './dom.js';
import { state } from './main.js';

const T = {
  ko: {
    dropLabel: '끌어다 놓기·붙여 넣기',
    dropZone: '이미지를 여기에 끌어다 놓거나, 여기를 선택하고 붙여 넣으세요 (Ctrl+V). 파일 선택 버튼도 쓸 수 있습니다.',
    chosen: (name: string) => `선택한 파일: ${name}`,
    notImage: '이미지 파일이 아닙니다.',
    progress: '업로드 진행률',
    uploading: (pct: number) => `업로드 중 ${pct}%`,
    done: '업로드 완료',
  },
  en: {
    dropLabel: 'Drop or paste',
    dropZone: 'Drop an image here, or select this area and paste (Ctrl+V). The file button works too.',
    chosen: (name: string) => `Chosen file: ${name}`,
    notImage: 'That is not an image file.',
    progress: 'Upload progress',
    uploading: (pct: number) => `Uploading ${pct}%`,
    done: 'Upload complete',
  },
};

/**
 * The one image-upload form (media library screen and the editor's image dialog): a file by button, drag and drop
 * or paste; alt text, caption and credit are required with it, so an image is never stored without them. The upload
 * shows its progress in a <progress> element and announces start, quarters and completion to screen readers.
 */
export function uploadForm(options: { headingLevel: 'h2' | 'h3'; withUsageTerms?: boolean; primary?: boolean; onUploaded: (item: Media) => void | Promise<void> }): HTMLFormElement {
  const s = state.s;
  const t = T[state.lang];
  const uploadError = h('p', { class: 'error', role: 'alert' });
  const fileInput = h('input', { type: 'file', name: 'file', accept: 'image/*', required: true });
  const chosen = h('p', { class: 'hint', 'aria-live': 'polite' });
  const progressId = uid('upload-progress');
  const progress = h('progress', { id: progressId, max: 100, value: 0, class: 'upload-progress' });
  const progressField = h('div', { class: 'field upload-progress-field', hidden: true }, h('label', { for: progressId }, t.progress), progress);
  const hintId = uid('drop-hint');
  // Its own live region, inside the form: in the editor's modal dialog everything outside is inert and silent.
  const status = h('p', { class: 'upload-status', role: 'status' });
  const announce = (message: string) => {
    status.textContent = message;
  };

  const take = (files: FileList | null | undefined): boolean => {
    const file = files ? [...files].find((f) => f.type.startsWith('image/')) : undefined;
    if (!file) {
      if (files?.length) uploadError.textContent = t.notImage;
      return false;
    }
    // The file input stays the one source of truth, so a keyboard user and a dragged file submit the same way.
    const transfer = new DataTransfer();
    transfer.items.add(file);
    fileInput.files = transfer.files;
    uploadError.textContent = '';
    chosen.textContent = t.chosen(file.name);
    return true;
  };
  fileInput.addEventListener('change', () => {
    chosen.textContent = fileInput.files?.[0] ? t.chosen(fileInput.files[0].name) : '';
  });

  const dropZone = h('div', { class: 'drop-zone', tabindex: 0, role: 'group', 'aria-label': t.dropLabel, 'aria-describedby': hintId }, h('p', { id: hintId }, t.dropZone));
  dropZone.addEventListener('dragover', (event) => {
    event.preventDefault();
    dropZone.classList.add('dragging');
  });
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
  dropZone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropZone.classList.remove('dragging');
    take(event.dataTransfer?.files);
  });

  let announced = -1;
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'upload',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        uploadError.textContent = '';
        progressField.hidden = false;
        progress.value = 0;
        announced = -1;
        announce(t.uploading(0));
        try {
          const item = await uploadWithProgress<Media>('/api/admin/media', new FormData(form), (loaded, total) => {
            const pct = Math.round((loaded / Math.max(1, total)) * 100);
            progress.value = pct;
            // Announce in quarters, not every event: a screen reader would otherwise talk over itself.
            const quarter = Math.floor(pct / 25);
            if (quarter > announced && quarter > 0 && pct < 100) {
              announced = quarter;
              announce(t.uploading(pct));
            }
          });
          progress.value = 100;
          announce(t.done);
          form.reset();
          chosen.textContent = '';
          await options.onUploaded(item);
        } catch (error) {
          uploadError.textContent = error instanceof Error ? error.message : String(error);
        }
      },
    },
    h(options.headingLevel, {}, s.uploadImage),
    dropZone,
    field(s.file, fileInput),
    chosen,
    field(s.alt, h('input', { type: 'text', name: 'alt', required: true })),
    field(s.caption, h('input', { type: 'text', name: 'caption', required: true })),
    field(s.credit, h('input', { type: 'text', name: 'credit', required: true })),
    options.withUsageTerms ? field(s.usageTerms, h('input', { type: 'text', name: 'usageTerms' })) : null,
    progressField,
    status,
    uploadError,
    h('button', options.primary ? { type: 'submit', class: 'primary' } : { type: 'submit' }, s.upload),
  );
  // Paste anywhere in the form (an image copied from another app or a screenshot); text pastes into fields as usual.
  form.addEventListener('paste', (event) => {
    if (take(event.clipboardData?.files)) event.preventDefault();
  });
  return form;
}
