import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import type { Db, Queryable } from '../db/database.js';
import type { MediaRow } from '../db/schema.js';
import type { EventBus } from '../events/event-bus.js';
import type { JobRunner } from '../jobs/job-runner.js';
import { AppError, notFound } from '../lib/errors.js';
import { nowIso } from '../lib/time.js';
import type { Article, MediaDerivative, MediaItem } from './content.types.js';

/** The background job that makes an image's responsive versions (media-derivatives.job.ts). */
export const MEDIA_DERIVATIVES_JOB = 'media.derivatives';

/** The formats we accept, decided by the file's bytes (sharp's decoder), never by its name or declared type. */
const FORMATS: Record<string, { mime: string; ext: string }> = {
  jpeg: { mime: 'image/jpeg', ext: 'jpg' },
  png: { mime: 'image/png', ext: 'png' },
  webp: { mime: 'image/webp', ext: 'webp' },
  gif: { mime: 'image/gif', ext: 'gif' },
  avif: { mime: 'image/avif', ext: 'avif' },
  heif: { mime: 'image/avif', ext: 'avif' },
};

const alt = z.string().trim().max(1000);
const caption = z.string().trim().max(2000);
const credit = z.string().trim().max(300);
const usageTerms = z.string().trim().max(2000);

export const mediaFieldsSchema = z.object({ alt: alt.default(''), caption: caption.default(''), credit: credit.default(''), usageTerms: usageTerms.default('') }).strict();
// Not `mediaFieldsSchema.partial()`: zod 4 applies defaults inside optional, so a PATCH of one field would blank
// the others.
export const mediaUpdateSchema = z
  .object({
    alt: alt.optional(),
    caption: caption.optional(),
    credit: credit.optional(),
    usageTerms: usageTerms.optional(),
    /** Focal point, 0..1 from the left and from the top. */
    focalX: z.number().min(0).max(1).optional(),
    focalY: z.number().min(0).max(1).optional(),
  })
  .strict();
export const mediaListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  /** Matches caption, credit, alt text or the uploaded file's name. */
  q: z.string().trim().max(200).optional(),
});

const mediaUrl = (id: number, fileName: string) => `/media/${id}/${fileName}`;

export function toMediaItem(row: MediaRow): MediaItem {
  return {
    id: row.id,
    url: mediaUrl(row.id, row.file_name),
    mimeType: row.mime_type,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
    usageTerms: row.usage_terms,
    createdAt: row.created_at,
    focalX: Number(row.focal_x),
    focalY: Number(row.focal_y),
    derivatives: (JSON.parse(row.derivatives) as StoredDerivative[]).map((d) => ({ format: d.format, width: d.width, height: d.height, bytes: d.bytes, url: mediaUrl(row.id, d.file) })),
  };
}

/** A derivative as the media row stores it: the file name under DATA_DIR/media (content-hashed, so immutable). */
export interface StoredDerivative extends Omit<MediaDerivative, 'url'> {
  file: string;
}

export const DERIVATIVE_MIME: Record<MediaDerivative['format'], string> = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg', png: 'image/png' };

/**
 * The images an article shows (featured image and body images) that lack alt text, a caption or a credit, with what
 * each lacks. A body image's own caption/credit/alt win over the library's, as on the page.
 */
export async function findIncompleteImages(db: Queryable, article: Pick<Article, 'featuredMediaId' | 'body'>): Promise<{ mediaId: number; name: string; missing: string[] }[]> {
  const uses = [
    ...(article.featuredMediaId ? [{ mediaId: article.featuredMediaId, alt: undefined, caption: undefined, credit: undefined }] : []),
    ...article.body.flatMap((b) => (b.type === 'image' ? [{ mediaId: b.mediaId, alt: b.alt ?? undefined, caption: b.caption ?? undefined, credit: b.credit ?? undefined }] : [])),
  ];
  if (!uses.length) return [];
  const rows = await db.selectFrom('media').select(['id', 'original_name', 'alt', 'caption', 'credit']).where('id', 'in', [...new Set(uses.map((u) => u.mediaId))]).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const problems = new Map<number, { mediaId: number; name: string; missing: Set<string> }>();
  for (const use of uses) {
    const row = byId.get(use.mediaId);
    if (!row) continue; // a deleted image is not shown at all
    const missing = (['alt', 'caption', 'credit'] as const).filter((key) => !(use[key] ?? row[key]).trim());
    if (!missing.length) continue;
    const entry = problems.get(row.id) ?? { mediaId: row.id, name: row.original_name, missing: new Set<string>() };
    for (const m of missing) entry.missing.add(m);
    problems.set(row.id, entry);
  }
  return [...problems.values()].map((p) => ({ ...p, missing: [...p.missing] }));
}

