import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app.js';
import type { Services } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/lib/logger.js';
import type { CorpusArticle } from '../../src/search/relevance/relevance-set.js';
import { JUDGED_QUERIES, evaluate, generateCorpus, loadCorpus } from '../../src/search/relevance/relevance-set.js';
import { databaseTargets } from '../setup/test-databases.js';
import type { TestDatabase } from '../setup/test-databases.js';

const CORPUS_SIZE = 10_000;
const FLOOR = 0.95;
const corpus: CorpusArticle[] = generateCorpus(CORPUS_SIZE);

describe('the judged relevance set', () => {
  it('has ≥60 Korean and ≥40 English queries over ≥10,000 articles, each with its rule', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(10_000);
    expect(JUDGED_QUERIES.filter((q) => q.language === 'ko').length).toBeGreaterThanOrEqual(60);
    expect(JUDGED_QUERIES.filter((q) => q.language === 'en').length).toBeGreaterThanOrEqual(40);
    for (const q of JUDGED_QUERIES) expect(q.rule).toMatch(/^relevant ⇔/);
  });

  it('every query has relevant articles, and its terms occur in ≥50 articles that are not relevant', () => {
    for (const q of JUDGED_QUERIES) {
      const relevant = corpus.filter((a) => q.relevant(a.headline));
      expect(relevant.length, q.query).toBeGreaterThanOrEqual(3);
      const mentioning = corpus.filter((a) => !q.relevant(a.headline) && q.mentions.every((m) => a.body.toLowerCase().includes(m.toLowerCase())));
      expect(mentioning.length, q.query).toBeGreaterThanOrEqual(50);
    }
  });

  it('is deterministic', () => {
    expect(generateCorpus(CORPUS_SIZE).slice(0, 50)).toEqual(corpus.slice(0, 50));
  });
});

describe.each(databaseTargets)('relevance on $name', (target) => {
  let db: TestDatabase;
  let services: Services;

  beforeAll(async () => {
    db = await target.create();
    services = await createServices(loadConfig({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir, DEMO: '0', LOG_LEVEL: 'silent' }), { logger: createLogger('silent') });
    await loadCorpus(services.database, services.search, corpus);
  }, 120_000);
  afterAll(async () => {
    await services?.database.close();
    await db?.cleanup();
  });

  it(`recall@10 ≥ ${FLOOR} for Korean and for English`, async () => {
    const scores = await evaluate(services.search, corpus);
    const report = JSON.stringify(scores, null, 1);
    expect(scores.ko.queries).toBeGreaterThanOrEqual(60);
    expect(scores.ko.recallAt10, report).toBeGreaterThanOrEqual(FLOOR);
    expect(scores.en.recallAt10, report).toBeGreaterThanOrEqual(FLOOR);
    expect(scores.ko.mrr, report).toBeGreaterThanOrEqual(0.9);
    expect(scores.en.mrr, report).toBeGreaterThanOrEqual(0.9);
  }, 60_000);
});
