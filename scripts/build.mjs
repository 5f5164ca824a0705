// Compiles src/ to dist/ with tsc (which also typechecks) and bundles the newsroom app with esbuild, so `npm start`
// and `npx sinmun` never build at run time.
import { spawnSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
rmSync('dist', { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
chmodSync('dist/cli.js', 0o755);

// The newsroom app (web/newsroom): one hashed script and one hashed stylesheet, named in a manifest the server
// reads at start (src/newsroom/newsroom-app.routes.ts). Browser code is typechecked by `npm run typecheck`.
const outdir = 'dist/newsroom-app';
const bundle = await build({
  entryPoints: ['web/newsroom/main.ts', 'web/newsroom/newsroom.css'],
  bundle: true,
  format: 'esm',
  target: ['chrome115', 'firefox115', 'safari16'],
  minify: process.env.NR_NO_MINIFY ? false : true,
  sourcemap: false,
  entryNames: '[name].[hash]',
  outdir,
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});
const outputs = Object.keys(bundle.metafile.outputs).map((file) => path.basename(file));
const manifest = { js: outputs.find((f) => f.endsWith('.js')), css: outputs.find((f) => f.endsWith('.css')) };
if (!manifest.js || !manifest.css) throw new Error(`newsroom bundle incomplete: ${outputs.join(', ')}`);
writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify(manifest));
