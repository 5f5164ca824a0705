import type { ArticleBlock, Language, MediaItem } from '../../content/content.types.js';
import type { SafeHtml } from '../html.js';
import { renderEmbedBlock } from './embed-block.js';
import { renderHeadingBlock } from './heading-block.js';
import { renderImageBlock } from './image-block.js';
import { renderListBlock } from './list-block.js';
import { renderParagraphBlock } from './paragraph-block.js';
import { renderQuoteBlock } from './quote-block.js';

export interface BlockContext {
  lang: Language;
  media: Map<number, MediaItem>;
}

const assertNever = (value: never): never => {
  throw new Error(`unknown block type ${JSON.stringify(value)}`);
};

/** The one switch from block type to renderer; adding a block type fails to compile until it has a renderer. */
export function renderBlock(block: ArticleBlock, ctx: BlockContext, dateline?: SafeHtml): SafeHtml {
  switch (block.type) {
    case 'paragraph':
      return renderParagraphBlock(block, dateline);
    case 'heading':
      return renderHeadingBlock(block);
    case 'quote':
      return renderQuoteBlock(block);
    case 'list':
      return renderListBlock(block);
    case 'image':
      return renderImageBlock(block, ctx.media, ctx.lang);
    case 'embed':
      return renderEmbedBlock(block, ctx.lang);
    default:
      return assertNever(block);
  }
}
