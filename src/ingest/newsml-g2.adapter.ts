import type { Element } from 'domhandler';
import { firstWords, wireBody } from './body.js';
import { normaliseOrganization, parseByline, splitCaptionCredit } from './byline.js';
import { untitled } from './ninjs.adapter.js';
import { readNitfBody } from './nitf.adapter.js';
import type { PubStatus, WireCredit, WireItem, WirePicture } from './wire-item.js';
import { cleanText, toIso, WireRejection } from './wire-item.js';
import { assertSafeXml, attr, child, childElements, find, findAll, innerXml, localName, parseXml, textOf, validateXmlDocument } from './xml.js';

const STATUS: Record<string, PubStatus> = { usable: 'usable', canceled: 'canceled', cancelled: 'canceled', withheld: 'withheld' };
const CLASSES: Record<string, WireItem['itemClass']> = { text: 'text', picture: 'picture', video: 'video', audio: 'audio', graphic: 'graphic', composite: 'package' };
const qcodeValue = (qcode: string | undefined) => (qcode ?? '').replace(/^[\w-]+:/, '').toLowerCase();

/**
 * NewsML-G2 (newsItem, packageItem, or a newsMessage carrying several) → WireItems, after validating the whole
 * document against the NewsML-G2 2.35 XSD. Text bodies come inline as NITF or XHTML; pictures as remoteContent.
 */
export async function parseNewsmlG2(text: string): Promise<WireItem[]> {
  assertSafeXml(text);
  await validateXmlDocument(text, 'newsml-g2');
  const root = parseXml(text).children.find((c): c is Element => c.type === 'tag');
  if (!root) throw new WireRejection('the document has no root element');
  const name = localName(root);
  const items =
    name === 'newsMessage'
      ? childElements(child(root, 'itemSet') ?? { children: [] }).filter((el) => localName(el) === 'newsItem' || localName(el) === 'packageItem')
      : name === 'newsItem' || name === 'packageItem'
        ? [root]
        : [];
  if (items.length === 0) throw new WireRejection(`a ${name} carries no news or package item to ingest`);
  return items.map((item) => g2ItemToWireItem(item, attr(root, 'standardversion') ?? null));
}

