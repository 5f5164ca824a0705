/**
 * Reader-facing dates and times, always in the site's time zone and per language. Korean is assembled from parts
 * because ICU builds differ in how they spell the day period (오전/오후 versus AM/PM).
 */
export type DateLanguage = 'ko' | 'en';

// Building an Intl.DateTimeFormat costs far more than using one; pages format dozens of dates, so keep them.
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatter = (locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat => {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    formatters.set(key, found);
  }
  return found;
};

const partsOf = (date: Date, timeZone: string, options: Intl.DateTimeFormatOptions) => {
  const parts = formatter('en-US', timeZone, options).formatToParts(date);
  return (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
};

const KO_WEEKDAYS: Record<string, string> = { Sun: '일요일', Mon: '월요일', Tue: '화요일', Wed: '수요일', Thu: '목요일', Fri: '금요일', Sat: '토요일' };

/** `Monday, November 3, 2025` / `2025년 11월 3일 월요일` */
export function formatLongDate(date: Date, language: DateLanguage, timeZone: string): string {
  if (language === 'en') return formatter('en-US', timeZone, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(date);
  const part = partsOf(date, timeZone, { weekday: 'short', year: 'numeric', month: 'numeric', day: 'numeric' });
  return `${part('year')}년 ${part('month')}월 ${part('day')}일 ${KO_WEEKDAYS[part('weekday')] ?? ''}`.trim();
}

// AP style, as English-language newsrooms write dates.
const AP_MONTHS = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];

/** `Nov. 3, 2025, 9:15 a.m. PST` / `2025년 11월 3일 오전 9:15 (PST)` */
export function formatDateTime(date: Date, language: DateLanguage, timeZone: string): string {
  const part = partsOf(date, timeZone, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true, timeZoneName: 'short' });
  const zone = part('timeZoneName');
  const pm = part('dayPeriod').toUpperCase() === 'PM';
  if (language === 'ko') return `${part('year')}년 ${part('month')}월 ${part('day')}일 ${pm ? '오후' : '오전'} ${part('hour')}:${part('minute')} (${zone})`;
  const month = AP_MONTHS[Number(part('month')) - 1] ?? part('month');
  return `${month} ${part('day')}, ${part('year')}, ${part('hour')}:${part('minute')} ${pm ? 'p.m.' : 'a.m.'} ${zone}`;
}

/** `Nov. 3, 2025` / `2025.11.3` for lists. */
export function formatShortDate(date: Date, language: DateLanguage, timeZone: string): string {
  const part = partsOf(date, timeZone, { year: 'numeric', month: 'numeric', day: 'numeric' });
  if (language === 'ko') return `${part('year')}. ${part('month')}. ${part('day')}.`;
  return formatDateTime(date, 'en', timeZone).split(', ').slice(0, 2).join(', ');
}
