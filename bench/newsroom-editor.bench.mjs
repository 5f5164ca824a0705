// The newsroom editor in Chromium on a 3,000-word article: time from navigation to the first keystroke shown, and
// keystroke-to-paint latency while typing. Runs against a real `sinmun serve` (built dist/, demo database).
//   npm run build && node bench/newsroom-editor.bench.mjs [--runs 5] [--keys 300]
// Not part of `npm test` (a benchmark, not a gate); results go to BENCHMARKS.md.
/* global window, document, performance, requestAnimationFrame -- functions passed to page.evaluate run in the browser */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, keys: { type: 'string', default: '300' } } });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinmun-bench-'));
const port = 3900 + Math.floor(Math.random() * 90);
const server = spawn(process.execPath, ['dist/cli.js', 'serve'], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: '1', WEATHER_API_URL: '', LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let stderr = '';
server.stderr.on('data', (chunk) => (stderr += chunk));
const base = `http://127.0.0.1:${port}`;
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];

try {
  for (let i = 0; !/password:\s+\S+/.test(stderr) || !(await fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false)); i++) {
    if (i > 300) throw new Error(`server did not start:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const email = /e-mail:\s+(\S+)/.exec(stderr)?.[1];
  const password = /password:\s+(\S+)/.exec(stderr)?.[1];
  const login = await fetch(`${base}/api/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const { csrfToken } = await login.json();
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  // 3,000 words in 60 paragraphs of 50.
  const words = 'The council voted on the budget after a long debate about schools roads and parks in the city'.split(' ');
  const body = Array.from({ length: 60 }, (_, p) => ({ type: 'paragraph', content: [{ text: Array.from({ length: 50 }, (_, w) => words[(p * 50 + w) % words.length]).join(' ') + '.' }] }));
  const created = await fetch(`${base}/api/admin/articles`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ language: 'en', headline: 'Benchmark: a 3,000-word article', body }),
  }).then((r) => r.json());

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const [name, value] = cookie.split('=');
  await context.addCookies([{ name, value, url: base }]);
  const openTimes = [];
  const inPage = [];
  const ready = [];
  const firstKeyPaint = [];
  const paints = [];
  for (let run = 0; run < Number(values.runs); run++) {
    const page = await context.newPage();
    // In the page: when the first key arrives and when the frame after it is painted (page clock, from navigation).
    await page.addInitScript(() => {
      document.addEventListener('keydown', (event) => {
        if (window.__firstKey) return;
        const key = { down: event.timeStamp, painted: NaN };
        window.__firstKey = key;
        requestAnimationFrame(() => setTimeout(() => (key.painted = performance.now()), 0));
      }, true);
    });
    const started = Date.now();
    await page.goto(`${base}/newsroom/articles/${created.id}`);
    // As soon as the editor takes input: focus it (no click: the driver's actionability checks cost round trips) and type.
    await page.waitForFunction(() => performance.getEntriesByName('nr-editor-ready').length > 0, undefined, { polling: 'raf' });
    await page.focus('.nr-body');
    await page.keyboard.type('Q');
    await page.waitForFunction(() => document.querySelector('.nr-body')?.textContent?.includes('Q'), undefined, { polling: 'raf' });
    openTimes.push(Date.now() - started);
    const first = await page.evaluate(() => window.__firstKey);
    const readyAt = await page.evaluate(() => performance.getEntriesByName('nr-editor-ready')[0]?.startTime ?? NaN);
    ready.push(readyAt);
    // Navigation start → ready for input, plus the first key's own time to paint: what a person typing at once sees.
    inPage.push(readyAt + (first.painted - first.down));
    firstKeyPaint.push(first.painted);
    if (run === 0) {
      // Keystroke → next frame painted, measured in the page.
      await page.evaluate(() => {
        window.__paints = [];
        document.addEventListener('keydown', () => {
          const t0 = performance.now();
          requestAnimationFrame(() => setTimeout(() => window.__paints.push(performance.now() - t0), 0));
        }, true);
      });
      await page.keyboard.type('x'.repeat(Number(values.keys)), { delay: 30 });
      await page.waitForTimeout(200);
      paints.push(...(await page.evaluate(() => window.__paints)));
    }
    await page.close();
  }
  await browser.close();
  console.log(`| Open a 3,000-word article to the first keystroke shown (median of ${openTimes.length}, incl. navigation) | ${percentile(openTimes, 50)} ms (min ${Math.min(...openTimes)}, max ${Math.max(...openTimes)}) |`);
  console.log(`| Navigation start → editor ready for input (median) | ${percentile(ready, 50).toFixed(0)} ms |`);
  console.log(`| Navigation start → first keystroke painted, page clock, key sent by the driver (median) | ${percentile(firstKeyPaint, 50).toFixed(0)} ms |`);
  console.log(`| Ready for input + the first key's own keydown → paint (median; max) | ${percentile(inPage, 50).toFixed(0)} ms; ${Math.max(...inPage).toFixed(0)} ms |`);
  console.log(`| Keystroke to next paint, ${paints.length} keys: p50 / p95 / max | ${percentile(paints, 50).toFixed(1)} / ${percentile(paints, 95).toFixed(1)} / ${Math.max(...paints).toFixed(1)} ms |`);
} finally {
  server.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
}
