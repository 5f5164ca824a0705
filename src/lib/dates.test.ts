import { describe, expect, it } from 'vitest';
import { formatDateTime, formatLongDate, formatShortDate } from './dates.js';

const la = 'America/Los_Angeles';

describe('reader dates', () => {
  it('formats the date bar in both languages in the site time zone', () => {
    // 07:00 UTC on Nov 4 is still Monday Nov 3 in Los Angeles.
    const date = new Date('2025-11-04T07:00:00Z');
    expect(formatLongDate(date, 'en', la)).toBe('Monday, November 3, 2025');
    expect(formatLongDate(date, 'ko', la)).toBe('2025년 11월 3일 월요일');
    expect(formatLongDate(date, 'ko', 'Asia/Seoul')).toBe('2025년 11월 4일 화요일');
  });

  it('formats times with the zone', () => {
    const date = new Date('2025-11-03T17:15:00Z');
    expect(formatDateTime(date, 'en', la)).toBe('Nov. 3, 2025, 9:15 a.m. PST');
    expect(formatDateTime(date, 'ko', la)).toBe('2025년 11월 3일 오전 9:15 (PST)');
    expect(formatDateTime(new Date('2025-07-03T22:05:00Z'), 'en', la)).toBe('July 3, 2025, 3:05 p.m. PDT');
    expect(formatShortDate(date, 'en', la)).toBe('Nov. 3, 2025');
    expect(formatShortDate(date, 'ko', la)).toBe('2025. 11. 3.');
  });
});
