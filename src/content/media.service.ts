import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import type { Db, Queryable } from '../db/database.js';
import type { MediaRow } from '../db/schema.js';
import { AppError, notFound } from '../lib/errors.js';
import { nowIso } from '../lib/time.js';
import type { MediaItem } from './content.types.js';

/** The formats we accept, decided by the file's bytes (sharp's decoder), never by its name or declared type. */
const FORMATS: Record<string, { mime: string; ext: string }> = {
  jpeg: { mime: 'image/jpeg', ext: 'jpg' },
  png: { mime: 'image/png', ext: 'png' },
  webp: { mime: 'image/webp', ext: 'webp' },
  gif: { mime: 'image/gif', ext: 'gif' },
  avif: { mime: 'image/avif', ext: 'avif' },
  heif: { mime: 'image/avif', ext: 'avif' },
};

export const mediaFieldsSchema = z
  .object({
    alt: z.string().trim().max(1000).default(''),
    caption: z.string().trim().max(2000).default(''),
    credit: z.string().trim().max(300).default(''),
    usageTerms: z.string().trim().max(2000).default(''),
  })
  .strict();
export const mediaUpdateSchema = mediaFieldsSchema.partial().strict();

export function toMediaItem(row: MediaRow): MediaItem {
  return {
    id: row.id,
    url: `/media/${row.id}/${row.file_name}`,
    mimeType: row.mime_type,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
    usageTerms: row.usage_terms,
    createdAt: row.created_at,
  };
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
  ) {
    this.directory = path.join(dataDir, 'media');
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

  async listMedia(page: number, pageSize: number): Promise<{ items: MediaItem[]; total: number }> {
    const rows = await this.db.selectFrom('media').selectAll().orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
    const { total } = await this.db.selectFrom('media').select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    return { items: rows.map(toMediaItem), total: Number(total) };
  }

  async updateMedia(id: number, fields: z.input<typeof mediaUpdateSchema>): Promise<MediaItem> {
    const data = mediaUpdateSchema.parse(fields);
    await this.getMedia(id);
    await this.db
      .updateTable('media')
      .set({
        ...(data.alt !== undefined ? { alt: data.alt } : {}),
        ...(data.caption !== undefined ? { caption: data.caption } : {}),
        ...(data.credit !== undefined ? { credit: data.credit } : {}),
        ...(data.usageTerms !== undefined ? { usage_terms: data.usageTerms } : {}),
      })
      .where('id', '=', id)
      .execute();
    return this.getMedia(id);
  }

  /** Absolute path of a stored file for serving, or null when the name does not belong to that media id. */
  async findFile(id: number, fileName: string): Promise<{ path: string; mimeType: string } | null> {
    const row = await this.db.selectFrom('media').select(['file_name', 'mime_type']).where('id', '=', id).executeTakeFirst();
    if (!row || row.file_name !== fileName) return null;
    return { path: path.join(this.directory, row.file_name), mimeType: row.mime_type };
  }
}
