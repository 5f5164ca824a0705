// Search benchmark (outside `npm test`): builds a generated corpus (the relevance set's generator), rebuilds the
// index the way `sinmun search reindex` does, and times searches by query kind.
//   npm run build && node bench/search.bench.mjs --size 100000
//   node bench/with-postgres.mjs bench/search.bench.mjs --size 100000
// Latency is SearchService.search() end to end: ranked page of 10 + total and facets + snippets (no HTTP).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createServices } from '../dist/app.js';
import { loadConfig } from '../dist/config/config.js';
import { createLogger } from '../dist/lib/logger.js';
import { generateCorpus, loadCorpus } from '../dist/search/relevance/relevance-set.js';
import { parseQuery } from '../dist/search/query-parser.js';
import { fts5Match, optimizeSearchIndex, tsQuery } from '../dist/db/dialects/search-sql.js';
import { sql } from 'kysely';

const { values } = parseArgs({ options: { size: { type: 'string', default: '100000' }, runs: { type: 'string', default: '20' }, 'data-dir': { type: 'string' }, reuse: { type: 'boolean', default: false }, 'no-reindex': { type: 'boolean', default: false }, 'no-measure': { type: 'boolean', default: false } } });
const size = Number(values.size);
const runs = Number(values.runs);
const dataDir = values['data-dir'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sinmun-search-bench-'));
const databaseUrl = process.env.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'sinmun.db')}`;
const services = await createServices(loadConfig({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, DEMO: '0', LOG_LEVEL: 'silent' }), { logger: createLogger('silent') });

const QUERIES = {
  'ko 1 syllable': ['핵', '쌀', '빚'],
  'ko 2 syllables': ['북한', '포로', '한인', '국회', '금리', '태풍'],
  'ko 3+ syllables': ['대통령', '로스앤젤레스', '반도체', '인공지능', '북한군이'],
  'ko 2 words': ['북한 미사일', '한인 교회'],
  'choseong': ['ㅂㅎ', 'ㄷㅌㄹ'],
  en: ['elections', 'trade', 'housing', 'police', '"north korea"'],
  'broad (ko+en filler words)': ['시민', '관계자', 'officials', 'city'],
};

const seconds = (ms) => (ms / 1000).toFixed(1);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
try {
  const existing = values.reuse ? Number((await services.database.db.selectFrom('articles').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n) : 0;
  if (existing) console.log(`database ${services.database.dialect}; reusing ${existing} articles in ${dataDir}; node ${process.version}; ${os.cpus().length} cores; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  else await build();
  if (!values['no-measure']) await measure();
  console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  await services.database.close();
  if (!values['data-dir']) fs.rmSync(dataDir, { recursive: true, force: true });
}

async function build() {
  let started = performance.now();
  const corpus = generateCorpus(size);
  const generateMs = performance.now() - started;
  started = performance.now();
  await loadCorpus(services.database, services.search, corpus, (done, total) => {
    if (done % 100_000 === 0 || done === total) process.stderr.write(`loaded ${done}/${total}\n`);
  });
  const loadMs = performance.now() - started;
  const chars = corpus.reduce((sum, a) => sum + a.headline.length + a.body.length, 0);
  corpus.length = 0;
  started = performance.now();
  if (!values['no-reindex']) {
    await services.search.reindexAll((done, total) => {
      if (done % 100_000 === 0 || done === total) process.stderr.write(`reindexed ${done}/${total}\n`);
    });
  }
  const reindexMs = values['no-reindex'] ? NaN : performance.now() - started;
  const bytes = await services.search.indexSize();
  console.log(`database ${services.database.dialect}; ${size} articles, ${(chars / 1e6).toFixed(1)}M characters; node ${process.version}; ${os.cpus().length} cores`);
  console.log(`generate ${seconds(generateMs)} s; bulk load (articles + index) ${seconds(loadMs)} s; reindex (sinmun search reindex path) ${seconds(reindexMs)} s; index size ${(bytes / 1_048_576).toFixed(1)} MB`);
}

/** Every match in the index (drafts included), without the recency window: how broad a query is. */
async function countAll(q) {
  const parsed = parseQuery(q);
  const field = parsed.choseong ? 'choseong' : 'text';
  const query =
    services.database.dialect === 'sqlite'
      ? sql`select count(*) as n from search_fts where search_fts match ${fts5Match(parsed.expression, field)}`
      : sql`select count(*) as n from search_documents where ${sql.ref(field === 'choseong' ? 'choseong_vector' : 'search_vector')} @@ to_tsquery('simple', ${tsQuery(parsed.expression, field)})`;
  return Number((await query.execute(services.database.db)).rows[0].n);
}

async function measure() {
  // Planner statistics after a bulk load without the reindex (which ends with this); a no-op cost on SQLite.
  if (services.database.dialect === 'postgres') await optimizeSearchIndex(services.database.db, 'postgres');
  // CPU ms = this process's user+system CPU time per search: what the query costs on SQLite (in-process) whatever
  // else the machine runs; wall-clock p50/p95 include waiting for a core on a loaded machine.
  console.log('| query kind | queries | all matches (range) | answered total (range) | p50 ms | p95 ms | CPU p50 / p95 ms |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [kind, queries] of Object.entries(QUERIES)) {
    const times = [];
    const cpu = [];
    const totals = [];
    const all = [];
    for (const q of queries) {
      all.push(await countAll(q));
      await services.search.search({ q, page: 1, pageSize: 10 }, { kind: 'public' }); // warm
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        const c = process.cpuUsage();
        const result = await services.search.search({ q, page: 1, pageSize: 10 }, { kind: 'public' });
        times.push(performance.now() - t);
        const used = process.cpuUsage(c);
        cpu.push((used.user + used.system) / 1000);
        if (i === 0) totals.push(result.total);
      }
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    console.log(`| ${kind} | ${queries.join(', ')} | ${Math.min(...all)}–${Math.max(...all)} | ${Math.min(...totals)}–${Math.max(...totals)} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${percentile(cpu, 50).toFixed(1)} / ${percentile(cpu, 95).toFixed(1)} |`);
  }
}
