import { field, h } from './dom.js';
import { state } from './main.js';

const T = {
  ko: { profile: '직원 프로필', freeText: '— 직접 입력 —' },
  en: { profile: 'Staff profile', freeText: '— Free text —' },
};

/** An author profile as GET /api/admin/authors lists it (the fields a credit takes from it). */
export interface StaffProfile {
  slug: string;
  nameKo: string;
  nameEn: string;
  kind: 'staff' | 'contributor';
  organization: string | null;
  email: string | null;
}

interface CreditControls {
  name: HTMLInputElement;
  role: HTMLSelectElement;
  org: HTMLInputElement;
  email: HTMLInputElement;
}

/**
 * A credit row's profile picker: choosing a profile fills name (in the article's language), role, agency and e-mail
 * and links the credit to the profile (`authorSlug` on the row); "free text" unlinks it and leaves the fields to type.
 */
export function creditPicker(profiles: StaffProfile[], row: HTMLElement, controls: CreditControls, language: 'ko' | 'en', changed: () => void): HTMLElement {
  const t = T[state.lang];
  const current = row.dataset.authorSlug ?? '';
  const select = h(
    'select',
    {
      name: 'creditProfile',
      onchange: () => {
        const profile = profiles.find((p) => p.slug === select.value);
        row.dataset.authorSlug = profile?.slug ?? '';
        if (profile) {
          controls.name.value = language === 'ko' ? profile.nameKo : profile.nameEn;
          // A contributor's credit says so; a staff member keeps the role chosen (reporter unless changed).
          if (profile.kind === 'contributor') controls.role.value = 'contributor';
          controls.org.value = profile.organization ?? '';
          controls.email.value = profile.email ?? '';
        }
        changed();
      },
    },
    h('option', { value: '', selected: !current }, t.freeText),
    // A credit linked to a profile beyond the loaded page still shows its link, so a save keeps it.
    current && !profiles.some((p) => p.slug === current) ? h('option', { value: current, selected: true }, current) : null,
    profiles.map((p) => h('option', { value: p.slug, selected: p.slug === current }, `${state.lang === 'ko' ? p.nameKo : p.nameEn}${p.organization ? ` (${p.organization})` : ''}`)),
  );
  return field(t.profile, select);
}
