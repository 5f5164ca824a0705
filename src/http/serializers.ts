import type { Account } from '../accounts/accounts.types.js';
import type { Article, AuthorProfile, Credit, MediaItem } from '../content/content.types.js';
import type { Section } from '../content/taxonomy.service.js';
import { absoluteUrl, articlePath, authorPath, sectionPath, tagPath } from '../delivery/urls.js';

/**
 * Response shapes, named by audience: `AdminApi*` for the newsroom (round-trips with the write schemas: what you GET
 * you can PATCH back), `ContentApi*` for the public (only what readers may see, absolute URLs, resolved images).
 */
export interface AdminApiArticle {
  id: number;
  slug: string;
  language: string;
  translationGroup: string;
  translations: { id: number; language: string; status: string }[];
  type: string;
  headline: string;
  dek: string;
  body: Article['body'];
  section: string;
  tags: string[];
  credits: Credit[];
  dateline: string;
  breaking: boolean;
  featuredImage: number | null;
  seoTitle: string;
  seoDescription: string;
  socialTitle: string;
  socialDescription: string;
  socialImage: number | null;
  source: Article['source'];
  status: string;
  revision: number;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
  firstPublishedAt: string | null;
  publishedAt: string | null;
  contentUpdatedAt: string | null;
  scheduledAt: string | null;
  embargoUntil: string | null;
  unpublishAt: string | null;
  corrections: Article['corrections'];
  /** Absolute reader URL; present once the article has been published. */
  url: string | null;
}

export function toAdminApiArticle(article: Article, siteUrl: string, translations: { id: number; language: string; status: string }[] = []): AdminApiArticle {
  return {
    id: article.id,
    slug: article.slug,
    language: article.language,
    translationGroup: article.translationGroup,
    translations,
    type: article.type,
    headline: article.headline,
    dek: article.dek,
    body: article.body,
    section: article.section.slug,
    tags: article.tags.map((t) => t.name),
    credits: article.credits,
    dateline: article.dateline,
    breaking: article.breaking,
    featuredImage: article.featuredMediaId,
    seoTitle: article.seoTitle,
    seoDescription: article.seoDescription,
    socialTitle: article.socialTitle,
    socialDescription: article.socialDescription,
    socialImage: article.socialMediaId,
    source: article.source,
    status: article.status,
    revision: article.revision,
    createdBy: article.createdBy,
    createdAt: article.createdAt,
    updatedAt: article.updatedAt,
    firstPublishedAt: article.firstPublishedAt,
    publishedAt: article.publishedAt,
    contentUpdatedAt: article.contentUpdatedAt,
    scheduledAt: article.scheduledAt,
    embargoUntil: article.embargoUntil,
    unpublishAt: article.unpublishAt,
    corrections: article.corrections,
    url: article.firstPublishedAt ? absoluteUrl(siteUrl, articlePath(article)) : null,
  };
}

export const toApiMedia = (media: MediaItem, siteUrl: string) => ({
  ...media,
  url: absoluteUrl(siteUrl, media.url),
  derivatives: media.derivatives.map((d) => ({ ...d, url: absoluteUrl(siteUrl, d.url) })),
});

export const toAdminApiAccount = (account: Account) => ({
  id: account.id,
  email: account.email,
  name: account.name,
  role: account.role,
  authorId: account.authorId,
  language: account.language,
  disabled: account.disabled,
  pendingInvite: account.pendingInvite,
  createdAt: account.createdAt,
  updatedAt: account.updatedAt,
});

export function toApiAuthor(author: AuthorProfile, siteUrl: string) {
  return {
    slug: author.slug,
    nameKo: author.nameKo,
    nameEn: author.nameEn,
    kind: author.kind,
    organization: author.organization,
    bioKo: author.bioKo,
    bioEn: author.bioEn,
    photo: author.photo ? toApiMedia(author.photo, siteUrl) : null,
    photoMediaId: author.photo?.id ?? null,
    email: author.email,
    location: author.location,
    urls: { ko: absoluteUrl(siteUrl, authorPath('ko', author.slug)), en: absoluteUrl(siteUrl, authorPath('en', author.slug)) },
  };
}

