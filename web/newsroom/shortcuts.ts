import { h, uid } from './dom.js';
import { announce, state } from './main.js';

const T = {
  ko: {
    button: '단축키',
    title: '키보드 단축키',
    close: '닫기',
    save: '저장',
    preview: '미리보기 (데스크톱)',
    submit: '검토 요청',
    history: '수정 이력 열기',
    help: '이 도움말 열기',
    bold: '굵게 / 기울임 (본문)',
    undo: '실행 취소 / 다시 실행 (본문)',
    indent: '목록 내어쓰기 / 들여쓰기 (본문)',
    escape: '대화 상자 닫기',
    notAvailable: '지금은 쓸 수 없는 단축키입니다.',
  },
  en: {
    button: 'Shortcuts',
    title: 'Keyboard shortcuts',
    close: 'Close',
    save: 'Save',
    preview: 'Preview (desktop)',
    submit: 'Submit for review',
    history: 'Open the revision history',
    help: 'Open this help',
    bold: 'Bold / italic (body)',
    undo: 'Undo / redo (body)',
    indent: 'Outdent / indent a list item (body)',
    escape: 'Close a dialog',
    notAvailable: 'That shortcut is not available right now.',
  },
};

export interface ShortcutActions {
  save(): void;
  preview(): void;
  /** Returns false when the action is not available (e.g. the article is already in review). */
  submit(): boolean;
  history(): void;
}

const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * The editor's keyboard shortcuts and their help dialog. Keys are matched by physical key (`event.code`), so they
 * work with a Korean input method switched on, where `event.key` would be a jamo.
 */
export function editorShortcuts(actions: ShortcutActions): { button: HTMLButtonElement; dialog: HTMLDialogElement; dispose(): void } {
  const s = T[state.lang];
  const mod = isMac() ? '⌘' : 'Ctrl';
  const keys = (...parts: string[]) => parts.flatMap((p, i) => [i ? ' + ' : '', h('kbd', {}, p)]).filter(Boolean);
  const rows: [string, (Node | string)[]][] = [
    [s.save, keys(mod, 'S')],
    [s.preview, keys(mod, 'Shift', 'P')],
    [s.submit, keys('Alt', 'Shift', 'R')],
    [s.history, keys('Alt', 'Shift', 'H')],
    [s.help, keys(mod, '/')],
    [s.bold, [...keys(mod, 'B'), ' / ', ...keys(mod, 'I')]],
    [s.undo, [...keys(mod, 'Z'), ' / ', ...keys(mod, 'Y')]],
    [s.indent, [...keys(mod, '['), ' / ', ...keys(mod, ']')]],
    [s.escape, keys('Esc')],
  ];
  const titleId = uid('shortcuts-title');
  const dialog: HTMLDialogElement = h(
    'dialog',
    { class: 'nr-dialog nr-shortcuts', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, s.title),
    h('table', {}, h('tbody', {}, rows.map(([label, combo]) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, combo))))),
    h('button', { type: 'button', onclick: () => dialog.close() }, s.close),
  );
  const button = h('button', { type: 'button', class: 'shortcuts-button', 'aria-keyshortcuts': 'Control+/ Meta+/', onclick: () => dialog.showModal() }, s.button);

  const onKey = (event: KeyboardEvent) => {
    const modKey = event.ctrlKey || event.metaKey;
    let handled = true;
    if (modKey && !event.shiftKey && !event.altKey && event.code === 'KeyS') actions.save();
    else if (modKey && event.shiftKey && !event.altKey && event.code === 'KeyP') actions.preview();
    else if (modKey && !event.altKey && event.code === 'Slash') {
      if (!dialog.open) dialog.showModal();
    } else if (event.altKey && event.shiftKey && !modKey && event.code === 'KeyR') {
      if (!actions.submit()) announce(s.notAvailable);
    } else if (event.altKey && event.shiftKey && !modKey && event.code === 'KeyH') actions.history();
    else handled = false;
    if (handled) event.preventDefault();
  };
  document.addEventListener('keydown', onKey);
  return { button, dialog, dispose: () => document.removeEventListener('keydown', onKey) };
}