function g2ItemToWireItem(item: Element, standardVersion: string | null): WireItem {
  const guid = attr(item, 'guid');
  if (!guid) throw new WireRejection('the item has no guid');
  const itemMeta = child(item, 'itemMeta');
  const contentMeta = child(item, 'contentMeta');
  const rights = child(item, 'rightsInfo');
  const itemClass = CLASSES[qcodeValue(attr(child(itemMeta, 'itemClass'), 'qcode'))] ?? (localName(item) === 'packageItem' ? 'package' : 'other');
  const provider = child(itemMeta, 'provider');
  const source =
    normaliseOrganization(cleanText(textOf(child(child(rights, 'copyrightHolder'), 'name')))) ??
    normaliseOrganization(cleanText(textOf(child(provider, 'name')))) ??
    normaliseOrganization(qcodeValue(attr(provider, 'qcode')).toUpperCase() || null);
  const creditline = cleanText(textOf(child(contentMeta, 'creditline')));
  const usageTerms = cleanText(textOf(child(rights, 'usageTerms')));

  // Body: inline NITF or XHTML.
  const inline = find(child(item, 'contentSet'), 'inlineXML');
  let html = '';
  let bodyHeadline = '';
  let bodyDek = '';
  const bylines: string[] = [];
  const pictures: WirePicture[] = [];
  if (inline) {
    const nitf = find(inline, 'nitf');
    const nitfBody = nitf ? child(nitf, 'body') : localName(childElements(inline)[0] ?? inline) === 'body' && /nitf/i.test(attr(inline, 'contenttype') ?? '') ? childElements(inline)[0] : undefined;
    if (nitfBody) {
      const parts = readNitfBody(nitfBody, source?.toUpperCase() ?? null);
      ({ html } = parts);
      bodyHeadline = parts.headline;
      bodyDek = parts.dek;
      bylines.push(...parts.bylines);
      pictures.push(...parts.pictures);
    } else {
      html = innerXml(find(inline, 'body') ?? inline);
    }
  }
  const body = wireBody({ html });
  bylines.push(...body.bylines);

  // Pictures: a picture item's renditions (largest first).
  if (itemClass === 'picture' || itemClass === 'graphic') {
    const renditions = findAll(child(item, 'contentSet'), 'remoteContent').sort((a, b) => Number(attr(b, 'width') ?? 0) - Number(attr(a, 'width') ?? 0));
    const best = renditions.find((r) => /highres|original|baseimage/i.test(attr(r, 'rendition') ?? '')) ?? renditions[0];
    const captionEl = childElements(contentMeta ?? { children: [] }, 'description').find((d) => /caption/i.test(attr(d, 'role') ?? '')) ?? child(contentMeta, 'description');
    const split = splitCaptionCredit(cleanText(textOf(captionEl)));
    pictures.push({
      href: attr(best, 'href') ?? null,
      caption: split.caption,
      credit: creditline || split.credit || source?.toUpperCase() || '',
      usageTerms,
      alt: '',
      mimeType: attr(best, 'contenttype') ?? null,
    });
  }

  const credits: WireCredit[] = [];
  for (const creator of childElements(contentMeta ?? { children: [] }, 'creator')) {
    const name = cleanText(textOf(child(creator, 'name')));
    if (name) credits.push({ name, role: itemClass === 'picture' ? 'photographer' : 'reporter', organization: source, email: null });
  }
  const by = cleanText(textOf(child(contentMeta, 'by')));
  if (credits.length === 0) for (const b of [by, ...bylines].filter(Boolean)) if (credits.length === 0) credits.push(...parseByline(b, source));

  const headlines = childElements(contentMeta ?? { children: [] }, 'headline');
  const summary = childElements(contentMeta ?? { children: [] }, 'description').find((d) => /summary|abstract/i.test(attr(d, 'role') ?? ''));
  let packageBody = body.blocks;
  if (itemClass === 'package') {
    const refs = findAll(child(item, 'groupSet'), 'itemRef').map((ref) => cleanText(textOf(child(ref, 'title')) || attr(ref, 'residref') || ''));
    if (refs.length && packageBody.length === 0) packageBody = [{ type: 'list', ordered: false, items: refs.filter(Boolean).map((text) => [{ text }]) }];
  }
  const headline =
    cleanText(textOf(headlines.find((h) => !/sub/i.test(attr(h, 'role') ?? '')) ?? headlines[0])) ||
    bodyHeadline ||
    cleanText(textOf(child(contentMeta, 'slugline'))) ||
    firstWords(packageBody, 120) ||
    (pictures[0]?.caption ? pictures[0].caption.slice(0, 120) : '') ||
    untitled(itemClass, source, guid);
  const urgency = Number.parseInt(textOf(child(contentMeta, 'urgency')), 10);
  const version = Number.parseInt(attr(item, 'version') ?? '1', 10);
  const signals = childElements(itemMeta ?? { children: [] }, 'signal').map((s) => attr(s, 'qcode') ?? '');
  const link = childElements(itemMeta ?? { children: [] }, 'link').map((l) => attr(l, 'href')).find((h) => h && /^https?:\/\//.test(h)) ?? null;
  return {
    format: 'newsml-g2',
    formatVersion: attr(item, 'standardversion') ?? standardVersion,
    guid,
    version: Number.isFinite(version) && version >= 0 ? version : 1,
    pubStatus: STATUS[qcodeValue(attr(child(itemMeta, 'pubStatus'), 'qcode'))] ?? 'usable',
    itemClass,
    urgency: urgency >= 0 && urgency <= 9 ? urgency : null,
    language: attr(child(contentMeta, 'language'), 'tag') ?? attr(item, 'xml:lang') ?? null,
    headline: headline.slice(0, 1000),
    dek: (cleanText(textOf(headlines.find((h) => /sub/i.test(attr(h, 'role') ?? '')))) || bodyDek || cleanText(textOf(summary))).slice(0, 5000),
    body: packageBody,
    credits: credits.slice(0, 30),
    byline: by || bylines[0] || null,
    pictures: pictures.slice(0, 50),
    source,
    subjects: childElements(contentMeta ?? { children: [] }, 'subject')
      .map((s) => cleanText(textOf(child(s, 'name'))) || attr(s, 'qcode') || '')
      .filter(Boolean)
      .slice(0, 100),
    firstCreated: toIso(textOf(child(itemMeta, 'firstCreated')) || textOf(child(contentMeta, 'contentCreated'))),
    versionCreated: toIso(textOf(child(itemMeta, 'versionCreated'))),
    embargoUntil: toIso(textOf(child(itemMeta, 'embargoed'))),
    isCorrection: signals.some((s) => /correct/i.test(s)),
    link,
  };
}
