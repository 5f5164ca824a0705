import type { Article } from './api.js';
import { request } from './api.js';
import { blocksToText } from './blocks.js';
import { h, uid } from './dom.js';
import type { EditorContext } from './editor-context.js';
import { announce, linkHandler, navigate, state, statusLabel } from './main.js';

const LANGUAGE_NAMES = { ko: { ko: '한국어', en: '영어' }, en: { ko: 'Korean', en: 'English' } } as const;
const T = {
  ko: {
    title: '번역',
    create: (lang: string) => `${lang}판 만들기`,
    createHelp: '같은 섹션·태그·크레딧·이미지로 연결된 초안을 만듭니다. 제목과 본문은 번역할 수 있게 복사됩니다.',
    open: (lang: string) => `${lang}판 열기`,
    sideBySide: '원문 나란히 보기',
    sourceTitle: (lang: string) => `원문 (${lang}) — 읽기 전용`,
    created: (lang: string) => `${lang}판 초안을 만들었습니다.`,
  },
  en: {
    title: 'Translation',
    create: (lang: string) => `Create the ${lang} version`,
    createHelp: 'Creates a linked draft with the same section, tags, credits and images; headline and body are copied for you to translate.',
    open: (lang: string) => `Open the ${lang} version`,
    sideBySide: 'Show the source side by side',
    sourceTitle: (lang: string) => `Source (${lang}) — read only`,
    created: (lang: string) => `Created the ${lang} draft.`,
  },
};

/**
 * The linked other-language version: create it from this article (POST …/translations), open it, and show its text
 * read-only next to this editor (side by side on wide screens, stacked on narrow ones). Opening a freshly created
 * translation (?source=1) shows the source at once.
 */
export function translationPanel(ctx: EditorContext, layout: HTMLElement): { element: HTMLElement; sourceColumn: HTMLElement; refresh(article: Article): void } {
  const titleId = uid('translation-title');
  const sourceTitleId = uid('source-title');
  const element = h('section', { class: 'nr-panel nr-translation', 'aria-labelledby': titleId });
  const sourceColumn = h('section', { class: 'nr-source', hidden: true, 'aria-labelledby': sourceTitleId });
  let showing = new URLSearchParams(location.search).get('source') === '1';

  const showSource = async (other: { id: number; language: 'ko' | 'en' }) => {
    const s = T[state.lang];
    if (!showing) {
      sourceColumn.hidden = true;
      layout.classList.remove('with-source');
      layout.closest('main')?.classList.remove('nr-wide');
      return;
    }
    try {
      const source = await request<Article>('GET', `/api/admin/articles/${other.id}`);
      sourceColumn.replaceChildren(
        h('h2', { id: sourceTitleId }, s.sourceTitle(LANGUAGE_NAMES[state.lang][source.language])),
        h('div', { class: 'source-text', lang: source.language }, h('p', { class: 'source-headline' }, source.headline), source.dek ? h('p', { class: 'source-dek' }, source.dek) : null, h('div', { class: 'source-body' }, blocksToText(source.body))),
      );
      sourceColumn.hidden = false;
      layout.classList.add('with-source');
      // Three columns need more than the newsroom's usual measure.
      layout.closest('main')?.classList.add('nr-wide');
    } catch (error) {
      ctx.fail(error);
    }
  };

  const refresh = (article: Article) => {
    const s = T[state.lang];
    const otherLanguage = article.language === 'ko' ? 'en' : 'ko';
    const name = LANGUAGE_NAMES[state.lang][otherLanguage];
    const other = article.translations.find((t) => t.language === otherLanguage);
    const parts: Node[] = [h('h2', { id: titleId }, s.title)];
    if (other) {
      const path = `/newsroom/articles/${other.id}`;
      const toggle = h('input', { type: 'checkbox', id: uid('side-by-side'), checked: showing });
      toggle.addEventListener('change', () => {
        showing = toggle.checked;
        void showSource(other);
      });
      parts.push(
        h('p', {}, h('a', { href: path, onclick: linkHandler(path), class: 'translation-link' }, s.open(name)), ' ', h('span', { class: `status status-${other.status}` }, statusLabel(other.status))),
        h('div', { class: 'field checkbox' }, toggle, h('label', { for: toggle.id }, s.sideBySide)),
      );
      if (showing) void showSource(other);
    } else {
      parts.push(
        h('p', { class: 'hint' }, s.createHelp),
        h(
          'button',
          {
            type: 'button',
            onclick: async () => {
              if (ctx.unsaved() && !(await ctx.save())) return;
              try {
                const created = await request<Article>('POST', `/api/admin/articles/${ctx.id}/translations`, { language: otherLanguage });
                announce(s.created(name));
                navigate(`/newsroom/articles/${created.id}?source=1`);
              } catch (error) {
                ctx.fail(error);
              }
            },
          },
          s.create(name),
        ),
      );
    }
    element.replaceChildren(...parts);
  };
  refresh(ctx.article());
  return { element, sourceColumn, refresh };
}
