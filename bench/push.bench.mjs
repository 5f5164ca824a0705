// Web Push breaking alerts, end to end against a real server (built dist/, in this process, SQLite in a temporary
// DATA_DIR or DATABASE_URL) and a local HTTPS push service (self-signed certificate trusted through PUSH_CA_FILE):
// N browsers subscribed → POST …/publish {"alert": true} → every push service request answered.
//   npm run build && node bench/push.bench.mjs [--browsers 1000]
//   node bench/with-postgres.mjs bench/push.bench.mjs
// Results go to stdout as Markdown for BENCHMARKS.md. Not part of `npm test`.
import { Buffer } from 'node:buffer';
import { createECDH, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import selfsigned from 'selfsigned';
import { loadConfig } from '../dist/config/config.js';
import { createLogger } from '../dist/lib/logger.js';
import { startServer } from '../dist/serve.js';

const { values } = parseArgs({ options: { browsers: { type: 'string', default: '1000' } } });
const N = Number(values.browsers);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinmun-push-bench-'));

const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], { keyType: 'ec', algorithm: 'sha256', extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }] });
const caFile = path.join(dataDir, 'push-ca.pem');
fs.writeFileSync(caFile, pems.cert);
let received = 0;
let firstAt = 0;
let lastAt = 0;
const pushService = https.createServer({ key: pems.private, cert: pems.cert }, (request, response) => {
  request.resume();
  request.on('end', () => {
    received++;
    lastAt = performance.now();
    firstAt ||= lastAt;
    response.writeHead(201).end();
  });
});
await new Promise((resolve) => pushService.listen(0, '127.0.0.1', resolve));
const pushOrigin = `https://127.0.0.1:${pushService.address().port}`;

const vapid = createECDH('prime256v1');
vapid.generateKeys();
const priv = vapid.getPrivateKey();
const config = loadConfig({
  ...process.env,
  PORT: '0',
  HOST: '127.0.0.1',
  DEMO: '0',
  WEATHER_API_URL: '',
  LOG_LEVEL: 'silent',
  DATA_DIR: dataDir,
  VAPID_PUBLIC_KEY: vapid.getPublicKey().toString('base64url'),
  VAPID_PRIVATE_KEY: Buffer.concat([Buffer.alloc(32 - priv.length), priv]).toString('base64url'),
  VAPID_SUBJECT: 'mailto:bench@sinmun.example',
  PUSH_CA_FILE: caFile,
  PUSH_ENDPOINT_HOSTS: '127.0.0.1',
});
const server = await startServer(config, { logger: createLogger('silent'), contentApiRateLimit: 1_000_000 });
const base = server.url;
await server.services.taxonomy.createSection({ slug: 'world', nameKo: '국제', nameEn: 'World' });
const editor = await server.services.accounts.createAccount({ email: 'bench@example.com', name: 'Bench', role: 'editor', password: 'correct horse battery staple' });
const { token } = await server.services.accounts.createToken(editor.id, 'bench');
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

// Subscriptions straight through the service (the HTTP route is rate-limited per address, as it should be).
const started = performance.now();
for (let i = 0; i < N; i++) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  await server.services.push.subscribe({ endpoint: `${pushOrigin}/push/${i}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') }, language: 'en' });
}
const subscribeMs = performance.now() - started;

const story = await (await fetch(`${base}/api/admin/articles`, { method: 'POST', headers, body: JSON.stringify({ language: 'en', headline: 'Bench alert', section: 'world' }) })).json();
const publishAt = performance.now();
const published = await fetch(`${base}/api/admin/articles/${story.id}/publish`, { method: 'POST', headers, body: JSON.stringify({ alert: true }) });
if (published.status !== 200) throw new Error(`publish: ${published.status}`);
const publishMs = performance.now() - publishAt;
const deadline = Date.now() + 600_000;
while (received < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
const status = await server.services.push.status();

const db = config.databaseUrl ? 'PostgreSQL' : 'SQLite';
console.log(`| Web Push (${db}, ${N} browsers) | value |`);
console.log('|---|---|');
console.log(`| publish with alert: HTTP answer | ${publishMs.toFixed(0)} ms |`);
console.log(`| publish → first push request | ${(firstAt - publishAt).toFixed(0)} ms |`);
console.log(`| publish → last push request | ${(lastAt - publishAt).toFixed(0)} ms |`);
console.log(`| alerts delivered per second | ${((received / (lastAt - publishAt)) * 1000).toFixed(0)} |`);
console.log(`| delivered / sent per the newsroom | ${received} / ${status.recentAlerts[0]?.sent ?? 0} |`);
console.log(`| storing ${N} subscriptions (service calls) | ${subscribeMs.toFixed(0)} ms |`);
await server.close();
await new Promise((resolve) => pushService.close(resolve));
fs.rmSync(dataDir, { recursive: true, force: true });
