// Wire ingest throughput and drop-to-queue latency, end to end against a real server (built dist/, in this
// process, SQLite in a temporary DATA_DIR or DATABASE_URL): file in a drop folder, or pushed over HTTP → row
// committed → listed by GET /api/admin/wire/items.
//   npm run build && node bench/wire.bench.mjs [--ninjs 2000] [--xml 100] [--latency 20] [--formats ninjs,rss]
//   node bench/with-postgres.mjs bench/wire.bench.mjs
// Results go to stdout as Markdown for BENCHMARKS.md. Not part of `npm test`.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadConfig } from '../dist/config/config.js';
import { parseWireDocument } from '../dist/ingest/ingest.js';
import { createLogger } from '../dist/lib/logger.js';
import { startServer } from '../dist/serve.js';

const { values } = parseArgs({ options: { ninjs: { type: 'string', default: '2000' }, xml: { type: 'string', default: '100' }, latency: { type: 'string', default: '20' }, formats: { type: 'string', default: 'ninjs,newsml-g2,nitf,rss,atom' } } });
const FORMATS = values.formats.split(',');
const N_NINJS = Number(values.ninjs);
const N_XML = Number(values.xml);
const N_LATENCY = Number(values.latency);
const FIX = path.resolve('tests/fixtures/wire');
const IPTC = path.resolve('../shared/fixtures/wire/iptc');
const read = (file) => fs.readFileSync(file, 'utf8');

/** n distinct documents of a format (a fresh GUID each), and how many items each holds. */
const generators = {
  ninjs: { perDoc: 1, type: 'application/json', make: (i) => read(path.join(FIX, 'yonhap-photo-story.json')).replace('AEN20251031000300315', `BENCH${i}`).replace('"associations"', '"x-unused"').replace(/,\s*"x-unused"[\s\S]*\]\s*\}\s*$/, '\n}') },
  'newsml-g2': { perDoc: 1, type: 'application/vnd.iptc.g2.newsitem+xml', make: (i) => read(path.join(IPTC, 'newsml-g2/examples/LISTING_2_NewsML-G2_Text_Document.xml')).replace('US-FINANCE-FED"', `US-FINANCE-FED-${i}"`) },
  nitf: { perDoc: 1, type: 'application/xml', make: (i) => read(path.join(FIX, 'nitf-story.xml')).replace('urn:newsis:2025:subway-fares', `urn:newsis:bench:${i}`) },
  rss: { perDoc: 2, type: 'application/rss+xml', make: (i) => read(path.join(FIX, 'partner-rss.xml')).replace('partner-2025-11-night-market', `bench-${i}-a`).replace('https://partner.example/2025/11/library</link>', `https://partner.example/2025/11/library-${i}</link>`) },
  atom: { perDoc: 2, type: 'application/atom+xml', make: (i) => read(path.join(FIX, 'partner-atom.xml')).replace('urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a', `urn:bench:${i}:a`).replace('tag:atom.example,2025:seollal', `tag:bench:${i}:b`) },
};
// The ninjs generator drops the picture association (no rendition beside a pushed document).
for (const [format, g] of Object.entries(generators)) {
  const probe = await parseWireDocument(Buffer.from(g.make(0)), { format });
  if (!probe.ok) throw new Error(`${format} generator makes an invalid document: ${probe.reason}`);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinmun-wire-bench-'));
const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', DEMO: '0', WEATHER_API_URL: '', LOG_LEVEL: 'silent', DATA_DIR: dataDir });
const server = await startServer(config, { logger: createLogger('silent'), contentApiRateLimit: 1_000_000 });
const base = server.url;
const editor = await server.services.accounts.createAccount({ email: 'bench@example.com', name: 'Bench', role: 'editor', password: 'correct horse battery staple' });
const { token } = await server.services.accounts.createToken(editor.id, 'bench');
const auth = { authorization: `Bearer ${token}` };
const total = async (source) => (await (await fetch(`${base}/api/admin/wire/items?source=${source}&pageSize=1`, { headers: auth })).json()).total;
const createSource = async (body) => {
  const response = await fetch(`${base}/api/admin/wire/sources`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`source: ${response.status} ${await response.text()}`);
  return response.json();
};
// Throughput runs look every 50 ms (a count over thousands of rows every 5 ms competed with the ingest it measures,
// on the same database connection); latency runs every 5 ms.
async function until(probe, everyMs = 5, ms = 600_000) {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (n) => Math.round(n).toLocaleString('en-US');

const rows = [];
for (const [format, g] of Object.entries(generators).filter(([f]) => FORMATS.includes(f))) {
  const n = format === 'ninjs' ? N_NINJS : N_XML;
  const docs = Array.from({ length: n }, (_, i) => g.make(i + 1));

  // Parse and validate only, in process.
  let started = performance.now();
  for (const doc of docs.slice(0, Math.min(n, format === 'ninjs' ? n : 50))) await parseWireDocument(Buffer.from(doc), { format });
  const parseRate = (Math.min(n, format === 'ninjs' ? n : 50) * g.perDoc) / ((performance.now() - started) / 1000);

  // Pushed over HTTP, 8 at a time → all listed.
  const pushed = await createSource({ name: `push-${format}`, format });
  const pushCpuBefore = process.cpuUsage();
  started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < docs.length) {
        const doc = docs[next++];
        const response = await fetch(`${base}/api/admin/wire/push-${format}`, { method: 'POST', headers: { authorization: `Bearer ${pushed.pushToken}`, 'content-type': g.type }, body: doc });
        if (response.status !== 202) throw new Error(`push ${format}: ${response.status} ${await response.text()}`);
      }
    }),
  );
  await until(async () => (await total(`push-${format}`)) === n * g.perDoc, 50);
  const pushRate = (n * g.perDoc) / ((performance.now() - started) / 1000);
  const pushCpu = process.cpuUsage(pushCpuBefore);
  const pushCpuRate = (n * g.perDoc) / ((pushCpu.user + pushCpu.system) / 1e6);

  // Dropped into a folder all at once → all listed. CPU time too: on this shared machine the wall clock mostly
  // measures the other sessions' load, while items per CPU-second of this process (server, watcher and the bench's
  // own file writes and polling) say what one free core does.
  const folder = path.join(dataDir, 'drop', format);
  await createSource({ name: `drop-${format}`, format, folder });
  const cpuBefore = process.cpuUsage();
  started = performance.now();
  docs.forEach((doc, i) => fs.writeFileSync(path.join(folder, `doc-${i}.${format === 'ninjs' ? 'json' : 'xml'}`), doc.replace(/BENCH|US-FINANCE-FED-|bench:|bench-|library-/, (m) => `${m}D`)));
  await until(async () => (await total(`drop-${format}`)) === n * g.perDoc, 50);
  const dropRate = (n * g.perDoc) / ((performance.now() - started) / 1000);
  const cpu = process.cpuUsage(cpuBefore);
  const dropCpuRate = (n * g.perDoc) / ((cpu.user + cpu.system) / 1e6);
  rows.push(`| ${format} | ${fmt(parseRate)} | ${fmt(pushRate)} | ${fmt(pushCpuRate)} | ${fmt(dropRate)} | ${fmt(dropCpuRate)} | ${n} docs × ${g.perDoc} |`);
  process.stderr.write(`${rows.at(-1)}\n`);
}

