/**
 * A small in-process cache of rendered reader responses, so a busy node renders each page about once a second
 * instead of on every request. Any domain event clears it (a publish, an edit, an unpublish shows at once on this
 * node); entries also expire after `ttlMs`, which bounds how stale another node's page can be when several nodes
 * share PostgreSQL, and picks up changes that raise no event (a section renamed). The CDN in front caches on top.
 */
export interface CachedPage {
  status: number;
  body: string;
  etag: string;
  contentType: string;
  /** Kept when the route chose its own (e.g. shorter than the default). */
  cacheControl?: string;
}

export class PageCache {
  private readonly entries = new Map<string, { page: CachedPage; expires: number }>();

  constructor(
    private readonly ttlMs = 1000,
    private readonly maxEntries = 2000,
  ) {}

  get(key: string): CachedPage | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.page;
  }

  set(key: string, page: CachedPage): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.maxEntries) {
      // Drop the oldest insertion; Map keeps insertion order.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { page, expires: Date.now() + this.ttlMs });
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
