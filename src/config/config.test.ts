import { createECDH } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      siteUrl: 'http://127.0.0.1:3000',
      siteTimezone: 'America/Los_Angeles',
      defaultLanguage: 'ko',
      databaseUrl: undefined,
      demo: true,
      weather: { city: 'Los Angeles', apiUrl: 'https://api.open-meteo.com' },
    });
    expect(config.dataDir.endsWith('/data')).toBe(true);
  });

  it('keeps DEMO on whatever NODE_ENV says, and DEMO=0 turns it off', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).demo).toBe(true);
    expect(loadConfig({ DEMO: '0' }).demo).toBe(false);
  });

  it('reads TRUST_PROXY as off, on, or a list of proxies', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/^TRUST_PROXY: /);
  });

  it('turns Web Push on with a valid VAPID key pair and subject, and refuses partial or mismatched keys', () => {
    const pair = () => {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      return { pub: ecdh.getPublicKey().toString('base64url'), priv: ecdh.getPrivateKey().toString('base64url') };
    };
    let keys = pair();
    while (Buffer.from(keys.priv, 'base64url').length !== 32) keys = pair();
    const other = pair();
    expect(loadConfig({}).push).toEqual({ vapid: undefined, caFile: undefined, endpointHosts: expect.arrayContaining(['fcm.googleapis.com', 'push.services.mozilla.com', 'push.apple.com']) as unknown });
    const on = loadConfig({ VAPID_PUBLIC_KEY: keys.pub, VAPID_PRIVATE_KEY: keys.priv, VAPID_SUBJECT: 'mailto:desk@example.com', PUSH_ENDPOINT_HOSTS: '127.0.0.1, push.example' });
    expect(on.push).toEqual({ vapid: { publicKey: keys.pub, privateKey: keys.priv, subject: 'mailto:desk@example.com' }, caFile: undefined, endpointHosts: ['127.0.0.1', 'push.example'] });
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: keys.pub })).toThrow(/^VAPID_PRIVATE_KEY: .*together/);
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: other.pub, VAPID_PRIVATE_KEY: keys.priv, VAPID_SUBJECT: 'mailto:desk@example.com' })).toThrow(/^VAPID_PUBLIC_KEY: does not belong/);
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: 'abc', VAPID_PRIVATE_KEY: keys.priv, VAPID_SUBJECT: 'mailto:desk@example.com' })).toThrow(/^VAPID_PUBLIC_KEY: /);
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: keys.pub, VAPID_PRIVATE_KEY: keys.priv, VAPID_SUBJECT: 'desk@example.com' })).toThrow(/^VAPID_SUBJECT: /);
  });

  it('disables the weather widget with an empty WEATHER_API_URL', () => {
    expect(loadConfig({ WEATHER_API_URL: '' }).weather.apiUrl).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['SITE_TIMEZONE', 'Mars/Olympus'],
    ['DEFAULT_LANGUAGE', 'fr'],
    ['DATABASE_URL', 'mysql://x'],
    ['SITE_URL', 'example.com'],
    ['WEATHER_API_URL', 'ftp://x'],
    ['WEATHER_LATITUDE', '123'],
    ['DEMO', 'maybe'],
    ['MEDIA_MAX_BYTES', '-5'],
    ['SMTP_URL', 'http://mail'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}: `));
  });
});