// Drop-to-queue latency: one file at a time, from the write to the row listed by the API.
const latencyFolder = path.join(dataDir, 'drop', 'latency');
await createSource({ name: 'latency', format: 'ninjs', folder: latencyFolder });
const dropLatencies = [];
const pushLatencies = [];
const latencySource = await createSource({ name: 'latency-push', format: 'ninjs' });
for (let i = 0; i < N_LATENCY; i++) {
  const doc = generators.ninjs.make(900_000 + i);
  let started = performance.now();
  fs.writeFileSync(path.join(latencyFolder, `one-${i}.json`), doc);
  await until(async () => (await total('latency')) === i + 1);
  dropLatencies.push(performance.now() - started);
  started = performance.now();
  await fetch(`${base}/api/admin/wire/latency-push`, { method: 'POST', headers: { authorization: `Bearer ${latencySource.pushToken}`, 'content-type': 'application/json' }, body: doc });
  await until(async () => (await total('latency-push')) === i + 1);
  pushLatencies.push(performance.now() - started);
  await new Promise((r) => setTimeout(r, 50));
}
dropLatencies.sort((a, b) => a - b);
pushLatencies.sort((a, b) => a - b);
await server.close();
fs.rmSync(dataDir, { recursive: true, force: true });

console.log(`Database: ${config.databaseUrl ? 'PostgreSQL' : 'SQLite'}, WIRE_SCAN_MS=${config.wire.scanMs}, Node ${process.version}, ${os.cpus().length} cores\n`);
console.log(`Load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
console.log('| Format | parse + validate items/s | pushed → listed items/s | pushed: items per CPU-second | dropped → listed items/s | dropped: items per CPU-second | run |');
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log(`\n| Latency (ms, ${N_LATENCY} single ninjs items) | p50 | p95 | max |`);
console.log('|---|---|---|---|');
console.log(`| file in drop folder → listed by GET /api/admin/wire/items | ${fmt(percentile(dropLatencies, 50))} | ${fmt(percentile(dropLatencies, 95))} | ${fmt(dropLatencies.at(-1))} |`);
console.log(`| pushed → listed | ${fmt(percentile(pushLatencies, 50))} | ${fmt(percentile(pushLatencies, 95))} | ${fmt(pushLatencies.at(-1))} |`);