/** The one publish rule for images: throws a 422 naming every image that lacks alt text, caption or credit. */
export async function assertImagesComplete(db: Queryable, article: Pick<Article, 'featuredMediaId' | 'body'>): Promise<void> {
  const problems = await findIncompleteImages(db, article);
  if (!problems.length) return;
  const list = problems.map((p) => `image ${p.mediaId} (${p.name}) needs ${p.missing.join(', ')}`).join('; ');
  throw new AppError('ERR_VALIDATION', `Alt text, caption and credit are required for every image before publishing: ${list}.`, {
    errors: problems.flatMap((p) => p.missing.map((m) => ({ path: `media/${p.mediaId}/${m}`, message: 'required before publishing' }))),
    images: problems,
  });
}

export async function findMediaByIds(db: Queryable, ids: number[]): Promise<Map<number, MediaItem>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('media').selectAll().where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, toMediaItem(r)]));
}

/** Uploaded images, stored under DATA_DIR/media. */
export class MediaService {
  readonly directory: string;

  constructor(
    private readonly db: Db,
    dataDir: string,
    private readonly maxBytes: number,
    /** Without them (a bare service in a unit test) no derivatives are made and no events are emitted. */
    private readonly hooks: { jobs?: JobRunner; events?: EventBus } = {},
  ) {
    this.directory = path.join(dataDir, 'media');
  }

  /** Asks the job runner for this image's derivatives (again); pages use the original until they exist. */
  async requestDerivatives(db: Queryable, mediaId: number): Promise<void> {
    await this.hooks.jobs?.enqueue(db, MEDIA_DERIVATIVES_JOB, { mediaId }, { uniqueKey: `media-derivatives:${mediaId}` });
  }

  /** Derivatives for every image that has none yet (after the migration that added them, e.g. demo images). */
  async requestMissingDerivatives(): Promise<number> {
    const rows = await this.db.selectFrom('media').select('id').where('derivatives_at', 'is', null).orderBy('id').execute();
    for (const row of rows) await this.requestDerivatives(this.db, row.id);
    return rows.length;
  }

  /** The stored row with its original's absolute path, for the derivatives job. */
  async findOriginal(id: number): Promise<{ row: MediaRow; path: string } | null> {
    const row = await this.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? { row, path: path.join(this.directory, row.file_name) } : null;
  }

  /** Records the derivatives the job made; pages showing the image change, so it is an event (caches clear). */
  async saveDerivatives(id: number, derivatives: StoredDerivative[]): Promise<void> {
    await this.change(id, (db) => db.updateTable('media').set({ derivatives: JSON.stringify(derivatives), derivatives_at: nowIso() }).where('id', '=', id).execute(), { derivatives: derivatives.length });
  }

  /**
   * A change to a media row, with its `media.updated` event in the same transaction: pages showing the image render
   * its caption, credit, crop and derivatives, so their cached copies must go.
   */
  private async change(id: number, work: (db: Queryable) => Promise<unknown>, payload: Record<string, unknown> = {}): Promise<void> {
    const events = this.hooks.events;
    if (!events) {
      await work(this.db);
      return;
    }
    await events.transaction(async (tx, emit) => {
      await work(tx);
      await emit('media.updated', null, { mediaId: id, ...payload });
    });
  }

