import type { Language } from '../content/content.types.js';

/** Reader URLs, in one place: `/{lang}/{section}/{id}-{slug}` and friends. The id decides; the slug is for people. */
export const frontPath = (lang: Language): string => `/${lang}`;
export const articlePath = (a: { language: Language; id: number; slug: string; section: { slug: string } }): string =>
  `/${a.language}/${a.section.slug}/${a.id}-${a.slug}`;
export const sectionPath = (lang: Language, slug: string): string => `/${lang}/section/${slug}`;
export const tagPath = (lang: Language, slug: string): string => `/${lang}/tag/${slug}`;
export const authorPath = (lang: Language, slug: string): string => `/${lang}/author/${slug}`;

export const absoluteUrl = (siteUrl: string, path: string): string => new URL(path, `${siteUrl}/`).toString();

/** The iframe URL for an embed we know how to play privately, or null (then the embed is a plain link card). */
export function embedFrameUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const host = parsed.hostname.replace(/^www\./, '');
  const youtubeId =
    host === 'youtu.be' ? parsed.pathname.slice(1) : host === 'youtube.com' || host === 'm.youtube.com' ? (parsed.searchParams.get('v') ?? /^\/(?:embed|shorts)\/([\w-]+)/.exec(parsed.pathname)?.[1]) : undefined;
  if (youtubeId && /^[\w-]{6,20}$/.test(youtubeId)) return `https://www.youtube-nocookie.com/embed/${youtubeId}`;
  const vimeoId = host === 'vimeo.com' ? /^\/(\d+)/.exec(parsed.pathname)?.[1] : undefined;
  if (vimeoId) return `https://player.vimeo.com/video/${vimeoId}`;
  return null;
}

/** The only hosts an embed iframe may come from (the reader page's CSP frame-src). */
export const EMBED_FRAME_ORIGINS = ['https://www.youtube-nocookie.com', 'https://player.vimeo.com'];
