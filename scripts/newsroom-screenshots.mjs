// Screenshots of the newsroom's main screens for docs/newsroom.md: starts the built server on a fresh demo database,
// signs in as the demo admin in Debian's Chromium and saves PNGs. Run after `npm run build`:
//   node scripts/newsroom-screenshots.mjs [outdir]   (default docs/newsroom)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const outdir = process.argv[2] ?? 'docs/newsroom';
const port = 3900 + Math.floor(Math.random() * 90);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinmun-shots-'));
const child = spawn(process.execPath, ['dist/cli.js', 'serve'], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, WEATHER_API_URL: '', LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let stderr = '';
child.stderr.on('data', (chunk) => (stderr += chunk));
const base = `http://127.0.0.1:${port}`;
try {
  for (let i = 0; !/password:\s+\S+/.test(stderr) || !(await fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false)); i++) {
    if (i > 200) throw new Error(`server did not start:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const email = /e-mail:\s+(\S+)/.exec(stderr)?.[1];
  const password = /password:\s+(\S+)/.exec(stderr)?.[1];
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ko-KR' });
  fs.mkdirSync(outdir, { recursive: true });
  await page.goto(`${base}/newsroom`);
  await page.getByRole('heading', { level: 1, name: '로그인' }).waitFor();
  await page.screenshot({ path: path.join(outdir, 'sign-in.png') });
  await page.getByLabel('이메일', { exact: true }).fill(email);
  await page.getByLabel('비밀번호', { exact: true }).fill(password);
  await page.getByRole('button', { name: '로그인' }).click();
  await page.getByRole('heading', { level: 1, name: /대시보드|Dashboard/ }).waitFor();
  // The guide shows the Korean interface (the newsroom's default); the demo admin may have chosen English.
  if (await page.getByRole('heading', { level: 1, name: 'Dashboard' }).count()) {
    await page.locator('#ui-language').selectOption('ko');
    await page.getByRole('heading', { level: 1, name: '대시보드' }).waitFor();
  }
  await page.locator('.nr-list').first().waitFor();
  await page.screenshot({ path: path.join(outdir, 'dashboard.png') });
  await page.getByRole('region', { name: /최근 발행/ }).getByRole('link').nth(1).click();
  await page.getByRole('heading', { level: 2, name: '진행' }).waitFor();
  await page.screenshot({ path: path.join(outdir, 'editor.png') });
  // The editor's panels: the revision history's word diff (after an edit in the editor) and the search/share preview.
  const headline = page.getByLabel('제목', { exact: true });
  await headline.fill(`${await headline.inputValue()} (수정)`);
  await page.keyboard.press('Alt+Shift+H');
  await page.locator('.revision-list .revision-actions button').first().click();
  await page.locator('.revision-diff h3').waitFor();
  await page.locator('.nr-revisions').screenshot({ path: path.join(outdir, 'editor-history.png') });
  await page.locator('fieldset.seo').screenshot({ path: path.join(outdir, 'editor-seo.png') });
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.getByLabel('원문 나란히 보기').check();
  await page.locator('.nr-source h2').waitFor();
  await page.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(outdir, 'editor-side-by-side.png') });
  await page.getByRole('link', { name: '미디어 라이브러리' }).click();
  await page.locator('.media-card').first().waitFor();
  await page.locator('#media-count').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: path.join(outdir, 'media.png') });
  await page.getByRole('link', { name: '1면 편집' }).click();
  await page.getByRole('heading', { level: 1, name: '1면 편집' }).waitFor();
  await page.screenshot({ path: path.join(outdir, 'front-page.png'), fullPage: true });
  await page.getByRole('link', { name: '사람', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: '사람' }).waitFor();
  await page.screenshot({ path: path.join(outdir, 'people.png') });
  await page.getByRole('link', { name: '감사 기록', exact: true }).click();
  await page.locator('.nr-audit').waitFor();
  await page.screenshot({ path: path.join(outdir, 'audit.png') });
  // The wire desk with one agency item (the Yonhap fixture pushed through the Admin API) selected in the preview.
  const wireDoc = fs.readFileSync('tests/fixtures/wire/yonhap-photo-story.json', 'utf8');
  await page.evaluate(async (doc) => {
    const session = await (await fetch('/api/admin/session')).json();
    const headers = { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken };
    await fetch('/api/admin/wire/sources', { method: 'POST', headers, body: JSON.stringify({ name: 'yonhap', format: 'ninjs' }) });
    await fetch('/api/admin/wire/yonhap', { method: 'POST', headers, body: doc });
  }, wireDoc);
  await page.getByRole('link', { name: '와이어 데스크', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: '와이어 데스크' }).waitFor();
  await page.getByRole('button', { name: /North Korean war prisoners/ }).first().click();
  await page.locator('.wire-preview h3, .wire-preview h2 + *').first().waitFor();
  await page.screenshot({ path: path.join(outdir, 'wire-desk.png') });
  await page.getByRole('link', { name: '배포', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: '배포' }).waitFor();
  await page.screenshot({ path: path.join(outdir, 'distribution.png'), fullPage: true });
  await browser.close();
  console.log(`screenshots in ${outdir}`);
} finally {
  child.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
}
