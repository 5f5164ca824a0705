import { createECDH, createPublicKey, hkdfSync, createDecipheriv, randomBytes, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import selfsigned from 'selfsigned';

export interface ReceivedPush {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** What the push service answered. */
  status: number;
}

/**
 * A browser's push service (RFC 8030) on 127.0.0.1: a real HTTPS server with a certificate made at test time.
 * The server under test trusts it through PUSH_CA_FILE (the certificate file), not by turning TLS checks off.
 * `answer(path, [500, 201])` queues the statuses one endpoint answers (then 201).
 */
export async function startPushService(): Promise<{
  origin: string;
  caFile: string;
  received: ReceivedPush[];
  endpoint(id: string): string;
  answer(pathname: string, statuses: number[]): void;
  close(): Promise<void>;
}> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sinmun-push-'));
  const caFile = path.join(dir, 'push-service.pem');
  writeFileSync(caFile, pems.cert);
  const received: ReceivedPush[] = [];
  const queues = new Map<string, number[]>();
  const server = https.createServer({ key: pems.private, cert: pems.cert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const pathname = new URL(request.url ?? '/', 'https://127.0.0.1').pathname;
      const status = queues.get(pathname)?.shift() ?? 201;
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
      received.push({ path: pathname, headers, body: Buffer.concat(chunks), status });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? '' : 'push service says no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    caFile,
    received,
    endpoint: (id) => `${origin}/push/${id}`,
    answer: (pathname, statuses) => queues.set(pathname, [...statuses]),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a browser holds after `pushManager.subscribe()`: a P-256 key pair and a 16-byte auth secret. */
export function synthesiseSubscription(endpoint: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    json: { endpoint, expirationTime: null, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } },
    /** RFC 8291 + RFC 8188 (aes128gcm), written from the RFCs with node:crypto: the receiving browser's side. */
    decrypt(body: Buffer): string {
      const salt = body.subarray(0, 16);
      const rs = body.readUInt32BE(16);
      const idlen = body[20] ?? 0;
      const senderPublic = body.subarray(21, 21 + idlen);
      const ciphertext = body.subarray(21 + idlen);
      if (ciphertext.length > rs) throw new Error('expected a single record');
      const ecdhSecret = ecdh.computeSecret(senderPublic);
      const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), senderPublic]);
      const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, auth, keyInfo, 32));
      const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
      const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
      const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
      decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
      const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
      let end = padded.length - 1;
      while (end >= 0 && padded[end] === 0) end--;
      if (padded[end] !== 2) throw new Error('the last record must end with the 0x02 delimiter');
      return padded.subarray(0, end).toString('utf8');
    },
  };
}

/**
 * Checks an RFC 8292 `Authorization: vapid t=<JWT>, k=<key>` header: the JWT is ES256-signed by `publicKey`, and
 * its claims are returned for the caller to check (aud, exp, sub).
 */
export function verifyVapid(authorization: string, publicKey: string): { aud: string; exp: number; sub: string } {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization);
  if (!match?.[1] || !match[2]) throw new Error(`not a VAPID Authorization header: ${authorization}`);
  if (match[2] !== publicKey) throw new Error('k= is not the configured VAPID public key');
  const [header, claims, signature] = match[1].split('.') as [string, string, string];
  if ((JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg: string }).alg !== 'ES256') throw new Error('alg is not ES256');
  const point = Buffer.from(publicKey, 'base64url');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') }, format: 'jwk' });
  if (!verify('sha256', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))) throw new Error('bad VAPID signature');
  return JSON.parse(Buffer.from(claims, 'base64url').toString()) as { aud: string; exp: number; sub: string };
}

/** A VAPID key pair made with node:crypto (base64url), as `sinmun push keys` would print. */
export function vapidKeyPair(): { publicKey: string; privateKey: string } {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const priv = ecdh.getPrivateKey();
  return { publicKey: ecdh.getPublicKey().toString('base64url'), privateKey: Buffer.concat([Buffer.alloc(32 - priv.length), priv]).toString('base64url') };
}
