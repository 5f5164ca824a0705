// Time and bytes of one image's responsive derivatives (AVIF, WebP, JPEG at 320/640/960/1280 and the original's
// width), made by the same function the background job runs, on a 1600×900 demo picture. SQLite in a temp dir.
//   npm run build && nice -n 19 node bench/media-derivatives.bench.mjs [--runs 3]
// Results go to stdout for BENCHMARKS.md. Not part of `npm test`.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { makeDerivatives } from '../dist/content/media-derivatives.job.js';
import { MediaService } from '../dist/content/media.service.js';
import { openDatabase } from '../dist/db/database.js';
import { renderDemoImage } from '../dist/demo/demo-images.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sinmun-bench-media-'));
const database = openDatabase(`sqlite:${path.join(dir, 'bench.db')}`, dir);
try {
  await database.migrate();
  const media = new MediaService(database.db, dir, 50_000_000);
  const bytes = await renderDemoImage({ width: 1600, height: 900, title: 'bench', hue: 200 });
  const item = await media.createMedia({ bytes, originalName: 'bench.jpg' }, { alt: 'a', caption: 'c', credit: 'd' }, null);
  for (let run = 1; run <= Number(values.runs); run++) {
    const started = performance.now();
    const made = (await makeDerivatives(media, item.id)) ?? [];
    const ms = performance.now() - started;
    const at1600 = Object.fromEntries(['avif', 'webp', 'jpeg'].map((f) => [f, made.find((d) => d.format === f && d.width === 1600)?.bytes]));
    console.log(`run ${run}: ${made.length} files in ${ms.toFixed(0)} ms; original ${bytes.length} B; at 1600w avif ${at1600.avif} B, webp ${at1600.webp} B, jpeg ${at1600.jpeg} B`);
  }
} finally {
  await database.close();
  await fs.rm(dir, { recursive: true, force: true });
}
