import { z } from 'zod';

/**
 * The content model. Article bodies are typed blocks (docs/decisions/003-body-format.md): one schema per block
 * type here, one renderer per block type in render/blocks/. Schemas validate every write at the boundary and
 * generate the OpenAPI document, so the two never drift apart.
 */
export const LANGUAGES = ['ko', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const ARTICLE_TYPES = ['news', 'analysis', 'opinion', 'review', 'sponsored'] as const;
export type ArticleType = (typeof ARTICLE_TYPES)[number];

export const ARTICLE_STATUSES = ['draft', 'in_review', 'approved', 'scheduled', 'published', 'unpublished', 'trashed'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const CREDIT_ROLES = ['reporter', 'writer', 'correspondent', 'photographer', 'videographer', 'illustrator', 'translator', 'editor', 'columnist', 'contributor'] as const;
export type CreditRole = (typeof CREDIT_ROLES)[number];

const safeUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => /^(https?:\/\/|mailto:|\/)/i.test(v) && !/^\/\//.test(v), 'must be an http(s) or mailto: URL or a site path');

export const inlineTextSchema = z
  .object({
    text: z.string().max(20000),
    bold: z.boolean().optional(),
    italic: z.boolean().optional(),
    href: safeUrl.optional(),
  })
  .strict();
export type InlineText = z.infer<typeof inlineTextSchema>;

const inlineContent = z.array(inlineTextSchema).max(500);

export const paragraphBlockSchema = z.object({ type: z.literal('paragraph'), content: inlineContent }).strict();
export const headingBlockSchema = z
  .object({ type: z.literal('heading'), level: z.union([z.literal(2), z.literal(3), z.literal(4)]), text: z.string().min(1).max(500) })
  .strict();
export const quoteBlockSchema = z
  .object({
    type: z.literal('quote'),
    variant: z.enum(['block', 'pull']).default('block'),
    content: inlineContent,
    attribution: z.string().max(300).optional(),
  })
  .strict();
export const listBlockSchema = z
  .object({ type: z.literal('list'), ordered: z.boolean().default(false), items: z.array(inlineContent).min(1).max(200) })
  .strict();
export const imageBlockSchema = z
  .object({
    type: z.literal('image'),
    mediaId: z.number().int().positive(),
    /** Overrides the media item's caption for this use; the story the photo tells here. */
    caption: z.string().max(2000).optional(),
    credit: z.string().max(300).optional(),
    /** Overrides the media item's alt text; describes what the image shows, never a copy of the caption. */
    alt: z.string().max(1000).optional(),
  })
  .strict();
export const embedBlockSchema = z
  .object({
    type: z.literal('embed'),
    url: z.string().trim().url().max(2000).refine((v) => /^https:\/\//i.test(v), 'must be an https URL'),
    title: z.string().max(300).optional(),
    provider: z.string().max(100).optional(),
    description: z.string().max(1000).optional(),
  })
  .strict();

export const articleBlockSchema = z.discriminatedUnion('type', [
  paragraphBlockSchema,
  headingBlockSchema,
  quoteBlockSchema,
  listBlockSchema,
  imageBlockSchema,
  embedBlockSchema,
]);
export type ArticleBlock = z.infer<typeof articleBlockSchema>;
export type ParagraphBlock = z.infer<typeof paragraphBlockSchema>;
export type HeadingBlock = z.infer<typeof headingBlockSchema>;
export type QuoteBlock = z.infer<typeof quoteBlockSchema>;
export type ListBlock = z.infer<typeof listBlockSchema>;
export type ImageBlock = z.infer<typeof imageBlockSchema>;
export type EmbedBlock = z.infer<typeof embedBlockSchema>;

export const articleBodySchema = z.array(articleBlockSchema).max(2000);

export const creditInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    role: z.enum(CREDIT_ROLES).default('reporter'),
    organization: z.string().trim().max(200).nullish(),
    email: z.string().trim().email().max(320).nullish(),
    authorSlug: z.string().trim().max(200).nullish(),
  })
  .strict();
export type CreditInput = z.infer<typeof creditInputSchema>;

/** A credit as stored and served: the person, what they did, for whom, and their profile when they have one. */
export interface Credit {
  name: string;
  role: CreditRole;
  organization: string | null;
  email: string | null;
  authorSlug: string | null;
}

export interface Correction {
  id: number;
  kind: 'correction' | 'clarification';
  text: string;
  createdAt: string;
}

export interface SectionRef {
  id: number;
  slug: string;
  nameKo: string;
  nameEn: string;
}

export interface TagRef {
  id: number;
  slug: string;
  name: string;
}

/** A fully loaded article as the services see it (all languages, all statuses). */
export interface Article {
  id: number;
  slug: string;
  language: Language;
  translationGroup: string;
  type: ArticleType;
  headline: string;
  dek: string;
  body: ArticleBlock[];
  section: SectionRef;
  tags: TagRef[];
  credits: Credit[];
  dateline: string;
  status: ArticleStatus;
  breaking: boolean;
  featuredMediaId: number | null;
  seoTitle: string;
  seoDescription: string;
  /** The share card (OpenGraph); empty / null: the SEO title/description and the featured image. */
  socialTitle: string;
  socialDescription: string;
  socialMediaId: number | null;
  source: { name: string; url: string | null } | null;
  revision: number;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
  firstPublishedAt: string | null;
  publishedAt: string | null;
  contentUpdatedAt: string | null;
  scheduledAt: string | null;
  /** Readers see the article only from this time on (null: no embargo). */
  embargoUntil: string | null;
  /** A scheduled unpublish (null: none). */
  unpublishAt: string | null;
  corrections: Correction[];
}

/** Media as served to readers and clients. */
export interface MediaItem {
  id: number;
  url: string;
  mimeType: string;
  width: number;
  height: number;
  bytes: number;
  alt: string;
  caption: string;
  credit: string;
  usageTerms: string;
  createdAt: string;
  /** Focal point, 0..1 from the left and from the top; crops keep it in view. */
  focalX: number;
  focalY: number;
  /** Responsive versions made by the derivatives job; empty until it ran (pages then use the original). */
  derivatives: MediaDerivative[];
}

export interface MediaDerivative {
  format: 'avif' | 'webp' | 'jpeg' | 'png';
  width: number;
  height: number;
  url: string;
  bytes: number;
}

export interface AuthorProfile {
  id: number;
  slug: string;
  nameKo: string;
  nameEn: string;
  kind: 'staff' | 'contributor';
  organization: string | null;
  bioKo: string;
  bioEn: string;
  photo: MediaItem | null;
  email: string | null;
  location: string | null;
}
