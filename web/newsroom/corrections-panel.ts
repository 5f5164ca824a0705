import type { Article, Correction } from './api.js';
import { request } from './api.js';
import { field, h, uid } from './dom.js';
import type { EditorContext } from './editor-context.js';
import { announce, state } from './main.js';
import { bothZones } from './timing-panel.js';

const T = {
  ko: {
    title: '정정 및 해명',
    none: '정정이나 해명이 없습니다.',
    kind: '종류',
    correction: '정정',
    clarification: '해명',
    text: '내용 (독자에게 그대로 보입니다)',
    add: '정정·해명 추가',
    added: '정정·해명을 추가했습니다. 기사 페이지와 API에 날짜와 함께 표시됩니다.',
    onlyPublished: '발행된 기사에만 정정이나 해명을 붙일 수 있습니다.',
    required: '내용을 적어 주세요.',
  },
  en: {
    title: 'Corrections and clarifications',
    none: 'No corrections or clarifications.',
    kind: 'Kind',
    correction: 'Correction',
    clarification: 'Clarification',
    text: 'Text (shown to readers as written)',
    add: 'Add correction',
    added: 'Added. It shows, dated, on the article page and in the API.',
    onlyPublished: 'Corrections and clarifications go on published articles.',
    required: 'Write the text first.',
  },
};

/** Dated corrections and clarifications of a published article (POST …/corrections); readers see them on the page. */
export function correctionsPanel(ctx: EditorContext): { element: HTMLElement; refresh(article: Article): void } {
  const titleId = uid('corrections-title');
  const element = h('section', { class: 'nr-panel nr-corrections', 'aria-labelledby': titleId });
  const refresh = (article: Article) => {
    const s = T[state.lang];
    const item = (c: Correction) =>
      h('li', {}, h('strong', {}, c.kind === 'clarification' ? s.clarification : s.correction), ' ', h('time', { datetime: c.createdAt }, bothZones(new Date(c.createdAt))), h('p', { lang: article.language }, c.text));
    const parts: (Node | null)[] = [h('h2', { id: titleId, tabindex: '-1' }, s.title), article.corrections.length ? h('ul', { class: 'correction-list' }, article.corrections.map(item)) : h('p', {}, s.none)];
    if (article.status === 'published') {
      const kind = h('select', { name: 'correctionKind' }, h('option', { value: 'correction' }, s.correction), h('option', { value: 'clarification' }, s.clarification));
      const text = h('textarea', { name: 'correctionText', rows: 3, maxlength: 2000, lang: article.language });
      parts.push(
        h(
          'form',
          {
            class: 'correction-form',
            onsubmit: async (event: Event) => {
              event.preventDefault();
              if (!text.value.trim()) {
                ctx.fail(new Error(s.required));
                text.focus();
                return;
              }
              try {
                const updated = await request<Article>('POST', `/api/admin/articles/${ctx.id}/corrections`, { kind: kind.value, text: text.value.trim() });
                ctx.loaded(updated);
                announce(s.added);
                // The form was rebuilt: focus goes to the panel's heading, right above the new entry.
                (element.querySelector('h2') as HTMLElement | null)?.focus();
              } catch (error) {
                ctx.fail(error);
              }
            },
          },
          field(s.kind, kind),
          field(s.text, text),
          h('button', { type: 'submit' }, s.add),
        ),
      );
    } else parts.push(h('p', { class: 'hint' }, s.onlyPublished));
    element.replaceChildren(...parts.filter((p): p is Node => p !== null));
  };
  refresh(ctx.article());
  return { element, refresh };
}
