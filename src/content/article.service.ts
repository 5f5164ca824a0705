import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../accounts/accounts.types.js';
import { atLeast, canEditArticle, canViewArticle } from '../accounts/permissions.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db, Tx } from '../db/database.js';
import type { EventBus } from '../events/event-bus.js';
import type { FieldError } from '../lib/errors.js';
import { AppError, forbidden, invalid, notFound } from '../lib/errors.js';
import { slugify } from '../lib/slug.js';
import { nowIso, parseIsoDateTime } from '../lib/time.js';
import { findArticle, loadArticlesInOrder } from './article.queries.js';
import { bodyHtmlToBlocks } from './body-html.js';
import type { Article, ArticleBlock, CreditInput, Language } from './content.types.js';
import { ARTICLE_STATUSES, ARTICLE_TYPES, LANGUAGES, articleBodySchema, creditInputSchema } from './content.types.js';
import { findMediaByIds } from './media.service.js';
import { ensureTags } from './taxonomy.service.js';

const slugField = z
  .string()
  .trim()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single hyphens')
  .max(100);

const articleFields = {
  headline: z.string().trim().min(1).max(300),
  dek: z.string().trim().max(1000),
  type: z.enum(ARTICLE_TYPES),
  section: z.string().trim().min(1).max(100),
  tags: z.array(z.string().trim().min(1).max(100)).max(30),
  credits: z.array(creditInputSchema).max(30),
  dateline: z.string().trim().max(200),
  breaking: z.boolean(),
  featuredImage: z.number().int().positive().nullable(),
  seoTitle: z.string().trim().max(300),
  seoDescription: z.string().trim().max(500),
  socialTitle: z.string().trim().max(300),
  socialDescription: z.string().trim().max(500),
  socialImage: z.number().int().positive().nullable(),
  source: z.object({ name: z.string().trim().min(1).max(200), url: z.string().trim().url().max(2000).nullish() }).strict().nullable(),
  body: articleBodySchema,
  bodyHtml: z.string().max(2_000_000),
  slug: slugField,
  embargoUntil: z
    .string()
    .refine((v) => parseIsoDateTime(v) !== undefined, 'must be an ISO 8601 date-time with a zone, e.g. 2026-12-01T09:00:00-08:00')
    .transform((v) => parseIsoDateTime(v) ?? v)
    .nullable(),
};

export const articleCreateSchema = z
  .object({
    language: z.enum(LANGUAGES),
    headline: articleFields.headline,
    dek: articleFields.dek.default(''),
    type: articleFields.type.default('news'),
    section: articleFields.section.optional(),
    tags: articleFields.tags.default([]),
    credits: articleFields.credits.default([]),
    dateline: articleFields.dateline.default(''),
    breaking: articleFields.breaking.default(false),
    featuredImage: articleFields.featuredImage.optional(),
    seoTitle: articleFields.seoTitle.default(''),
    seoDescription: articleFields.seoDescription.default(''),
    socialTitle: articleFields.socialTitle.default(''),
    socialDescription: articleFields.socialDescription.default(''),
    socialImage: articleFields.socialImage.optional(),
    source: articleFields.source.optional(),
    body: articleFields.body.optional(),
    bodyHtml: articleFields.bodyHtml.optional(),
    slug: articleFields.slug.optional(),
    embargoUntil: articleFields.embargoUntil.optional(),
    /** Id of the article this one translates: both join one translation group. */
    translationOf: z.number().int().positive().optional(),
  })
  .strict()
  .refine((v) => !(v.body && v.bodyHtml !== undefined), { message: 'send either body or bodyHtml, not both', path: ['bodyHtml'] });
export type ArticleCreateInput = z.input<typeof articleCreateSchema>;

