import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Document, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { validateXML } from 'xmllint-wasm';
import { WireRejection } from './wire-item.js';

/** The shipped schemas (schemas/wire/ at the repository root; the same relative place from src/ and dist/). */
export const SCHEMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schemas/wire');

/**
 * Refuses what makes XML dangerous before any parser sees it: a DTD internal subset (where entity-expansion bombs
 * and external entities are declared) and entity declarations anywhere. Wire formats never need either; a DOCTYPE
 * naming an external DTD (old NITF files do) is allowed and never loaded.
 */
export function assertSafeXml(text: string): void {
  if (/<!ENTITY/i.test(text)) throw new WireRejection('hostile XML: entity declarations are not accepted (entity expansion / external entities)');
  const doctype = /<!DOCTYPE[^>[]*\[/i.exec(text);
  if (doctype) throw new WireRejection('hostile XML: a DOCTYPE with an internal subset is not accepted');
}

/** Rewrites the prolog's encoding to UTF-8 once the text is decoded (the validator reads UTF-8 only). */
export const asUtf8Xml = (text: string): string => text.replace(/^(\s*<\?xml[^>]*\bencoding\s*=\s*["'])[\w.:-]+(["'])/, '$1UTF-8$2');

const schemaFiles = new Map<string, { fileName: string; contents: string }>();
function schemaFile(name: string) {
  let file = schemaFiles.get(name);
  if (!file) {
    file = { fileName: name, contents: readFileSync(path.join(SCHEMA_DIR, name), 'utf8') };
    schemaFiles.set(name, file);
  }
  return file;
}

export type XsdName = 'newsml-g2' | 'nitf' | null;

const VALIDATION_TIMEOUT_MS = 20_000;
const BATCH_MAX_DOCUMENTS = 50;
const BATCH_MAX_BYTES = 8 * 1024 * 1024;

interface PendingValidation {
  fileName: string;
  contents: string;
  resolve: (errors: string[]) => void;
  reject: (error: unknown) => void;
}

const queues = new Map<XsdName, PendingValidation[]>();
const running = new Set<XsdName>();
let sequence = 0;

/**
 * Checks well-formedness, and validity against the XSD when one is named, with libxml2 compiled to WebAssembly
 * (npm xmllint-wasm): no native binary, no network (`--nonet`), nothing read but the files given to it. Each run
 * starts a worker and compiles the schema (~0.2 s for NewsML-G2), so documents that arrive while one run is busy
 * are validated together in the next (xmllint reports each file on its own lines).
 */
export async function validateXmlDocument(text: string, xsd: XsdName): Promise<void> {
  const errors = await new Promise<string[]>((resolve, reject) => {
    const queue = queues.get(xsd) ?? [];
    queues.set(xsd, queue);
    queue.push({ fileName: `doc-${++sequence}.xml`, contents: asUtf8Xml(text), resolve, reject });
    if (!running.has(xsd)) setImmediate(() => void runBatch(xsd));
  });
  if (errors.length === 0) return;
  const schemaName = xsd === 'nitf' ? 'NITF 3.6' : 'NewsML-G2 2.35';
  const parserError = errors.find((e) => /parser error|not well-formed|premature end/i.test(e));
  if (!xsd || parserError) throw new WireRejection(`malformed XML: ${parserError ?? errors[0] ?? 'not well-formed'}`.slice(0, 400));
  throw new WireRejection(`not valid against the ${schemaName} schema: ${errors.filter((e) => !/fails to validate/.test(e)).slice(0, 3).join('; ') || 'invalid'}`.slice(0, 600));
}

async function runBatch(xsd: XsdName): Promise<void> {
  const queue = queues.get(xsd) ?? [];
  if (running.has(xsd) || queue.length === 0) return;
  running.add(xsd);
  const batch: PendingValidation[] = [];
  let size = 0;
  while (queue.length && batch.length < BATCH_MAX_DOCUMENTS && (batch.length === 0 || size + (queue[0]?.contents.length ?? 0) <= BATCH_MAX_BYTES)) {
    const next = queue.shift() as PendingValidation;
    size += next.contents.length;
    batch.push(next);
  }
  const settle = (doc: PendingValidation, output: string[]) => {
    const lines = output.filter((line) => line.startsWith(`${doc.fileName}:`) || line.startsWith(`${doc.fileName} `));
    const failed = lines.filter((line) => !line.endsWith(' validates')).map((line) => line.replace(`${doc.fileName}:`, 'line ').replace(`${doc.fileName} `, '').trim());
    // With a schema every file is reported ("validates" or errors); silence means the run never reached it.
    if (xsd && lines.length === 0) failed.push('the validator did not report on this document');
    doc.resolve(failed);
  };
  try {
    const output = await runXmllint(batch, xsd);
    for (const doc of batch) settle(doc, output);
  } catch (error) {
    // A run that failed as a whole (a crash, a timeout): each document again on its own, so one bad file cannot
    // take the others down with it.
    if (batch.length === 1) batch[0]?.reject(error);
    else
      for (const doc of batch) {
        try {
          settle(doc, await runXmllint([doc], xsd));
        } catch (single) {
          doc.reject(single);
        }
      }
  } finally {
    running.delete(xsd);
    if (queue.length) setImmediate(() => void runBatch(xsd));
  }
}

async function runXmllint(batch: PendingValidation[], xsd: XsdName): Promise<string[]> {
  const schema = xsd === 'newsml-g2' ? [schemaFile('NewsML-G2_2.35-spec-All-Power.xsd')] : xsd === 'nitf' ? [schemaFile('nitf-3-6.xsd')] : [];
  const preload = xsd === 'newsml-g2' ? [schemaFile('xml.xsd')] : xsd === 'nitf' ? [schemaFile('xml.xsd'), schemaFile('nitf-3-6-ruby-include.xsd')] : [];
  let timer: NodeJS.Timeout | undefined;
  try {
    const xml = batch.map((doc) => ({ fileName: doc.fileName, contents: doc.contents }));
    const run = validateXML({ xml, ...(schema.length ? { schema } : {}), preload, modifyArguments: (args) => ['--nonet', ...args], maxMemoryPages: 8192 } as Parameters<typeof validateXML>[0]).then(
      (result) => result.rawOutput,
      // xmllint exits 1 when a file is not well-formed; the per-file lines are in the message all the same. Any
      // other failure (out of memory, a crash) fails the run.
      (error: unknown) => {
        if ((error as { code?: unknown }).code === 1 && error instanceof Error) return error.message;
        throw error;
      },
    );
    const raw = await Promise.race([
      run,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new WireRejection('the XML validator did not finish in time')), VALIDATION_TIMEOUT_MS);
      }),
    ]);
    return raw.split('\n').filter((line) => /^doc-\d+\.xml[: ]/.test(line));
  } finally {
    clearTimeout(timer);
  }
}

// ## A small DOM for reading (htmlparser2 in XML mode: it expands only the five predefined entities and character
// references, so nothing declared in a document can grow it).

export type XmlElement = Element;

export function parseXml(text: string): Document {
  return parseDocument(text, { xmlMode: true, decodeEntities: true });
}

export const localName = (el: Element): string => {
  const i = el.name.indexOf(':');
  return i === -1 ? el.name : el.name.slice(i + 1);
};

export function childElements(node: { children: unknown[] }, name?: string): Element[] {
  return (node.children as Element[]).filter((c) => c.type === 'tag' && (name === undefined || localName(c) === name));
}

export function child(node: { children: unknown[] } | undefined, name: string): Element | undefined {
  return node ? childElements(node, name)[0] : undefined;
}

/** First descendant with that local name (depth first). */
export function find(node: { children: unknown[] } | undefined, name: string): Element | undefined {
  if (!node) return undefined;
  for (const c of childElements(node)) {
    if (localName(c) === name) return c;
    const deeper = find(c, name);
    if (deeper) return deeper;
  }
  return undefined;
}

export function findAll(node: { children: unknown[] } | undefined, name: string, out: Element[] = []): Element[] {
  if (!node) return out;
  for (const c of childElements(node)) {
    if (localName(c) === name) out.push(c);
    findAll(c, name, out);
  }
  return out;
}

export function textOf(node: unknown): string {
  if (!node) return '';
  const n = node as { type: string; data?: string; children?: unknown[] };
  if (n.type === 'text' || n.type === 'cdata') return n.type === 'text' ? (n.data ?? '') : (n.children ?? []).map(textOf).join('');
  return (n.children ?? []).map(textOf).join('');
}

export const attr = (el: Element | undefined, name: string): string | undefined => {
  if (!el) return undefined;
  if (el.attribs[name] !== undefined) return el.attribs[name];
  const key = Object.keys(el.attribs).find((k) => k.endsWith(`:${name}`));
  return key ? el.attribs[key] : undefined;
};

/** The element's children serialised back to (X)HTML with prefixes dropped, for the body sanitiser. */
export function innerXml(el: Element | undefined): string {
  if (!el) return '';
  return (el.children as unknown[]).map(serialise).join('');
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
function serialise(node: unknown): string {
  const n = node as { type: string; data?: string; children?: unknown[] };
  if (n.type === 'text') return escapeText(n.data ?? '');
  if (n.type === 'cdata') return escapeText((n.children ?? []).map(textOf).join(''));
  if (n.type !== 'tag') return '';
  const el = node as Element;
  const name = localName(el);
  const attrs = Object.entries(el.attribs)
    .filter(([k]) => !k.startsWith('xmlns'))
    .map(([k, v]) => ` ${k.includes(':') ? k.slice(k.indexOf(':') + 1) : k}="${escapeText(v).replace(/"/g, '&quot;')}"`)
    .join('');
  return `<${name}${attrs}>${(el.children as unknown[]).map(serialise).join('')}</${name}>`;
}
