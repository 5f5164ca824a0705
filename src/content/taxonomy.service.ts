import { z } from 'zod';
import type { Db, Queryable } from '../db/database.js';
import { isUniqueViolation } from '../db/database.js';
import type { EventBus } from '../events/event-bus.js';
import { AppError, notFound } from '../lib/errors.js';
import { slugify } from '../lib/slug.js';
import { nowIso } from '../lib/time.js';
import type { SectionRef, TagRef } from './content.types.js';

const slugSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single hyphens');

export const sectionInputSchema = z
  .object({
    slug: slugSchema,
    nameKo: z.string().trim().min(1).max(100),
    nameEn: z.string().trim().min(1).max(100),
    parent: slugSchema.nullish(),
    position: z.number().int().min(0).max(10_000).default(0),
  })
  .strict();
export const sectionUpdateSchema = sectionInputSchema.partial().strict();

export const tagInputSchema = z
  .object({ name: z.string().trim().min(1).max(100), slug: slugSchema.optional() })
  .strict();
export const tagUpdateSchema = tagInputSchema.partial().strict();

export interface Section extends SectionRef {
  parentSlug: string | null;
  position: number;
}

const conflict = (what: string) => new AppError('ERR_CONFLICT', `${what} already exists`, { errors: [{ path: 'slug', message: 'already in use' }] });

/** Sections (hierarchical, named in both languages) and tags. */
export class TaxonomyService {
  constructor(
    private readonly db: Db,
    private readonly hooks: { events?: EventBus } = {},
  ) {}

  /**
   * A change to a tag with its `tag.updated` event (the ids of the articles that carry it) in the same transaction:
   * the tag's name is part of those articles' searchable text, so search re-indexes them in that transaction.
   */
  private async tagChange(tagId: number, work: (db: Queryable) => Promise<unknown>): Promise<void> {
    const events = this.hooks.events;
    if (!events) {
      await work(this.db);
      return;
    }
    await events.transaction(async (tx, emit) => {
      const articleIds = (await tx.selectFrom('article_tags').select('article_id').where('tag_id', '=', tagId).execute()).map((r) => r.article_id);
      await work(tx);
      await emit('tag.updated', null, { tagId, articleIds });
    });
  }

  async listSections(): Promise<Section[]> {
    const rows = await this.db
      .selectFrom('sections as s')
      .leftJoin('sections as p', 'p.id', 's.parent_id')
      .select(['s.id', 's.slug', 's.name_ko', 's.name_en', 's.position', 'p.slug as parent_slug'])
      .orderBy('s.position', 'asc')
      .orderBy('s.id', 'asc')
      .execute();
    return rows.map((r) => ({ id: r.id, slug: r.slug, nameKo: r.name_ko, nameEn: r.name_en, position: r.position, parentSlug: r.parent_slug }));
  }

  async findSection(slug: string): Promise<Section | null> {
    return (await this.listSections()).find((s) => s.slug === slug) ?? null;
  }

  async getSection(slug: string): Promise<Section> {
    const section = await this.findSection(slug);
    if (!section) throw notFound(`section ${slug}`);
    return section;
  }

  private async parentId(db: Queryable, slug: string | null | undefined): Promise<number | null> {
    if (!slug) return null;
    const row = await db.selectFrom('sections').select('id').where('slug', '=', slug).executeTakeFirst();
    if (!row) throw new AppError('ERR_VALIDATION', `parent section ${slug} does not exist`, { errors: [{ path: 'parent', message: 'unknown section' }] });
    return row.id;
  }

