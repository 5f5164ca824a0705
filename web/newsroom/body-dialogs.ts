import type { Node as PmNode } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';
import { field, h, uid } from './dom.js';
import { state } from './main.js';

const T = {
  ko: {
    embed: '임베드',
    embedTitle: '임베드 넣기',
    embedUrl: '주소 (https://…)',
    embedUrlHint: 'https 주소만 됩니다. 독자 페이지에는 링크 카드로 보이고, 독자가 누를 때만 외부 콘텐츠를 불러옵니다.',
    embedName: '제목 (선택)',
    embedBadUrl: 'https://로 시작하는 올바른 주소를 넣으세요.',
    insert: '넣기',
    cancel: '취소',
    attribution: '출처',
    attributionTitle: '인용문 출처',
    attributionLabel: '출처 (말한 사람·매체)',
    attributionHint: '비우면 출처 없이 저장됩니다.',
    notInQuote: '인용문 안에 커서를 두면 출처를 넣을 수 있습니다.',
    apply: '적용',
    searchImages: '이미지 검색',
    searchImagesHint: '캡션·크레딧·대체 텍스트·파일 이름에서 찾습니다.',
    search: '검색',
    imagesFound: (n: number) => `이미지 ${n}개를 찾았습니다.`,
    noImagesFound: '찾는 이미지가 없습니다.',
  },
  en: {
    embed: 'Embed',
    embedTitle: 'Insert an embed',
    embedUrl: 'Address (https://…)',
    embedUrlHint: 'https addresses only. Readers see a link card and load the outside content only when they press it.',
    embedName: 'Title (optional)',
    embedBadUrl: 'Enter a valid address starting with https://.',
    insert: 'Insert',
    cancel: 'Cancel',
    attribution: 'Attribution',
    attributionTitle: 'Quote attribution',
    attributionLabel: 'Attribution (speaker or source)',
    attributionHint: 'Leave it empty to save the quote without one.',
    notInQuote: 'Put the cursor in a quote to give it an attribution.',
    apply: 'Apply',
    searchImages: 'Search images',
    searchImagesHint: 'Looks in captions, credits, alt text and file names.',
    search: 'Search',
    imagesFound: (n: number) => `${n} image${n === 1 ? '' : 's'} found.`,
    noImagesFound: 'No images found.',
  },
};
export const bodyStrings = () => T[state.lang];

/** The server's rule for an embed URL (embedBlockSchema in src/content/content.types.ts): a valid https URL. */
export function validEmbedUrl(value: string): boolean {
  const url = value.trim();
  if (!/^https:\/\//i.test(url) || url.length > 2000) return false;
  try {
    return Boolean(new URL(url).hostname);
  } catch {
    return false;
  }
}

interface FormDialog<V> {
  element: HTMLDialogElement;
  open(values: V): void;
}

/**
 * A small modal form (native <dialog>: focus moves in, Escape closes, focus returns to the opener). `submit`
 * returns an error message to show, or null when it is done and the dialog may close.
 */
function formDialog<V extends Record<string, string>>(
  title: string,
  submitLabel: string,
  controls: Record<keyof V & string, { label: string; input: HTMLInputElement; hint?: string }>,
  submit: (values: V) => string | null,
): FormDialog<V> {
  const s = bodyStrings();
  const titleId = uid('dialog-title');
  const error = h('p', { class: 'error', role: 'alert', id: uid('dialog-error') });
  const entries = Object.entries(controls) as [keyof V & string, { label: string; input: HTMLInputElement; hint?: string }][];
  const element: HTMLDialogElement = h(
    'dialog',
    { 'aria-labelledby': titleId, class: 'nr-dialog nr-form-dialog' },
    h(
      'form',
      {
        method: 'dialog',
        onsubmit: (event: Event) => {
          event.preventDefault();
          const values = Object.fromEntries(entries.map(([key, c]) => [key, c.input.value.trim()])) as V;
          const problem = submit(values);
          if (problem) {
            error.textContent = problem;
            entries[0]?.[1].input.setAttribute('aria-invalid', 'true');
            entries[0]?.[1].input.focus();
            return;
          }
          element.close();
        },
      },
      h('h2', { id: titleId }, title),
      ...entries.map(([, c]) => field(c.label, c.input, c.hint)),
      error,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, submitLabel), h('button', { type: 'button', onclick: () => element.close() }, s.cancel)),
    ),
  );
  return {
    element,
    open(values) {
      error.textContent = '';
      for (const [key, c] of entries) {
        c.input.value = values[key] ?? '';
        c.input.removeAttribute('aria-invalid');
      }
      element.showModal();
      entries[0]?.[1].input.focus();
    },
  };
}

/** The "Embed" dialog: an https URL and an optional title; `insert` puts the embed node into the body. */
export function embedDialog(insert: (attrs: { url: string; title: string }) => void): FormDialog<{ url: string; title: string }> {
  const s = bodyStrings();
  return formDialog<{ url: string; title: string }>(
    s.embedTitle,
    s.insert,
    {
      url: { label: s.embedUrl, input: h('input', { type: 'url', name: 'embedUrl', required: true, maxlength: 2000, autocomplete: 'off' }), hint: s.embedUrlHint },
      title: { label: s.embedName, input: h('input', { type: 'text', name: 'embedTitle', maxlength: 300 }) },
    },
    (values) => {
      if (!validEmbedUrl(values.url)) return s.embedBadUrl;
      insert(values);
      return null;
    },
  );
}

/** The quote around the cursor (its position and node), or null when the cursor is not in a quote. */
export function quoteAtCursor(editorState: EditorState): { pos: number; node: PmNode } | null {
  const { $from } = editorState.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    if (node.type.name === 'blockquote') return { pos: $from.before(depth), node };
  }
  return null;
}

/** The "Attribution" dialog for the quote at the cursor; `apply` sets the quote's attribution attr. */
export function attributionDialog(apply: (attribution: string) => void): FormDialog<{ attribution: string }> {
  const s = bodyStrings();
  return formDialog<{ attribution: string }>(
    s.attributionTitle,
    s.apply,
    { attribution: { label: s.attributionLabel, input: h('input', { type: 'text', name: 'attribution', maxlength: 300 }), hint: s.attributionHint } },
    (values) => {
      apply(values.attribution);
      return null;
    },
  );
}
