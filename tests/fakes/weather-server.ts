import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Open-Meteo-compatible server: answers /v1/forecast with the temperature the test sets. Records requests so
 * a test can check what the app asked for.
 */
export interface FakeWeatherServer {
  url: string;
  requests: URL[];
  setTemperature(value: number): void;
  setFailing(failing: boolean): void;
  close(): Promise<void>;
}

export async function startFakeWeatherServer(initial = 62.9): Promise<FakeWeatherServer> {
  let temperature = initial;
  let failing = false;
  const requests: URL[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push(url);
    if (failing) {
      response.writeHead(503).end();
      return;
    }
    if (url.pathname !== '/v1/forecast') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        latitude: Number(url.searchParams.get('latitude')),
        longitude: Number(url.searchParams.get('longitude')),
        current_units: { time: 'iso8601', temperature_2m: '°F' },
        current: { time: new Date().toISOString().slice(0, 16), interval: 900, temperature_2m: temperature },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setTemperature: (value) => {
      temperature = value;
    },
    setFailing: (value) => {
      failing = value;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
