import fs from 'node:fs';
import path from 'node:path';
import Validator from '@adobe/structured-data-validator';
import WebAutoExtractorModule from '@marbec/web-auto-extractor';
import { structuredDataTest } from 'structured-data-testing-tool';
import { Google } from 'structured-data-testing-tool/presets.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, watchCspErrors } from '../setup/browser.js';
import { sqliteTarget } from '../setup/test-databases.js';
import { SITE_URL, get, startNewsroom } from './newsroom-fixture.js';
import type { Newsroom } from './newsroom-fixture.js';

/**
 * JSON-LD and meta on reader pages, checked by tools we did not write, offline: structured-data-testing-tool with
 * its Google preset (given the HTML as a Buffer, so it never fetches), and Adobe's structured-data-validator with
 * the schema.org vocabulary from the shared fixtures (never downloaded). Plus our own ISO 8601 check on every date.
 */
const SCHEMA_ORG = JSON.parse(fs.readFileSync(path.resolve('../shared/fixtures/schemas/schemaorg/schemaorg-all-https.jsonld'), 'utf8')) as unknown;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
type Extracted = { jsonld: Record<string, Record<string, unknown>[]>; metatags: Record<string, string[]> };
const WebAutoExtractor = ((WebAutoExtractorModule as unknown as { default?: unknown }).default ?? WebAutoExtractorModule) as new (options: object) => { parse(html: string): Extracted };

const jsonLdBlocks = (html: string): Record<string, unknown>[] =>
  [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1] ?? '') as Record<string, unknown>);

/** Every value under a key that names a date or time, anywhere in the tree. */
function dates(value: unknown, found: [string, unknown][] = []): [string, unknown][] {
  if (Array.isArray(value)) for (const v of value) dates(v, found);
  else if (value && typeof value === 'object')
    for (const [key, v] of Object.entries(value)) {
      if (/^date|Date$|Time$/.test(key)) found.push([key, v]);
      dates(v, found);
    }
  return found;
}

async function googlePreset(html: string, schema: string) {
  try {
    return await structuredDataTest(Buffer.from(html), { presets: [Google], schemas: [schema] });
  } catch (error) {
    const res = (error as { res?: { failed: unknown[] } }).res;
    throw new Error(`structured-data-testing-tool: ${JSON.stringify(res?.failed ?? String(error), null, 1)}`);
  }
}

async function adobeErrors(html: string) {
  const extracted = new WebAutoExtractor({ addLocation: true, embedSource: ['rdfa', 'microdata'] }).parse(html);
  const issues = (await new Validator(SCHEMA_ORG).validate(extracted)) as { severity: string; issueMessage: string }[];
  return { extracted, errors: issues.filter((i) => i.severity === 'ERROR'), warnings: issues.filter((i) => i.severity === 'WARNING') };
}

