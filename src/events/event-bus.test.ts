import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { openDatabase } from '../db/database.js';
import { createLogger } from '../lib/logger.js';
import { nowIso } from '../lib/time.js';
import { EventBus } from './event-bus.js';

describe('EventBus', () => {
  let dir: string;
  let database: Database;
  let bus: EventBus;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sinmun-events-'));
    database = openDatabase(`sqlite:${path.join(dir, 'db.sqlite')}`, dir);
    await database.migrate();
    bus = new EventBus(database.db, createLogger('silent'));
  });
  afterEach(async () => {
    await database.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('delivers events only after commit, and never for a rolled-back change', async () => {
    const seen: string[] = [];
    bus.subscribe('*', (event) => {
      seen.push(event.name);
    });
    await expect(
      bus.transaction(async (_tx, emit) => {
        await emit('article.created', null);
        expect(seen).toEqual([]); // not yet: still inside the transaction
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(seen).toEqual([]);
    expect(await database.db.selectFrom('events').selectAll().execute()).toHaveLength(0);
    await bus.transaction(async (_tx, emit) => emit('article.published', 7, { x: 1 }));
    expect(seen).toEqual(['article.published']);
  });

  it('runs transactional subscribers inside the change, so a failure rolls it back', async () => {
    bus.subscribeInTransaction('article.updated', async (tx, event) => {
      await tx.insertInto('settings').values({ key: `derived-${event.id}`, value: '1', updated_at: nowIso() }).execute();
      if (event.payload.fail) throw new Error('index failed');
    });
    await bus.transaction(async (_tx, emit) => emit('article.updated', 1));
    expect(await database.db.selectFrom('settings').selectAll().execute()).toHaveLength(1);
    await expect(bus.transaction(async (_tx, emit) => emit('article.updated', 1, { fail: true }))).rejects.toThrow('index failed');
    expect(await database.db.selectFrom('settings').selectAll().execute()).toHaveLength(1);
    expect(await database.db.selectFrom('events').selectAll().execute()).toHaveLength(1);
  });

  it('keeps a failing after-commit subscriber from undoing the change', async () => {
    bus.subscribe('article.published', () => {
      throw new Error('purge failed');
    });
    await bus.transaction(async (_tx, emit) => emit('article.published', 3));
    expect(await database.db.selectFrom('events').selectAll().execute()).toHaveLength(1);
  });
});
