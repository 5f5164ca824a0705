import type { Article, Revision } from './api.js';
import { request } from './api.js';
import { h, uid } from './dom.js';
import type { EditorContext } from './editor-context.js';
import type { DiffPart } from './editor-text.js';
import { comparableText, wordDiff } from './editor-text.js';
import { announce, state } from './main.js';

const T = {
  ko: {
    title: '수정 이력',
    load: '이력 보기',
    reload: '이력 새로 고침',
    revision: (n: number) => `판 ${n}`,
    latest: '최신 (독자에게 보이는 글)',
    by: '저장',
    unknown: '알 수 없음',
    compareCurrent: '지금 편집 중인 글과 비교',
    comparePrevious: '이전 판과 비교',
    preview: '미리보기',
    previewPhone: '휴대폰 미리보기',
    loadIntoEditor: '편집기로 불러오기',
    restore: '이 판으로 되돌리기',
    current: '지금 편집 중인 글',
    diffTitle: (from: string, to: string) => `${from} → ${to} 비교`,
    headline: '제목',
    dek: '요약',
    body: '본문',
    noChange: '바뀐 내용 없음',
    added: '추가: ',
    removed: '삭제: ',
    loaded: (n: number) => `판 ${n}의 글을 편집기로 불러왔습니다. 저장해야 독자에게 반영됩니다 (그 전까지는 작업본).`,
    restored: (n: number, to: number) => `판 ${n}을 새 판 ${to}으로 되돌렸습니다. 이전 이력은 그대로 남습니다.`,
    help: '되돌리기는 고른 판의 글을 새 판으로 저장합니다. 어떤 이력도 지워지지 않습니다.',
  },
  en: {
    title: 'Revision history',
    load: 'Show history',
    reload: 'Reload history',
    revision: (n: number) => `Revision ${n}`,
    latest: 'latest (what readers see)',
    by: 'saved by',
    unknown: 'unknown',
    compareCurrent: 'Compare with the text in the editor',
    comparePrevious: 'Compare with the previous revision',
    preview: 'Preview',
    previewPhone: 'Phone preview',
    loadIntoEditor: 'Load into the editor',
    restore: 'Restore this revision',
    current: 'the text in the editor',
    diffTitle: (from: string, to: string) => `${from} → ${to}`,
    headline: 'Headline',
    dek: 'Dek',
    body: 'Body',
    noChange: 'No change',
    added: 'added: ',
    removed: 'removed: ',
    loaded: (n: number) => `Loaded revision ${n} into the editor. Save to make it live (until then it is your working copy).`,
    restored: (n: number, to: number) => `Restored revision ${n} as the new revision ${to}. The history is kept.`,
    help: 'Restoring saves the chosen revision’s text as a new revision. No history is ever removed.',
  },
};

/** Marks a word diff up with <ins>/<del>; screen readers hear "added"/"removed" from hidden labels. */
function renderDiff(parts: DiffPart[], lang: string): HTMLElement {
  const s = T[state.lang];
  if (parts.every((p) => p.kind === 'same')) return h('p', { class: 'diff-none' }, s.noChange);
  return h(
    'p',
    { class: 'diff-text', lang },
    parts.map((p) =>
      p.kind === 'same' ? p.text : h(p.kind === 'added' ? 'ins' : 'del', {}, h('span', { class: 'visually-hidden' }, p.kind === 'added' ? s.added : s.removed), p.text),
    ),
  );
}

/**
 * The revision history: every saved revision with who saved it and when, a readable word-level diff (against the
 * text in the editor or the previous revision), a preview through the reader page, and restore — into the editor
 * (working copy) or as a new revision. History is never rewritten.
 */
