import type { Dirent } from 'node:fs';
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

/**
 * Watches every source's drop folder (the FTP-drop pattern agencies use) and arms feed polls. Sources are re-read
 * from the database on every look, so a source added by the CLI or another node works here at once. A file is
 * ingested only when two looks, `scanMs` apart, see the same size and modification time (an FTP upload still in
 * progress is left alone); it is claimed by renaming it into `.claimed/` (so two nodes never both take it), then
 * moved to `processed/` or, when quarantined, `failed/`.
 */
export class WireWatcher {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private scanning: Promise<void> | undefined;
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly wire: WireService,
    private readonly logger: Logger,
    private readonly scanMs: number,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    // Compile the ninjs schemas now rather than on the first file, which would otherwise wait for it.
    setImmediate(warmUpParsers);
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.scanning;
  }

  private schedule(delay: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.scanning = this.scan()
        .catch((error: unknown) => this.logger.error({ err: error }, 'wire scan failed'))
        .finally(() => {
          this.scanning = undefined;
          this.schedule(this.scanMs);
        });
    }, delay);
    this.timer.unref();
  }

  /** One look at every folder and every feed; exported for tests and the benchmark. */
  async scan(): Promise<void> {
    const sources = await this.wire.listSources();
    for (const source of sources) if (source.folder) await this.scanFolder(source);
    await this.wire.armDuePolls();
  }

  private async scanFolder(source: WireSource): Promise<void> {
    const folder = source.folder as string;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch {
      return;
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
      if (this.seen.get(file) !== signature) {
        this.seen.set(file, signature);
        continue;
      }
      this.seen.delete(file);
      work.push(this.ingestFile(source, folder, entry.name));
    }
    await Promise.all(work);
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
