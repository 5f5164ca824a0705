import type { Element } from 'domhandler';
import { wireBody } from './body.js';
import { normaliseOrganization, parseByline, splitCaptionCredit } from './byline.js';
import type { PubStatus, WireCredit, WireItem, WirePicture } from './wire-item.js';
import { cleanText, toIso, WireRejection } from './wire-item.js';
import { assertSafeXml, attr, child, childElements, find, findAll, innerXml, localName, parseXml, textOf, validateXmlDocument } from './xml.js';

const NITF_NS = 'http://iptc.org/std/NITF/2006-10-18/';

/** What a NITF `<body>` holds, whether the NITF stands alone or sits inline in a NewsML-G2 item. */
export interface NitfBodyParts {
  headline: string;
  dek: string;
  html: string;
  bylines: string[];
  pictures: WirePicture[];
}

export function readNitfBody(body: Element | undefined, defaultCredit: string | null): NitfBodyParts {
  const head = child(body, 'body.head');
  const hedline = child(head, 'hedline');
  const bylines = childElements(head ?? { children: [] }, 'byline').map((b) => {
    const person = child(b, 'person');
    const title = child(b, 'byttl');
    return person ? cleanText(textOf(person)) + (title ? `, ${cleanText(textOf(title))}` : '') : cleanText(textOf(b));
  });
  const content = child(body, 'body.content');
  const pictures: WirePicture[] = [];
  for (const media of findAll(content, 'media')) {
    if (attr(media, 'media-type') && attr(media, 'media-type') !== 'image') continue;
    const reference = child(media, 'media-reference');
    const split = splitCaptionCredit(cleanText(textOf(child(media, 'media-caption'))));
    pictures.push({
      href: attr(reference, 'source') ?? null,
      caption: split.caption,
      credit: cleanText(textOf(child(media, 'media-producer'))) || split.credit || defaultCredit || '',
      usageTerms: '',
      alt: cleanText(attr(reference, 'alternate-text')),
      mimeType: attr(reference, 'mime-type') ?? null,
    });
  }
  // Media blocks become pictures, not body text.
  const html = content ? innerXml(content).replace(/<media\b[\s\S]*?<\/media>/g, '') : '';
  return {
    headline: cleanText(textOf(child(hedline, 'hl1'))),
    dek: cleanText(textOf(child(hedline, 'hl2'))) || cleanText(textOf(child(head, 'abstract'))),
    html,
    bylines: bylines.filter(Boolean),
    pictures,
  };
}

const STATUS: Record<string, PubStatus> = { usable: 'usable', embargoed: 'usable', withheld: 'withheld', canceled: 'canceled', cancelled: 'canceled' };

/** NITF 3.x → WireItem, after validating against the NITF 3.6 XSD. */
export async function parseNitf(text: string): Promise<WireItem[]> {
  assertSafeXml(text);
  // Plain NITF files usually carry no namespace; the XSD describes the 2006 namespace, so validate as if declared.
  const forValidation = /<nitf\b[^>]*\bxmlns\s*=/.test(text) ? text : text.replace(/<nitf\b/, `<nitf xmlns="${NITF_NS}"`);
  await validateXmlDocument(forValidation, 'nitf');
  const root = parseXml(text).children.find((c): c is Element => c.type === 'tag');
  if (!root || localName(root) !== 'nitf') throw new WireRejection('not a NITF document (the root element is not <nitf>)');
  return [nitfToItem(root)];
}

export function nitfToItem(root: Element): WireItem {
  const head = child(root, 'head');
  const docdata = child(head, 'docdata');
  const guid = attr(child(docdata, 'doc-id'), 'id-string') ?? attr(root, 'uno') ?? attr(child(docdata, 'du-key'), 'key');
  if (!guid) throw new WireRejection('the NITF document has no docdata/doc-id/@id-string to identify it');
  const copyright = child(docdata, 'doc.copyright');
  const source = normaliseOrganization(attr(copyright, 'holder')) ?? normaliseOrganization(textOf(find(head, 'source')));
  const parts = readNitfBody(child(root, 'body'), source?.toUpperCase() ?? null);
  const body = wireBody({ html: parts.html });
  const credits: WireCredit[] = [];
  for (const b of [...parts.bylines, ...body.bylines]) if (credits.length === 0) credits.push(...parseByline(b, source));
  const headline = parts.headline || cleanText(textOf(child(head, 'title')));
  if (!headline) throw new WireRejection('the NITF document has no headline (hl1 or title)');
  const status = (attr(docdata, 'management-status') ?? 'usable').toLowerCase();
  const version = Number.parseInt(attr(child(docdata, 'du-key'), 'version') ?? '1', 10);
  const urgency = Number.parseInt(attr(child(docdata, 'urgency'), 'ed-urg') ?? '', 10);
  return {
    format: 'nitf',
    formatVersion: /NITF\s+([\d.]+)/.exec(attr(root, 'version') ?? '')?.[1] ?? '3.6',
    guid,
    version: Number.isFinite(version) && version >= 0 ? version : 1,
    pubStatus: STATUS[status] ?? 'usable',
    itemClass: 'text',
    urgency: urgency >= 0 && urgency <= 9 ? urgency : null,
    language: attr(root, 'xml:lang') ?? attr(root, 'lang') ?? null,
    headline: headline.slice(0, 1000),
    dek: parts.dek.slice(0, 5000),
    body: body.blocks,
    credits,
    byline: parts.bylines[0] ?? body.bylines[0] ?? null,
    pictures: parts.pictures.slice(0, 50),
    source,
    subjects: findAll(head, 'tobject.subject').map((s) => attr(s, 'tobject.subject.matter') ?? attr(s, 'tobject.subject.refnum') ?? '').filter(Boolean).slice(0, 100),
    firstCreated: toIso(attr(child(docdata, 'date.issue'), 'norm')),
    versionCreated: toIso(attr(child(docdata, 'date.issue'), 'norm')),
    embargoUntil: toIso(attr(child(docdata, 'date.release'), 'norm')),
    isCorrection: !!child(docdata, 'correction') && attr(child(docdata, 'correction'), 'info') !== undefined,
    link: null,
  };
}
