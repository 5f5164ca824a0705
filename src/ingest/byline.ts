import type { CreditRole } from '../content/content.types.js';
import type { WireCredit } from './wire-item.js';

/** Agencies we know by the names they sign with (upper-case bylines, caption credits), and how we write them. */
const AGENCIES: Record<string, string> = {
  YONHAP: 'Yonhap',
  'YONHAP NEWS': 'Yonhap',
  'YONHAP NEWS AGENCY': 'Yonhap',
  AP: 'AP',
  'ASSOCIATED PRESS': 'AP',
  'THE ASSOCIATED PRESS': 'AP',
  REUTERS: 'Reuters',
  AFP: 'AFP',
  DPA: 'dpa',
  NTB: 'NTB',
  TT: 'TT',
  NEWSIS: 'Newsis',
  NEWS1: 'News1',
  연합뉴스: 'Yonhap',
  연합: 'Yonhap',
  뉴시스: 'Newsis',
};

export function normaliseOrganization(value: string | null | undefined): string | null {
  const trimmed = (value ?? '').trim().replace(/[.\s]+$/, '');
  if (!trimmed) return null;
  return AGENCIES[trimmed.toUpperCase()] ?? trimmed;
}

/** "KIM JU-YEON" → "Kim Ju-yeon" (Korean romanised names keep the hyphen and lower-case the second syllable). */
function properCase(name: string): string {
  if (name !== name.toUpperCase() || !/[A-Z]/.test(name)) return name;
  return name
    .toLowerCase()
    .split(/(\s+)/)
    .map((word) => word.replace(/^([a-z])/, (c) => c.toUpperCase()).replace(/(['’])([a-z])/g, (_, q: string, c: string) => q + c.toUpperCase()))
    .join('');
}

const ROLE_WORDS: [RegExp, CreditRole][] = [
  [/\b(photo(graph(er|y))?|photos)\b/i, 'photographer'],
  [/\bvideo(grapher)?\b/i, 'videographer'],
  [/\btranslat(ed|or|ion)\b/i, 'translator'],
  [/\bcorrespondent\b/i, 'correspondent'],
  [/\b(editor|edited)\b/i, 'editor'],
];

/**
 * Turns a byline as agencies write it into structured credits: "BY KIM JU-YEON, YONHAP [kim@example.com]",
 * "By Jane Doe and John Roe, Associated Press", "Paulo Santalucia and Frances d'Emilio". A byline is never kept as
 * body text; when nothing sensible can be read from it, no credit is invented.
 */
export function parseByline(byline: string | null | undefined, defaultOrganization: string | null = null, defaultRole: CreditRole = 'reporter'): WireCredit[] {
  let text = (byline ?? '').replace(/\s+/g, ' ').trim();
  if (!text || text.length > 500) return [];
  let email: string | null = null;
  text = text.replace(/[[(<]\s*([^\s\]>)@]+@[^\s\]>)]+)\s*[\])>]/, (_, address: string) => {
    email = address;
    return '';
  });
  let role = defaultRole;
  for (const [pattern, r] of ROLE_WORDS) if (pattern.test(text)) role = r;
  // "By" in the languages our partners write in (English, German, French, Norwegian/Swedish, Dutch, Italian, Spanish).
  text = text.replace(/^(by|photos? by|text by|from|von|par|av|door|di|por)\s+/i, '').replace(/^(photo|video)\s*:\s*/i, '').trim();
  // Korean bylines put the role after the name: "김주연 기자", "홍길동 특파원".
  if (/\s(특파원)$/.test(text)) role = 'correspondent';
  text = text.replace(/\s*(기자|특파원|통신원)(?=$|\s|,)/g, '').trim();
  // A byline that is only the agency ("NTB", "YONHAP"): the agency is the credit.
  const agencyOnly = AGENCIES[text.toUpperCase().replace(/[.\s]+$/, '')];
  if (agencyOnly) return [{ name: agencyOnly, role, organization: agencyOnly, email }];
  let organization = defaultOrganization;
  const comma = text.split(/\s*[,/|]\s*/);
  if (comma.length >= 2) {
    const last = comma[comma.length - 1] ?? '';
    // The part after the last comma is the organisation when it is not itself a person's name in a list.
    if (!/\band\b|&/i.test(last)) {
      organization = normaliseOrganization(last) ?? organization;
      text = comma.slice(0, -1).join(', ');
    }
  }
  const names = text
    .split(/\s*(?:,|\band\b|&|·|;)\s*/i)
    .map((n) => n.trim().replace(/[.,;:]+$/, ''))
    .filter((n) => n.length >= 2 && n.length <= 120 && /\p{L}/u.test(n));
  return names.map((name, index) => ({
    name: properCase(name),
    role,
    organization: normaliseOrganization(organization),
    email: index === 0 ? email : null,
  }));
}

/** A body paragraph that is really a byline (copy pasted by hand, as on the seed page). */
export const BYLINE_LINE = /^\s*BY\s+[A-Z][A-Z'’ .-]+(?:\s*(?:,|AND)\s*[A-Z][A-Z'’ .-]+)*\s*(?:\[[^\]]*\])?\s*$/;

/** "... on Oct. 30. [YONHAP]" → caption without the credit, and the credit "YONHAP". */
export function splitCaptionCredit(caption: string): { caption: string; credit: string | null } {
  const m = /^(.*?)\s*[[(]\s*([A-Z][A-Z0-9 /&.-]{1,60})\s*[\])]\s*$/s.exec(caption);
  if (!m?.[1] || !m[2] || m[2] !== m[2].toUpperCase()) return { caption, credit: null };
  return { caption: m[1].trim(), credit: m[2].trim() };
}