  async createMedia(file: { bytes: Buffer; originalName: string }, fields: z.input<typeof mediaFieldsSchema>, createdBy: number | null): Promise<MediaItem> {
    const meta = mediaFieldsSchema.parse(fields);
    if (file.bytes.length > this.maxBytes) throw new AppError('ERR_TOO_LARGE', `the file is larger than ${this.maxBytes} bytes (MEDIA_MAX_BYTES)`);
    let info: sharp.Metadata;
    try {
      info = await sharp(file.bytes, { limitInputPixels: 100_000_000 }).metadata();
    } catch {
      throw new AppError('ERR_UNSUPPORTED_MEDIA', 'the file is not an image we can read (JPEG, PNG, WebP, GIF or AVIF)');
    }
    const format = info.format ? FORMATS[info.format] : undefined;
    if (!format || !info.width || !info.height) throw new AppError('ERR_UNSUPPORTED_MEDIA', `unsupported image format ${info.format ?? 'unknown'}; use JPEG, PNG, WebP, GIF or AVIF`);
    // EXIF orientation: report the size a reader's browser will show.
    const rotated = (info.orientation ?? 1) >= 5;
    const width = rotated ? info.height : info.width;
    const height = rotated ? info.width : info.height;
    const base = path.parse(file.originalName).name;
    const safeBase = base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'image';
    const fileName = `${safeBase}-${randomUUID().slice(0, 8)}.${format.ext}`;
    await fs.mkdir(this.directory, { recursive: true });
    const target = path.join(this.directory, fileName);
    // Write to a temporary name and rename, so a crash never leaves a half-written file under a real name.
    const temporary = `${target}.${process.pid}.tmp`;
    await fs.writeFile(temporary, file.bytes);
    await fs.rename(temporary, target);
    try {
      const row = await this.db
        .insertInto('media')
        .values({
          file_name: fileName,
          original_name: file.originalName.slice(0, 255),
          mime_type: format.mime,
          bytes: file.bytes.length,
          width,
          height,
          alt: meta.alt,
          caption: meta.caption,
          credit: meta.credit,
          usage_terms: meta.usageTerms,
          created_by: createdBy,
          created_at: nowIso(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.requestDerivatives(this.db, row.id);
      return toMediaItem(row);
    } catch (error) {
      await fs.rm(target, { force: true });
      throw error;
    }
  }

  async getMedia(id: number): Promise<MediaItem> {
    const row = await this.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`media ${id}`);
    return toMediaItem(row);
  }

  async listMedia(query: z.input<typeof mediaListQuerySchema>): Promise<{ items: MediaItem[]; total: number }> {
    const { page, pageSize, q } = mediaListQuerySchema.parse(query);
    let base = this.db.selectFrom('media');
    if (q) {
      // Case-insensitive on both databases; LIKE wildcards typed by the user are taken literally by dropping them.
      const pattern = `%${q.toLowerCase().replace(/[%_\\]/g, '')}%`;
      base = base.where((eb) => eb.or((['caption', 'credit', 'alt', 'original_name'] as const).map((column) => eb(eb.fn('lower', [`media.${column}`]), 'like', pattern))));
    }
    const rows = await base.selectAll().orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
    const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    return { items: rows.map(toMediaItem), total: Number(total) };
  }

  async updateMedia(id: number, fields: z.input<typeof mediaUpdateSchema>): Promise<MediaItem> {
    const data = mediaUpdateSchema.parse(fields);
    await this.getMedia(id);
    const update = (db: Queryable) =>
      db
        .updateTable('media')
        .set({
          ...(data.alt !== undefined ? { alt: data.alt } : {}),
          ...(data.caption !== undefined ? { caption: data.caption } : {}),
          ...(data.credit !== undefined ? { credit: data.credit } : {}),
          ...(data.usageTerms !== undefined ? { usage_terms: data.usageTerms } : {}),
          ...(data.focalX !== undefined ? { focal_x: data.focalX } : {}),
          ...(data.focalY !== undefined ? { focal_y: data.focalY } : {}),
        })
        .where('id', '=', id)
        .execute();
    // `fields`: search re-indexes the articles showing the image when its caption or credit changed.
    if (Object.keys(data).length > 0) await this.change(id, update, { fields: Object.keys(data) });
    return this.getMedia(id);
  }

  /** Absolute path of a stored file for serving, or null when the name does not belong to that media id. */
  async findFile(id: number, fileName: string): Promise<{ path: string; mimeType: string } | null> {
    const row = await this.db.selectFrom('media').select(['file_name', 'mime_type', 'derivatives']).where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    if (row.file_name === fileName) return { path: path.join(this.directory, row.file_name), mimeType: row.mime_type };
    const derivative = (JSON.parse(row.derivatives) as StoredDerivative[]).find((d) => d.file === fileName);
    return derivative ? { path: path.join(this.directory, derivative.file), mimeType: DERIVATIVE_MIME[derivative.format] } : null;
  }
}
