// Throughput and latency of the reader pages and the Content API, measured with autocannon against a real
// `sinmun serve` (built dist/, demo content, SQLite or DATABASE_URL) in its own process.
//   npm run build && node bench/http.bench.mjs [--duration 10] [--connections 50]
// Results go to stdout as a Markdown table for BENCHMARKS.md. Not part of `npm test`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '50' } } });
const duration = Number(values.duration);
const connections = Number(values.connections);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinmun-bench-'));
const port = 3900 + Math.floor(Math.random() * 90);

const server = spawn(process.execPath, ['dist/cli.js', 'serve'], {
  env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DEMO: '1', WEATHER_API_URL: '', LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'ignore', 'pipe'],
});
server.stderr.resume();
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 100; i++) {
  try {
    if ((await fetch(`${base}/healthz`)).ok) break;
  } catch {
    // not up yet
  }
  await new Promise((r) => setTimeout(r, 100));
}

const articles = await (await fetch(`${base}/api/content/articles?lang=en&pageSize=1`)).json();
const seed = articles.articles[0];
const targets = [
  ['Article page (seed, EN)', new URL(seed.url).pathname],
  ['Front page /en', '/en'],
  ['Content API article', `/api/content/articles/${seed.id}`],
  ['Content API list', '/api/content/articles?lang=en'],
  ['Article page, 304 revalidation', new URL(seed.url).pathname, { 'if-none-match': (await fetch(`${base}${new URL(seed.url).pathname}`)).headers.get('etag') }],
];

const rows = [];
for (const [name, urlPath, headers] of targets) {
  const result = await autocannon({ url: `${base}${urlPath}`, connections, duration, headers: headers ?? {} });
  rows.push(`| ${name} | ${Math.round(result.requests.average)} | ${result.latency.p50} | ${result.latency.p97_5} | ${result.latency.p99} | ${result.non2xx} |`);
}
server.kill('SIGTERM');
fs.rmSync(dataDir, { recursive: true, force: true });

console.log(`Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? ''}), ${connections} connections, ${duration} s each, server and load generator on the same machine.`);
console.log('| Target | req/s | p50 ms | p97.5 ms | p99 ms | non-2xx |');
console.log('|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
