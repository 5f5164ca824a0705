/**
 * URL slugs. Korean headlines are romanised with the Revised Romanization of Korean (syllable by syllable, with the
 * usual final-consonant values), so `북한 포로` becomes `bukhan-poro`. Of the sound-change rules across syllables only
 * ㄹㄹ → ll is applied: slugs must be stable and predictable, not phonetically perfect.
 */
const INITIALS = ['g', 'kk', 'n', 'd', 'tt', 'r', 'm', 'b', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 't', 'p', 'h'];
const MEDIALS = ['a', 'ae', 'ya', 'yae', 'eo', 'e', 'yeo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'eu', 'ui', 'i'];
const FINALS = ['', 'k', 'k', 'k', 'n', 'n', 'n', 't', 'l', 'k', 'm', 'l', 'l', 'l', 'p', 'l', 'm', 'p', 'p', 't', 't', 'ng', 't', 't', 'k', 't', 'p', 't'];

export function romanizeHangul(text: string): string {
  let out = '';
  let previousFinal = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xac00 && code <= 0xd7a3) {
      const index = code - 0xac00;
      let initial = INITIALS[Math.floor(index / 588)] ?? '';
      const medial = MEDIALS[Math.floor((index % 588) / 28)] ?? '';
      const final = FINALS[index % 28] ?? '';
      // The one sound change kept: ㄹㄹ is written ll (열려 → yeollyeo, 설립 → seollip).
      if (initial === 'r' && previousFinal === 'l') initial = 'l';
      out += initial + medial + final;
      previousFinal = final;
    } else {
      out += char;
      previousFinal = '';
    }
  }
  return out;
}

/** A lowercase ASCII slug of at most `maxLength` characters, never empty. */
export function slugify(text: string, maxLength = 80): string {
  const ascii = romanizeHangul(text.normalize('NFC'))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = ascii.length > maxLength ? ascii.slice(0, maxLength).replace(/-[^-]*$/, '') || ascii.slice(0, maxLength) : ascii;
  return cut || 'article';
}