export const articleUpdateSchema = z
  .object({
    revision: z.number().int().positive(),
    headline: articleFields.headline.optional(),
    dek: articleFields.dek.optional(),
    type: articleFields.type.optional(),
    section: articleFields.section.optional(),
    tags: articleFields.tags.optional(),
    credits: articleFields.credits.optional(),
    dateline: articleFields.dateline.optional(),
    breaking: articleFields.breaking.optional(),
    featuredImage: articleFields.featuredImage.optional(),
    seoTitle: articleFields.seoTitle.optional(),
    seoDescription: articleFields.seoDescription.optional(),
    socialTitle: articleFields.socialTitle.optional(),
    socialDescription: articleFields.socialDescription.optional(),
    socialImage: articleFields.socialImage.optional(),
    source: articleFields.source.optional(),
    body: articleFields.body.optional(),
    bodyHtml: articleFields.bodyHtml.optional(),
    slug: articleFields.slug.optional(),
    embargoUntil: articleFields.embargoUntil.optional(),
    language: z.enum(LANGUAGES).optional(),
    /** Publish at this time (the article becomes scheduled); applied after the field changes, see newsroom.service. */
    publishAt: articleFields.embargoUntil.optional(),
    /** Take the article down at this time (null cancels); see newsroom.service. */
    unpublishAt: articleFields.embargoUntil.optional(),
  })
  .strict()
  .refine((v) => !(v.body && v.bodyHtml !== undefined), { message: 'send either body or bodyHtml, not both', path: ['bodyHtml'] });
export type ArticleUpdateInput = z.input<typeof articleUpdateSchema>;

export const correctionInputSchema = z
  .object({ kind: z.enum(['correction', 'clarification']).default('correction'), text: z.string().trim().min(1).max(2000) })
  .strict();

