import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountsService, actorOf } from '../accounts/accounts.service.js';
import type { Actor } from '../accounts/accounts.types.js';
import { ArticleService } from '../content/article.service.js';
import { AuthorService } from '../content/author.service.js';
import type { Article, ImageBlock } from '../content/content.types.js';
import { MediaService } from '../content/media.service.js';
import { TaxonomyService } from '../content/taxonomy.service.js';
import type { Database } from '../db/database.js';
import { openDatabase } from '../db/database.js';
import { EventBus } from '../events/event-bus.js';
import { JobRunner } from '../jobs/job-runner.js';
import { createLogger } from '../lib/logger.js';
import { WorkflowService } from '../workflow/workflow.service.js';
import { renderDemoImage } from './demo-images.js';
import { DEMO_SECTIONS, seedDemoContent } from './demo.service.js';
import { SEED_HEADLINE_EN, SEED_HEADLINE_KO } from './seed-article.js';

const paragraphsOf = (article: Article): string[] => article.body.flatMap((b) => (b.type === 'paragraph' ? [b.content.map((c) => c.text).join('')] : []));

describe('renderDemoImage', () => {
  it('renders a deterministic 1600×900 JPEG quickly', async () => {
    const options = { width: 1600, height: 900, title: 'Test scene', hue: 120, seed: 7 };
    const first = await renderDemoImage(options);
    const second = await renderDemoImage(options);
    const meta = await sharp(first).metadata();
    expect(meta.format).toBe('jpeg');
    expect([meta.width, meta.height]).toEqual([1600, 900]);
    expect(second.equals(first)).toBe(true);
  });

  it('renders a square portrait', async () => {
    const meta = await sharp(await renderDemoImage({ width: 400, height: 400, title: 'someone', hue: 10 })).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 400, 400]);
  });
});

