import type { Dirent, FSWatcher } from 'node:fs';
import { watch } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../lib/logger.js';
import { warmUpParsers } from './ingest.js';
import type { WireService, WireSource } from './wire.service.js';

/** Files a drop folder may hold that are not documents: pictures beside their document, and partial uploads. */
const ASSET = /\.(jpe?g|png|gif|webp|avif|tiff?)$/i;
const PARTIAL = /(^\.|\.(tmp|part|partial|filepart|crdownload)$|~$)/i;
export const PROCESSED_DIR = 'processed';
export const FAILED_DIR = 'failed';
const CLAIM_DIR = '.claimed';
/** How long a new file must stay unchanged before it is read. */
const STABLE_MS = 100;
/** The most files, and bytes, ingested in one transaction. */
const BATCH_FILES = 200;
const BATCH_BYTES = 64 * 1024 * 1024;

/**
 * Watches every source's drop folder (the FTP-drop pattern agencies use) and arms feed polls. Sources are re-read
 * from the database on every look (every `scanMs`, sooner when the filesystem reports a change), so a source added
 * by the CLI or another node works here at once. A file is ingested only when two looks at least 100 ms apart see
 * the same size and modification time (an FTP upload still in progress is left alone); it is claimed by renaming it
 * into `.claimed/` (so two nodes never both take it), then moved to `processed/` or, when quarantined, `failed/`. The
 * files ready in one look are ingested as a batch, in one transaction (`WireService.ingestDocuments()`).
 */
export class WireWatcher {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private scanning: Promise<void> | undefined;
  private readonly seen = new Map<string, { signature: string; since: number }>();
  private readonly watchers = new Map<string, FSWatcher>();
  private nextAt = Number.POSITIVE_INFINITY;
  private warmed = false;

  constructor(
    private readonly wire: WireService,
    private readonly logger: Logger,
    private readonly scanMs: number,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    await this.scanning;
  }

