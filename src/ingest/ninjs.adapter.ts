import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import * as ajv2020 from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';
import { firstWords, wireBody } from './body.js';
import { normaliseOrganization, parseByline, splitCaptionCredit } from './byline.js';
import type { PubStatus, WireCredit, WireItem, WirePicture } from './wire-item.js';
import { cleanText, toIso, WireRejection } from './wire-item.js';
import { SCHEMA_DIR } from './xml.js';

type Json = Record<string, unknown>;
type NinjsMajor = '1' | '2' | '3';

const SCHEMA_FILES: Record<NinjsMajor, string[]> = {
  '1': ['ninjs-schema_1.6.json'],
  '2': ['ninjs-schema_2.2.json'],
  '3': ['ninjs-schema_3.1.json', 'ninjs-schema_3.0.json'],
};

let validators: Record<NinjsMajor, { version: string; validate: ValidateFunction }[]> | undefined;

/** Compiled once per process: ajv for draft 2020-12 with formats, GeoJSON pre-loaded (the schemas $ref it; offline). */
export function ninjsValidators() {
  if (validators) return validators;
  // CommonJS packages seen from ESM: the class and the plugin are the `default` export.
  const Ajv = ajv2020.default.default;
  const ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false });
  ajvFormats.default.default(ajv);
  const load = (file: string) => JSON.parse(readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as Json;
  ajv.addSchema(load('GeoJSON-schema.json'));
  const compiled = {} as Record<NinjsMajor, { version: string; validate: ValidateFunction }[]>;
  for (const [major, files] of Object.entries(SCHEMA_FILES) as [NinjsMajor, string[]][]) {
    compiled[major] = files.map((file) => {
      const schema = load(file);
      delete schema.$id;
      return { version: /_(\d+\.\d+)\.json$/.exec(file)?.[1] ?? major, validate: ajv.compile(schema) };
    });
  }
  validators = compiled;
  return compiled;
}

/** Reads a property whatever its case: ninjs 1.x/2.x write `versioncreated`, 3.x `versionCreated`. */
function get(obj: unknown, key: string): unknown {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const record = obj as Json;
  if (key in record) return record[key];
  const lower = key.toLowerCase();
  const found = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return found ? record[found] : undefined;
}
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v && typeof v === 'object' ? Object.entries(v as Json).map(([name, value]) => ({ name, ...(value as Json) })) : []);
const byRole = (list: unknown, role: string) => arr(list).find((e) => str(get(e, 'role')) === role);

/** Which major version a document is, from its $schema or its shape. */
export function ninjsMajor(doc: Json): NinjsMajor {
  const declared = str(get(doc, '$schema')) ?? '';
  const m = /ninjs-schema_(\d)/.exec(declared) ?? /ninjs\/(\d)\./.exec(declared);
  if (m?.[1] === '1' || m?.[1] === '2' || m?.[1] === '3') return m[1];
  if (!('headlines' in doc) && ('headline' in doc || 'body_html' in doc || 'body_text' in doc)) return '1';
  const camel = Object.keys(doc).some((k) => /^(versionCreated|firstCreated|pubStatus|copyrightHolder|usageTerms|contentCreated|altIds|infoSources)$/.test(k));
  return camel ? '3' : '2';
}

function pictureFrom(node: unknown, fallbackCredit: string | null): WirePicture | null {
  const renditions = arr(get(node, 'renditions'));
  const withHref = renditions.filter((r) => str(get(r, 'href')));
  const best =
    withHref.find((r) => /^(original|baseimage|main|highres)$/i.test(str(get(r, 'name')) ?? '')) ??
    withHref.sort((a, b) => Number(get(b, 'width') ?? 0) - Number(get(a, 'width') ?? 0))[0];
  const href = str(get(best, 'href')) ?? str(get(node, 'uri'));
  const rawCaption = cleanText(str(get(byRole(get(node, 'descriptions'), 'caption'), 'value')) ?? str(get(node, 'description_text')) ?? str(get(node, 'body_text')) ?? '');
  const split = splitCaptionCredit(rawCaption);
  const credit =
    str(get(byRole(get(node, 'descriptions'), 'creditline'), 'value')) ?? str(get(node, 'creditline')) ?? split.credit ?? str(get(node, 'by')) ?? str(get(node, 'byline')) ?? fallbackCredit ?? '';
  if (!href && !rawCaption) return null;
  return {
    href,
    caption: split.caption.slice(0, 5000),
    credit: cleanText(credit).slice(0, 300),
    usageTerms: cleanText(str(get(node, 'usageterms')) ?? '').slice(0, 2000),
    alt: cleanText(str(get(byRole(get(node, 'descriptions'), 'alt'), 'value')) ?? '').slice(0, 1000),
    mimeType: str(get(best, 'contenttype')) ?? str(get(best, 'mimetype')),
  };
}

const STATUS: Record<string, PubStatus> = { usable: 'usable', canceled: 'canceled', cancelled: 'canceled', withheld: 'withheld' };
const CLASSES: Record<string, WireItem['itemClass']> = { text: 'text', picture: 'picture', video: 'video', audio: 'audio', graphic: 'graphic', composite: 'package', component: 'other' };

/** A metadata-only item (a video announced before its script) still reaches the desk, under a name that says so. */
export const untitled = (itemClass: string, source: string | null, guid: string): string => `Untitled ${itemClass}${source ? ` from ${source}` : ''} (${guid.slice(-60)})`;