/** The Admin API's author profile also carries its id: accounts link to a profile by it (`authorId`). */
export const toAdminApiAuthor = (author: AuthorProfile, siteUrl: string) => ({ id: author.id, ...toApiAuthor(author, siteUrl) });

export function toApiSection(section: Section, siteUrl: string) {
  return {
    slug: section.slug,
    nameKo: section.nameKo,
    nameEn: section.nameEn,
    parent: section.parentSlug,
    position: section.position,
    urls: { ko: absoluteUrl(siteUrl, sectionPath('ko', section.slug)), en: absoluteUrl(siteUrl, sectionPath('en', section.slug)) },
  };
}

export function toApiTag(tag: { slug: string; name: string }, siteUrl: string) {
  return { slug: tag.slug, name: tag.name, urls: { ko: absoluteUrl(siteUrl, tagPath('ko', tag.slug)), en: absoluteUrl(siteUrl, tagPath('en', tag.slug)) } };
}

type ContentApiBlock =
  | Exclude<Article['body'][number], { type: 'image' }>
  | { type: 'image'; mediaId: number; url: string; width: number; height: number; alt: string; caption: string; credit: string };

export interface ContentApiArticle {
  id: number;
  slug: string;
  url: string;
  language: string;
  type: string;
  headline: string;
  dek: string;
  body: ContentApiBlock[];
  section: { slug: string; name: string };
  tags: { slug: string; name: string }[];
  credits: (Credit & { authorUrl: string | null })[];
  dateline: string;
  breaking: boolean;
  featuredImage: ReturnType<typeof toApiMedia> | null;
  source: Article['source'];
  firstPublishedAt: string | null;
  publishedAt: string | null;
  updatedAt: string | null;
  corrections: Article['corrections'];
  translations: { id: number; language: string; url: string }[];
}

/** Public shape: images resolved with absolute URLs, internal fields (status, revision, accounts) left out. */
export function toContentApiArticle(
  article: Article,
  media: Map<number, MediaItem>,
  siteUrl: string,
  translations: { id: number; language: Article['language']; slug: string; sectionSlug: string }[] = [],
): ContentApiArticle {
  const body = article.body.flatMap((block): ContentApiBlock[] => {
    if (block.type !== 'image') return [block];
    const item = media.get(block.mediaId);
    if (!item) return [];
    return [
      {
        type: 'image',
        mediaId: item.id,
        url: absoluteUrl(siteUrl, item.url),
        width: item.width,
        height: item.height,
        alt: block.alt ?? item.alt,
        caption: block.caption ?? item.caption,
        credit: block.credit ?? item.credit,
      },
    ];
  });
  const featured = article.featuredMediaId ? media.get(article.featuredMediaId) : undefined;
  return {
    id: article.id,
    slug: article.slug,
    url: absoluteUrl(siteUrl, articlePath(article)),
    language: article.language,
    type: article.type,
    headline: article.headline,
    dek: article.dek,
    body,
    section: { slug: article.section.slug, name: article.language === 'ko' ? article.section.nameKo : article.section.nameEn },
    tags: article.tags.map((t) => ({ slug: t.slug, name: t.name })),
    credits: article.credits.map((c) => ({ ...c, authorUrl: c.authorSlug ? absoluteUrl(siteUrl, authorPath(article.language, c.authorSlug)) : null })),
    dateline: article.dateline,
    breaking: article.breaking,
    featuredImage: featured ? toApiMedia(featured, siteUrl) : null,
    source: article.source,
    firstPublishedAt: article.firstPublishedAt,
    publishedAt: article.publishedAt,
    updatedAt: article.contentUpdatedAt ?? article.publishedAt,
    corrections: article.corrections,
    translations: translations.map((t) => ({ id: t.id, language: t.language, url: absoluteUrl(siteUrl, articlePath({ language: t.language, id: t.id, slug: t.slug, section: { slug: t.sectionSlug } })) })),
  };
}
