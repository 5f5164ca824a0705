/** The zone's offset from UTC at an instant, in ms (e.g. -8 h for Los Angeles in winter). */
function offsetMs(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The calendar day (YYYY-MM-DD) of an instant in a zone. */
export const localDay = (at: Date, timeZone: string): string => new Intl.DateTimeFormat('en-CA', { timeZone }).format(at);

/** The next instant after `now` when the wall clock in `timeZone` shows `hhmm` (HH:MM or HH:MM:SS), DST included. */
export function nextLocalTime(hhmm: string, timeZone: string, now: Date = new Date()): Date {
  const [hour, minute, second = 0] = hhmm.split(':').map(Number) as [number, number, number?];
  for (let dayOffset = 0; dayOffset < 3; dayOffset++) {
    const [y, m, d] = localDay(new Date(now.getTime() + dayOffset * 86_400_000), timeZone).split('-').map(Number) as [number, number, number];
    const wall = Date.UTC(y, m - 1, d, hour, minute, second);
    let guess = wall - offsetMs(wall, timeZone);
    guess = wall - offsetMs(guess, timeZone);
    if (guess > now.getTime()) return new Date(guess);
  }
  return new Date(now.getTime() + 86_400_000);
}

/** The instant a calendar day (YYYY-MM-DD) begins on the wall clock of `timeZone`, DST included. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  const guess = wall - offsetMs(wall, timeZone);
  return new Date(wall - offsetMs(guess, timeZone));
}

/** The calendar month (YYYY-MM) of an instant in a zone; one formatter per zone, made once. */
export function localMonthOf(timeZone: string): (at: Date) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' });
  return (at) => {
    const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}`;
  };
}