describe('seedDemoContent', () => {
  let dir: string;
  let database: Database;
  let media: MediaService;
  let articles: ArticleService;
  let authors: AuthorService;
  let taxonomy: TaxonomyService;
  let accounts: AccountsService;
  let admin: Actor;
  let credentials: { adminEmail: string; adminPassword: string };

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sinmun-demo-'));
    database = openDatabase('sqlite:' + path.join(dir, 'test.db'), dir);
    await database.migrate();
    const logger = createLogger('silent');
    const events = new EventBus(database.db, logger);
    const jobs = new JobRunner(database.db, logger);
    accounts = new AccountsService(database.db);
    authors = new AuthorService(database.db);
    taxonomy = new TaxonomyService(database.db);
    media = new MediaService(database.db, dir, 20 * 1024 * 1024);
    articles = new ArticleService(database.db, events);
    const workflow = new WorkflowService(database.db, events, jobs);
    credentials = await seedDemoContent({ accounts, authors, taxonomy, media, articles, workflow });
    const account = await accounts.findAccountByEmail(credentials.adminEmail);
    if (!account) throw new Error('the admin account was not created');
    admin = actorOf(account);
  }, 60_000);

  afterAll(async () => {
    await database?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  async function published(lang: 'en' | 'ko'): Promise<Article[]> {
    return (await articles.listArticlesAs(admin, { status: 'published', lang, pageSize: 100 })).items;
  }

  async function seedArticle(): Promise<Article> {
    const found = (await published('en')).filter((a) => a.headline === SEED_HEADLINE_EN);
    expect(found).toHaveLength(1);
    return found[0] as Article;
  }


  it('returns a strong admin password that signs in as an admin', async () => {
    expect(credentials.adminEmail).toBe('admin@sinmun.example');
    expect(credentials.adminPassword.length).toBeGreaterThanOrEqual(20);
    expect(credentials.adminPassword).toMatch(/^[A-Za-z0-9_-]+$/);
    const account = await accounts.verifyCredentials(credentials.adminEmail, credentials.adminPassword);
    expect(account?.role).toBe('admin');
  });

  it('creates the sections in menu order with both names', async () => {
    const sections = await taxonomy.listSections();
    expect(sections.map((s) => [s.slug, s.nameKo, s.nameEn])).toEqual(DEMO_SECTIONS.map((s) => [s.slug, s.nameKo, s.nameEn]));
  });

  it('publishes the seed article with its structure', async () => {
    const article = await seedArticle();
    expect(article.status).toBe('published');
    expect(article.type).toBe('news');
    expect(article.section.slug).toBe('world');
    expect(article.dateline).toBe('SEOUL');
    expect(article.dek.length).toBeGreaterThan(20);
    expect(article.source).toEqual({ name: 'Yonhap News Agency', url: null });
    expect(article.tags.map((t) => t.name)).toEqual(expect.arrayContaining(['North Korea', 'Ukraine', 'Prisoners of war']));

    const paragraphs = paragraphsOf(article);
    expect(paragraphs).toHaveLength(13);
    expect(paragraphs[0]).toMatch(/^Two North Korean prisoners of war in Ukraine/);
    expect(paragraphs).toContain('“Please bring [us] to South Korea,” Jang quoted them as telling the producer, weeping.');
    expect(paragraphs.at(-1)).toBe('Kim has touted the troops as “heroes” who were assigned to carry out the “most important duty.”');
    for (const text of paragraphs) {
      expect(text).not.toMatch(/BY KIM JU-YEON/i);
      expect(text).not.toContain('[YONHAP]');
      expect(text).not.toContain("'");
    }
  });

  it('keeps the lead photo out of the body and the second photo where the seed has it', async () => {
    const article = await seedArticle();
    expect(article.body[0]?.type).toBe('paragraph');
    const images = article.body.filter((b): b is ImageBlock => b.type === 'image');
    expect(images).toHaveLength(1);
    const at = article.body.findIndex((b) => b.type === 'image');
    const text = (i: number) => {
      const block = article.body[i];
      return block?.type === 'paragraph' ? block.content.map((c) => c.text).join('') : '';
    };
    expect(text(at - 1)).toBe('Hand-drawn portraits of North Korean leader Kim Jong-un were hung on the bed of one of them.');
    expect(text(at + 1)).toMatch(/^They asked for medicine for eye diseases/);
    expect(article.featuredMediaId).not.toBeNull();
    expect(images[0]?.mediaId).not.toBe(article.featuredMediaId);
  });

  it('gives both photos a caption without [YONHAP], the YONHAP credit, real alt text and ≥1600×900 pixels', async () => {
    const article = await seedArticle();
    const block = article.body.find((b): b is ImageBlock => b.type === 'image');
    const ids = [article.featuredMediaId, block?.mediaId].filter((id): id is number => typeof id === 'number');
    expect(ids).toHaveLength(2);
    const items = await Promise.all(ids.map((id) => media.getMedia(id)));
    expect(items[0]?.caption).toMatch(/^North Korean prisoners of war, identified by their surnames Baek and Ri/);
    expect(items[0]?.caption).toContain('a North Korean defectors’ activist group on Oct. 30.');
    expect(items[1]?.caption).toBe('A North Korean prisoner of war meets with producer Kim Young-mi at a prisoner camp in Ukraine on Oct. 28 in this photo provided by an activist group on Oct. 30.');
    for (const item of items) {
      expect(item.caption).not.toContain('[YONHAP]');
      expect(item.caption).not.toMatch(/\s$/);
      expect(item.credit).toBe('YONHAP');
      expect(item.alt.length).toBeGreaterThan(20);
      expect(item.alt).not.toBe(item.caption);
      expect(item.mimeType).toBe('image/jpeg');
      expect(item.width).toBeGreaterThanOrEqual(1600);
      expect(item.height).toBeGreaterThanOrEqual(900);
      const file = await media.findFile(item.id, item.url.split('/').pop() ?? '');
      expect(file).not.toBeNull();
      const meta = await sharp(file?.path ?? '').metadata();
      expect([meta.width, meta.height]).toEqual([item.width, item.height]);
    }
    // The body block repeats the media item's texts (for API clients) without altering them.
    expect(block?.caption).toBe(items[1]?.caption);
    expect(block?.credit).toBe('YONHAP');
    expect(block?.alt).toBe(items[1]?.alt);
  });

  it('turns the pasted byline into a credit linked to the contributor profile', async () => {
    const article = await seedArticle();
    expect(article.credits).toEqual([{ name: 'Kim Ju-yeon', role: 'reporter', organization: 'Yonhap', email: 'kim.juyeon2@joongang.co.kr', authorSlug: 'kim-ju-yeon' }]);
    const profile = await authors.getAuthor('kim-ju-yeon');
    expect(profile).toMatchObject({ nameKo: '김주연', nameEn: 'Kim Ju-yeon', kind: 'contributor', organization: 'Yonhap', email: 'kim.juyeon2@joongang.co.kr', location: 'Seoul' });
    expect(profile.bioEn).not.toBe('');
    expect(profile.bioKo).not.toBe('');
    expect(profile.photo?.width).toBe(400);
  });

  it('publishes the Korean translation in the same translation group', async () => {
    const article = await seedArticle();
    const korean = (await published('ko')).filter((a) => a.translationGroup === article.translationGroup);
    expect(korean).toHaveLength(1);
    const ko = korean[0] as Article;
    expect(ko.headline).toBe(SEED_HEADLINE_KO);
    expect(ko.status).toBe('published');
    expect(ko.credits[0]?.authorSlug).toBe('kim-ju-yeon');
    expect(ko.body.filter((b) => b.type === 'image')).toHaveLength(1);
    expect(paragraphsOf(ko)).toHaveLength(13);
    for (const text of paragraphsOf(ko)) expect(text).toMatch(/[가-힣]/);
    const lead = await media.getMedia(ko.featuredMediaId ?? 0);
    expect(lead.caption).toMatch(/[가-힣]/);
    expect(lead.width).toBeGreaterThanOrEqual(1600);
  });

  it('makes the seed article the latest English publication', async () => {
    const english = await published('en');
    const latest = [...english].sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || b.id - a.id)[0];
    expect(latest?.headline).toBe(SEED_HEADLINE_EN);
    const others = english.filter((a) => a.headline !== SEED_HEADLINE_EN);
    for (const other of others) expect((other.publishedAt ?? '') < (latest?.publishedAt ?? '')).toBe(true);
  });

  it('publishes a varied set of demo articles in both languages', async () => {
    const all = [...(await published('en')), ...(await published('ko'))];
    const total = (await articles.listArticlesAs(admin, { pageSize: 100 })).total;
    expect(all).toHaveLength(total);
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(new Set(all.map((a) => a.section.slug)).size).toBeGreaterThanOrEqual(5);
    expect(all.some((a) => a.type === 'analysis')).toBe(true);
    expect(all.some((a) => a.type === 'opinion')).toBe(true);
    expect(all.some((a) => a.breaking)).toBe(true);
    const blocks = all.flatMap((a) => a.body);
    expect(blocks.some((b) => b.type === 'heading')).toBe(true);
    expect(blocks.some((b) => b.type === 'list')).toBe(true);
    expect(blocks.some((b) => b.type === 'quote' && b.variant === 'pull' && !!b.attribution)).toBe(true);
    expect(blocks.some((b) => b.type === 'embed' && b.url.startsWith('https://'))).toBe(true);
    for (const article of all) {
      expect(article.credits.length).toBeGreaterThan(0);
      expect(article.credits.every((c) => c.authorSlug !== null)).toBe(true);
      const text = JSON.stringify(article);
      expect(text).not.toMatch(/lorem|ipsum/i);
    }
    // Every Korean article is in Korean, every English one is not.
    for (const article of all) expect(/[가-힣]/.test(article.headline)).toBe(article.language === 'ko');
  });

  it('gives every staff profile a photo, bios in both languages and a newsroom e-mail', async () => {
    const { items } = await authors.listAuthors(1, 100);
    const staff = items.filter((a) => a.kind === 'staff');
    expect(staff.length).toBeGreaterThanOrEqual(2);
    for (const person of staff) {
      expect(person.email).toMatch(/@sinmun\.example$/);
      expect(person.bioKo).toMatch(/[가-힣]/);
      expect(person.bioEn).not.toBe('');
      expect(person.photo).not.toBeNull();
      expect(person.photo?.alt).not.toBe(person.nameEn);
    }
  });
});
