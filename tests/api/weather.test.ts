import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWeatherServer } from '../fakes/weather-server.js';
import type { FakeWeatherServer } from '../fakes/weather-server.js';
import { sqliteTarget } from '../setup/test-databases.js';
import type { TestDatabase } from '../setup/test-databases.js';
import { startTestServer } from '../setup/test-server.js';

/** The weather widget never slows or breaks a page: readings come from a timer, pages read only the cache. */
describe('weather widget', () => {
  let db: TestDatabase;
  let weather: FakeWeatherServer;
  let hanging: http.Server;
  let hangingUrl: string;

  beforeAll(async () => {
    db = await sqliteTarget.create();
    weather = await startFakeWeatherServer(62.9);
    // A provider that accepts the connection and never answers.
    hanging = http.createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await weather?.close();
    hanging?.closeAllConnections();
    await new Promise((resolve) => hanging?.close(resolve));
    await db?.cleanup();
  });

  it('shows the temperature in °F and the city from the configured provider', async () => {
    const server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir, WEATHER_API_URL: weather.url, WEATHER_CITY: 'Los Angeles', WEATHER_LATITUDE: '34.05', WEATHER_LONGITUDE: '-118.24' });
    try {
      await server.services.weather.refresh();
      const html = await fetch(`${server.url}/en`).then((r) => r.text());
      expect(html).toMatch(/<span class="temp">62\.9 °F<\/span> <span class="city">Los Angeles<\/span>/);
      const request = weather.requests.at(-1);
      expect(request?.pathname).toBe('/v1/forecast');
      expect(request?.searchParams.get('current')).toBe('temperature_2m');
      expect(request?.searchParams.get('temperature_unit')).toBe('fahrenheit');
      expect(request?.searchParams.get('latitude')).toBe('34.05');
    } finally {
      await server.close();
    }
  });

  it('leaves the widget out, and the page stays fast and 200, when the provider fails or hangs', async () => {
    for (const url of [hangingUrl, 'http://127.0.0.1:9']) {
      const server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir, WEATHER_API_URL: url });
      try {
        const started = Date.now();
        const response = await fetch(`${server.url}/en`);
        const html = await response.text();
        expect(response.status).toBe(200);
        expect(Date.now() - started).toBeLessThan(500);
        expect(html).not.toContain('class="weather"');
      } finally {
        await server.close();
      }
    }
    weather.setFailing(true);
    const server = await startTestServer({ DATABASE_URL: db.databaseUrl, DATA_DIR: db.dataDir, WEATHER_API_URL: weather.url });
    try {
      await server.services.weather.refresh();
      expect(await fetch(`${server.url}/en`).then((r) => r.text())).not.toContain('class="weather"');
    } finally {
      weather.setFailing(false);
      await server.close();
    }
  });
});