describe('structured data and meta on reader pages', () => {
  let room: Newsroom;
  const pathOf = (a: { id: number; slug: string; language: string }, section = 'world') => `/${a.language}/${section}/${a.id}-${a.slug}`;

  beforeAll(async () => {
    room = await startNewsroom(sqliteTarget);
    await room.server.services.articles.addCorrection(room.lead.id, { kind: 'correction', text: 'An earlier version misstated the day.' }, room.editor);
  });
  afterAll(async () => {
    await room?.close();
  });

  it('gives a news article NewsArticle JSON-LD that the Google preset and the schema.org validator accept', async () => {
    const html = (await get(room.base, pathOf(room.lead))).body;
    const result = await googlePreset(html, 'NewsArticle');
    expect(result.failed).toEqual([]);
    expect(result.passed.length).toBeGreaterThan(5);
    const adobe = await adobeErrors(html);
    expect(adobe.errors).toEqual([]);
    expect(Object.keys(adobe.extracted.jsonld)).toEqual(expect.arrayContaining(['NewsArticle', 'BreadcrumbList']));

    const [article, breadcrumbs] = jsonLdBlocks(html);
    expect(article).toMatchObject({
      '@type': 'NewsArticle',
      headline: 'Captured soldiers ask to be brought to South Korea & <safety>',
      inLanguage: 'en',
      isAccessibleForFree: true,
      url: `${SITE_URL}${pathOf(room.lead)}`,
      author: [
        { '@type': 'Person', name: 'Jane Park', url: `${SITE_URL}/en/author/jane-park`, affiliation: { '@type': 'Organization', name: 'Sinmun' } },
        { '@type': 'Person', name: 'Min-su Lee', affiliation: { '@type': 'Organization', name: 'Yonhap' } },
      ],
      publisher: { '@type': 'NewsMediaOrganization', name: 'Sinmun Daily', logo: { '@type': 'ImageObject' } },
      correction: [{ '@type': 'CorrectionComment', text: 'An earlier version misstated the day.' }],
      keywords: ['North Korea', 'Ukraine'],
    });
    expect((article?.image as { url: string }[])[0]?.url).toMatch(/^https:\/\/news\.example\.com\/media\/\d+\//);
    // The correction is a modification: dateModified is at or after it.
    const correctionAt = ((article?.correction as { datePublished: string }[])[0]?.datePublished ?? '');
    expect(Date.parse(article?.dateModified as string)).toBeGreaterThanOrEqual(Date.parse(correctionAt));
    expect(breadcrumbs).toMatchObject({
      '@type': 'BreadcrumbList',
      itemListElement: [
        { position: 1, name: 'Sinmun Daily', item: `${SITE_URL}/en` },
        { position: 2, name: 'World', item: `${SITE_URL}/en/section/world` },
        { position: 3, item: `${SITE_URL}${pathOf(room.lead)}` },
      ],
    });
    const found = dates(jsonLdBlocks(html));
    expect(found.map(([key]) => key)).toEqual(expect.arrayContaining(['datePublished', 'dateModified']));
    for (const [key, value] of found) expect(value, key).toMatch(ISO_8601);
  });

  it('uses the subtype for opinion and analysis, which the validators accept as well', async () => {
    const analysis = await room.publish({ language: 'en', headline: 'What the talks mean', type: 'analysis', section: 'world', credits: [{ name: 'Jane Park', authorSlug: 'jane-park' }] });
    for (const [article, type, section] of [
      [room.opinion, 'OpinionNewsArticle', 'opinion'],
      [analysis, 'AnalysisNewsArticle', 'world'],
    ] as const) {
      const html = (await get(room.base, pathOf(article, section))).body;
      expect(jsonLdBlocks(html)[0]?.['@type']).toBe(type);
      // No photo on these: the publication's logo stands in, since Google expects an image on every article.
      const result = await googlePreset(html, type);
      expect(result.failed).toEqual([]);
      expect((jsonLdBlocks(html)[0]?.image as { url: string }[])[0]?.url).toMatch(/^https:\/\/news\.example\.com\/assets\/icon\./);
      expect((await adobeErrors(html)).errors).toEqual([]);
      for (const [key, value] of dates(jsonLdBlocks(html))) expect(value, key).toMatch(ISO_8601);
    }
  });

  it('has OpenGraph, Twitter card, canonical and hreflang on article, front and list pages', async () => {
    const html = (await get(room.base, pathOf(room.lead))).body;
    const meta = new WebAutoExtractor({}).parse(html).metatags;
    expect(meta['og:type']).toEqual(['article']);
    expect(meta['og:url']).toEqual([`${SITE_URL}${pathOf(room.lead)}`]);
    expect(meta['og:image']?.[0]).toMatch(/^https:\/\/news\.example\.com\/media\//);
    expect(meta['og:image:width']).toEqual(['1200']);
    expect(meta['og:image:alt']).toEqual(['Two men in uniform at a desk']);
    expect(meta['og:locale:alternate']).toEqual(['ko_KR']);
    expect(meta['article:section']).toEqual(['World']);
    expect(meta['article:tag']).toEqual(['North Korea', 'Ukraine']);
    expect(meta['article:author']).toEqual([`${SITE_URL}/en/author/jane-park`]);
    expect(meta['article:published_time']?.[0]).toMatch(ISO_8601);
    expect(meta['twitter:card']).toEqual(['summary_large_image']);
    expect(meta['twitter:image']).toEqual(meta['og:image']);
    expect(html).toContain(`<link rel="canonical" href="${SITE_URL}${pathOf(room.lead)}">`);
    expect(html).toContain(`<link rel="alternate" hreflang="ko" href="${SITE_URL}${pathOf(room.leadKo)}">`);
    for (const page of ['/en', '/ko/section/world', '/en/tag/ukraine', '/en/author/jane-park']) {
      const other = (await get(room.base, page)).body;
      expect(other, page).toMatch(/<link rel="canonical" href="https:\/\/news\.example\.com\/[^"]+">/);
      expect(other, page).toMatch(/<link rel="alternate" hreflang="(ko|en)" href=/);
      expect(other, page).toContain('<meta name="twitter:card"');
      expect((await adobeErrors(other)).errors, page).toEqual([]);
    }
    expect(jsonLdBlocks((await get(room.base, '/en')).body).map((b) => b['@type'])).toEqual(['NewsMediaOrganization', 'WebSite']);
  });

  it('keeps a headline that contains </script> inside the data block', async () => {
    const tricky = await room.publish({ language: 'en', headline: 'Quote </script><script>alert(1)</script> <!-- end', section: 'world' });
    const html = (await get(room.base, pathOf(tricky))).body;
    expect(html).not.toContain('<script>alert(1)');
    expect(jsonLdBlocks(html)[0]?.headline).toBe('Quote </script><script>alert(1)</script> <!-- end');
  });

  it('reports no CSP violation for the JSON-LD blocks in Chromium', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors = watchCspErrors(page);
      const violations: string[] = [];
      await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
      });
      const response = await page.goto(`${room.base}${pathOf(room.lead)}`);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      const blocks = await page.evaluate(() => Array.from(document.querySelectorAll('script[type="application/ld+json"]')).map((s) => JSON.parse(s.textContent ?? '') as { '@type': string }));
      expect(blocks.map((b) => b['@type'])).toEqual(['NewsArticle', 'BreadcrumbList']);
      await page.waitForLoadState('load');
      expect(violations).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
