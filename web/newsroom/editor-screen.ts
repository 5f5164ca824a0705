import { baseKeymap, setBlockType, toggleMark, wrapIn } from 'prosemirror-commands';
import { history, redo, undo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import type { Command } from 'prosemirror-state';
import { EditorState, TextSelection } from 'prosemirror-state';
import { liftListItem, sinkListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { EditorView } from 'prosemirror-view';
import type { Article, Credit, LockInfo, Media } from './api.js';
import { ApiError, request, requestOnUnload } from './api.js';
import { blocksToDoc, blocksToText, countText, docToBlocks } from './blocks.js';
import { field, h, uid } from './dom.js';
import { uploadForm } from './upload-form.js';
import { forgetLocalDraft, localDraft, recoverSession, sessionLost } from './session-guard.js';
import { auditLink } from './audit-screen.js';
import { correctionsPanel } from './corrections-panel.js';
import type { EditorContext } from './editor-context.js';
import { errorText } from './editor-context.js';
import { lockRequestNotice, requestLockButton } from './lock-request.js';
import { announce, linkHandler, renderScreen, state, statusLabel } from './main.js';
import { revisionsPanel } from './revisions-panel.js';
import { attributionDialog, bodyStrings, embedDialog, quoteAtCursor } from './body-dialogs.js';
import type { StaffProfile } from './credit-picker.js';
import { creditPicker } from './credit-picker.js';
import { bodySchema } from './schema.js';
import { seoPanel } from './seo-panel.js';
import { editorShortcuts } from './shortcuts.js';
import { bothZones, timingPanel, zonedTimeControl } from './timing-panel.js';
import { translationPanel } from './translation-panel.js';

const AUTOSAVE_MS = 3000;
const HEARTBEAT_MS = 10_000;
const CREDIT_ROLES = ['reporter', 'writer', 'correspondent', 'photographer', 'videographer', 'illustrator', 'translator', 'editor', 'columnist', 'contributor'];
const ARTICLE_TYPES = ['news', 'analysis', 'opinion', 'review', 'sponsored'];
// The breaking-alert choice next to Publish (issue 6): strings kept here, as for a screen of its own.
const ALERT_T = {
  ko: { sendAlert: '속보 알림 보내기 (뉴스레터·웹 푸시)', published: '발행했습니다.', alertStarted: '속보 알림을 요청했습니다. 발송 현황은 “배포” 화면에 있습니다.' },
  en: { sendAlert: 'Send breaking alert (newsletter and web push)', published: 'Published.', alertStarted: 'Breaking alert requested; its progress is on the Distribution screen.' },
};

/** The fields the editor holds: what autosave stores and what a save sends (the article's own field types). */
type Draft = Pick<
  Article,
  'headline' | 'dek' | 'type' | 'section' | 'language' | 'tags' | 'credits' | 'dateline' | 'breaking' | 'featuredImage' | 'seoTitle' | 'seoDescription' | 'socialTitle' | 'socialDescription' | 'socialImage' | 'body'
>;

const draftOf = (a: Article): Draft => ({
  headline: a.headline,
  dek: a.dek,
  type: a.type,
  section: a.section,
  language: a.language,
  tags: a.tags,
  credits: a.credits.map((c) => ({ name: c.name, role: c.role, organization: c.organization, email: c.email, authorSlug: c.authorSlug ?? null })),
  dateline: a.dateline,
  breaking: a.breaking,
  featuredImage: a.featuredImage,
  seoTitle: a.seoTitle,
  seoDescription: a.seoDescription,
  socialTitle: a.socialTitle,
  socialDescription: a.socialDescription,
  socialImage: a.socialImage,
  body: a.body,
});

const canPublish = (a: Article) => {
  const role = state.account?.role;
  return role === 'editor' || role === 'admin' || (role === 'author' && a.createdBy === state.account?.id);
};
const isEditor = () => state.account?.role === 'editor' || state.account?.role === 'admin';

/** Opens the article editor: loads the article, the caller's working copy, the lock and the library. */
export async function openEditor(id: number): Promise<void> {
  const s = state.s;
  // Everything the screen needs, in parallel: the editor should take a keystroke as soon as possible.
  const [first, workingCopy, mediaList, audit, staff] = await Promise.all([
    request<Article>('GET', `/api/admin/articles/${id}`),
    request<{ baseRevision: number; draft: Partial<Draft>; updatedAt: string }>('GET', `/api/admin/articles/${id}/autosave`).catch(() => null),
    request<{ media: Media[] }>('GET', '/api/admin/media?pageSize=100').then((r) => r.media),
    request<{ entries: { action: string; details: { note?: string }; createdAt: string }[] }>('GET', `/api/admin/articles/${id}/audit`).then((r) => r.entries),
    // Staff profiles for the credits picker; without them the credits stay free text.
    request<{ authors: StaffProfile[] }>('GET', '/api/admin/authors?pageSize=100').then((r) => r.authors).catch(() => [] as StaffProfile[]),
  ]);
  let article = first;
  let lock: LockInfo | null = null;
  const lockBanner = h('div', { class: 'nr-lock', role: 'status' });
  // ## Lock request (lock-request.ts): after handing the lock over, this editor no longer re-takes a free lock by itself.
  let handedOver = false;
  let shownLock = '';
  // ## end lock request
  const acquire = async (takeOver = false) => {
    handedOver = false;
    try {
      lock = (await request<{ lock: LockInfo }>('POST', `/api/admin/articles/${id}/lock`, { takeOver })).lock;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 409)) throw error;
      const holder = error.problem.holder as { id: number; name: string };
      lock = { holder, expiresAt: String(error.problem.expiresAt ?? ''), mine: false };
    }
    showLock();
  };
  const showLock = () => {
    // Redraw only when something changed: the heartbeat calls this every few seconds, and a redraw would take the
    // keyboard focus off the banner's buttons.
    const key = JSON.stringify([lock?.mine ?? true, lock?.holder.id, lock?.requestedBy?.at]);
    if (key === shownLock) return;
    shownLock = key;
    if (!lock || lock.mine) {
      lockBanner.className = 'nr-lock mine';
      lockBanner.replaceChildren(
        h('span', { class: 'badge' }, s.editing),
        ' ',
        s.youHoldLock,
        ...(lock ? lockRequestNotice(id, lock, (to) => {
          handedOver = true;
          lock = { holder: to, expiresAt: '', mine: false, requestedBy: null };
          showLock();
        }) : []),
      );
      return;
    }
    lockBanner.className = 'nr-lock other';
    lockBanner.replaceChildren(
      h('span', { class: 'badge' }, '편집 중'),
      ' ',
      h('strong', { class: 'holder' }, lock.holder.name),
      ' — ',
      s.lockedBy(lock.holder.name),
      ' ',
      h('button', { type: 'button', onclick: () => void acquire(true) }, s.takeOver),
      ' ',
      requestLockButton(id, lock.holder.name),
    );
  };

  const media = new Map(mediaList.map((m) => [m.id, m]));
  const lookup = (mediaId: number) => media.get(mediaId);

  let draft = draftOf(article);
  let restored = false;
  if (workingCopy && workingCopy.baseRevision === article.revision) {
    draft = { ...draft, ...workingCopy.draft };
    restored = true;
  }
  // Text kept in this browser when the session ended (session-guard.ts) is newer than any working copy on the server.
  const kept = localDraft<Partial<Draft>>(id);
  if (kept && kept.baseRevision === article.revision) {
    draft = { ...draft, ...kept.draft };
    restored = true;
  }

  // ## Fields
  const lang = draft.language;
  const headline = h('input', { type: 'text', name: 'headline', value: draft.headline, required: true, maxlength: 300, lang, class: 'headline-input' });
  const dek = h('textarea', { name: 'dek', rows: 2, maxlength: 1000, lang }, draft.dek);
  const type = h('select', { name: 'type' }, ARTICLE_TYPES.map((t) => h('option', { value: t, selected: t === draft.type }, t)));
  const section = h('select', { name: 'section' }, state.sections.map((x) => h('option', { value: x.slug, selected: x.slug === draft.section }, state.lang === 'ko' ? x.nameKo : x.nameEn)));
  const language = h('select', { name: 'language' }, h('option', { value: 'ko', selected: draft.language === 'ko' }, '한국어'), h('option', { value: 'en', selected: draft.language === 'en' }, 'English'));
  const tags = h('input', { type: 'text', name: 'tags', value: draft.tags.join(', ') });
  const dateline = h('input', { type: 'text', name: 'dateline', value: draft.dateline, lang });
  const breaking = h('input', { type: 'checkbox', name: 'breaking', checked: draft.breaking, id: uid('breaking') });
  const featured = h('select', { name: 'featuredImage' });
  const socialImage = h('select', { name: 'socialImage' });
  // A chosen image beyond the loaded page of the library still gets an option, so a save never drops it silently.
  const imageOptions = (chosen: number | null) => [
    h('option', { value: '', selected: chosen === null }, s.noImage),
    ...(chosen !== null && !media.has(chosen) ? [h('option', { value: String(chosen), selected: true }, `#${chosen}`)] : []),
    ...[...media.values()].map((m) => h('option', { value: String(m.id), selected: m.id === chosen }, `#${m.id} ${m.caption || m.alt}`.slice(0, 80))),
  ];
  // Refilled when the library grows (an upload from the image dialog); the choice made so far is kept.
  const fillFeatured = (initial = false) => {
    const chosen = (select: HTMLSelectElement, fromDraft: number | null) => (initial ? fromDraft : select.value ? Number(select.value) : null);
    featured.replaceChildren(...imageOptions(chosen(featured, draft.featuredImage)));
    socialImage.replaceChildren(...imageOptions(chosen(socialImage, draft.socialImage)));
  };
  fillFeatured(true);
  const seoTitle = h('input', { type: 'text', name: 'seoTitle', value: draft.seoTitle, maxlength: 300, lang });
  const seoDescription = h('textarea', { name: 'seoDescription', rows: 2, maxlength: 500, lang }, draft.seoDescription);
  const socialTitle = h('input', { type: 'text', name: 'socialTitle', value: draft.socialTitle, maxlength: 300, lang });
  const socialDescription = h('textarea', { name: 'socialDescription', rows: 2, maxlength: 500, lang }, draft.socialDescription);

  // Credits: one row per person.
  const creditRows = h('div', { class: 'credit-rows' });
  const addCreditRow = (credit: Credit) => {
    const name = h('input', { type: 'text', name: 'creditName', value: credit.name });
    const role = h('select', { name: 'creditRole' }, CREDIT_ROLES.map((r) => h('option', { value: r, selected: r === credit.role }, r)));
    const org = h('input', { type: 'text', name: 'creditOrg', value: credit.organization ?? '' });
    const email = h('input', { type: 'email', name: 'creditEmail', value: credit.email ?? '' });
    const row = h('fieldset', { class: 'credit-row' }, h('legend', {}, `${s.credits} ${creditRows.children.length + 1}`));
    row.dataset.authorSlug = credit.authorSlug ?? '';
    row.append(creditPicker(staff, row, { name, role, org, email }, draft.language, markDirty), field(s.creditName, name), field(s.creditRole, role), field(s.creditOrg, org), field(s.creditEmail, email));
    row.append(h('button', { type: 'button', onclick: () => (row.remove(), markDirty()) }, s.removeCredit));
    creditRows.append(row);
  };
  draft.credits.forEach(addCreditRow);

  // ## Body editor (ProseMirror)
  const bodyLabelId = uid('body-label');
  const counts = h('p', { class: 'nr-counts', id: uid('counts') });
  const mount = h('div', { class: 'nr-body-mount' });
  const markCommands: Record<string, Command> = {
    bold: toggleMark(bodySchema.marks.strong!),
    italic: toggleMark(bodySchema.marks.em!),
  };
  const view = new EditorView(mount, {
    state: EditorState.create({
      doc: blocksToDoc(draft.body, lookup),
      plugins: [
        history(),
        keymap({
          'Mod-z': undo,
          'Mod-y': redo,
          'Mod-Shift-z': redo,
          'Mod-b': markCommands.bold!,
          'Mod-i': markCommands.italic!,
          Enter: splitListItem(bodySchema.nodes.list_item!),
          'Mod-[': liftListItem(bodySchema.nodes.list_item!),
          'Mod-]': sinkListItem(bodySchema.nodes.list_item!),
        }),
        keymap(baseKeymap),
      ],
    }),
    attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-labelledby': bodyLabelId, 'aria-describedby': counts.id, class: 'nr-body', lang, spellcheck: 'true' },
    dispatchTransaction(tr) {
      view.updateState(view.state.apply(tr));
      if (tr.docChanged) {
        markDirty();
        updateCounts();
      }
    },
  });
  const run = (command: Command) => () => {
    command(view.state, view.dispatch, view);
    view.focus();
  };
  const insertLink: Command = (editorState, dispatch) => {
    if (editorState.selection.empty) return false;
    const href = window.prompt(s.linkUrl, 'https://');
    if (!href) return false;
    return toggleMark(bodySchema.marks.link!, { href })(editorState, dispatch);
  };
  // The visible symbol is hidden from assistive technology; the spoken name is the full label.
  const toolbarButton = (label: string, text: string, command: Command) =>
    h('button', { type: 'button', title: label, onclick: run(command) }, h('span', { 'aria-hidden': 'true' }, text), h('span', { class: 'visually-hidden' }, label));
  // Puts an atom block (an image or an embed) at the cursor.
  const insertBlock = (node: ReturnType<typeof bodySchema.node>) => {
    const tr = view.state.tr.replaceSelectionWith(node);
    // Keep a paragraph after a closing image or embed, so there is always a place to go on typing.
    if (tr.doc.lastChild?.isAtom) {
      tr.insert(tr.doc.content.size, bodySchema.nodes.paragraph!.create());
      tr.setSelection(TextSelection.create(tr.doc, tr.doc.content.size - 1));
    }
    view.dispatch(tr.scrollIntoView());
    view.focus();
  };
  const dialog = imageDialog(media, (item) => {
    insertBlock(bodySchema.nodes.image!.create({ mediaId: item.id, src: item.url, alt: item.alt, caption: item.caption, credit: item.credit }));
    fillFeatured();
  });
  const b = bodyStrings();
  const embeds = embedDialog(({ url, title }) => insertBlock(bodySchema.nodes.embed!.create({ url, title })));
  // The quote's attribution (the block's `attribution`): set on the quote around the cursor.
  const attribution = attributionDialog((value) => {
    const quote = quoteAtCursor(view.state);
    if (quote) view.dispatch(view.state.tr.setNodeMarkup(quote.pos, undefined, { ...quote.node.attrs, attribution: value }));
    view.focus();
  });
  const openAttribution = () => {
    const quote = quoteAtCursor(view.state);
    if (!quote) {
      announce(b.notInQuote);
      errors.textContent = b.notInQuote;
      return;
    }
    attribution.open({ attribution: String(quote.node.attrs.attribution ?? '') });
  };
  const toolbar = h(
    'div',
    { role: 'toolbar', 'aria-label': s.toolbar, class: 'nr-toolbar' },
    toolbarButton(s.bold, 'B', markCommands.bold!),
    toolbarButton(s.italic, 'I', markCommands.italic!),
    toolbarButton(s.link, 'URL', insertLink),
    toolbarButton(s.paragraph, '¶', setBlockType(bodySchema.nodes.paragraph!)),
    toolbarButton(s.heading2, 'H2', setBlockType(bodySchema.nodes.heading!, { level: 2 })),
    toolbarButton(s.heading3, 'H3', setBlockType(bodySchema.nodes.heading!, { level: 3 })),
    toolbarButton(s.quote, '“ ”', wrapIn(bodySchema.nodes.blockquote!)),
    toolbarButton(s.bulletList, '•', wrapInList(bodySchema.nodes.bullet_list!)),
    toolbarButton(s.orderedList, '1.', wrapInList(bodySchema.nodes.ordered_list!)),
    h('button', { type: 'button', 'data-action': 'attribution', onclick: openAttribution }, b.attribution),
    h('button', { type: 'button', onclick: () => dialog.open() }, s.insertImage),
    h('button', { type: 'button', 'data-action': 'embed', onclick: () => embeds.open({ url: '', title: '' }) }, b.embed),
  );
  const updateCounts = () => {
    const text = [headline.value, dek.value, view.state.doc.textBetween(0, view.state.doc.content.size, '\n', '')].join('\n');
    const c = countText(text);
    counts.textContent = `${s.count}: ${c.characters.toLocaleString()}${s.characters === '자' ? '자' : ` ${s.characters}`} (${s.charactersNoSpaces} ${c.charactersNoSpaces.toLocaleString()}) · ${c.words.toLocaleString()} ${s.words}`;
  };

  const collect = (): Draft => ({
    headline: headline.value,
    dek: dek.value,
    type: type.value,
    section: section.value,
    language: language.value as 'ko' | 'en',
    tags: tags.value
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    credits: [...creditRows.querySelectorAll<HTMLFieldSetElement>('fieldset.credit-row')]
      .map((row) => ({
        name: (row.querySelector('[name=creditName]') as HTMLInputElement).value.trim(),
        role: (row.querySelector('[name=creditRole]') as HTMLSelectElement).value,
        organization: (row.querySelector('[name=creditOrg]') as HTMLInputElement).value.trim() || null,
        email: (row.querySelector('[name=creditEmail]') as HTMLInputElement).value.trim() || null,
        authorSlug: row.dataset.authorSlug || null,
      }))
      .filter((c) => c.name),
    dateline: dateline.value,
    breaking: breaking.checked,
    featuredImage: featured.value ? Number(featured.value) : null,
    seoTitle: seoTitle.value,
    seoDescription: seoDescription.value,
    socialTitle: socialTitle.value,
    socialDescription: socialDescription.value,
    socialImage: socialImage.value ? Number(socialImage.value) : null,
    body: docToBlocks(view.state.doc),
  });

  // ## Autosave and lock heartbeat
  // dirty: changed since the last autosave; unsaved: changed since the last explicit save (the live version).
  let dirty = restored;
  let unsaved = restored;
  const saveState = h('p', { class: 'nr-save-state', role: 'status' }, restored ? s.restored : '');
  function markDirty() {
    dirty = true;
    unsaved = true;
  }
  const autosave = async () => {
    if (!dirty) return;
    dirty = false;
    try {
      await request('PUT', `/api/admin/articles/${id}/autosave`, { baseRevision: article.revision, draft: collect() });
      forgetLocalDraft(id);
      saveState.textContent = `${s.autosaved} ${new Date().toLocaleTimeString(state.lang === 'ko' ? 'ko-KR' : 'en-US')}`;
    } catch (error) {
      dirty = true;
      // The session ended: keep the text in this browser and sign in again in place, then autosave again.
      if (sessionLost(error)) recoverSession(id, article.revision, collect(), autosave);
      saveState.textContent = `${s.autosaveFailed}: ${error instanceof Error ? error.message : String(error)}`;
    }
  };
  const autosaveTimer = setInterval(() => void autosave(), AUTOSAVE_MS);
  const heartbeatTimer = setInterval(() => {
    if (lock?.mine) void acquire().catch(() => undefined);
    else
      void request<{ lock: LockInfo | null }>('GET', `/api/admin/articles/${id}/lock`).then(async (r) => {
        if (!r.lock && !handedOver) await acquire();
        else if (r.lock) {
          lock = r.lock;
          showLock();
        }
      });
  }, HEARTBEAT_MS);
  for (const control of [headline, dek, type, section, language, tags, dateline, breaking, featured, seoTitle, seoDescription, socialTitle, socialDescription, socialImage, creditRows]) {
    control.addEventListener('input', () => {
      markDirty();
      updateCounts();
    });
    control.addEventListener('change', markDirty);
  }

  // ## Save and conflicts
  const errors = h('div', { class: 'error', role: 'alert' });
  const conflict = h('section', { class: 'nr-conflict', hidden: true, 'aria-labelledby': 'conflict-title' });
  // A revision's image the picker does not list leaves the choice as it is rather than clearing it.
  const chooseImage = (select: HTMLSelectElement, mediaId: number | null) => {
    const value = mediaId === null ? '' : String(mediaId);
    if ([...select.options].some((o) => o.value === value)) select.value = value;
  };
  // Puts fields into the form (a saved article, or a revision loaded into the editor); only the fields given change.
  const fillForm = (d: Partial<Draft>) => {
    if (typeof d.headline === 'string') headline.value = d.headline;
    if (typeof d.dek === 'string') dek.value = d.dek;
    if (typeof d.type === 'string') type.value = d.type;
    if (typeof d.section === 'string') section.value = d.section;
    if (Array.isArray(d.tags)) tags.value = d.tags.join(', ');
    if (typeof d.dateline === 'string') dateline.value = d.dateline;
    if (typeof d.breaking === 'boolean') breaking.checked = d.breaking;
    if (d.featuredImage !== undefined) chooseImage(featured, d.featuredImage);
    if (typeof d.seoTitle === 'string') seoTitle.value = d.seoTitle;
    if (typeof d.seoDescription === 'string') seoDescription.value = d.seoDescription;
    if (typeof d.socialTitle === 'string') socialTitle.value = d.socialTitle;
    if (typeof d.socialDescription === 'string') socialDescription.value = d.socialDescription;
    if (d.socialImage !== undefined) chooseImage(socialImage, d.socialImage);
    if (Array.isArray(d.credits)) {
      creditRows.replaceChildren();
      d.credits.forEach(addCreditRow);
    }
    if (Array.isArray(d.body)) view.updateState(EditorState.create({ doc: blocksToDoc(d.body, lookup), plugins: view.state.plugins }));
    updateCounts();
    seo.update();
  };
  const loadIntoForm = (a: Article) => {
    article = a;
    fillForm(draftOf(a));
  };
  const showConflict = async (mine: Draft) => {
    const theirs = await request<Article>('GET', `/api/admin/articles/${id}`);
    const column = (title: string, d: Pick<Draft, 'headline' | 'dek' | 'body'>, cls: string) =>
      h('div', { class: `version ${cls}` }, h('h3', {}, title), h('p', { class: 'v-headline', lang: d.headline ? lang : undefined }, d.headline), h('p', { class: 'v-dek' }, d.dek), h('pre', { class: 'v-body', lang }, blocksToText(d.body)));
    conflict.hidden = false;
    conflict.replaceChildren(
      h('h2', { id: 'conflict-title', tabindex: '-1' }, s.conflictTitle),
      h('p', {}, s.conflictHelp),
      h('div', { class: 'versions' }, column(s.theirVersion, theirs, 'theirs'), column(s.yourVersion, mine, 'yours')),
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'primary',
            onclick: async () => {
              article = theirs;
              conflict.hidden = true;
              await save(mine);
            },
          },
          s.keepMine,
        ),
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              loadIntoForm(theirs);
              // Their text is now in the editor; mine stays on screen until I leave, so nothing is lost.
              conflict.querySelector('.actions')?.remove();
              conflict.querySelector('.version.theirs')?.remove();
            },
          },
          s.takeTheirs,
        ),
      ),
    );
    (conflict.querySelector('h2') as HTMLElement).focus();
  };
  const save = async (payload: Draft = collect(), extra: Record<string, unknown> = {}): Promise<boolean> => {
    errors.textContent = '';
    try {
      article = await request<Article>('PATCH', `/api/admin/articles/${id}`, { revision: article.revision, ...payload, ...extra });
      forgetLocalDraft(id);
      dirty = false;
      unsaved = false;
      saveState.textContent = s.saved;
      announce(s.saved);
      refreshWorkflow();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.problem.currentRevision !== undefined) {
        await showConflict(payload);
        return false;
      }
      // The session ended: keep the text here and sign in again in place, then save again (session-guard.ts).
      if (sessionLost(error)) recoverSession(id, article.revision, payload, async () => void (await save(payload, extra)));
      errors.textContent = error instanceof Error ? error.message : String(error);
      return false;
    }
  };

  // ## Workflow
  const workflow = h('section', { class: 'nr-workflow', 'aria-labelledby': 'workflow-title' });
  const alertT = ALERT_T[state.lang];
  // What the last publish did (and whether an alert went with it); kept across workflow refreshes.
  const publishOutcome = h('p', { class: 'publish-outcome', role: 'status' });
  // Editors and admins may send a breaking alert with the publication; never by default. Made once, so a save
  // (which redraws the workflow column) keeps the choice.
  const alertBox = h('input', { type: 'checkbox', name: 'alert', id: uid('alert') });
  const transition = async (body: Record<string, unknown>, path = 'transitions'): Promise<boolean> => {
    if (unsaved && !(await save())) return false;
    publishOutcome.textContent = '';
    try {
      article = await request<Article>('POST', `/api/admin/articles/${id}/${path}`, { revision: article.revision, ...body });
      announce(statusLabel(article.status));
      refreshWorkflow();
      // A pressed button is gone with the redraw: keep keyboard focus in the workflow, not back at the page's top
      // (a shortcut typed in the text leaves focus where it was).
      if (!document.activeElement || document.activeElement === document.body) workflow.querySelector<HTMLElement>('#workflow-title')?.focus();
      return true;
    } catch (error) {
      errors.textContent = error instanceof Error ? error.message : String(error);
      return false;
    }
  };
  const latestNote = audit.find((e) => e.action === 'article.status.draft' && e.details.note);
  function refreshWorkflow() {
    const status = h('p', { class: 'current-status' }, `${s.status}: `, h('strong', { class: `status status-${article.status}` }, statusLabel(article.status)));
    if (article.scheduledAt) status.append(` · ${s.scheduledFor}: ${bothZones(new Date(article.scheduledAt))}`);
    const parts: (Node | null)[] = [h('h2', { id: 'workflow-title', tabindex: -1 }, s.workflow), status, publishOutcome];
    const st = article.status;
    if (st === 'draft' || st === 'unpublished') parts.push(h('button', { type: 'button', class: 'primary', 'data-action': 'submit', 'aria-keyshortcuts': 'Alt+Shift+R', onclick: () => void transition({ to: 'in_review' }) }, s.submit));
    if (isEditor() && (st === 'in_review' || st === 'approved')) {
      const note = h('textarea', { name: 'note', rows: 2 });
      const sendBack = h('div', { class: 'send-back' }, field(s.note, note), h('button', {
        type: 'button',
        onclick: () => {
          if (!note.value.trim()) {
            errors.textContent = s.noteRequired;
            note.focus();
            return;
          }
          void transition({ to: 'draft', note: note.value.trim() });
        },
      }, s.sendBack));
      parts.push(sendBack);
      if (st === 'in_review') parts.push(h('button', { type: 'button', onclick: () => void transition({ to: 'approved' }) }, s.approve));
    }
    if (canPublish(article) && st !== 'published') {
      const sendAlert = isEditor() ? alertBox : null;
      const publish = async () => {
        const alert = sendAlert?.checked === true;
        if (!(await transition(alert ? { alert: true } : {}, 'publish'))) return;
        alertBox.checked = false;
        publishOutcome.textContent = `${alertT.published}${alert ? ` ${alertT.alertStarted}` : ''}`;
      };
      parts.push(h('button', { type: 'button', class: 'primary', onclick: () => void publish() }, s.publish));
      if (sendAlert) parts.push(h('div', { class: 'field checkbox' }, sendAlert, h('label', { for: sendAlert.id }, alertT.sendAlert)));
      parts.push(scheduleForm());
    }
    if (canPublish(article) && (st === 'published' || st === 'scheduled')) parts.push(h('button', { type: 'button', onclick: () => void transition({}, 'unpublish') }, s.unpublish));
    if (canPublish(article)) parts.push(timingPanel(ctx));
    parts.push(
      h(
        'div',
        { class: 'preview-buttons' },
        h('button', { type: 'button', 'aria-keyshortcuts': 'Control+Shift+P Meta+Shift+P', onclick: () => void openPreview('desktop') }, s.previewDesktop),
        h('button', { type: 'button', onclick: () => void openPreview('phone') }, s.previewPhone),
      ),
    );
    workflow.replaceChildren(...parts.filter((p): p is Node => p !== null));
    corrections.refresh(article);
  }
  // Preview: the reader page itself (the server renders it with the reader page's own function), framed at a
  // desktop or a phone width. Unsaved text is autosaved first and previewed from the working copy.
  const previewTitleId = uid('preview-title');
  const previewFrame = h('iframe', { title: s.preview, class: 'preview-frame' });
  const previewDialog = h(
    'dialog',
    { class: 'nr-dialog nr-preview', 'aria-labelledby': previewTitleId },
    h('h2', { id: previewTitleId }, s.preview),
    previewFrame,
    // Focus starts on Close, not inside the frame, so Escape closes the dialog (keys typed in the frame stay there).
    h('button', { type: 'button', autofocus: true, onclick: () => previewDialog.close() }, s.close),
  );
  // A revision's preview (?revision=N) comes from the revisions panel; otherwise the working copy or the live text.
  async function openPreview(width: 'desktop' | 'phone', query?: string) {
    if (!query && unsaved) {
      dirty = true;
      await autosave();
    }
    previewFrame.className = `preview-frame preview-${width}`;
    previewFrame.src = `/api/admin/articles/${id}/preview?${query ?? `workingCopy=${unsaved ? '1' : '0'}`}`;
    previewDialog.showModal();
  }
  function scheduleForm(): HTMLElement {
    const { elements, instant } = zonedTimeControl('publishAt', s.scheduleAt, new Date(Date.now() + 3_600_000));
    return h(
      'form',
      {
        class: 'schedule',
        onsubmit: async (event: Event) => {
          event.preventDefault();
          const at = instant();
          if (!at) return;
          if (await save(collect(), { publishAt: at.toISOString() })) announce(`${s.scheduledFor} ${bothZones(at)}`);
        },
      },
      ...elements,
      h('button', { type: 'submit' }, s.schedule),
    );
  }

  // ## Side panels: each lives in its own file and reaches the editor only through this context.
  const ctx: EditorContext = {
    id,
    article: () => article,
    unsaved: () => unsaved,
    save: (extra = {}) => save(collect(), extra),
    loaded: (a, options = {}) => {
      if (options.intoForm) {
        loadIntoForm(a);
        dirty = false;
        unsaved = false;
      } else article = a;
      refreshWorkflow();
      seo.update();
    },
    loadDraft: (fields) => {
      fillForm(fields as Partial<Draft>);
      markDirty();
    },
    preview: (query, width = 'desktop') => void openPreview(width, query),
    fail: (error) => {
      errors.textContent = errorText(error);
    },
  };
  const layout = h('div', { class: 'nr-editor-layout' });
  const seo = seoPanel(ctx, { seoTitle, seoDescription, socialTitle, socialDescription, socialImage, headline, dek, featured, section }, lookup);
  const translation = translationPanel(ctx, layout);
  const corrections = correctionsPanel(ctx);
  const revisions = revisionsPanel(ctx, () => ({ ...collect() }));
  const shortcuts = editorShortcuts({
    save: () => void save(),
    preview: () => void openPreview('desktop'),
    submit: () => {
      const button = workflow.querySelector<HTMLButtonElement>('[data-action=submit]');
      button?.click();
      return Boolean(button);
    },
    history: () => void revisions.open().then(() => (revisions.element.querySelector('h2') as HTMLElement).focus()),
  });

  // ## Layout
  const form = h(
    'form',
    {
      class: 'nr-editor',
      onsubmit: (event: Event) => {
        event.preventDefault();
        void save();
      },
    },
    field(s.headline, headline),
    field(s.dek, dek),
    h('div', { class: 'field body-field' }, h('p', { id: bodyLabelId, class: 'label' }, s.body), toolbar, mount, counts),
    h('div', { class: 'row' }, field(s.section, section), field(s.type, type), field(s.language, language)),
    field(s.dateline, dateline),
    field(s.tags, tags),
    h('fieldset', { class: 'credits' }, h('legend', {}, s.credits), creditRows, h('button', { type: 'button', onclick: () => (addCreditRow({ name: '', role: 'reporter', organization: null, email: null }), markDirty()) }, s.addCredit)),
    h('div', { class: 'field checkbox' }, breaking, h('label', { for: breaking.id }, s.breaking)),
    field(s.featuredImage, featured),
    seo.element,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', 'aria-keyshortcuts': 'Control+S Meta+S' }, s.save), shortcuts.button),
  );
  layout.append(translation.sourceColumn, form, h('div', { class: 'nr-side' }, workflow, translation.element, corrections.element));

  renderScreen(
    article.headline,
    h('p', {}, h('a', { href: '/newsroom', onclick: linkHandler('/newsroom') }, `← ${s.back}`), isEditor() ? auditLink(id) : null),
    lockBanner,
    latestNote ? h('aside', { class: 'nr-note', 'aria-label': s.editorNote }, h('strong', {}, `${s.editorNote}: `), h('span', { class: 'note-text' }, latestNote.details.note ?? '')) : null,
    saveState,
    errors,
    conflict,
    layout,
    revisions.element,
    dialog.element,
    embeds.element,
    attribution.element,
    previewDialog,
    shortcuts.dialog,
  );
  refreshWorkflow();
  updateCounts();
  // A working copy from an older revision (someone saved since): never drop it silently — show both texts.
  if (workingCopy && workingCopy.baseRevision !== article.revision) {
    const base = draftOf(article);
    await showConflict({ ...base, ...workingCopy.draft });
  } else if (kept && kept.baseRevision !== article.revision) {
    // Text kept in this browser from an older revision: both texts side by side, as for a working copy.
    await showConflict({ ...draftOf(article), ...kept.draft });
  }
  performance.mark('nr-editor-ready');
  await acquire();

  // Closing or reloading the tab lets go of the lock too (otherwise it would lapse with the heartbeat).
  const onPageHide = () => {
    if (lock?.mine) requestOnUnload('DELETE', `/api/admin/articles/${id}/lock`);
  };
  window.addEventListener('pagehide', onPageHide);
  state.leave = async () => {
    window.removeEventListener('pagehide', onPageHide);
    clearInterval(autosaveTimer);
    clearInterval(heartbeatTimer);
    shortcuts.dispose();
    await autosave();
    if (lock?.mine) await request('DELETE', `/api/admin/articles/${id}/lock`).catch(() => undefined);
    view.destroy();
  };
}

