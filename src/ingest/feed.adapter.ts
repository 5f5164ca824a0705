import type { Element } from 'domhandler';
import { firstWords, wireBody } from './body.js';
import { normaliseOrganization, parseByline, splitCaptionCredit } from './byline.js';
import type { WireCredit, WireItem, WirePicture } from './wire-item.js';
import { cleanText, toIso, WireRejection } from './wire-item.js';
import { assertSafeXml, attr, child, childElements, innerXml, localName, parseXml, textOf, validateXmlDocument } from './xml.js';

/** Feeds carry no version number; the entry's update time stands in for one, so an edited entry replaces the old one. */
const versionFrom = (iso: string | null): number => (iso ? Math.max(1, Math.floor(Date.parse(iso) / 1000)) : 1);

function picturesOf(entry: Element, defaultCredit: string | null): WirePicture[] {
  const pictures: WirePicture[] = [];
  for (const el of childElements(entry)) {
    const name = localName(el);
    const type = attr(el, 'type') ?? '';
    const isImage = (name === 'enclosure' && /^image\//.test(type)) || (name === 'content' && el.name.startsWith('media:') && (/^image\//.test(type) || attr(el, 'medium') === 'image')) || (name === 'link' && attr(el, 'rel') === 'enclosure' && /^image\//.test(type));
    if (!isImage) continue;
    const split = splitCaptionCredit(cleanText(textOf(child(el, 'description')) || textOf(child(el, 'title'))));
    pictures.push({
      href: attr(el, 'url') ?? attr(el, 'href') ?? null,
      caption: split.caption,
      credit: cleanText(textOf(child(el, 'credit'))) || split.credit || defaultCredit || '',
      usageTerms: cleanText(textOf(child(el, 'copyright'))),
      alt: '',
      mimeType: type || null,
    });
  }
  return pictures;
}

function toItem(entry: Element, fields: { format: 'rss' | 'atom'; guid: string; headline: string; html: string; summary: string; by: string; published: string | null; updated: string | null; language: string | null; source: string | null; link: string | null; subjects: string[] }): WireItem {
  const body = wireBody({ html: fields.html });
  const credits: WireCredit[] = [];
  for (const b of [fields.by, ...body.bylines].filter(Boolean)) if (credits.length === 0) credits.push(...parseByline(b, fields.source));
  const dekBlocks = wireBody({ html: fields.summary }).blocks;
  const headline = cleanText(fields.headline) || firstWords(body.blocks, 120);
  if (!headline) throw new WireRejection(`feed entry ${fields.guid} has no title`);
  return {
    format: fields.format,
    formatVersion: fields.format === 'rss' ? '2.0' : '1.0',
    guid: fields.guid,
    version: versionFrom(fields.updated ?? fields.published),
    pubStatus: 'usable',
    itemClass: 'text',
    urgency: null,
    language: fields.language,
    headline: headline.slice(0, 1000),
    // A feed with only summaries: the summary is the body and there is no separate dek.
    dek: fields.html && fields.summary ? firstWords(dekBlocks, 1000) : '',
    body: body.blocks.length ? body.blocks : dekBlocks,
    credits,
    byline: fields.by || body.bylines[0] || null,
    pictures: picturesOf(entry, fields.source?.toUpperCase() ?? null).slice(0, 50),
    source: fields.source,
    subjects: fields.subjects.slice(0, 100),
    firstCreated: fields.published,
    versionCreated: fields.updated ?? fields.published,
    embargoUntil: null,
    isCorrection: false,
    link: fields.link,
  };
}

/** RSS 2.0 and Atom 1.0 partner feeds (full content or summaries) → one WireItem per entry. */
export async function parseFeed(text: string): Promise<WireItem[]> {
  assertSafeXml(text);
  await validateXmlDocument(text, null);
  const root = parseXml(text).children.find((c): c is Element => c.type === 'tag');
  if (!root) throw new WireRejection('the document has no root element');
  if (localName(root) === 'rss') {
    const channel = child(root, 'channel');
    if (!channel) throw new WireRejection('an RSS document without a <channel>');
    const source = normaliseOrganization(cleanText(textOf(child(channel, 'title'))));
    const language = cleanText(textOf(child(channel, 'language'))) || null;
    return childElements(channel, 'item').map((entry) => {
      const link = cleanText(textOf(child(entry, 'link'))) || null;
      const guid = cleanText(textOf(child(entry, 'guid'))) || link;
      if (!guid) throw new WireRejection('an RSS item has neither guid nor link');
      const encoded = childElements(entry, 'encoded')[0];
      return toItem(entry, {
        format: 'rss',
        guid,
        headline: textOf(child(entry, 'title')),
        html: encoded ? textOf(encoded) : '',
        summary: textOf(child(entry, 'description')),
        by: cleanText(textOf(child(entry, 'creator')) || textOf(child(entry, 'author'))),
        published: toIso(textOf(child(entry, 'pubDate'))),
        updated: toIso(textOf(child(entry, 'updated')) || textOf(child(entry, 'modified'))),
        language,
        source,
        link,
        subjects: childElements(entry, 'category').map((c) => cleanText(textOf(c))).filter(Boolean),
      });
    });
  }
  if (localName(root) === 'feed') {
    const source = normaliseOrganization(cleanText(textOf(child(root, 'title'))));
    const language = attr(root, 'xml:lang') ?? null;
    return childElements(root, 'entry').map((entry) => {
      const guid = cleanText(textOf(child(entry, 'id')));
      if (!guid) throw new WireRejection('an Atom entry has no id');
      const content = child(entry, 'content');
      const contentType = attr(content, 'type') ?? 'text';
      const html = !content ? '' : contentType === 'xhtml' ? innerXml(child(content, 'div') ?? content) : contentType === 'html' ? textOf(content) : `<p>${cleanText(textOf(content)).replace(/</g, '&lt;')}</p>`;
      const summary = child(entry, 'summary');
      const link = childElements(entry, 'link').find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate');
      return toItem(entry, {
        format: 'atom',
        guid,
        headline: textOf(child(entry, 'title')),
        html,
        summary: summary ? (attr(summary, 'type') === 'html' ? textOf(summary) : `<p>${cleanText(textOf(summary)).replace(/</g, '&lt;')}</p>`) : '',
        by: childElements(entry, 'author').map((a) => cleanText(textOf(child(a, 'name')))).filter(Boolean).join(' and '),
        published: toIso(textOf(child(entry, 'published'))),
        updated: toIso(textOf(child(entry, 'updated'))),
        language: attr(entry, 'xml:lang') ?? language,
        source,
        link: attr(link, 'href') ?? null,
        subjects: childElements(entry, 'category').map((c) => attr(c, 'label') ?? attr(c, 'term') ?? '').filter(Boolean),
      });
    });
  }
  throw new WireRejection(`not an RSS 2.0 or Atom feed (root element <${root.name}>)`);
}
