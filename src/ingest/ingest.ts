import { decodeDocument } from './decode.js';
import { parseFeed } from './feed.adapter.js';
import { parseNewsmlG2 } from './newsml-g2.adapter.js';
import { ninjsValidators, parseNinjs } from './ninjs.adapter.js';
import { parseNitf } from './nitf.adapter.js';
import type { WireFormat, WireItem } from './wire-item.js';
import { WireRejection, wireItemSchema } from './wire-item.js';

export type ParseOutcome = { ok: true; items: WireItem[]; encoding: string } | { ok: false; reason: string };

export const DEFAULT_MAX_WIRE_BYTES = 10 * 1024 * 1024;

/** What a document is, when a source takes several formats or a push says only `application/xml`. */
export function sniffFormat(text: string, declared: WireFormat): WireFormat {
  const head = text.slice(0, 4000);
  if (/^\s*[{[]/.test(head)) return 'ninjs';
  if (/<(\w+:)?(newsItem|newsMessage|packageItem)\b/.test(head)) return 'newsml-g2';
  if (/<nitf\b/.test(head)) return 'nitf';
  if (/<rss\b/.test(head)) return 'rss';
  if (/<feed\b/.test(head)) return 'atom';
  return declared;
}

/**
 * One document's bytes → WireItems, or the reason it is quarantined. Never throws: every failure — size, encoding,
 * hostile or malformed markup, a schema violation, a value our model refuses — becomes a reason, and nothing of a
 * rejected document is kept as an item (all or nothing).
 */
export async function parseWireDocument(bytes: Buffer, options: { format: WireFormat; contentType?: string | undefined; maxBytes?: number }): Promise<ParseOutcome> {
  try {
    const max = options.maxBytes ?? DEFAULT_MAX_WIRE_BYTES;
    if (bytes.length === 0) return { ok: false, reason: 'empty file' };
    if (bytes.length > max) return { ok: false, reason: `oversized: ${bytes.length} bytes is more than the ${max}-byte limit` };
    const looksJson = options.format === 'ninjs' || /json/i.test(options.contentType ?? '');
    const { text, encoding } = decodeDocument(bytes, { contentType: options.contentType, xml: !looksJson || bytes.subarray(0, 5).toString('latin1') === '<?xml' });
    const format = sniffFormat(text, options.format);
    const items = format === 'ninjs' ? parseNinjs(text) : format === 'newsml-g2' ? await parseNewsmlG2(text) : format === 'nitf' ? await parseNitf(text) : await parseFeed(text);
    if (items.length === 0) return { ok: false, reason: 'the document holds no items' };
    const checked: WireItem[] = [];
    for (const item of items) {
      const result = wireItemSchema.safeParse(item);
      if (!result.success) {
        const issue = result.error.issues[0];
        return { ok: false, reason: `item ${item.guid.slice(0, 200)}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}` };
      }
      checked.push(result.data);
    }
    return { ok: true, items: checked, encoding };
  } catch (error) {
    if (error instanceof WireRejection) return { ok: false, reason: error.message };
    return { ok: false, reason: `could not be read: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500) };
  }
}

/** Compiles the JSON Schemas ahead of the first document (about half a second, once per process). */
export function warmUpParsers(): void {
  ninjsValidators();
}
