import fs from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../app.js';
import { AppError } from '../lib/errors.js';

/**
 * The newsroom app's own CSP: only this origin's hashed bundle, styles from a file, API calls to this origin, and
 * previews framed from this origin. No inline script or style, like the reader site.
 */
export const NEWSROOM_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Written by scripts/build.mjs next to the hashed files: { "js": "main.HASH.js", "css": "main.HASH.css" }. */
interface BundleManifest {
  js: string;
  css: string;
}

const BUNDLE_DIR = new URL('../../dist/newsroom-app/', import.meta.url);
const IMMUTABLE = 'public, max-age=31536000, immutable';

function readManifest(): BundleManifest | null {
  try {
    return JSON.parse(fs.readFileSync(new URL('manifest.json', BUNDLE_DIR), 'utf8')) as BundleManifest;
  } catch {
    return null;
  }
}

function shell(manifest: BundleManifest, siteName: string): string {
  // The app sets <html lang> to the account's language once it knows it; Korean is the newsroom's default.
  return `<!doctype html>
<html lang="ko" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>뉴스룸 | ${siteName.replace(/[<>&"]/g, '')}</title>
<link rel="stylesheet" href="/newsroom/assets/${manifest.css}">
<script type="module" src="/newsroom/assets/${manifest.js}"></script>
</head>
<body>
<div id="app"><main id="main"><h1>뉴스룸</h1><p>불러오는 중… (Loading…)</p><noscript><p>뉴스룸은 JavaScript가 필요합니다. The newsroom needs JavaScript.</p></noscript></main></div>
</body>
</html>`;
}

/** /newsroom and every path under it answer the app's HTML shell; the bundle is served as immutable hashed files. */
export function registerNewsroomApp(app: FastifyInstance, services: Services): void {
  // Read once: the bundle is built before start (`npm start` never builds).
  const manifest = readManifest();
  const sendShell = (reply: FastifyReply) => {
    if (!manifest) throw new AppError('ERR_NOT_FOUND', 'the newsroom bundle is missing; run `npm run build`');
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', NEWSROOM_CSP)
      .header('cache-control', 'no-store')
      .send(shell(manifest, services.config.siteName));
  };
  app.get('/newsroom', async (_request, reply) => sendShell(reply));
  app.get('/newsroom/*', async (_request, reply) => sendShell(reply));

  app.get('/newsroom/assets/:file', async (request, reply) => {
    const { file } = request.params as { file: string };
    if (!manifest || (file !== manifest.js && file !== manifest.css)) throw new AppError('ERR_NOT_FOUND', 'no such asset');
    const type = file.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
    return reply.header('content-type', type).header('cache-control', IMMUTABLE).send(fs.readFileSync(new URL(file, BUNDLE_DIR)));
  });
}