  async createSection(input: z.input<typeof sectionInputSchema>): Promise<Section> {
    const data = sectionInputSchema.parse(input);
    try {
      await this.db
        .insertInto('sections')
        .values({ slug: data.slug, name_ko: data.nameKo, name_en: data.nameEn, parent_id: await this.parentId(this.db, data.parent), position: data.position, created_at: nowIso() })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`section ${data.slug}`);
      throw error;
    }
    return this.getSection(data.slug);
  }

  async updateSection(slug: string, input: z.input<typeof sectionUpdateSchema>): Promise<Section> {
    const data = sectionUpdateSchema.parse(input);
    const current = await this.getSection(slug);
    if (data.parent === slug) throw new AppError('ERR_VALIDATION', 'a section cannot be its own parent', { errors: [{ path: 'parent', message: 'cannot be itself' }] });
    try {
      await this.db
        .updateTable('sections')
        .set({
          ...(data.slug !== undefined ? { slug: data.slug } : {}),
          ...(data.nameKo !== undefined ? { name_ko: data.nameKo } : {}),
          ...(data.nameEn !== undefined ? { name_en: data.nameEn } : {}),
          ...(data.position !== undefined ? { position: data.position } : {}),
          ...(data.parent !== undefined ? { parent_id: await this.parentId(this.db, data.parent) } : {}),
        })
        .where('id', '=', current.id)
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`section ${data.slug ?? slug}`);
      throw error;
    }
    return this.getSection(data.slug ?? slug);
  }

  async deleteSection(slug: string): Promise<void> {
    const section = await this.getSection(slug);
    const used = await this.db.selectFrom('articles').select('id').where('section_id', '=', section.id).limit(1).executeTakeFirst();
    if (used) throw new AppError('ERR_CONFLICT', `section ${slug} still has articles; move them first`);
    await this.db.deleteFrom('sections').where('id', '=', section.id).execute();
  }

  async listTags(page: number, pageSize: number): Promise<{ items: TagRef[]; total: number }> {
    const rows = await this.db.selectFrom('tags').select(['id', 'slug', 'name']).orderBy('name', 'asc').limit(pageSize).offset((page - 1) * pageSize).execute();
    const { total } = await this.db.selectFrom('tags').select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    return { items: rows, total: Number(total) };
  }

  async findTag(slug: string): Promise<TagRef | null> {
    return (await this.db.selectFrom('tags').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst()) ?? null;
  }

  async getTag(slug: string): Promise<TagRef> {
    const tag = await this.findTag(slug);
    if (!tag) throw notFound(`tag ${slug}`);
    return tag;
  }

  async createTag(input: z.input<typeof tagInputSchema>): Promise<TagRef> {
    const data = tagInputSchema.parse(input);
    const slug = data.slug ?? slugify(data.name, 60);
    try {
      await this.db.insertInto('tags').values({ slug, name: data.name, created_at: nowIso() }).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`tag ${slug}`);
      throw error;
    }
    return this.getTag(slug);
  }

  async updateTag(slug: string, input: z.input<typeof tagUpdateSchema>): Promise<TagRef> {
    const data = tagUpdateSchema.parse(input);
    const tag = await this.getTag(slug);
    try {
      await this.tagChange(tag.id, (db) =>
        db
          .updateTable('tags')
          .set({ ...(data.name !== undefined ? { name: data.name } : {}), ...(data.slug !== undefined ? { slug: data.slug } : {}) })
          .where('id', '=', tag.id)
          .execute(),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`tag ${data.slug ?? slug}`);
      throw error;
    }
    return this.getTag(data.slug ?? slug);
  }

  async deleteTag(slug: string): Promise<void> {
    const tag = await this.getTag(slug);
    await this.tagChange(tag.id, (db) => db.deleteFrom('tags').where('id', '=', tag.id).execute());
  }
}

/** Finds or creates tags by name inside the caller's transaction; returns their ids in the given order. */
export async function ensureTags(db: Queryable, names: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const raw of names) {
    const name = raw.trim();
    if (!name) continue;
    const slug = slugify(name, 60);
    let row = await db.selectFrom('tags').select('id').where('slug', '=', slug).executeTakeFirst();
    if (!row) row = await db.insertInto('tags').values({ slug, name, created_at: nowIso() }).returning('id').executeTakeFirstOrThrow();
    if (!ids.includes(row.id)) ids.push(row.id);
  }
  return ids;
}
