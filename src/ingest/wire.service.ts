import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { AccountsService } from '../accounts/accounts.service.js';
import { actorOf } from '../accounts/accounts.service.js';
import type { Actor } from '../accounts/accounts.types.js';
import { recordAudit } from '../audit/audit.service.js';
import { findArticle } from '../content/article.queries.js';
import type { ArticleService } from '../content/article.service.js';
import type { Article, ArticleBlock, Language } from '../content/content.types.js';
import type { MediaService } from '../content/media.service.js';
import type { Db, Tx } from '../db/database.js';
import { isUniqueViolation } from '../db/database.js';
import type { WireItemsTable, WireSourcesTable } from '../db/schema.js';
import type { JobRunner } from '../jobs/job-runner.js';
import type { Logger } from '../lib/logger.js';
import { AppError, notFound } from '../lib/errors.js';
import { nowIso } from '../lib/time.js';
import { tokenPatterns } from '../search/token-match.js';
import type { WorkflowService } from '../workflow/workflow.service.js';
import type { Selectable } from 'kysely';
export const FEED_POLL_JOB = 'wire.poll-feed';
import { parseWireDocument } from './ingest.js';
import { wireSearchText } from './wire-search-text.js';
import type { WireCredit, WireFormat, WireItem, WirePicture } from './wire-item.js';
import { WIRE_FORMATS } from './wire-item.js';

export const wireSourceInputSchema = z
  .object({
    name: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/i, 'letters, digits, - and _ (it is the push URL segment)')
      .refine((v) => !['sources', 'items', 'quarantine'].includes(v.toLowerCase()), 'is reserved by the wire API'),
    format: z.enum(WIRE_FORMATS),
    folder: z.string().trim().min(1).max(1000).nullish(),
    url: z
      .string()
      .trim()
      .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), 'must be an http(s) URL')
      .nullish(),
    interval: z.number().int().min(5).max(86_400).default(60),
    section: z.string().trim().min(1).max(100).nullish(),
    needsTranslation: z.boolean().default(false),
    autoPublish: z.boolean().default(false),
  })
  .strict();
export type WireSourceInput = z.input<typeof wireSourceInputSchema>;

