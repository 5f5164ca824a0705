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

/**
 * Checks well-formedness, and validity against the XSD when one is named, with libxml2 compiled to WebAssembly
 * (npm xmllint-wasm): no native binary, no network (`--nonet`), nothing read but the files given to it.
 */
export async function validateXmlDocument(text: string, xsd: XsdName): Promise<void> {
  const xml = { fileName: 'item.xml', contents: asUtf8Xml(text) };
  const schema =
    xsd === 'newsml-g2' ? [schemaFile('NewsML-G2_2.35-spec-All-Power.xsd')] : xsd === 'nitf' ? [schemaFile('nitf-3-6.xsd')] : [];
  const preload = xsd === 'newsml-g2' ? [schemaFile('xml.xsd')] : xsd === 'nitf' ? [schemaFile('xml.xsd'), schemaFile('nitf-3-6-ruby-include.xsd')] : [];
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      validateXML({ xml, ...(schema.length ? { schema } : { normalization: undefined as never }), preload, modifyArguments: (args) => ['--nonet', ...args], maxMemoryPages: 4096 } as Parameters<typeof validateXML>[0]),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new WireRejection('the XML validator did not finish in time')), VALIDATION_TIMEOUT_MS);
      }),
    ]);
    if (!result.valid) {
      if (!schema.length || result.errors.some((e) => /parser error/i.test(e.message))) {
        const first = result.errors.find((e) => /error/i.test(e.message));
        throw new WireRejection(`malformed XML: ${first ? `line ${first.loc?.lineNumber ?? '?'}: ${first.message}` : 'not well-formed'}`.slice(0, 400));
      }
      const first = result.errors.slice(0, 3).map((e) => e.message).join('; ');
      throw new WireRejection(`not valid against the ${xsd === 'nitf' ? 'NITF 3.6' : 'NewsML-G2 2.35'} schema: ${first || 'invalid'}`);
    }
  } catch (error) {
    if (error instanceof WireRejection) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const line = message.split('\n').find((l) => /error/i.test(l)) ?? message.split('\n')[0] ?? '';
    throw new WireRejection(`malformed XML: ${line.replace(/^item\.xml:/, 'line ').slice(0, 300)}`);
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