/**
 * The media library as a modal dialog: search it (caption, credit, alt text, file name — the Admin API's `q`), pick an
 * image, or upload one (alt, caption and credit with it).
 */
function imageDialog(media: Map<number, Media>, choose: (item: Media) => void): { element: HTMLDialogElement; open(): void } {
  const s = state.s;
  const b = bodyStrings();
  const titleId = uid('dialog-title');
  const grid = h('ul', { class: 'media-grid' });
  const found = h('p', { role: 'status', class: 'media-found' });
  // The items shown: the whole loaded library, or the last search's results.
  let shown: Media[] | null = null;
  const query = h('input', { type: 'search', name: 'mediaQuery', autocomplete: 'off' });
  const search = h(
    'form',
    {
      role: 'search',
      class: 'media-search',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const q = query.value.trim();
        try {
          shown = q ? (await request<{ media: Media[] }>('GET', `/api/admin/media?pageSize=100&q=${encodeURIComponent(q)}`)).media : null;
        } catch (error) {
          found.textContent = errorText(error);
          return;
        }
        // Results join the library map, so an image picked from them shows in the body and the image selects.
        for (const m of shown ?? []) media.set(m.id, m);
        fill();
        found.textContent = shown ? (shown.length ? b.imagesFound(shown.length) : b.noImagesFound) : '';
      },
    },
    field(b.searchImages, query, b.searchImagesHint),
    h('button', { type: 'submit' }, b.search),
  );
  const fill = () =>
    grid.replaceChildren(
      ...(shown ?? [...media.values()]).map((m) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'media-choice',
              onclick: () => {
                element.close();
                choose(m);
              },
            },
            h('img', { src: m.url, alt: '', width: 120, height: Math.round((120 * m.height) / Math.max(1, m.width)) }),
            h('span', {}, m.caption || m.alt || `#${m.id}`),
            m.usageTerms ? h('span', { class: 'usage-terms' }, m.usageTerms) : null,
          ),
        ),
      ),
    );
  const upload = uploadForm({
    headingLevel: 'h3',
    onUploaded: (item) => {
      media.set(item.id, item);
      fill();
      element.close();
      choose(item);
    },
  });
  const element = h('dialog', { 'aria-labelledby': titleId, class: 'nr-dialog' }, h('h2', { id: titleId }, s.mediaLibrary), search, found, grid, upload, h('button', { type: 'button', onclick: () => element.close() }, s.close));
  return {
    element,
    open() {
      shown = null;
      query.value = '';
      found.textContent = '';
      fill();
      element.showModal();
    },
  };
}
