import { z } from 'zod';
import type { Db, Queryable } from '../db/database.js';
import { isUniqueViolation } from '../db/database.js';
import type { AuthorRow } from '../db/schema.js';
import { AppError, notFound } from '../lib/errors.js';
import { slugify } from '../lib/slug.js';
import { nowIso } from '../lib/time.js';
import type { AuthorProfile } from './content.types.js';
import { findMediaByIds } from './media.service.js';

export const authorInputSchema = z
  .object({
    slug: z
      .string()
      .trim()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single hyphens')
      .max(100)
      .optional(),
    nameKo: z.string().trim().min(1).max(200),
    nameEn: z.string().trim().min(1).max(200),
    kind: z.enum(['staff', 'contributor']).default('staff'),
    organization: z.string().trim().max(200).nullish(),
    bioKo: z.string().trim().max(5000).default(''),
    bioEn: z.string().trim().max(5000).default(''),
    photoMediaId: z.number().int().positive().nullish(),
    email: z.string().trim().email().max(320).nullish(),
    location: z.string().trim().max(200).nullish(),
  })
  .strict();
export const authorUpdateSchema = authorInputSchema.partial().strict();

/** Loads author profiles with their photos, keyed by id. */
export async function findAuthorsByIds(db: Queryable, ids: number[]): Promise<Map<number, AuthorProfile>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('authors').selectAll().where('id', 'in', unique).execute();
  const photos = await findMediaByIds(
    db,
    rows.map((r) => r.photo_media_id).filter((id): id is number => id !== null),
  );
  return new Map(rows.map((r) => [r.id, toAuthor(r, photos)]));
}

function toAuthor(row: AuthorRow, photos: Map<number, AuthorProfile['photo'] & object>): AuthorProfile {
  return {
    id: row.id,
    slug: row.slug,
    nameKo: row.name_ko,
    nameEn: row.name_en,
    kind: row.kind === 'contributor' ? 'contributor' : 'staff',
    organization: row.organization,
    bioKo: row.bio_ko,
    bioEn: row.bio_en,
    photo: row.photo_media_id ? (photos.get(row.photo_media_id) ?? null) : null,
    email: row.email,
    location: row.location,
  };
}

/** Author profiles: staff and contributors, from the newsroom or a partner agency. */
export class AuthorService {
  constructor(private readonly db: Db) {}

  async listAuthors(page: number, pageSize: number): Promise<{ items: AuthorProfile[]; total: number }> {
    const rows = await this.db.selectFrom('authors').select('id').orderBy('name_en', 'asc').limit(pageSize).offset((page - 1) * pageSize).execute();
    const byId = await findAuthorsByIds(
      this.db,
      rows.map((r) => r.id),
    );
    const { total } = await this.db.selectFrom('authors').select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    return { items: rows.map((r) => byId.get(r.id)).filter((a): a is AuthorProfile => a !== undefined), total: Number(total) };
  }

  async findAuthor(slug: string): Promise<AuthorProfile | null> {
    const row = await this.db.selectFrom('authors').select('id').where('slug', '=', slug).executeTakeFirst();
    if (!row) return null;
    return (await findAuthorsByIds(this.db, [row.id])).get(row.id) ?? null;
  }

  async getAuthor(slug: string): Promise<AuthorProfile> {
    const author = await this.findAuthor(slug);
    if (!author) throw notFound(`author ${slug}`);
    return author;
  }

  private async checkPhoto(id: number | null | undefined): Promise<void> {
    if (!id) return;
    const found = await findMediaByIds(this.db, [id]);
    if (!found.has(id)) throw new AppError('ERR_VALIDATION', `media ${id} does not exist`, { errors: [{ path: 'photoMediaId', message: 'unknown media id' }] });
  }

  async createAuthor(input: z.input<typeof authorInputSchema>): Promise<AuthorProfile> {
    const data = authorInputSchema.parse(input);
    await this.checkPhoto(data.photoMediaId);
    const slug = data.slug ?? slugify(data.nameEn, 60);
    const now = nowIso();
    try {
      await this.db
        .insertInto('authors')
        .values({
          slug,
          name_ko: data.nameKo,
          name_en: data.nameEn,
          kind: data.kind,
          organization: data.organization ?? null,
          bio_ko: data.bioKo,
          bio_en: data.bioEn,
          photo_media_id: data.photoMediaId ?? null,
          email: data.email ?? null,
          location: data.location ?? null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('ERR_CONFLICT', `author ${slug} already exists`, { errors: [{ path: 'slug', message: 'already in use' }] });
      throw error;
    }
    return this.getAuthor(slug);
  }

  async updateAuthor(slug: string, input: z.input<typeof authorUpdateSchema>): Promise<AuthorProfile> {
    const data = authorUpdateSchema.parse(input);
    const author = await this.getAuthor(slug);
    await this.checkPhoto(data.photoMediaId);
    try {
      await this.db
        .updateTable('authors')
        .set({
          ...(data.slug !== undefined ? { slug: data.slug } : {}),
          ...(data.nameKo !== undefined ? { name_ko: data.nameKo } : {}),
          ...(data.nameEn !== undefined ? { name_en: data.nameEn } : {}),
          ...(data.kind !== undefined ? { kind: data.kind } : {}),
          ...(data.organization !== undefined ? { organization: data.organization } : {}),
          ...(data.bioKo !== undefined ? { bio_ko: data.bioKo } : {}),
          ...(data.bioEn !== undefined ? { bio_en: data.bioEn } : {}),
          ...(data.photoMediaId !== undefined ? { photo_media_id: data.photoMediaId } : {}),
          ...(data.email !== undefined ? { email: data.email } : {}),
          ...(data.location !== undefined ? { location: data.location } : {}),
          updated_at: nowIso(),
        })
        .where('id', '=', author.id)
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('ERR_CONFLICT', `author ${data.slug ?? slug} already exists`, { errors: [{ path: 'slug', message: 'already in use' }] });
      throw error;
    }
    return this.getAuthor(data.slug ?? slug);
  }

  async deleteAuthor(slug: string): Promise<void> {
    const author = await this.getAuthor(slug);
    // Credits keep the person's name; only the profile link goes (article_credits.author_id → null).
    await this.db.deleteFrom('authors').where('id', '=', author.id).execute();
  }
}
