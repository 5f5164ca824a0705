import type { JobRunner } from '../jobs/job-runner.js';
import type { Logger } from '../lib/logger.js';
import type { WireService } from './wire.service.js';
import { FEED_POLL_JOB } from './wire.service.js';

const FETCH_TIMEOUT_MS = 15_000;

/**
 * The feed-poll job: one conditional GET (If-None-Match / If-Modified-Since from the last answer), the document
 * ingested like any other, the validators kept for the next poll. Failures are recorded on the source for the desk;
 * the next poll comes at the source's interval.
 */
export function registerFeedPolling(jobs: JobRunner, wire: WireService, logger: Logger, maxBytes: number): void {
  jobs.register(FEED_POLL_JOB, async (payload) => {
    const source = await wire.getSource(Number(payload.sourceId));
    if (!source?.url) return;
    const state = await wire.getPollState(source.id);
    const headers: Record<string, string> = { accept: 'application/rss+xml, application/atom+xml, application/xml, application/json;q=0.9, */*;q=0.5', 'user-agent': 'Sinmun wire poller' };
    if (state.etag) headers['if-none-match'] = state.etag;
    if (state.lastModified) headers['if-modified-since'] = state.lastModified;
    try {
      const response = await fetch(source.url, { headers, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
      if (response.status === 304) {
        await wire.setPollState(source.id, { error: null });
        return;
      }
      if (!response.ok) {
        await response.body?.cancel();
        await wire.setPollState(source.id, { error: `HTTP ${response.status} from ${source.url}` });
        return;
      }
      const declared = Number(response.headers.get('content-length') ?? '0');
      if (declared > maxBytes) {
        await response.body?.cancel();
        await wire.setPollState(source.id, { error: `the feed is larger than ${maxBytes} bytes` });
        return;
      }
      const bytes = Buffer.from(await response.arrayBuffer());
      const result = await wire.ingestDocument(source, bytes, { fileName: new URL(source.url).pathname.split('/').pop() || 'feed', contentType: response.headers.get('content-type') ?? undefined });
      await wire.setPollState(source.id, {
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
        error: result.status === 'quarantined' ? `quarantined: ${result.reason ?? ''}` : null,
      });
    } catch (error) {
      logger.warn({ err: error, source: source.name }, 'wire feed poll failed');
      await wire.setPollState(source.id, { error: `poll failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  });
}
