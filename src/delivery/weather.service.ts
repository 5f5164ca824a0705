import type { Logger } from '../lib/logger.js';

export interface WeatherReading {
  city: string;
  temperatureF: number;
  fetchedAt: number;
}

export interface WeatherOptions {
  /** Base URL of an Open-Meteo-compatible API; the service appends `/v1/forecast?…`. Undefined disables it. */
  apiUrl: string | undefined;
  city: string;
  latitude: number;
  longitude: number;
  /** @default 10 minutes */
  refreshMs?: number;
  /** @default 3 s — a slow provider must never hold anything up. */
  timeoutMs?: number;
}

/**
 * The header's weather widget. Readings are fetched off the request path on a timer and kept in memory; a page only
 * reads the cache, so a slow or dead provider never slows or breaks a page — the widget is simply left out.
 */
export class WeatherService {
  private reading: WeatherReading | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly refreshMs: number;

  constructor(
    private readonly options: WeatherOptions,
    private readonly logger: Logger,
  ) {
    this.refreshMs = options.refreshMs ?? 10 * 60 * 1000;
  }

  /** The latest reading, or undefined when there is none fresh enough to show (older than two refresh periods). */
  current(): WeatherReading | undefined {
    if (!this.reading) return undefined;
    return Date.now() - this.reading.fetchedAt <= this.refreshMs * 2 ? this.reading : undefined;
  }

  start(): void {
    if (!this.options.apiUrl || this.timer) return;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Fetches now; resolves whether or not the provider answered. */
  async refresh(): Promise<void> {
    if (!this.options.apiUrl) return;
    const url = new URL('/v1/forecast', this.options.apiUrl.endsWith('/') ? this.options.apiUrl : `${this.options.apiUrl}/`);
    // Keep any path prefix of the base URL (e.g. a proxy at https://host/weather).
    url.pathname = `${new URL(this.options.apiUrl).pathname.replace(/\/+$/, '')}/v1/forecast`;
    url.search = new URLSearchParams({
      latitude: String(this.options.latitude),
      longitude: String(this.options.longitude),
      current: 'temperature_2m',
      temperature_unit: 'fahrenheit',
    }).toString();
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 3000), headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = (await response.json()) as { current?: { temperature_2m?: unknown }; current_units?: { temperature_2m?: unknown } };
      const value = body.current?.temperature_2m;
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error('no current.temperature_2m in the answer');
      // A provider that ignores temperature_unit answers in °C and says so in current_units.
      const celsius = typeof body.current_units?.temperature_2m === 'string' && body.current_units.temperature_2m.includes('C');
      this.reading = { city: this.options.city, temperatureF: celsius ? value * 1.8 + 32 : value, fetchedAt: Date.now() };
    } catch (error) {
      this.logger.warn({ err: error instanceof Error ? error.message : String(error), url: url.origin }, 'weather provider unavailable; widget hidden until it answers');
    }
  }
}
