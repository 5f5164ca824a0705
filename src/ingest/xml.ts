import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Document, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
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
 * compiles the schema (libxml2 has no way to keep it between runs), so documents that arrive while one run is busy
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
  const xml = batch.map((doc) => ({ fileName: doc.fileName, contents: doc.contents }));
  // The arguments xmllint-wasm's validateXML() would give, with --nonet first: nothing is ever fetched.
  const args = ['--nonet', ...schema.flatMap((file) => ['--schema', file.fileName]), '--noout', ...xml.map((file) => file.fileName)];
  const { exitCode, stderr } = await validatorFor(xsd).run({ inputFiles: [...xml, ...schema, ...preload], args, initialMemory: 256, maxMemory: 8192 });
  // 0: valid; 3/4: not valid; 1: not well-formed (the per-file lines are in stderr all the same). Anything else (out
  // of memory, an abort) fails the run.
  if (![0, 1, 3, 4].includes(exitCode)) throw new Error(`the XML validator failed (exit ${exitCode}): ${stderr.slice(0, 300)}`);
  return stderr.split('\n').filter((line) => /^doc-\d+\.xml[: ]/.test(line));
}

/**
 * libxml2 (xmllint-wasm's build) in a worker that stays alive: the WebAssembly module is compiled once per worker and
 * kept (with the optimised code V8 tiers up to), instead of a new worker and a fresh compile for every run, which is
 * what xmllint-wasm's validateXML() does. Each run still gets a fresh instance and memory, so no state is shared
 * between runs. A run that does not finish in time, or a worker that dies, costs only that worker: it is replaced.
 */
class PersistentValidator {
  private worker: Worker | null = null;
  private sequence = 0;
  private readonly pending = new Map<number, { resolve: (value: { exitCode: number; stderr: string }) => void; reject: (error: unknown) => void }>();

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modulePath: XMLLINT_MODULE, wasmPath: XMLLINT_WASM } });
    worker.on('message', (message: { sinmunXsd?: boolean; id: number; exitCode: number; stderr: string }) => {
      if (message?.sinmunXsd !== true) return;
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      waiting?.resolve({ exitCode: message.exitCode, stderr: message.stderr });
    });
    const fail = (error: unknown) => {
      if (this.worker === worker) this.worker = null;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the XML validator worker exited (${code})`)));
    // After the listeners: adding a 'message' listener refs the worker's port again. An idle validator must never
    // keep the process alive.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  async run(input: { inputFiles: { fileName: string; contents: string }[]; args: string[]; initialMemory: number; maxMemory: number }): Promise<{ exitCode: number; stderr: string }> {
    const worker = this.start();
    const id = ++this.sequence;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        timer = setTimeout(() => {
          this.pending.delete(id);
          reject(new WireRejection('the XML validator did not finish in time'));
          // A run stuck in a loop cannot be interrupted from outside: the worker goes, the next run gets a new one.
          if (this.worker === worker) this.worker = null;
          void worker.terminate();
        }, VALIDATION_TIMEOUT_MS);
        worker.postMessage({ sinmunXsd: true, id, ...input });
      });
    } finally {
      clearTimeout(timer);
    }
  }
}

const require = createRequire(import.meta.url);
const XMLLINT_MODULE = require.resolve('xmllint-wasm/xmllint-node.js');
const XMLLINT_WASM = path.join(path.dirname(XMLLINT_MODULE), 'xmllint.wasm');

/** The worker's code (CommonJS, evaluated): xmllint-wasm's Emscripten module, fed our precompiled WebAssembly. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const Module = require(workerData.modulePath);
const compiled = new WebAssembly.Module(fs.readFileSync(workerData.wasmPath));
parentPort.on('message', (message) => {
  if (!message || message.sinmunXsd !== true) return;
  let stderr = '';
  let done = false;
  const finish = (exitCode) => {
    if (done) return;
    done = true;
    parentPort.postMessage({ sinmunXsd: true, id: message.id, exitCode, stderr });
  };
  Promise.resolve()
    .then(() => Module({
      inputFiles: message.inputFiles,
      arguments: message.args,
      print() {},
      printErr(text) { stderr += text + '\\n'; },
      onExit: finish,
      onAbort(reason) { stderr += 'WASM Abort: ' + reason; finish(-1); },
      wasmMemory: new WebAssembly.Memory({ initial: message.initialMemory, maximum: message.maxMemory }),
      instantiateWasm(imports, receive) {
        WebAssembly.instantiate(compiled, imports).then((instance) => receive(instance, compiled), (error) => { stderr += String(error); finish(-1); });
        return {};
      },
    }))
    .catch((error) => { if (error && error.name !== 'ExitStatus') { stderr += String(error); finish(-1); } });
});
`;

const validators = new Map<XsdName, PersistentValidator>();
function validatorFor(xsd: XsdName): PersistentValidator {
  let validator = validators.get(xsd);
  if (!validator) {
    validator = new PersistentValidator();
    validators.set(xsd, validator);
  }
  return validator;
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
