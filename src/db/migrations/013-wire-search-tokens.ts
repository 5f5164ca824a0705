import type { Kysely } from 'kysely';
import type { ArticleBlock } from '../../content/content.types.js';
import { wireSearchText } from '../../ingest/wire-search-text.js';

/**
 * The wire desk's search moved from raw lowercase text to the article index's tokens (src/search/token-match.ts):
 * rewrite `wire_items.search_text` for the items already received, in batches, from the columns the text is made of.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const typed = db as unknown as Kysely<{ wire_items: { id: number; headline: string; dek: string; byline: string | null; body: string; search_text: string } }>;
  let after = 0;
  for (;;) {
    const rows = await typed.selectFrom('wire_items').select(['id', 'headline', 'dek', 'byline', 'body']).where('id', '>', after).orderBy('id').limit(500).execute();
    if (!rows.length) return;
    for (const row of rows) {
      let body: ArticleBlock[] = [];
      try {
        body = JSON.parse(row.body) as ArticleBlock[];
      } catch {
        body = [];
      }
      await typed.updateTable('wire_items').set({ search_text: wireSearchText(row.headline, row.dek, row.byline, Array.isArray(body) ? body : []) }).where('id', '=', row.id).execute();
    }
    after = rows[rows.length - 1]!.id;
  }
}
