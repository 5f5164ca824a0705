import { z } from 'zod';
import type { Actor } from '../accounts/accounts.types.js';
import { recordAudit } from '../audit/audit.service.js';
import { loadArticles } from '../content/article.queries.js';
import type { Language } from '../content/content.types.js';
import type { Db, Queryable } from '../db/database.js';
import { isVisibleToReaders } from '../delivery/visibility.js';
import { articlePath } from '../delivery/urls.js';
import type { EventBus } from '../events/event-bus.js';
import type { JobRunner } from '../jobs/job-runner.js';
import { AppError, invalid } from '../lib/errors.js';
import { nowIso, parseIsoDateTime } from '../lib/time.js';

/** Fires at a breaking banner's expiry to clear page caches; readers stop seeing it at that time either way. */
export const BANNER_EXPIRY_JOB = 'front-page.banner-expiry';
const expiryKey = (lang: Language) => `breaking-banner:${lang}`;
/** Most top stories an editor pins; the rest of the front page stays automatic. */
export const MAX_TOP_STORIES = 12;

const lang = z.enum(['ko', 'en']);
export const frontPageQuerySchema = z.object({ lang: lang.default('ko') });
export const frontPageUpdateSchema = z
  .object({
    lang,
    /** Article ids, first = lead story. Published articles of that language only. */
    topStories: z.array(z.number().int().positive()).max(MAX_TOP_STORIES),
    /** Top-level section slugs in the order of their blocks; sections left out follow in their usual order. */
    sections: z.array(z.string().min(1).max(200)).max(200),
  })
  .strict();
export const breakingBannerSchema = z
  .object({
    lang,
    text: z.string().trim().min(1).max(300),
    /** The article the banner links to (published, same language); none for a banner without a link. */
    articleId: z.number().int().positive().nullable().default(null),
    expiresAt: z.string().refine((v) => parseIsoDateTime(v) !== undefined, 'must be an ISO 8601 date-time with a zone, e.g. 2026-12-01T09:00:00+09:00'),
  })
  .strict();

/** What readers' front page takes from the curation: read on every render, compared with the clock. */
export interface FrontPageCuration {
  storyIds: number[];
  sectionIds: number[];
  banner: { text: string; articleId: number | null; expiresAt: string } | null;
}

/** The curation as the reader side reads it: the banner only while it has not expired (no job needs to clear it). */
export async function loadFrontPageCuration(db: Queryable, language: Language, now: Date = new Date()): Promise<FrontPageCuration> {
  const [stories, sections, banner] = await Promise.all([
    db.selectFrom('front_page_stories').select('article_id').where('language', '=', language).orderBy('position').execute(),
    db.selectFrom('front_page_sections').select('section_id').where('language', '=', language).orderBy('position').execute(),
    db.selectFrom('breaking_banners').select(['text', 'article_id', 'expires_at']).where('language', '=', language).where('expires_at', '>', now.toISOString()).executeTakeFirst(),
  ]);
  return {
    storyIds: stories.map((r) => r.article_id),
    sectionIds: sections.map((r) => r.section_id),
    banner: banner ? { text: banner.text, articleId: banner.article_id, expiresAt: banner.expires_at } : null,
  };
}

export interface CuratedStory {
  id: number;
  headline: string;
  status: string;
  /** False when the article is no longer shown to readers (unpublished, trashed): the site skips it. */
  visible: boolean;
  url: string | null;
  section: string;
  publishedAt: string | null;
}

export interface FrontPageState {
  lang: Language;
  topStories: CuratedStory[];
  sections: { slug: string; nameKo: string; nameEn: string }[];
  breaking: { text: string; articleId: number | null; articleHeadline: string | null; expiresAt: string; active: boolean } | null;
}

