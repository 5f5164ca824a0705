import type { ArticleBlock } from '../content/content.types.js';
import { tokenStream } from '../search/token-match.js';

/** What the desk's search matches: headline, dek, byline and body as the article index's tokens (src/search/token-match.ts). */
export const wireSearchText = (headline: string, dek: string, byline: string | null, body: ArticleBlock[]): string =>
  tokenStream(`${headline} ${dek} ${byline ?? ''} ${blockText(body)}`.slice(0, 100_000));

export const blockText = (blocks: ArticleBlock[]) =>
  blocks
    .map((b) => (b.type === 'paragraph' || b.type === 'quote' ? b.content.map((c) => c.text).join('') : b.type === 'heading' ? b.text : b.type === 'list' ? b.items.flat().map((c) => c.text).join(' ') : ''))
    .join(' ');