export const articleListQuerySchema = z.object({
  status: z.enum(ARTICLE_STATUSES).optional(),
  lang: z.enum(LANGUAGES).optional(),
  section: z.string().optional(),
  /** `me`, an account id (who created it) or an author-profile slug (who is credited). */
  author: z.string().trim().min(1).max(200).optional(),
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** One entry of an article's revision history: who saved it, when, and the fields as they were. */
export interface RevisionEntry {
  revision: number;
  createdAt: string;
  createdBy: number | null;
  createdByName: string | null;
  snapshot: Record<string, unknown>;
}

/** The editable fields of an article, as stored in each revision snapshot. */
function snapshotOf(article: Article): Record<string, unknown> {
  return {
    headline: article.headline,
    dek: article.dek,
    type: article.type,
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
    body: article.body,
    slug: article.slug,
    language: article.language,
    embargoUntil: article.embargoUntil,
  };
}

/** Articles as the newsroom edits them. Status changes live in workflow/, not here. */
export class ArticleService {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
  ) {}

  /** Creates a draft. `warnings` lists what bodyHtml held that could not be kept (e.g. images not in the library). */
  async createArticle(input: ArticleCreateInput, actor: Actor): Promise<Article & { warnings?: string[] }> {
    const data = articleCreateSchema.parse(input);
    const converted = data.bodyHtml !== undefined ? bodyHtmlToBlocks(data.bodyHtml) : { blocks: data.body ?? [], warnings: [] };
    const body = converted.blocks;
    const id = await this.events.transaction(async (tx, emit) => {
      const errors: FieldError[] = [];
      const sectionId = await this.resolveSection(tx, data.section, errors);
      const credits = await this.resolveCredits(tx, data.credits, errors);
      await this.checkMedia(tx, body, data.featuredImage ?? null, errors, data.socialImage ?? null);
      let translationGroup: string = randomUUID();
      if (data.translationOf !== undefined) {
        const original = await tx.selectFrom('articles').select(['translation_group', 'language']).where('id', '=', data.translationOf).executeTakeFirst();
        if (!original) errors.push({ path: 'translationOf', message: `article ${data.translationOf} does not exist` });
        else if (original.language === data.language) errors.push({ path: 'translationOf', message: `article ${data.translationOf} is already in ${data.language}` });
        else {
          translationGroup = original.translation_group;
          const taken = await tx.selectFrom('articles').select('id').where('translation_group', '=', translationGroup).where('language', '=', data.language).executeTakeFirst();
          if (taken) errors.push({ path: 'translationOf', message: `article ${data.translationOf} already has a ${data.language} version (${taken.id})` });
        }
      }
      if (errors.length) throw invalid(errors);
      const now = nowIso();
      const slug = await this.uniqueSlug(tx, data.slug ?? slugify(data.headline));
      const row = await tx
        .insertInto('articles')
        .values({
          slug,
          language: data.language,
          translation_group: translationGroup,
          type: data.type,
          headline: data.headline,
          dek: data.dek,
          body: JSON.stringify(body),
          section_id: sectionId,
          dateline: data.dateline,
          status: 'draft',
          breaking: data.breaking ? 1 : 0,
          featured_media_id: data.featuredImage ?? null,
          seo_title: data.seoTitle,
          seo_description: data.seoDescription,
          social_title: data.socialTitle,
          social_description: data.socialDescription,
          social_media_id: data.socialImage ?? null,
          source_name: data.source?.name ?? null,
          source_url: data.source?.url ?? null,
          revision: 1,
          embargo_until: data.embargoUntil ?? null,
          created_by: actor.id,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.insertInto('article_slugs').values({ slug, article_id: row.id, created_at: now }).execute();
      await this.writeCredits(tx, row.id, credits);
      await this.writeTags(tx, row.id, data.tags);
      await this.writeRevision(tx, row.id, actor.id);
      await recordAudit(tx, { accountId: actor.id, action: 'article.create', articleId: row.id, details: { language: data.language, ...(data.translationOf !== undefined ? { translationOf: data.translationOf } : {}) } });
      await emit('article.created', row.id, { language: data.language });
      return row.id;
    });
    const article = await this.getArticleAs(id, actor);
    return converted.warnings.length ? { ...article, warnings: converted.warnings } : article;
  }

  /** `audit` names the change in the audit log when it is more than an edit (a restored revision). */
  async updateArticle(id: number, input: ArticleUpdateInput, actor: Actor, audit: { action: string; details: Record<string, unknown> } = { action: 'article.update', details: {} }): Promise<Article & { warnings?: string[] }> {
    const data = articleUpdateSchema.parse(input);
    const converted = data.bodyHtml !== undefined ? bodyHtmlToBlocks(data.bodyHtml) : undefined;
    const body = converted ? converted.blocks : data.body;
    await this.events.transaction(async (tx, emit) => {
      const current = await findArticle(tx, id);
      if (!current || current.status === 'trashed') throw notFound(`article ${id}`);
      if (!canEditArticle(actor, current)) throw forbidden('You can edit only your own articles.');
      if (current.revision !== data.revision) {
        throw new AppError('ERR_CONFLICT', `article ${id} is at revision ${current.revision}, not ${data.revision}; reload it and apply your change again`, {
          currentRevision: current.revision,
        });
      }
      const errors: FieldError[] = [];
      const sectionId = data.section !== undefined ? await this.resolveSection(tx, data.section, errors) : undefined;
      const credits = data.credits !== undefined ? await this.resolveCredits(tx, data.credits, errors) : undefined;
      await this.checkMedia(tx, body ?? [], data.featuredImage ?? null, errors, data.socialImage ?? null);
      if (data.language !== undefined && data.language !== current.language) {
        const taken = await tx.selectFrom('articles').select('id').where('translation_group', '=', current.translationGroup).where('language', '=', data.language).executeTakeFirst();
        if (taken) errors.push({ path: 'language', message: `this story already has a ${data.language} version (${taken.id})` });
      }
      if (errors.length) throw invalid(errors);
      const now = nowIso();
      // Until first publication the slug follows the headline; after it, a URL is public and changes only on request.
      let slug = current.slug;
      if (data.slug !== undefined && data.slug !== current.slug) slug = await this.uniqueSlug(tx, data.slug, id);
      else if (data.headline !== undefined && data.headline !== current.headline && !current.firstPublishedAt) slug = await this.uniqueSlug(tx, slugify(data.headline), id);
      const live = current.status === 'published';
      const updated = await tx
        .updateTable('articles')
        .set({
          ...(data.headline !== undefined ? { headline: data.headline } : {}),
          ...(data.dek !== undefined ? { dek: data.dek } : {}),
          ...(data.type !== undefined ? { type: data.type } : {}),
          ...(sectionId !== undefined ? { section_id: sectionId } : {}),
          ...(data.dateline !== undefined ? { dateline: data.dateline } : {}),
          ...(data.breaking !== undefined ? { breaking: data.breaking ? 1 : 0 } : {}),
          ...(data.featuredImage !== undefined ? { featured_media_id: data.featuredImage } : {}),
          ...(data.seoTitle !== undefined ? { seo_title: data.seoTitle } : {}),
          ...(data.seoDescription !== undefined ? { seo_description: data.seoDescription } : {}),
          ...(data.socialTitle !== undefined ? { social_title: data.socialTitle } : {}),
          ...(data.socialDescription !== undefined ? { social_description: data.socialDescription } : {}),
          ...(data.socialImage !== undefined ? { social_media_id: data.socialImage } : {}),
          ...(data.source !== undefined ? { source_name: data.source?.name ?? null, source_url: data.source?.url ?? null } : {}),
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          ...(data.language !== undefined ? { language: data.language } : {}),
          ...(data.embargoUntil !== undefined ? { embargo_until: data.embargoUntil } : {}),
          slug,
          revision: current.revision + 1,
          updated_at: now,
          ...(live ? { content_updated_at: now } : {}),
        })
        .where('id', '=', id)
        .where('revision', '=', current.revision)
        .executeTakeFirst();
      // The conditional UPDATE is the real guard: two racing saves cannot both pass the check above.
      if (Number(updated.numUpdatedRows) !== 1) throw new AppError('ERR_CONFLICT', `article ${id} changed while you were saving; reload it`, { currentRevision: current.revision + 1 });
      if (slug !== current.slug) {
        await tx.insertInto('article_slugs').values({ slug, article_id: id, created_at: now }).execute();
      }
      if (credits !== undefined) {
        await tx.deleteFrom('article_credits').where('article_id', '=', id).execute();
        await this.writeCredits(tx, id, credits);
      }
      if (data.tags !== undefined) {
        await tx.deleteFrom('article_tags').where('article_id', '=', id).execute();
        await this.writeTags(tx, id, data.tags);
      }
      await this.writeRevision(tx, id, actor.id);
      await recordAudit(tx, { accountId: actor.id, action: audit.action, articleId: id, details: { ...audit.details, revision: current.revision + 1, fields: Object.keys(data).filter((k) => k !== 'revision') } });
      await emit('article.updated', id, {
        revision: current.revision + 1,
        live,
        slugChanged: slug !== current.slug,
        previousSlug: current.slug,
        ...(data.embargoUntil !== undefined ? { embargoUntil: data.embargoUntil } : {}),
      });
    });
    const article = await this.getArticleAs(id, actor);
    return converted?.warnings.length ? { ...article, warnings: converted.warnings } : article;
  }

  async addCorrection(id: number, input: z.input<typeof correctionInputSchema>, actor: Actor): Promise<Article> {
    const data = correctionInputSchema.parse(input);
    await this.events.transaction(async (tx, emit) => {
      const current = await findArticle(tx, id);
      if (!current || current.status === 'trashed') throw notFound(`article ${id}`);
      if (!canEditArticle(actor, current)) throw forbidden('You can correct only your own articles.');
      const now = nowIso();
      await tx.insertInto('article_corrections').values({ article_id: id, kind: data.kind, note: data.text, created_at: now, created_by: actor.id }).execute();
      await tx.updateTable('articles').set({ updated_at: now, ...(current.status === 'published' ? { content_updated_at: now } : {}) }).where('id', '=', id).execute();
      await recordAudit(tx, { accountId: actor.id, action: 'article.correct', articleId: id, details: { kind: data.kind } });
      await emit('article.updated', id, { revision: current.revision, live: current.status === 'published', correction: true });
    });
    return this.getArticleAs(id, actor);
  }

  /** An article as the newsroom sees it; trashed articles are not found here. */
  async getArticleAs(id: number, actor: Actor): Promise<Article> {
    const article = await findArticle(this.db, id);
    if (!article || article.status === 'trashed') throw notFound(`article ${id}`);
    if (!canViewArticle(actor, article)) throw forbidden('You can open only your own articles.');
    return article;
  }

  async listArticlesAs(actor: Actor, query: z.input<typeof articleListQuerySchema>): Promise<{ items: Article[]; total: number; page: number; pageSize: number }> {
    const q = articleListQuerySchema.parse(query);
    let base = this.db.selectFrom('articles').innerJoin('sections', 'sections.id', 'articles.section_id');
    base = q.status ? base.where('articles.status', '=', q.status) : base.where('articles.status', '!=', 'trashed');
    if (q.lang) base = base.where('articles.language', '=', q.lang);
    if (q.section) base = base.where('sections.slug', '=', q.section);
    // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not; the dashboard must match alike.
    if (q.q) base = base.where((eb) => eb(eb.fn('lower', ['articles.headline']), 'like', `%${q.q!.replace(/[%_]/g, '').toLowerCase()}%`));
    if (q.author === 'me' || (q.author && /^\d+$/.test(q.author))) base = base.where('articles.created_by', '=', q.author === 'me' ? actor.id : Number(q.author));
    else if (q.author) {
      const slug = q.author;
      base = base.where('articles.id', 'in', (eb) =>
        eb.selectFrom('article_credits').innerJoin('authors', 'authors.id', 'article_credits.author_id').select('article_credits.article_id').where('authors.slug', '=', slug),
      );
    }
    if (!atLeast(actor, 'author')) base = base.where('articles.created_by', '=', actor.id);
    const rows = await base
      .select('articles.id')
      .orderBy('articles.updated_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const items = await loadArticlesInOrder(
      this.db,
      rows.map((r) => r.id),
    );
    return { items, total: Number(total), page: q.page, pageSize: q.pageSize };
  }

  async listRevisions(id: number, actor: Actor): Promise<RevisionEntry[]> {
    await this.getArticleAs(id, actor);
    const rows = await this.db
      .selectFrom('article_revisions')
      .leftJoin('accounts', 'accounts.id', 'article_revisions.created_by')
      .select(['article_revisions.revision', 'article_revisions.created_at', 'article_revisions.created_by', 'article_revisions.snapshot', 'accounts.name as created_by_name'])
      .where('article_revisions.article_id', '=', id)
      .orderBy('article_revisions.revision', 'desc')
      .execute();
    return rows.map((r) => ({ revision: r.revision, createdAt: r.created_at, createdBy: r.created_by, createdByName: r.created_by_name ?? null, snapshot: JSON.parse(r.snapshot) as Record<string, unknown> }));
  }

  /**
   * Restores an earlier revision as a NEW revision (history is never rewritten): its text, taxonomy, credits, images
   * and SEO fields become the article's again. The URL (slug), language and embargo stay as they are now — those are
   * publishing decisions, not text. `baseRevision` guards against restoring over someone's newer save.
   */
  async restoreRevision(id: number, revision: number, baseRevision: number, actor: Actor): Promise<Article> {
    await this.getArticleAs(id, actor);
    const row = await this.db.selectFrom('article_revisions').select('snapshot').where('article_id', '=', id).where('revision', '=', revision).executeTakeFirst();
    if (!row) throw notFound(`revision ${revision} of article ${id}`);
    const snapshot = JSON.parse(row.snapshot) as Record<string, unknown>;
    const restorable = ['headline', 'dek', 'type', 'section', 'tags', 'credits', 'dateline', 'breaking', 'featuredImage', 'seoTitle', 'seoDescription', 'socialTitle', 'socialDescription', 'socialImage', 'source', 'body'] as const;
    const fields: Record<string, unknown> = { revision: baseRevision };
    for (const key of restorable) if (snapshot[key] !== undefined) fields[key] = snapshot[key];
    // Credits are stored as served (nulls included); the input schema takes the same shape.
    const parsed = articleUpdateSchema.safeParse(fields);
    if (!parsed.success) throw new AppError('ERR_CONFLICT', `revision ${revision} cannot be restored as it is: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    return this.updateArticle(id, parsed.data, actor, { action: 'article.restore', details: { fromRevision: revision } });
  }

  /**
   * "Create the other-language version from this one": a linked draft (same translation group) in the other
   * language with the same section, type, tags, credits, dateline and images; headline, dek and body are copied for
   * the translator to replace. One transaction (createArticle); 422 when that language version exists already.
   */
  async createTranslation(id: number, language: Language | undefined, actor: Actor): Promise<Article> {
    const source = await this.getArticleAs(id, actor);
    return this.createArticle(
      {
        language: language ?? (source.language === 'ko' ? 'en' : 'ko'),
        translationOf: id,
        headline: source.headline,
        dek: source.dek,
        type: source.type,
        section: source.section.slug,
        tags: source.tags.map((t) => t.name),
        credits: source.credits.map((c) => ({ name: c.name, role: c.role, organization: c.organization, email: c.email, authorSlug: c.authorSlug })),
        dateline: source.dateline,
        breaking: source.breaking,
        featuredImage: source.featuredMediaId,
        ...(source.source ? { source: source.source } : {}),
        body: source.body,
      },
      actor,
    );
  }

  // ## helpers (all inside the caller's transaction)

  private async resolveSection(tx: Tx, slug: string | undefined, errors: FieldError[]): Promise<number> {
    const row = slug
      ? await tx.selectFrom('sections').select('id').where('slug', '=', slug).executeTakeFirst()
      : await tx.selectFrom('sections').select('id').orderBy('position', 'asc').orderBy('id', 'asc').limit(1).executeTakeFirst();
    if (!row) {
      errors.push({ path: 'section', message: slug ? `section ${slug} does not exist` : 'no sections exist yet; create one first' });
      return 0;
    }
    return row.id;
  }

  private async resolveCredits(tx: Tx, credits: CreditInput[], errors: FieldError[]) {
    const resolved: { name: string; role: string; organization: string | null; email: string | null; authorId: number | null }[] = [];
    for (const [index, credit] of credits.entries()) {
      let authorId: number | null = null;
      if (credit.authorSlug) {
        const author = await tx.selectFrom('authors').select('id').where('slug', '=', credit.authorSlug).executeTakeFirst();
        if (!author) errors.push({ path: `credits.${index}.authorSlug`, message: `author ${credit.authorSlug} does not exist` });
        authorId = author?.id ?? null;
      }
      resolved.push({ name: credit.name, role: credit.role, organization: credit.organization ?? null, email: credit.email ?? null, authorId });
    }
    return resolved;
  }

  private async checkMedia(tx: Tx, body: ArticleBlock[], featured: number | null, errors: FieldError[], social: number | null = null): Promise<void> {
    const wanted = body.flatMap((b, index) => (b.type === 'image' ? [{ id: b.mediaId, path: `body.${index}.mediaId` }] : []));
    if (featured) wanted.push({ id: featured, path: 'featuredImage' });
    if (social) wanted.push({ id: social, path: 'socialImage' });
    const found = await findMediaByIds(
      tx,
      wanted.map((w) => w.id),
    );
    for (const w of wanted) if (!found.has(w.id)) errors.push({ path: w.path, message: `media ${w.id} does not exist` });
  }

  private async uniqueSlug(tx: Tx, wanted: string, ownId?: number): Promise<string> {
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? wanted : `${wanted.slice(0, 90)}-${n}`;
      const taken = await tx.selectFrom('article_slugs').select('article_id').where('slug', '=', candidate).executeTakeFirst();
      if (!taken || taken.article_id === ownId) {
        if (taken && ownId !== undefined) await tx.deleteFrom('article_slugs').where('slug', '=', candidate).execute();
        return candidate;
      }
    }
  }

  private async writeCredits(tx: Tx, articleId: number, credits: Awaited<ReturnType<ArticleService['resolveCredits']>>): Promise<void> {
    if (credits.length === 0) return;
    await tx
      .insertInto('article_credits')
      .values(credits.map((c, position) => ({ article_id: articleId, position, name: c.name, role: c.role, organization: c.organization, email: c.email, author_id: c.authorId })))
      .execute();
  }

  private async writeTags(tx: Tx, articleId: number, names: string[]): Promise<void> {
    const ids = await ensureTags(tx, names);
    if (ids.length === 0) return;
    await tx
      .insertInto('article_tags')
      .values(ids.map((tagId, position) => ({ article_id: articleId, tag_id: tagId, position })))
      .execute();
  }

  private async writeRevision(tx: Tx, articleId: number, accountId: number): Promise<void> {
    const article = await findArticle(tx, articleId);
    if (!article) throw new Error(`article ${articleId} vanished inside its own transaction`);
    await tx
      .insertInto('article_revisions')
      .values({ article_id: articleId, revision: article.revision, snapshot: JSON.stringify(snapshotOf(article)), created_by: accountId, created_at: nowIso() })
      .execute();
  }
}