/** ninjs 1.x, 2.x and 3.x → WireItem, after validating against the IPTC schema of that major version. */
export function parseNinjs(text: string): WireItem[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new WireRejection(`malformed JSON: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300));
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new WireRejection('a ninjs document must be a JSON object');
  const item = doc as Json;
  const major = ninjsMajor(item);
  const candidates = ninjsValidators()[major];
  const passed = candidates.find((c) => c.validate(item));
  if (!passed) {
    const errors = candidates[0]?.validate.errors ?? [];
    const detail = errors.slice(0, 3).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`.trim()).join('; ');
    throw new WireRejection(`not valid ninjs ${major}.x: ${detail}`.slice(0, 500));
  }
  const uri = str(get(item, 'uri'));
  if (!uri) throw new WireRejection('the ninjs item has no uri');
  const type = str(get(item, 'type')) ?? 'text';
  const source =
    normaliseOrganization(str(get(item, 'copyrightholder'))) ??
    normaliseOrganization(str(get(arr(get(item, 'infosources'))[0], 'name'))) ??
    normaliseOrganization(str(get(item, 'provider')));
  const bodies = arr(get(item, 'bodies'));
  const htmlBody = bodies.find((b) => /html/i.test(str(get(b, 'contenttype')) ?? '') || str(get(b, 'role')) === 'xhtml');
  const textBody = bodies.find((b) => b !== htmlBody);
  const descriptionText = type === 'text' ? str(get(byRole(get(item, 'descriptions'), 'text'), 'value')) : null;
  const hasBody = Boolean(htmlBody ?? textBody ?? get(item, 'body_html') ?? get(item, 'body_text'));
  const body = wireBody({
    html: str(get(htmlBody, 'value')) ?? str(get(item, 'body_html')),
    // Some agencies (NTB) send a short text story as its description only.
    text: str(get(textBody, 'value')) ?? str(get(item, 'body_text')) ?? (hasBody ? null : descriptionText),
  });
  const by = str(get(item, 'by')) ?? str(get(item, 'byline'));
  const credits: WireCredit[] = [];
  const photoRole = type === 'picture' ? 'photographer' : 'reporter';
  credits.push(...parseByline(by, source, photoRole));
  for (const b of body.bylines) if (credits.length === 0) credits.push(...parseByline(b, source));
  if (!by) {
    for (const person of arr(get(item, 'people'))) {
      const rel = `${str(get(person, 'rel')) ?? ''} ${str(get(person, 'role')) ?? ''}`;
      const name = str(get(person, 'name'));
      if (name && /author|creator|by|writer|photographer/i.test(rel)) credits.push({ name, role: /photo/i.test(rel) ? 'photographer' : 'reporter', organization: source, email: null });
    }
  }
  const pictures: WirePicture[] = [];
  if (type === 'picture' || type === 'graphic') {
    const self = pictureFrom(item, source?.toUpperCase() ?? null);
    if (self) pictures.push(self);
  }
  for (const association of arr(get(item, 'associations'))) {
    if (/picture|graphic/.test(str(get(association, 'type')) ?? '')) {
      const picture = pictureFrom(association, source?.toUpperCase() ?? null);
      if (picture) pictures.push(picture);
    }
  }
  const dek = cleanText(
    str(get(byRole(get(item, 'headlines'), 'sub'), 'value')) ??
      str(get(byRole(get(item, 'descriptions'), 'summary'), 'value')) ??
      str(get(item, 'description_text')) ??
      (hasBody ? descriptionText : null) ??
      '',
  );
  const headline = cleanText(
    str(get(byRole(get(item, 'headlines'), 'main'), 'value')) ??
      str(get(arr(get(item, 'headlines'))[0], 'value')) ??
      str(get(item, 'headline')) ??
      str(get(item, 'slugline')) ??
      (pictures[0]?.caption ? firstWords([{ type: 'paragraph', content: [{ text: pictures[0].caption }] }], 120) : null) ??
      firstWords(body.blocks, 120),
  ) || untitled(type, source, uri);
  const urgency = Number(get(item, 'urgency'));
  const version = Number.parseInt(str(get(item, 'version')) ?? '1', 10);
  const subjects = arr(get(item, 'subjects') ?? get(item, 'subject'))
    .map((s) => str(get(s, 'name')) ?? str(get(s, 'code')))
    .filter((s): s is string => !!s);
  const signals = JSON.stringify(get(item, 'signals') ?? get(item, 'ednote') ?? '');
  return [
    {
      format: 'ninjs',
      formatVersion: passed.version,
      guid: uri,
      version: Number.isFinite(version) && version >= 0 ? version : 1,
      pubStatus: STATUS[(str(get(item, 'pubstatus')) ?? 'usable').toLowerCase()] ?? 'usable',
      itemClass: CLASSES[type] ?? 'other',
      urgency: Number.isInteger(urgency) && urgency >= 0 && urgency <= 9 ? urgency : null,
      language: str(get(item, 'language')),
      headline: headline.slice(0, 1000),
      dek: dek.slice(0, 5000),
      body: body.blocks,
      credits: credits.slice(0, 30),
      byline: by ?? body.bylines[0] ?? null,
      pictures: pictures.slice(0, 50),
      source,
      subjects: subjects.slice(0, 100),
      firstCreated: toIso(str(get(item, 'firstcreated')) ?? str(get(item, 'contentcreated'))),
      versionCreated: toIso(str(get(item, 'versioncreated'))),
      embargoUntil: toIso(str(get(item, 'embargoed'))),
      isCorrection: /correct/i.test(signals),
      link: /^https?:\/\//.test(uri) ? uri : null,
    },
  ];
}
