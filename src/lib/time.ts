/** Every stored time is ISO-8601 UTC with milliseconds, so text order is time order on both databases. */
export function toIso(date: Date): string {
  return date.toISOString();
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** Accepts any ISO-8601 date-time with an offset and normalises it to UTC; undefined when it does not parse. */
export function parseIsoDateTime(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
