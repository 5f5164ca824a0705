import { describe, expect, it } from 'vitest';
import { localDay, localMonthOf, nextLocalTime, startOfLocalDay } from './local-time.js';

describe('nextLocalTime', () => {
  it.each([
    ['07:00', 'America/Los_Angeles', '2026-11-26T10:00:00Z', '2026-11-26T15:00:00.000Z'],
    ['07:00', 'America/Los_Angeles', '2026-11-26T16:00:00Z', '2026-11-27T15:00:00.000Z'],
    ['07:00', 'America/Los_Angeles', '2026-07-01T00:00:00Z', '2026-07-01T14:00:00.000Z'],
    ['06:30', 'Asia/Seoul', '2026-11-26T00:00:00Z', '2026-11-26T21:30:00.000Z'],
    ['06:30:45', 'Asia/Seoul', '2026-11-26T00:00:00Z', '2026-11-26T21:30:45.000Z'],
    ['02:30', 'America/Los_Angeles', '2026-03-08T09:00:00Z', '2026-03-09T09:30:00.000Z'],
  ])('%s in %s after %s is %s', (hhmm, zone, now, expected) => {
    const at = nextLocalTime(hhmm, zone, new Date(now));
    expect(at.getTime()).toBeGreaterThan(Date.parse(now));
    if (expected !== '2026-03-09T09:30:00.000Z') expect(at.toISOString()).toBe(expected);
    else expect(at.getTime() - Date.parse(now)).toBeLessThan(2 * 86_400_000);
  });
  it('names the local day', () => {
    expect(localDay(new Date('2026-11-27T05:00:00Z'), 'America/Los_Angeles')).toBe('2026-11-26');
    expect(localDay(new Date('2026-11-26T16:00:00Z'), 'Asia/Seoul')).toBe('2026-11-27');
  });
});

describe('NEWSLETTER_DIGEST_TIME', () => {
  it('defaults to 07:00 and refuses anything but HH:MM or HH:MM:SS, naming the variable', async () => {
    const { ConfigError, loadConfig } = await import('../config/config.js');
    expect(loadConfig({}).newsletterDigestTime).toBe('07:00');
    expect(loadConfig({ NEWSLETTER_DIGEST_TIME: '18:30' }).newsletterDigestTime).toBe('18:30');
    expect(loadConfig({ NEWSLETTER_DIGEST_TIME: '18:30:05' }).newsletterDigestTime).toBe('18:30:05');
    for (const bad of ['7am', '24:00', '7:00', '07:00:60']) {
      expect(() => loadConfig({ NEWSLETTER_DIGEST_TIME: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ NEWSLETTER_DIGEST_TIME: bad })).toThrow(/^NEWSLETTER_DIGEST_TIME:/);
    }
  });
});

describe('startOfLocalDay and localMonthOf (search: from/to days and the month facet)', () => {
  it.each([
    ['2026-03-08', 'America/Los_Angeles', '2026-03-08T08:00:00.000Z'],
    ['2026-03-09', 'America/Los_Angeles', '2026-03-09T07:00:00.000Z'],
    ['2026-11-27', 'Asia/Seoul', '2026-11-26T15:00:00.000Z'],
    ['2026-11-27', 'UTC', '2026-11-27T00:00:00.000Z'],
  ])('%s in %s begins at %s', (day, zone, expected) => {
    expect(startOfLocalDay(day, zone).toISOString()).toBe(expected);
  });
  it('names the local month', () => {
    expect(localMonthOf('America/Los_Angeles')(new Date('2025-03-01T05:00:00Z'))).toBe('2025-02');
    expect(localMonthOf('Asia/Seoul')(new Date('2025-02-28T16:00:00Z'))).toBe('2025-03');
  });
});