  /** Looks again after `delay`, unless a look is already due sooner. */
  private schedule(delay: number): void {
    if (!this.running) return;
    const at = Date.now() + delay;
    if (this.scanning) {
      this.nextAt = Math.min(this.nextAt, at);
      return;
    }
    if (this.timer && at >= this.nextAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.nextAt = Number.POSITIVE_INFINITY;
      let pending = false;
      this.scanning = this.scan()
        .then((waiting) => {
          pending = waiting;
        })
        .catch((error: unknown) => this.logger.error({ err: error }, 'wire scan failed'))
        .finally(() => {
          this.scanning = undefined;
          const wanted = this.nextAt;
          this.nextAt = Number.POSITIVE_INFINITY;
          // A file waiting to prove it is stable is looked at again soon; otherwise at the polling interval.
          this.schedule(Math.min(pending ? STABLE_MS : this.scanMs, Math.max(0, wanted - Date.now())));
        });
    }, delay);
    this.timer.unref();
  }

  /**
   * A change notification is only a hint to look now (polling stays the rule: notifications are lost on network
   * filesystems and some FTP servers).
   */
  private watchFolder(folder: string): void {
    if (this.watchers.has(folder)) return;
    try {
      const watcher = watch(folder, { persistent: false }, () => this.schedule(10));
      watcher.on('error', () => {
        watcher.close();
        this.watchers.delete(folder);
      });
      this.watchers.set(folder, watcher);
    } catch {
      // The folder may not exist yet; polling finds it when it does.
    }
  }

  /** One look at every folder and every feed. True when a file is waiting to prove it is stable. */
  async scan(): Promise<boolean> {
    const sources = await this.wire.listSources();
    // Compile the ninjs schemas (about half a second of CPU) once a ninjs source exists, rather than on its first
    // file, which would otherwise wait for it; a server without one never pays for it.
    if (!this.warmed && sources.some((source) => source.format === 'ninjs')) {
      this.warmed = true;
      warmUpParsers();
    }
    let waiting = false;
    for (const source of sources) if (source.enabled && source.folder && (await this.scanFolder(source))) waiting = true;
    await this.wire.armDuePolls();
    return waiting;
  }

  private async scanFolder(source: WireSource): Promise<boolean> {
    const folder = source.folder as string;
    this.watchFolder(folder);
    let entries: Dirent[];
    let waiting = false;
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch {
      return false;
    }
    const names = entries.filter((entry) => entry.isFile() && !PARTIAL.test(entry.name) && !ASSET.test(entry.name)).map((entry) => entry.name);
    // Looked at all at once: a stat costs the filesystem's latency, not CPU, and one after another took most of a
    // scan of a full folder.
    const stats = await Promise.all(names.map((name) => fs.stat(path.join(folder, name)).catch(() => null)));
    const ready: { name: string; size: number }[] = [];
    const now = Date.now();
    names.forEach((name, index) => {
      const stat = stats[index];
      if (!stat) return;
      const file = path.join(folder, name);
      const signature = `${stat.size}:${stat.mtimeMs}`;
      const known = this.seen.get(file);
      if (known?.signature !== signature) {
        this.seen.set(file, { signature, since: now });
        waiting = true;
        return;
      }
      if (now - known.since < STABLE_MS) {
        waiting = true;
        return;
      }
      this.seen.delete(file);
      ready.push({ name, size: stat.size });
    });
    if (ready.length === 0) return waiting;
    await Promise.all([CLAIM_DIR, PROCESSED_DIR, FAILED_DIR].map((dir) => fs.mkdir(path.join(folder, dir), { recursive: true })));
    // One transaction per batch (a commit per file was the larger part of the cost of a full folder), bounded in
    // files and bytes so a folder of large files is never all in memory at once.
    let batch: string[] = [];
    let bytes = 0;
    for (const file of ready) {
      if (batch.length && (batch.length >= BATCH_FILES || bytes + file.size > BATCH_BYTES)) {
        await this.ingestFiles(source, folder, batch);
        batch = [];
        bytes = 0;
      }
      batch.push(file.name);
      bytes += file.size;
    }
    if (batch.length) await this.ingestFiles(source, folder, batch);
    return waiting;
  }

  /**
   * Claims the files (renamed into `.claimed/`: if another node renamed one first, it is that node's), ingests them
   * as one batch — each still ends as its items or one quarantine entry — and moves each to `processed/` or `failed/`.
   */
  private async ingestFiles(source: WireSource, folder: string, names: string[]): Promise<void> {
    const claimedPath = (name: string) => path.join(folder, CLAIM_DIR, name);
    const claimed = (
      await Promise.all(
        names.map((name) =>
          fs.rename(path.join(folder, name), claimedPath(name)).then(
            () => name,
            () => null,
          ),
        ),
      )
    ).filter((name): name is string => name !== null);
    const read = await Promise.all(claimed.map(async (name) => ({ name, bytes: await fs.readFile(claimedPath(name)).catch(() => null) })));
    const documents = read.flatMap((doc) => (doc.bytes ? [{ name: doc.name, bytes: doc.bytes }] : []));
    const outcome = new Map<string, 'processed' | 'failed'>();
    try {
      const results = await this.wire.ingestDocuments(
        source,
        documents.map((doc) => ({ bytes: doc.bytes, options: { fileName: doc.name, baseDir: folder } })),
      );
      results.forEach((result, index) => outcome.set(documents[index]?.name ?? '', result.status === 'quarantined' ? 'failed' : 'processed'));
    } catch (error) {
      this.logger.error({ err: error, source: source.name, files: documents.length }, 'wire files could not be stored; moved to failed/');
    }
    await Promise.all(claimed.map((name) => fs.rename(claimedPath(name), path.join(folder, outcome.get(name) === 'processed' ? PROCESSED_DIR : FAILED_DIR, name)).catch(() => undefined)));
  }
}
