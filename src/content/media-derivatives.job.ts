import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { JobRunner } from '../jobs/job-runner.js';
import type { Logger } from '../lib/logger.js';
import type { MediaDerivative } from './content.types.js';
import type { MediaService, StoredDerivative } from './media.service.js';
import { MEDIA_DERIVATIVES_JOB } from './media.service.js';

/** Widths readers' screens need, from a phone at 1x to a wide desktop at 2x; an image is never made larger. */
export const DERIVATIVE_WIDTHS = [320, 640, 960, 1280, 1920];
const LARGEST = 1920;

/**
 * The widths made for an original `width` pixels wide: every standard width below it, plus the original width
 * itself (capped at the largest standard width) so the sharpest version is never smaller than what was uploaded.
 */
export function derivativeWidths(width: number): number[] {
  const largest = Math.min(width, LARGEST);
  return [...new Set([...DERIVATIVE_WIDTHS.filter((w) => w < largest), largest])];
}

type Encoded = { format: MediaDerivative['format']; ext: string; encode: (image: sharp.Sharp) => sharp.Sharp };

// AVIF encoding is by far the slowest step: effort 2 (of 0–9) keeps a 1920-wide image around a second on one core
// with files still well below WebP's. The fallback is JPEG, or PNG when the image has transparency.
const AVIF: Encoded = { format: 'avif', ext: 'avif', encode: (i) => i.avif({ quality: 50, effort: 2 }) };
const WEBP: Encoded = { format: 'webp', ext: 'webp', encode: (i) => i.webp({ quality: 75 }) };
const JPEG: Encoded = { format: 'jpeg', ext: 'jpg', encode: (i) => i.flatten({ background: '#ffffff' }).jpeg({ quality: 80, progressive: true }) };
const PNG: Encoded = { format: 'png', ext: 'png', encode: (i) => i.png({ compressionLevel: 9 }) };

/**
 * Makes the responsive versions of one image: AVIF, WebP and a fallback at each width, written next to the original
 * under content-hashed names (served as immutable), then recorded on the media row in one update. Animated GIFs
 * keep only their original (a still derivative would stop the animation).
 */
export async function makeDerivatives(media: MediaService, mediaId: number): Promise<StoredDerivative[] | null> {
  const original = await media.findOriginal(mediaId);
  if (!original) return null; // deleted meanwhile
  const bytes = await fs.readFile(original.path);
  const meta = await sharp(bytes, { limitInputPixels: 100_000_000 }).metadata();
  if (meta.format === 'gif' && (meta.pages ?? 1) > 1) {
    await media.saveDerivatives(mediaId, []);
    return [];
  }
  const { row } = original;
  const formats = [AVIF, WEBP, meta.hasAlpha ? PNG : JPEG];
  const stem = path.parse(row.file_name).name;
  const made: StoredDerivative[] = [];
  for (const width of derivativeWidths(row.width)) {
    for (const format of formats) {
      // rotate() applies the EXIF orientation, so the derivative stands the way the reader's browser shows the original.
      const image = format.encode(sharp(bytes, { limitInputPixels: 100_000_000 }).rotate().resize({ width, withoutEnlargement: true }));
      const { data, info } = await image.toBuffer({ resolveWithObject: true });
      const hash = createHash('sha256').update(data).digest('hex').slice(0, 10);
      const file = `${stem}-${width}w-${hash}.${format.ext}`;
      const target = path.join(media.directory, file);
      const temporary = `${target}.${process.pid}.tmp`;
      await fs.writeFile(temporary, data);
      await fs.rename(temporary, target);
      made.push({ format: format.format, width: info.width, height: info.height, bytes: data.length, file });
    }
  }
  await media.saveDerivatives(mediaId, made);
  return made;
}

export function registerMediaDerivatives(jobs: JobRunner, media: MediaService, logger: Logger): void {
  // One image at a time per node: libvips already uses every core for one image, and a burst of uploads (a demo
  // seed, a wire batch) must not starve the requests the node is serving.
  let previous: Promise<unknown> = Promise.resolve();
  jobs.register(MEDIA_DERIVATIVES_JOB, (payload) => {
    const run = previous.then(async () => {
      const started = Date.now();
      const made = await makeDerivatives(media, Number(payload.mediaId));
      logger.info({ mediaId: payload.mediaId, files: made?.length ?? 0, ms: Date.now() - started }, 'media derivatives made');
    });
    previous = run.catch(() => undefined);
    return run;
  });
}
