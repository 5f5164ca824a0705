import { request } from './api.js';
import { field, h, uid } from './dom.js';
import { announce, renderScreen, state } from './main.js';

/**
 * Sections, tags and author profiles (editors and admins): list, create, edit — each item opens in place
 * (<details>), so the lists stay short and everything is reachable by keyboard.
 */
const T = {
  ko: {
    title: '섹션 · 태그 · 필자',
    sections: '섹션',
    tags: '태그',
    authors: '필자 프로필',
    add: '새로 만들기',
    create: '만들기',
    save: '저장',
    saved: (name: string) => `${name}: 저장했습니다.`,
    created: (name: string) => `${name}: 만들었습니다.`,
    slug: '주소용 이름 (slug, 영문 소문자·숫자·하이픈)',
    nameKo: '이름 (한국어)',
    nameEn: '이름 (영어)',
    position: '순서',
    name: '이름',
    kind: '구분',
    kinds: { staff: '소속 기자', contributor: '외부 필자' } as Record<string, string>,
    organization: '소속',
    email: '이메일',
    location: '지역',
    bioKo: '소개 (한국어)',
    bioEn: '소개 (영어)',
  },
  en: {
    title: 'Sections · tags · authors',
    sections: 'Sections',
    tags: 'Tags',
    authors: 'Author profiles',
    add: 'Add new',
    create: 'Create',
    save: 'Save',
    saved: (name: string) => `${name}: saved.`,
    created: (name: string) => `${name}: created.`,
    slug: 'URL name (slug: lowercase letters, digits, hyphens)',
    nameKo: 'Name (Korean)',
    nameEn: 'Name (English)',
    position: 'Order',
    name: 'Name',
    kind: 'Kind',
    kinds: { staff: 'Staff', contributor: 'Contributor' } as Record<string, string>,
    organization: 'Organisation',
    email: 'E-mail',
    location: 'Location',
    bioKo: 'Bio (Korean)',
    bioEn: 'Bio (English)',
  },
} as const;

export const TAXONOMY_NAV = { ko: '섹션·태그·필자', en: 'Sections & tags' } as const;

type Item = Record<string, unknown> & { slug: string };

interface FieldSpec {
  key: string;
  label: string;
  kind?: 'text' | 'number' | 'textarea' | 'select' | 'email';
  options?: Record<string, string>;
  /** Only when creating (the slug names the item in URLs and the API). */
  createOnly?: boolean;
  required?: boolean;
}

interface Collection {
  title: string;
  path: string;
  items: Item[];
  fields: FieldSpec[];
  label: (item: Item) => string;
}

function control(spec: FieldSpec, value: unknown): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement {
  const v = value === null || value === undefined ? '' : String(value);
  const common = { name: spec.key, required: spec.required ?? false };
  if (spec.kind === 'textarea') return h('textarea', { ...common, rows: 3 }, v);
  if (spec.kind === 'select') return h('select', common, Object.entries(spec.options ?? {}).map(([key, text]) => h('option', { value: key, selected: key === v }, text)));
  return h('input', { ...common, type: spec.kind ?? 'text', value: v, ...(spec.kind === 'number' ? { min: 0, step: 1 } : {}) });
}

