// Prints recall@10 and MRR per language for the judged relevance set (src/search/relevance/relevance-set.ts) on a
// fresh database: SQLite by default, PostgreSQL with `node bench/with-postgres.mjs bench/search-relevance.mjs`.
//   npm run build && node bench/search-relevance.mjs [--size 10000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createServices } from '../dist/app.js';
import { loadConfig } from '../dist/config/config.js';
import { createLogger } from '../dist/lib/logger.js';
import { evaluate, generateCorpus, loadCorpus } from '../dist/search/relevance/relevance-set.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: '10000' } } });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinmun-relevance-'));
const databaseUrl = process.env.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'sinmun.db')}`;
const services = await createServices(loadConfig({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, DEMO: '0', LOG_LEVEL: 'silent' }), { logger: createLogger('silent') });
try {
  const corpus = generateCorpus(Number(values.size));
  await loadCorpus(services.database, services.search, corpus);
  const scores = await evaluate(services.search, corpus);
  console.log(`database: ${services.database.dialect}, corpus: ${corpus.length} articles`);
  for (const [language, score] of Object.entries(scores)) {
    console.log(`${language}: ${score.queries} queries  recall@10 ${score.recallAt10.toFixed(3)}  MRR ${score.mrr.toFixed(3)}`);
    for (const miss of score.misses) console.log(`  miss: ${miss.query} recall ${miss.recall.toFixed(2)} first relevant at ${miss.rank ?? '-'}`);
  }
} finally {
  await services.database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