/** Front-page curation for editors (issue 3, item 8): order, featured stories and the breaking banner. */
export class FrontPageService {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly jobs: JobRunner,
  ) {
    jobs.register(BANNER_EXPIRY_JOB, async (payload) => {
      // Only announces; the banner row stays (editors see it as expired) and readers already filter on the time.
      await this.events.transaction(async (_tx, emit) => emit('front-page.updated', null, { lang: payload.lang, bannerExpired: true }));
    });
  }

  async getFrontPage(language: Language): Promise<FrontPageState> {
    const [stories, curatedSections, allSections, banner] = await Promise.all([
      this.db.selectFrom('front_page_stories').select('article_id').where('language', '=', language).orderBy('position').execute(),
      this.db.selectFrom('front_page_sections').select('section_id').where('language', '=', language).orderBy('position').execute(),
      this.db.selectFrom('sections').select(['id', 'slug', 'name_ko', 'name_en']).where('parent_id', 'is', null).orderBy('position').orderBy('id').execute(),
      this.db.selectFrom('breaking_banners').selectAll().where('language', '=', language).executeTakeFirst(),
    ]);
    const articles = await loadArticles(this.db, [...stories.map((s) => s.article_id), ...(banner?.article_id ? [banner.article_id] : [])]);
    const rank = new Map(curatedSections.map((s, i) => [s.section_id, i]));
    const sections = [...allSections].sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity));
    return {
      lang: language,
      topStories: stories.flatMap(({ article_id }) => {
        const a = articles.get(article_id);
        if (!a) return [];
        const visible = isVisibleToReaders(a);
        return [{ id: a.id, headline: a.headline, status: a.status, visible, url: visible ? articlePath(a) : null, section: a.section.slug, publishedAt: a.publishedAt }];
      }),
      sections: sections.map((s) => ({ slug: s.slug, nameKo: s.name_ko, nameEn: s.name_en })),
      breaking: banner
        ? {
            text: banner.text,
            articleId: banner.article_id,
            articleHeadline: banner.article_id ? (articles.get(banner.article_id)?.headline ?? null) : null,
            expiresAt: banner.expires_at,
            active: Date.parse(banner.expires_at) > Date.now(),
          }
        : null,
    };
  }

  /** Replaces the order of top stories and section blocks for one language, in one transaction. */
  async setFrontPage(input: z.input<typeof frontPageUpdateSchema>, actor: Actor): Promise<FrontPageState> {
    const data = frontPageUpdateSchema.parse(input);
    const storyIds = [...new Set(data.topStories)];
    const slugs = [...new Set(data.sections)];
    await this.events.transaction(async (tx, emit) => {
      await this.assertFeaturable(tx, storyIds, data.lang, 'topStories');
      const sections = slugs.length ? await tx.selectFrom('sections').select(['id', 'slug', 'parent_id']).where('slug', 'in', slugs).execute() : [];
      const bySlug = new Map(sections.map((s) => [s.slug, s]));
      const errors = slugs.flatMap((slug, i) => {
        const section = bySlug.get(slug);
        if (!section) return [{ path: `sections/${i}`, message: `unknown section ${slug}` }];
        if (section.parent_id !== null) return [{ path: `sections/${i}`, message: `${slug} is a subsection; its articles appear in its parent's block` }];
        return [];
      });
      if (errors.length) throw invalid(errors);
      await tx.deleteFrom('front_page_stories').where('language', '=', data.lang).execute();
      await tx.deleteFrom('front_page_sections').where('language', '=', data.lang).execute();
      if (storyIds.length) await tx.insertInto('front_page_stories').values(storyIds.map((id, position) => ({ language: data.lang, article_id: id, position }))).execute();
      if (slugs.length) await tx.insertInto('front_page_sections').values(slugs.map((slug, position) => ({ language: data.lang, section_id: bySlug.get(slug)?.id ?? 0, position }))).execute();
      await recordAudit(tx, { accountId: actor.id, action: 'front-page.update', details: { lang: data.lang, topStories: storyIds, sections: slugs } });
      await emit('front-page.updated', null, { lang: data.lang });
    });
    return this.getFrontPage(data.lang);
  }

  /** Sets (or replaces) the language's breaking banner; it stops showing at `expiresAt` by itself. */
  async setBreakingBanner(input: z.input<typeof breakingBannerSchema>, actor: Actor): Promise<FrontPageState> {
    const data = breakingBannerSchema.parse(input);
    const expiresAt = parseIsoDateTime(data.expiresAt) ?? '';
    if (Date.parse(expiresAt) <= Date.now()) throw invalid([{ path: 'expiresAt', message: 'must be in the future' }]);
    await this.events.transaction(async (tx, emit) => {
      if (data.articleId !== null) await this.assertFeaturable(tx, [data.articleId], data.lang, 'articleId');
      const row = { text: data.text, article_id: data.articleId, expires_at: expiresAt, updated_by: actor.id, updated_at: nowIso() };
      const updated = await tx.updateTable('breaking_banners').set(row).where('language', '=', data.lang).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) await tx.insertInto('breaking_banners').values({ language: data.lang, ...row }).execute();
      await this.jobs.enqueue(tx, BANNER_EXPIRY_JOB, { lang: data.lang }, { runAt: new Date(expiresAt), uniqueKey: expiryKey(data.lang) });
      await recordAudit(tx, { accountId: actor.id, action: 'front-page.breaking-set', ...(data.articleId ? { articleId: data.articleId } : {}), details: { lang: data.lang, text: data.text, expiresAt } });
      await emit('front-page.updated', null, { lang: data.lang, banner: 'set' });
    });
    return this.getFrontPage(data.lang);
  }

  async clearBreakingBanner(language: Language, actor: Actor): Promise<FrontPageState> {
    await this.events.transaction(async (tx, emit) => {
      const removed = await tx.deleteFrom('breaking_banners').where('language', '=', language).executeTakeFirst();
      await this.jobs.cancel(tx, expiryKey(language));
      if (Number(removed.numDeletedRows) === 0) return;
      await recordAudit(tx, { accountId: actor.id, action: 'front-page.breaking-clear', details: { lang: language } });
      await emit('front-page.updated', null, { lang: language, banner: 'cleared' });
    });
    return this.getFrontPage(language);
  }

  /** Only what readers can see now, in the front page's language, may be featured (422 naming the article otherwise). */
  private async assertFeaturable(db: Queryable, ids: number[], language: Language, path: string): Promise<void> {
    const articles = await loadArticles(db, ids);
    const errors = ids.flatMap((id, i) => {
      const a = articles.get(id);
      const at = ids.length > 1 || path === 'topStories' ? `${path}/${i}` : path;
      if (!a) return [{ path: at, message: `article ${id} does not exist` }];
      if (!isVisibleToReaders(a)) return [{ path: at, message: `article ${id} (${a.headline}) is not published` }];
      if (a.language !== language) return [{ path: at, message: `article ${id} (${a.headline}) is in ${a.language}, not ${language}` }];
      return [];
    });
    if (errors.length) throw new AppError('ERR_VALIDATION', errors.map((e) => e.message).join('; '), { errors });
  }
}