export const wireSourceUpdateSchema = z
  .object({
    folder: wireSourceInputSchema.shape.folder,
    url: wireSourceInputSchema.shape.url,
    interval: z.number().int().min(5).max(86_400).optional(),
    section: wireSourceInputSchema.shape.section,
    needsTranslation: z.boolean().optional(),
    autoPublish: z.boolean().optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

export const wireItemsQuerySchema = z.object({
  source: z.string().trim().max(100).optional(),
  q: z.string().trim().max(200).optional(),
  language: z.string().trim().max(35).optional(),
  /** A subject/category code or name, as the agency sent it (matched as a part of it). */
  category: z.string().trim().max(100).optional(),
  urgency: z.coerce.number().int().min(0).max(9).optional(),
  since: z.string().trim().max(40).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  /** Long poll: with If-None-Match, wait up to this many seconds for a change before answering 304. */
  wait: z.coerce.number().int().min(0).max(20).optional(),
});

export interface WireSource {
  id: number;
  name: string;
  format: WireFormat;
  folder: string | null;
  url: string | null;
  interval: number;
  section: string | null;
  needsTranslation: boolean;
  autoPublish: boolean;
  enabled: boolean;
  lastError: string | null;
  createdAt: string;
}

interface OriginalDocument {
  fileName: string;
  contentType: string | null;
  bytes: Buffer;
}

type StoredPicture = WirePicture & { stored: string | null; note?: string };

export interface WireQueueItem {
  id: number;
  source: string;
  guid: string;
  version: number;
  format: string;
  formatVersion: string | null;
  pubStatus: string;
  itemClass: string;
  urgency: number | null;
  language: string | null;
  headline: string;
  dek: string;
  body: ArticleBlock[];
  credits: WireCredit[];
  byline: string | null;
  pictures: (WirePicture & { imported: boolean; note?: string })[];
  agency: string | null;
  subjects: string[];
  firstCreated: string | null;
  versionCreated: string | null;
  embargoUntil: string | null;
  isCorrection: boolean;
  correctsItemId: number | null;
  supersededBy: number | null;
  link: string | null;
  receivedAt: string;
  takes: { articleId: number; takenAt: string; updatedByAgencyItemId: number | null; updatedByAgencyAt: string | null; killedAt: string | null; killReason: string | null }[];
}

export interface IncomingDocument {
  bytes: Buffer;
  options: { fileName: string; contentType?: string | undefined; baseDir?: string | undefined };
}

interface PreparedDocument {
  original: OriginalDocument;
  items?: (WireItem & { stored: StoredPicture[] })[];
  reason?: string;
}

interface Written {
  result: IngestResult;
  notices: { itemId: number; guid: string; item: WireItem }[];
  items: WireItem[];
}

export interface IngestResult {
  status: 'ingested' | 'duplicate' | 'quarantined';
  ids: number[];
  reason?: string;
  quarantineId?: number;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const PUSH_PREFIX = 'swp_';
const MAX_PICTURE_BYTES = 25 * 1024 * 1024;

function toSource(row: Selectable<WireSourcesTable>): WireSource {
  return {
    id: row.id,
    name: row.name,
    format: row.format as WireFormat,
    folder: row.folder,
    url: row.url,
    interval: row.interval_seconds,
    section: row.section_slug,
    needsTranslation: row.needs_translation === 1,
    autoPublish: row.auto_publish === 1,
    enabled: row.enabled === 1,
    lastError: row.last_error,
    createdAt: row.created_at,
  };
}


/** The image type by its magic bytes; null for anything that is not a raster image a browser shows. */
function imageType(bytes: Buffer): string | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.subarray(0, 6).toString('latin1') === 'GIF87a' || bytes.subarray(0, 6).toString('latin1') === 'GIF89a') return 'image/gif';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}

const toLanguage = (language: string | null, fallback: Language): Language => (language?.toLowerCase().startsWith('ko') ? 'ko' : language?.toLowerCase().startsWith('en') ? 'en' : fallback);

/**
 * The wire desk's domain: sources, ingesting a document into items (or a quarantine entry), versions and notices,
 * and taking an item into a draft. Transports (drop folder, feed polling, push) all end in `ingestDocument()`.
 */
export class WireService {
  readonly assetsDir: string;
  /** Woken after every commit that changes what the desk shows (the desk's long poll waits on it). */
  private readonly changeListeners = new Set<() => void>();
  private closing = false;

  constructor(
    private readonly db: Db,
    private readonly deps: { jobs: JobRunner; articles: ArticleService; workflow: WorkflowService; media: MediaService; accounts: AccountsService; logger: Logger; dataDir: string; maxBytes: number; defaultLanguage: Language },
  ) {
    this.assetsDir = path.join(deps.dataDir, 'wire', 'assets');
  }

  // ## Sources

  /** Creates a source; the push token is returned only here (its hash is stored). */
  async createSource(input: WireSourceInput, actor: Actor | null): Promise<{ source: WireSource; pushToken: string }> {
    const data = wireSourceInputSchema.parse(input);
    if (data.section) {
      const section = await this.db.selectFrom('sections').select('id').where('slug', '=', data.section).executeTakeFirst();
      if (!section) throw new AppError('ERR_VALIDATION', `section ${data.section} does not exist`, { errors: [{ path: 'section', message: `section ${data.section} does not exist` }] });
    }
    const folder = data.folder ? path.resolve(data.folder) : null;
    if (folder) await fs.mkdir(folder, { recursive: true });
    const pushToken = `${PUSH_PREFIX}${randomBytes(24).toString('base64url')}`;
    const now = nowIso();
    try {
      const row = await this.db
        .insertInto('wire_sources')
        .values({
          name: data.name,
          format: data.format,
          folder,
          url: data.url ?? null,
          interval_seconds: data.interval,
          push_token_hash: sha256(pushToken),
          section_slug: data.section ?? null,
          needs_translation: data.needsTranslation ? 1 : 0,
          auto_publish: data.autoPublish ? 1 : 0,
          enabled: 1,
          next_poll_at: data.url ? now : null,
          created_by: actor?.id ?? null,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { source: toSource(row), pushToken };
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('ERR_CONFLICT', `a wire source named ${data.name} already exists`);
      throw error;
    }
  }

  /** An editor changes a source's transports or rules (section, needs translation, auto-publish, enabled). */
  async updateSource(name: string, input: z.input<typeof wireSourceUpdateSchema>): Promise<WireSource> {
    const data = wireSourceUpdateSchema.parse(input);
    const current = await this.getSourceByName(name);
    if (data.section) {
      const section = await this.db.selectFrom('sections').select('id').where('slug', '=', data.section).executeTakeFirst();
      if (!section) throw new AppError('ERR_VALIDATION', `section ${data.section} does not exist`, { errors: [{ path: 'section', message: `section ${data.section} does not exist` }] });
    }
    const folder = data.folder ? path.resolve(data.folder) : data.folder;
    if (folder) await fs.mkdir(folder, { recursive: true });
    await this.db
      .updateTable('wire_sources')
      .set({
        ...(folder !== undefined ? { folder } : {}),
        ...(data.url !== undefined ? { url: data.url, next_poll_at: data.url ? nowIso() : null, etag: null, last_modified: null } : {}),
        ...(data.interval !== undefined ? { interval_seconds: data.interval } : {}),
        ...(data.section !== undefined ? { section_slug: data.section } : {}),
        ...(data.needsTranslation !== undefined ? { needs_translation: data.needsTranslation ? 1 : 0 } : {}),
        ...(data.autoPublish !== undefined ? { auto_publish: data.autoPublish ? 1 : 0 } : {}),
        ...(data.enabled !== undefined ? { enabled: data.enabled ? 1 : 0 } : {}),
        updated_at: nowIso(),
      })
      .where('id', '=', current.id)
      .execute();
    return this.getSourceByName(name);
  }

  async listSources(): Promise<WireSource[]> {
    const rows = await this.db.selectFrom('wire_sources').selectAll().orderBy('name').execute();
    return rows.map(toSource);
  }

  async getSourceByName(name: string): Promise<WireSource> {
    const row = await this.db.selectFrom('wire_sources').selectAll().where('name', '=', name).executeTakeFirst();
    if (!row) throw notFound(`wire source ${name}`);
    return toSource(row);
  }

  async checkPushToken(sourceName: string, token: string): Promise<boolean> {
    const row = await this.db.selectFrom('wire_sources').select('push_token_hash').where('name', '=', sourceName).executeTakeFirst();
    return !!row && row.push_token_hash === sha256(token);
  }

  /**
   * Feed sources due for a poll get a poll job on the durable runner, claimed by a conditional UPDATE in the same
   * transaction, so with several nodes each poll is enqueued once and its next time is set.
   */
  async armDuePolls(now = new Date()): Promise<number> {
    const due = await this.db.selectFrom('wire_sources').selectAll().where('url', 'is not', null).where('enabled', '=', 1).where('next_poll_at', '<=', now.toISOString()).execute();
    let armed = 0;
    for (const row of due) {
      const next = new Date(now.getTime() + row.interval_seconds * 1000).toISOString();
      await this.db.transaction().execute(async (tx) => {
        const result = await tx.updateTable('wire_sources').set({ next_poll_at: next }).where('id', '=', row.id).where('next_poll_at', '=', row.next_poll_at).executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return;
        await this.deps.jobs.enqueue(tx, FEED_POLL_JOB, { sourceId: row.id }, { uniqueKey: `wire:poll:${row.id}`, maxAttempts: 1 });
        armed++;
      });
    }
    if (armed) this.deps.jobs.wake();
    return armed;
  }

  async getSource(id: number): Promise<WireSource | null> {
    const row = await this.db.selectFrom('wire_sources').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toSource(row) : null;
  }

  async getPollState(sourceId: number): Promise<{ etag: string | null; lastModified: string | null }> {
    const row = await this.db.selectFrom('wire_sources').select(['etag', 'last_modified']).where('id', '=', sourceId).executeTakeFirstOrThrow();
    return { etag: row.etag, lastModified: row.last_modified };
  }

  async setPollState(sourceId: number, state: { etag?: string | null; lastModified?: string | null; error: string | null }): Promise<void> {
    await this.db
      .updateTable('wire_sources')
      .set({ ...(state.etag !== undefined ? { etag: state.etag } : {}), ...(state.lastModified !== undefined ? { last_modified: state.lastModified } : {}), last_error: state.error, updated_at: nowIso() })
      .where('id', '=', sourceId)
      .execute();
  }

  // ## Ingest

  /**
   * One document from any transport → items or one quarantine entry. The original is kept in the same transaction
   * as what it became. Pictures the document names as files next to it (a drop folder) or as data: URIs are kept
   * with the item for the take. Never throws for bad input.
   */
  async ingestDocument(source: WireSource, bytes: Buffer, options: IncomingDocument['options']): Promise<IngestResult> {
    const [result] = await this.ingestDocuments(source, [{ bytes, options }]);
    return result as IngestResult;
  }

  /**
   * Several documents of one source (a drop-folder scan): each is parsed on its own and ends as its items or one
   * quarantine entry, exactly as with `ingestDocument()`, but all are written in one transaction — one commit per
   * batch instead of one per file. If that transaction fails (a database error, such as another node writing the same
   * GUID at the same moment), nothing of it is kept and each document is written again in its own transaction, so
   * one document can never take the others down with it.
   */
  async ingestDocuments(source: WireSource, documents: IncomingDocument[]): Promise<IngestResult[]> {
    const receivedAt = nowIso();
    const prepared = await Promise.all(documents.map((document) => this.prepareDocument(source, document)));
    let written: Written[];
    try {
      written = await this.db.transaction().execute(async (tx) => {
        const out: Written[] = [];
        for (const document of prepared) out.push(await this.writeDocument(tx, source, document, receivedAt));
        return out;
      });
    } catch (error) {
      if (prepared.length === 1) throw error;
      this.deps.logger.warn({ err: error, source: source.name, documents: prepared.length }, 'wire batch could not be written; writing its documents one by one');
      written = [];
      for (const document of prepared) {
        try {
          written.push(await this.db.transaction().execute((tx) => this.writeDocument(tx, source, document, receivedAt)));
        } catch (single) {
          // Its items could not be written: it becomes a quarantine entry with the reason, if even that can be.
          this.deps.logger.error({ err: single, source: source.name, fileName: document.original.fileName }, 'wire document could not be stored');
          const reason = `could not be stored: ${single instanceof Error ? single.message : String(single)}`.slice(0, 500);
          written.push(
            await this.db
              .transaction()
              .execute((tx) => this.writeDocument(tx, source, { original: document.original, reason }, receivedAt))
              .catch(() => ({ result: { status: 'quarantined' as const, ids: [], reason }, notices: [], items: [] })),
          );
        }
      }
    }
    this.changed();
    for (const [index, entry] of written.entries()) {
      if (entry.result.status === 'quarantined') this.deps.logger.warn({ source: source.name, fileName: prepared[index]?.original.fileName, reason: entry.result.reason }, 'wire document quarantined');
      for (const notice of entry.notices) await this.applyNotice(source, notice);
      if (source.autoPublish) {
        for (const [i, item] of entry.items.entries()) {
          const id = entry.result.ids[i];
          if (id !== undefined && item.pubStatus === 'usable' && item.itemClass === 'text' && !entry.notices.some((n) => n.itemId === id)) await this.autoPublish(source, id);
        }
      }
    }
    if (written.some((entry) => entry.notices.length) || source.autoPublish) this.changed();
    return written.map((entry) => entry.result);
  }

  /** Parse, validate and keep the pictures: everything that needs no transaction. */
  private async prepareDocument(source: WireSource, { bytes, options }: IncomingDocument): Promise<PreparedDocument> {
    const original = { fileName: options.fileName.slice(0, 500), contentType: options.contentType ?? null, bytes };
    const outcome = await parseWireDocument(bytes, { format: source.format, contentType: options.contentType, maxBytes: this.deps.maxBytes });
    if (!outcome.ok) return { original, reason: outcome.reason };
    try {
      return { original, items: await Promise.all(outcome.items.map(async (item) => ({ ...item, stored: await this.keepPictures(item.pictures, options.baseDir) }))) };
    } catch (error) {
      return { original, reason: error instanceof AppError ? error.message : `a picture could not be read: ${String(error)}` };
    }
  }

  /** One document's rows: the original, then its items (versions, updates, notices) or its quarantine entry. */
  private async writeDocument(tx: Tx, source: WireSource, document: PreparedDocument, receivedAt: string): Promise<Written> {
    const originalId = await this.keepOriginal(tx, source, document.original, receivedAt);
    if (!document.items) {
      const reason = (document.reason ?? 'rejected').slice(0, 2000);
      const row = await tx
        .insertInto('wire_quarantine')
        .values({ source_id: source.id, file_name: document.original.fileName, reason, bytes: document.original.bytes.length, original_id: originalId, received_at: receivedAt })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { result: { status: 'quarantined', ids: [], reason, quarantineId: row.id }, notices: [], items: [] };
    }
    const items = document.items;
    const notices: Written['notices'] = [];
    const ids: number[] = [];
    let duplicates = 0;
    for (const item of items) {
      const current = await tx.selectFrom('wire_items').select(['id', 'version']).where('source_id', '=', source.id).where('guid', '=', item.guid).where('superseded_by', 'is', null).executeTakeFirst();
      if (current && current.version >= item.version) {
        // The same version again, or an older one arriving late: the desk keeps what it has.
        duplicates++;
        ids.push(current.id);
        continue;
      }
      const row = await tx
        .insertInto('wire_items')
        .values({
          source_id: source.id,
          guid: item.guid,
          version: item.version,
          format: item.format,
          format_version: item.formatVersion,
          pub_status: item.pubStatus,
          item_class: item.itemClass,
          urgency: item.urgency,
          language: item.language,
          headline: item.headline,
          dek: item.dek,
          body: JSON.stringify(item.body),
          credits: JSON.stringify(item.credits),
          byline: item.byline,
          pictures: JSON.stringify(item.stored),
          agency: item.source ?? source.name,
          subjects: JSON.stringify(item.subjects),
          first_created: item.firstCreated,
          version_created: item.versionCreated,
          embargo_until: item.embargoUntil,
          is_correction: item.isCorrection ? 1 : 0,
          corrects_item_id: item.isCorrection && current ? current.id : null,
          superseded_by: null,
          link: item.link,
          search_text: wireSearchText(item.headline, item.dek, item.byline, item.body),
          original_id: originalId,
          received_at: receivedAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(row.id);
      if (current) {
        await tx.updateTable('wire_items').set({ superseded_by: row.id }).where('source_id', '=', source.id).where('guid', '=', item.guid).where('id', '!=', row.id).execute();
        // Stories taken from earlier versions are flagged in the same transaction as the new version.
        const takes = await tx.selectFrom('wire_takes').select(['id', 'article_id']).where('source_id', '=', source.id).where('guid', '=', item.guid).where('killed_at', 'is', null).execute();
        for (const take of takes) {
          await tx.updateTable('wire_takes').set({ updated_by_agency_item_id: row.id, updated_by_agency_at: receivedAt }).where('id', '=', take.id).execute();
          const action = item.pubStatus !== 'usable' ? `wire.${item.pubStatus === 'canceled' ? 'kill' : 'withhold'}-notice` : item.isCorrection ? 'wire.corrected-by-agency' : 'wire.updated-by-agency';
          await recordAudit(tx, { accountId: null, action, articleId: take.article_id, details: { source: source.name, guid: item.guid, version: item.version, wireItemId: row.id } });
        }
      }
      if (item.pubStatus !== 'usable') notices.push({ itemId: row.id, guid: item.guid, item });
    }
    return { result: { status: duplicates === items.length ? 'duplicate' : 'ingested', ids }, notices, items };
  }

  /** The document as received, kept in the same transaction as what it became. */
  private async keepOriginal(tx: Tx, source: WireSource, original: OriginalDocument, receivedAt: string): Promise<number> {
    const row = await tx
      .insertInto('wire_originals')
      .values({ source_id: source.id, file_name: original.fileName, content_type: original.contentType, bytes: original.bytes.length, content_base64: original.bytes.toString('base64'), received_at: receivedAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** The original document of an item or quarantine entry, byte for byte. */
  async getOriginal(kind: 'item' | 'quarantine', id: number): Promise<{ fileName: string; contentType: string | null; bytes: Buffer }> {
    const row =
      kind === 'item'
        ? await this.db.selectFrom('wire_items').innerJoin('wire_originals', 'wire_originals.id', 'wire_items.original_id').select(['wire_originals.file_name', 'wire_originals.content_type', 'wire_originals.content_base64']).where('wire_items.id', '=', id).executeTakeFirst()
        : await this.db.selectFrom('wire_quarantine').innerJoin('wire_originals', 'wire_originals.id', 'wire_quarantine.original_id').select(['wire_originals.file_name', 'wire_originals.content_type', 'wire_originals.content_base64']).where('wire_quarantine.id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`wire ${kind} ${id}`);
    return { fileName: row.file_name, contentType: row.content_type, bytes: Buffer.from(row.content_base64, 'base64') };
  }

  /** Copies pictures the document brings with it (files beside it, data: URIs) into DATA_DIR/wire/assets. */
  private async keepPictures(pictures: WirePicture[], baseDir: string | undefined): Promise<StoredPicture[]> {
    const kept: StoredPicture[] = [];
    for (const picture of pictures) {
      const href = picture.href ?? '';
      let bytes: Buffer | null = null;
      let note: string | undefined;
      const data = /^data:([\w/+.-]+)?(;base64)?,(.*)$/s.exec(href);
      if (data) {
        if ((data[3] ?? '').length > (MAX_PICTURE_BYTES * 4) / 3) throw new AppError('ERR_TOO_LARGE', `oversized: an embedded picture is larger than ${MAX_PICTURE_BYTES} bytes`);
        bytes = Buffer.from(data[3] ?? '', data[2] ? 'base64' : 'utf8');
      } else if (href && baseDir) {
        // The FTP-drop convention: the agency drops the rendition beside the document under the last segment of
        // its href. Only that plain file name is looked up, so no href can point out of the drop folder.
        const name = path.basename(/^[a-z][\w+.-]*:/i.test(href) && URL.canParse(href) ? new URL(href).pathname : href);
        const file = path.join(baseDir, name);
        try {
          const stat = await fs.stat(file);
          if (stat.size > MAX_PICTURE_BYTES) note = `the picture ${name} is larger than ${MAX_PICTURE_BYTES} bytes`;
          else bytes = await fs.readFile(file);
        } catch {
          note = /^https?:/i.test(href) ? 'remote picture, not beside the document: import it by hand (the server fetches nothing on its own)' : `the picture ${name} was not beside the document`;
        }
      } else if (href) {
        note = 'remote picture: import it by hand (the server fetches nothing from third parties on its own)';
      }
      let stored: string | null = null;
      if (bytes) {
        stored = `${randomUUID()}.bin`;
        await fs.mkdir(this.assetsDir, { recursive: true });
        await fs.writeFile(path.join(this.assetsDir, stored), bytes);
      }
      kept.push({ ...picture, href: data ? `data:(${bytes?.length ?? 0} bytes)` : picture.href, stored, ...(note ? { note } : {}) });
    }
    return kept;
  }

  /**
   * A kill (canceled) or withdrawal (withheld) notice: every story made from the GUID is unpublished through the
   * same workflow.unpublish() a person uses (its audit entry says why), then marked killed on the desk.
   */
  private async applyNotice(source: WireSource, notice: { itemId: number; guid: string; item: WireItem }): Promise<void> {
    const takes = await this.db.selectFrom('wire_takes').selectAll().where('source_id', '=', source.id).where('guid', '=', notice.guid).where('killed_at', 'is', null).execute();
    const reason = `${notice.item.pubStatus === 'canceled' ? 'Killed' : 'Withheld'} by ${source.name} (version ${notice.item.version})`;
    for (const take of takes) {
      try {
        const article = await findArticle(this.db, take.article_id);
        if (article && (article.status === 'published' || article.status === 'scheduled')) await this.deps.workflow.unpublish(take.article_id, { system: 'wire' }, { note: reason });
      } catch (error) {
        // The take stays unmarked, so the desk still shows the story as live and the next notice tries again.
        this.deps.logger.error({ err: error, articleId: take.article_id }, 'wire kill: could not unpublish');
        continue;
      }
      await this.db.transaction().execute(async (tx) => {
        await tx.updateTable('wire_takes').set({ killed_at: nowIso(), kill_reason: reason }).where('id', '=', take.id).execute();
        await recordAudit(tx, { accountId: null, action: 'wire.kill', articleId: take.article_id, details: { source: source.name, guid: notice.guid, version: notice.item.version, pubStatus: notice.item.pubStatus, wireItemId: notice.itemId } });
      });
    }
  }

  private async autoPublish(source: WireSource, itemId: number): Promise<void> {
    try {
      // The draft is made in the name of the editor who set the source up (a CLI-made source: the first admin).
      const row = await this.db.selectFrom('wire_sources').select('created_by').where('id', '=', source.id).executeTakeFirst();
      const admin = row?.created_by ?? (await this.db.selectFrom('accounts').select('id').where('role', '=', 'admin').where('disabled', '=', 0).orderBy('id').limit(1).executeTakeFirst())?.id;
      if (!admin) throw new Error('no editor to act as: the source has no creator and there is no admin account');
      const actor = actorOf(await this.deps.accounts.getAccount(admin));
      const { article } = await this.take(itemId, actor);
      await this.deps.workflow.publish(article.id, { system: `wire auto-publish (${source.name})` });
    } catch (error) {
      this.deps.logger.error({ err: error, source: source.name, itemId }, 'wire auto-publish failed; the item stays on the desk');
    }
  }

  // ## Desk

  async listItems(query: z.input<typeof wireItemsQuerySchema>): Promise<{ items: WireQueueItem[]; total: number; page: number; pageSize: number }> {
    const q = wireItemsQuerySchema.parse(query);
    let base = this.db.selectFrom('wire_items').innerJoin('wire_sources', 'wire_sources.id', 'wire_items.source_id').where('wire_items.superseded_by', 'is', null);
    if (q.source) base = base.where('wire_sources.name', '=', q.source);
    if (q.language) base = base.where('wire_items.language', 'like', `${q.language.replace(/[%_]/g, '')}%`);
    if (q.category) base = base.where('wire_items.subjects', 'like', `%${q.category.replace(/[%_"\\]/g, '')}%`);
    if (q.urgency !== undefined) base = base.where('wire_items.urgency', '<=', q.urgency);
    if (q.since) base = base.where('wire_items.received_at', '>=', q.since);
    // The article search's tokens and query syntax (particles, stems, "phrases", -exclusions), matched clause by clause.
    if (q.q) for (const { like, exclude } of tokenPatterns(q.q)) base = base.where('wire_items.search_text', exclude ? 'not like' : 'like', like);
    const rows = await base
      .selectAll('wire_items')
      .select('wire_sources.name as source_name')
      .orderBy('wire_items.received_at', 'desc')
      .orderBy('wire_items.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    return { items: await this.withTakes(rows), total: Number(total), page: q.page, pageSize: q.pageSize };
  }

  /**
   * A value that changes whenever anything the desk shows changes: a new item or version (ids only grow), a
   * quarantine entry, a take, a kill or an agency update of a taken story. Three index lookups, so the desk can poll
   * it every half second and get 304 while nothing happened; it is read from the database, so it also sees what
   * another node ingested.
   */
  async queueStamp(): Promise<string> {
    const [items, quarantine, takes] = await Promise.all([
      this.db.selectFrom('wire_items').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst(),
      this.db.selectFrom('wire_quarantine').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst(),
      this.db
        .selectFrom('wire_takes')
        .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('killed_at').as('killed'), eb.fn.max('updated_by_agency_at').as('updated')])
        .executeTakeFirst(),
    ]);
    return [items?.max ?? 0, quarantine?.max ?? 0, takes?.count ?? 0, takes?.killed ?? '', takes?.updated ?? ''].join('|');
  }

  private changed(): void {
    for (const listener of [...this.changeListeners]) listener();
  }

  /**
   * Resolves when the queue stamp is no longer `known`, or after `timeoutMs`. A commit in this process wakes it at
   * once; the stamp is also re-read every 250 ms, which sees what another node ingested. `signal` ends the wait
   * early (the client went away); so does shutdown (`stopWaiting()`), so a long poll never holds up a graceful close.
   */
  async waitForChange(known: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closing && !signal?.aborted && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.changeListeners.delete(done);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, Math.min(250, deadline - Date.now())));
        this.changeListeners.add(done);
        signal?.addEventListener('abort', done);
      });
      if ((await this.queueStamp()) !== known) return;
    }
  }

  /** Ends every long poll now (graceful shutdown). */
  stopWaiting(): void {
    this.closing = true;
    this.changed();
  }

  /**
   * A picture that came with an item (beside the dropped file, or embedded), for the desk's preview. Only what the
   * wire store holds, only raster image types recognised by their first bytes, never anything the agency named.
   */
  async getPicture(itemId: number, index: number): Promise<{ bytes: Buffer; contentType: string }> {
    const row = await this.db.selectFrom('wire_items').select('pictures').where('id', '=', itemId).executeTakeFirst();
    const picture = row ? (JSON.parse(row.pictures) as StoredPicture[])[index] : undefined;
    if (!picture?.stored || !/^[\w-]+\.bin$/.test(picture.stored)) throw notFound(`picture ${index} of wire item ${itemId}`);
    const bytes = await fs.readFile(path.join(this.assetsDir, picture.stored)).catch(() => null);
    const contentType = bytes ? imageType(bytes) : null;
    if (!bytes || !contentType) throw notFound(`picture ${index} of wire item ${itemId}`);
    return { bytes, contentType };
  }

  async getItem(id: number): Promise<WireQueueItem> {
    const row = await this.db.selectFrom('wire_items').innerJoin('wire_sources', 'wire_sources.id', 'wire_items.source_id').selectAll('wire_items').select('wire_sources.name as source_name').where('wire_items.id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`wire item ${id}`);
    const [item] = await this.withTakes([row]);
    if (!item) throw notFound(`wire item ${id}`);
    return item;
  }

  async listQuarantine(sourceName?: string): Promise<{ id: number; source: string; fileName: string; reason: string; bytes: number; receivedAt: string }[]> {
    let query = this.db.selectFrom('wire_quarantine').innerJoin('wire_sources', 'wire_sources.id', 'wire_quarantine.source_id').selectAll('wire_quarantine').select('wire_sources.name as source_name');
    if (sourceName) query = query.where('wire_sources.name', '=', sourceName);
    const rows = await query.orderBy('wire_quarantine.id', 'desc').limit(200).execute();
    return rows.map((r) => ({ id: r.id, source: r.source_name, fileName: r.file_name, reason: r.reason, bytes: r.bytes, receivedAt: r.received_at }));
  }

  private async withTakes(rows: (Selectable<WireItemsTable> & { source_name: string })[]): Promise<WireQueueItem[]> {
    const guids = rows.map((r) => r.guid);
    const takes = guids.length ? await this.db.selectFrom('wire_takes').selectAll().where('guid', 'in', [...new Set(guids)]).execute() : [];
    return rows.map((r) => {
      const pictures = JSON.parse(r.pictures) as StoredPicture[];
      return {
        id: r.id,
        source: r.source_name,
        guid: r.guid,
        version: r.version,
        format: r.format,
        formatVersion: r.format_version,
        pubStatus: r.pub_status,
        itemClass: r.item_class,
        urgency: r.urgency,
        language: r.language,
        headline: r.headline,
        dek: r.dek,
        body: JSON.parse(r.body) as ArticleBlock[],
        credits: JSON.parse(r.credits) as WireCredit[],
        byline: r.byline,
        pictures: pictures.map(({ stored, ...p }) => ({ ...p, imported: stored !== null })),
        agency: r.agency,
        subjects: JSON.parse(r.subjects) as string[],
        firstCreated: r.first_created,
        versionCreated: r.version_created,
        embargoUntil: r.embargo_until,
        isCorrection: r.is_correction === 1,
        correctsItemId: r.corrects_item_id,
        supersededBy: r.superseded_by,
        link: r.link,
        receivedAt: r.received_at,
        takes: takes
          .filter((t) => t.guid === r.guid && t.source_id === r.source_id)
          .map((t) => ({ articleId: t.article_id, takenAt: t.created_at, updatedByAgencyItemId: t.updated_by_agency_item_id, updatedByAgencyAt: t.updated_by_agency_at, killedAt: t.killed_at, killReason: t.kill_reason })),
      };
    });
  }

  /**
   * "Take": the item becomes a draft — headline, dek, body blocks, structured credits with the agency, pictures
   * imported into the media library with caption, credit and usage terms, the agency as source with a link, the
   * agency's embargo, and the source's rules (section, a linked translation draft). The take is recorded so later
   * versions and notices reach the story.
   */
  async take(itemId: number, actor: Actor): Promise<{ article: Article & { warnings?: string[] }; translation: Article | null; wireItemId: number }> {
    const row = await this.db.selectFrom('wire_items').selectAll().where('id', '=', itemId).executeTakeFirst();
    if (!row) throw notFound(`wire item ${itemId}`);
    if (row.superseded_by !== null) throw new AppError('ERR_CONFLICT', `wire item ${itemId} has a newer version (${row.superseded_by}); take that one`, { currentId: row.superseded_by });
    if (row.pub_status !== 'usable') throw new AppError('ERR_CONFLICT', `wire item ${itemId} is ${row.pub_status} by the agency and cannot be used`);
    const source = await this.db.selectFrom('wire_sources').selectAll().where('id', '=', row.source_id).executeTakeFirstOrThrow();
    const pictures = JSON.parse(row.pictures) as StoredPicture[];
    const warnings: string[] = [];
    const mediaIds: { id: number; caption: string; credit: string }[] = [];
    for (const picture of pictures) {
      if (!picture.stored) {
        warnings.push(`picture ${picture.href ?? ''} not imported: ${picture.note ?? 'no image file'}`);
        continue;
      }
      try {
        const bytes = await fs.readFile(path.join(this.assetsDir, picture.stored));
        const media = await this.deps.media.createMedia(
          { bytes, originalName: path.basename(picture.href && !picture.href.startsWith('data:') ? picture.href : `${row.guid}.jpg`) },
          { caption: picture.caption.slice(0, 2000), credit: picture.credit.slice(0, 300), usageTerms: picture.usageTerms.slice(0, 2000), alt: picture.alt.slice(0, 1000) },
          actor.id,
        );
        mediaIds.push({ id: media.id, caption: media.caption, credit: media.credit });
      } catch (error) {
        warnings.push(`picture ${picture.href ?? ''} not imported: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const credits = (JSON.parse(row.credits) as WireCredit[]).map((c) => ({ name: c.name, role: c.role, organization: c.organization ?? row.agency ?? source.name, email: c.email }));
    const body = JSON.parse(row.body) as ArticleBlock[];
    // Pictures after the first go into the body after the lead paragraph; the first is the featured image.
    const extra: ArticleBlock[] = mediaIds.slice(1).map((m) => ({ type: 'image', mediaId: m.id }));
    const withImages = body.length ? [body[0] as ArticleBlock, ...extra, ...body.slice(1)] : extra;
    const embargo = row.embargo_until && Date.parse(row.embargo_until) > Date.now() ? row.embargo_until : undefined;
    const language = toLanguage(row.language, this.deps.defaultLanguage);
    const article = await this.deps.articles.createArticle(
      {
        language,
        headline: row.headline.slice(0, 300),
        dek: row.dek.slice(0, 1000),
        ...(source.section_slug ? { section: source.section_slug } : {}),
        body: withImages.length ? withImages : [{ type: 'paragraph', content: [{ text: row.headline.slice(0, 300) }] }],
        credits: credits.slice(0, 30),
        ...(mediaIds[0] ? { featuredImage: mediaIds[0].id } : {}),
        source: { name: (row.agency ?? source.name).slice(0, 200), url: row.link && /^https?:\/\//.test(row.link) ? row.link : null },
        ...(embargo ? { embargoUntil: embargo } : {}),
      },
      actor,
    );
    let translation: Article | null = null;
    if (source.needs_translation === 1) {
      // For the translation desk: the other language's draft, linked, with the agency copy as the text to translate.
      translation = await this.deps.articles.createArticle(
        {
          language: language === 'ko' ? 'en' : 'ko',
          headline: row.headline.slice(0, 300),
          dek: row.dek.slice(0, 1000),
          ...(source.section_slug ? { section: source.section_slug } : {}),
          body: article.body,
          credits: credits.slice(0, 30),
          ...(mediaIds[0] ? { featuredImage: mediaIds[0].id } : {}),
          source: article.source,
          ...(embargo ? { embargoUntil: embargo } : {}),
          translationOf: article.id,
        },
        actor,
      );
    }
    await this.db.transaction().execute(async (tx) => {
      for (const a of [article, translation].filter((x): x is Article => x !== null)) {
        await tx.insertInto('wire_takes').values({ wire_item_id: row.id, source_id: row.source_id, guid: row.guid, article_id: a.id, taken_by: actor.id, created_at: nowIso() }).execute();
        await recordAudit(tx, { accountId: actor.id, action: 'wire.take', articleId: a.id, details: { source: source.name, guid: row.guid, version: row.version, wireItemId: row.id } });
      }
    });
    this.changed();
    const allWarnings = [...(article.warnings ?? []), ...warnings];
    return { article: allWarnings.length ? { ...article, warnings: allWarnings } : article, translation, wireItemId: row.id };
  }

  /** For tests and the desk: stories made from an item's GUID. */
  async takesOf(itemId: number) {
    return (await this.getItem(itemId)).takes;
  }
}

export const isPushToken = (token: string): boolean => token.startsWith(PUSH_PREFIX);