/** A form for one item (or a new one): sends only the fields it shows; empty optional text becomes null/absent. */
function itemForm(collection: Collection, item: Item | null, onDone: (message: string) => Promise<void>): HTMLFormElement {
  const t = T[state.lang];
  const specs = collection.fields.filter((f) => item === null || !f.createOnly);
  const controls = specs.map((spec) => ({ spec, element: control(spec, item?.[spec.key] ?? (spec.kind === 'number' ? 0 : '')) }));
  const error = h('p', { class: 'error', role: 'alert' });
  return h(
    'form',
    {
      class: 'nr-item-form',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        error.textContent = '';
        const body: Record<string, unknown> = {};
        for (const { spec, element } of controls) {
          const value = element.value.trim();
          if (spec.kind === 'number') body[spec.key] = Number(value || 0);
          else if (value || spec.required) body[spec.key] = value;
          else if (item !== null && !spec.createOnly) body[spec.key] = spec.kind === 'textarea' ? '' : null;
        }
        try {
          const saved = await request<Item>(item ? 'PATCH' : 'POST', item ? `${collection.path}/${encodeURIComponent(item.slug)}` : collection.path, body);
          await onDone(item ? t.saved(collection.label(saved)) : t.created(collection.label(saved)));
        } catch (e) {
          error.textContent = e instanceof Error ? e.message : String(e);
        }
      },
    },
    h('div', { class: 'row' }, controls.filter((c) => c.spec.kind !== 'textarea').map((c) => field(c.spec.label, c.element))),
    controls.filter((c) => c.spec.kind === 'textarea').map((c) => field(c.spec.label, c.element)),
    error,
    h('button', { type: 'submit', class: item ? '' : 'primary' }, item ? `${t.save}: ${collection.label(item)}` : t.create),
  );
}

export async function taxonomyScreen(): Promise<void> {
  const t = T[state.lang];
  const [sections, tags, authors] = await Promise.all([
    request<{ sections: Item[] }>('GET', '/api/admin/sections').then((r) => r.sections),
    request<{ tags: Item[] }>('GET', '/api/admin/tags?pageSize=100').then((r) => r.tags),
    request<{ authors: Item[] }>('GET', '/api/admin/authors?pageSize=100').then((r) => r.authors),
  ]);
  const bilingual = (item: Item) => (state.lang === 'ko' ? `${String(item.nameKo)} (${String(item.nameEn)})` : `${String(item.nameEn)} (${String(item.nameKo)})`);
  const collections: Collection[] = [
    {
      title: t.sections,
      path: '/api/admin/sections',
      items: sections,
      label: bilingual,
      fields: [
        { key: 'slug', label: t.slug, createOnly: true, required: true },
        { key: 'nameKo', label: t.nameKo, required: true },
        { key: 'nameEn', label: t.nameEn, required: true },
        { key: 'position', label: t.position, kind: 'number' },
      ],
    },
    {
      title: t.tags,
      path: '/api/admin/tags',
      items: tags,
      label: (item) => String(item.name),
      fields: [
        { key: 'name', label: t.name, required: true },
        { key: 'slug', label: t.slug, createOnly: true },
      ],
    },
    {
      title: t.authors,
      path: '/api/admin/authors',
      items: authors,
      label: bilingual,
      fields: [
        { key: 'nameKo', label: t.nameKo, required: true },
        { key: 'nameEn', label: t.nameEn, required: true },
        { key: 'slug', label: t.slug, createOnly: true },
        { key: 'kind', label: t.kind, kind: 'select', options: t.kinds },
        { key: 'organization', label: t.organization },
        { key: 'email', label: t.email, kind: 'email' },
        { key: 'location', label: t.location },
        { key: 'bioKo', label: t.bioKo, kind: 'textarea' },
        { key: 'bioEn', label: t.bioEn, kind: 'textarea' },
      ],
    },
  ];
  const done = async (message: string) => {
    await taxonomyScreen();
    announce(message);
    document.querySelector('#taxonomy-status')?.replaceChildren(message);
  };
  const block = (c: Collection) => {
    const id = uid('tax');
    return h(
      'section',
      { class: 'nr-collection', 'aria-labelledby': id },
      h('h2', { id }, `${c.title} (${c.items.length})`),
      h('details', { class: 'nr-new-item' }, h('summary', {}, `${c.title}: ${t.add}`), itemForm(c, null, done)),
      h('ul', { class: 'nr-items' }, c.items.map((item) => h('li', {}, h('details', {}, h('summary', {}, c.label(item), ' ', h('code', {}, item.slug)), itemForm(c, item, done))))),
    );
  };
  renderScreen(t.title, h('p', { role: 'status', class: 'nr-save-state', id: 'taxonomy-status' }), ...collections.map(block));
}