export function revisionsPanel(ctx: EditorContext, editorFields: () => Record<string, unknown>): { element: HTMLElement; open(): Promise<void> } {
  const titleId = uid('revisions-title');
  const list = h('ol', { class: 'revision-list', reversed: true });
  const diffOut = h('div', { class: 'revision-diff', role: 'region', 'aria-live': 'polite', hidden: true, 'aria-label': T[state.lang].title });
  const loadButton = h('button', { type: 'button', 'aria-keyshortcuts': 'Alt+Shift+H', onclick: () => void open() }, T[state.lang].load);
  const element = h(
    'section',
    { class: 'nr-panel nr-revisions', 'aria-labelledby': titleId },
    h('h2', { id: titleId, tabindex: '-1' }, T[state.lang].title),
    h('p', { class: 'hint' }, T[state.lang].help),
    loadButton,
    list,
    diffOut,
  );
  const lang = () => ctx.article().language;

  const showDiff = (fromLabel: string, from: Record<string, unknown>, toLabel: string, to: Record<string, unknown>) => {
    const s = T[state.lang];
    const a = comparableText(from);
    const b = comparableText(to);
    const headingId = uid('diff-title');
    diffOut.hidden = false;
    diffOut.setAttribute('aria-labelledby', headingId);
    diffOut.removeAttribute('aria-label');
    diffOut.replaceChildren(
      h('h3', { id: headingId, tabindex: '-1' }, s.diffTitle(fromLabel, toLabel)),
      h('h4', {}, s.headline),
      renderDiff(wordDiff(a.headline, b.headline), lang()),
      h('h4', {}, s.dek),
      renderDiff(wordDiff(a.dek, b.dek), lang()),
      h('h4', {}, s.body),
      renderDiff(wordDiff(a.body, b.body), lang()),
    );
    (diffOut.querySelector('h3') as HTMLElement).focus();
  };

  async function open(): Promise<void> {
    const s = T[state.lang];
    let revisions: Revision[];
    try {
      revisions = (await request<{ revisions: Revision[] }>('GET', `/api/admin/articles/${ctx.id}/revisions`)).revisions;
    } catch (error) {
      ctx.fail(error);
      return;
    }
    loadButton.textContent = s.reload;
    const locale = state.lang === 'ko' ? 'ko-KR' : 'en-US';
    const latest = revisions[0]?.revision;
    list.replaceChildren(
      ...revisions.map((r, index) => {
        const label = s.revision(r.revision);
        const previous = revisions[index + 1];
        // Every button says which revision it acts on, for screen readers and voice control alike.
        const button = (text: string, onclick: () => void) => h('button', { type: 'button', onclick }, text, h('span', { class: 'visually-hidden' }, ` (${label})`));
        return h(
          'li',
          { value: r.revision, class: 'revision' },
          h('p', { class: 'revision-meta' }, h('strong', {}, label), r.revision === latest ? ` · ${s.latest}` : '', ' · ', h('time', { datetime: r.createdAt }, new Date(r.createdAt).toLocaleString(locale)), ` · ${s.by}: ${r.createdByName ?? s.unknown}`),
          h(
            'div',
            { class: 'revision-actions' },
            button(s.compareCurrent, () => showDiff(label, r.snapshot, s.current, editorFields())),
            previous ? button(s.comparePrevious, () => showDiff(s.revision(previous.revision), previous.snapshot, label, r.snapshot)) : null,
            button(s.preview, () => ctx.preview(`revision=${r.revision}`)),
            button(s.previewPhone, () => ctx.preview(`revision=${r.revision}`, 'phone')),
            button(s.loadIntoEditor, () => {
              ctx.loadDraft(r.snapshot);
              announce(s.loaded(r.revision));
            }),
            r.revision !== latest
              ? button(s.restore, () => {
                  void (async () => {
                    if (ctx.unsaved() && !(await ctx.save())) return;
                    try {
                      const restored = await request<Article>('POST', `/api/admin/articles/${ctx.id}/revisions/${r.revision}/restore`, { revision: ctx.article().revision });
                      ctx.loaded(restored, { intoForm: true });
                      announce(s.restored(r.revision, restored.revision));
                      await open();
                      (element.querySelector('h2') as HTMLElement).focus();
                    } catch (error) {
                      ctx.fail(error);
                    }
                  })();
                })
              : null,
          ),
        );
      }),
    );
  }
  return { element, open };
}
