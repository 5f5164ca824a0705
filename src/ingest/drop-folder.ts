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

/**
 * Watches every source's drop folder (the FTP-drop pattern agencies use) and arms feed polls. Sources are re-read
 * from the database on every look (every `scanMs`, sooner when the filesystem reports a change), so a source added
 * by the CLI or another node works here at once. A file is ingested only when two looks at least 100 ms apart see
 * the same size and modification time (an FTP upload still in progress is left alone); it is claimed by renaming it into `.claimed/` (so two nodes never both take it), then
 * moved to `processed/` or, when quarantined, `failed/`.
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
    const work: Promise<void>[] = [];
    for (const entry of entries) {
      if (!entry.isFile() || PARTIAL.test(entry.name) || ASSET.test(entry.name)) continue;
      const file = path.join(folder, entry.name);
      let signature: string;
      try {
        const stat = await fs.stat(file);
        signature = `${stat.size}:${stat.mtimeMs}`;
      } catch {
        continue;
      }
      const known = this.seen.get(file);
      if (known?.signature !== signature) {
        this.seen.set(file, { signature, since: Date.now() });
        waiting = true;
        continue;
      }
      if (Date.now() - known.since < STABLE_MS) {
        waiting = true;
        continue;
      }
      this.seen.delete(file);
      work.push(this.ingestFile(source, folder, entry.name));
    }
    await Promise.all(work);
    return waiting;
  }

  private async ingestFile(source: WireSource, folder: string, name: string): Promise<void> {
    const claimed = path.join(folder, CLAIM_DIR, name);
    await fs.mkdir(path.dirname(claimed), { recursive: true });
    try {
      await fs.rename(path.join(folder, name), claimed);
    } catch {
      return; // another node claimed it first
    }
    let outcome: 'processed' | 'failed' = 'failed';
    try {
      const bytes = await fs.readFile(claimed);
      const result = await this.wire.ingestDocument(source, bytes, { fileName: name, baseDir: folder });
      outcome = result.status === 'quarantined' ? 'failed' : 'processed';
    } catch (error) {
      this.logger.error({ err: error, source: source.name, file: name }, 'wire file could not be stored; moved to failed/');
    }
    const target = path.join(folder, outcome === 'processed' ? PROCESSED_DIR : FAILED_DIR, name);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(claimed, target).catch(() => undefined);
  }
}
