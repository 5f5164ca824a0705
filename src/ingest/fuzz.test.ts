import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWireDocument } from './ingest.js';
import type { WireFormat } from './wire-item.js';

const IPTC = path.resolve(import.meta.dirname, '../../../shared/fixtures/wire/iptc');
const OURS = path.resolve(import.meta.dirname, '../../tests/fixtures/wire');

/** One sample per parser; each is mutated the ways real feeds break and attackers try. */
const SAMPLES: [WireFormat, string][] = [
  ['ninjs', path.join(IPTC, 'ninjs/examples/2.1/tt_text_image_2.json')],
  ['ninjs', path.join(OURS, 'yonhap-ko-euckr.json')],
  ['ninjs', path.join(OURS, 'yonhap-ninjs1-photo-story.json')],
  ['newsml-g2', path.join(IPTC, 'newsml-g2/examples/LISTING_2_NewsML-G2_Text_Document.xml')],
  ['newsml-g2', path.join(IPTC, 'newsml-g2/examples/LISTING_3_Photo_in_NewsML-G2.xml')],
  ['nitf', path.join(OURS, 'nitf-story.xml')],
  ['rss', path.join(OURS, 'partner-rss.xml')],
  ['atom', path.join(OURS, 'partner-atom.xml')],
];

/** A small seeded PRNG (mulberry32), so a failure names a case that can be run again. */
function random(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** base64 of `megabytes` of binary-looking bytes, wrapped at 76 columns as agencies' encoders do. */
function base64Payload(megabytes: number, rnd: () => number): string {
  const bytes = Buffer.alloc(Math.floor((megabytes * 1024 * 1024 * 3) / 4));
  for (let i = 0; i < bytes.length; i += 4096) bytes[i] = Math.floor(rnd() * 256);
  return bytes.toString('base64').replace(/.{76}/g, '$&\n');
}

/** An inline binary object (a G2 `inlineData`) put first in the item's contentSet. */
const withInlineData = (text: string, payload: string) => text.replace(/<contentSet>/, `<contentSet><inlineData contenttype="image/jpeg" encoding="enc:base64">${payload}</inlineData>`);

function mutations(bytes: Buffer, xml: boolean, seed: number, format: WireFormat): [string, Buffer][] {
  const rnd = random(seed);
  const out: [string, Buffer][] = [];
  const pick = () => Math.floor(rnd() * bytes.length);
  for (let i = 0; i < 5; i++) {
    const at = Math.floor(rnd() * bytes.length);
    out.push([`truncated at ${at}`, bytes.subarray(0, at)]);
  }
  for (let i = 0; i < 8; i++) {
    const copy = Buffer.from(bytes);
    const flips = 1 + Math.floor(rnd() * 8);
    for (let f = 0; f < flips; f++) {
      const at = Math.floor(rnd() * copy.length);
      copy[at] = (copy[at] ?? 0) ^ (1 << Math.floor(rnd() * 8));
    }
    out.push([`${flips} bits flipped`, copy]);
  }
  for (let i = 0; i < 3; i++) {
    // A slice lost or sent twice, as a resumed FTP upload does.
    const [from, to] = [pick(), pick()].sort((a, b) => a - b) as [number, number];
    out.push([`slice ${from}-${to} dropped`, Buffer.concat([bytes.subarray(0, from), bytes.subarray(to)])]);
    out.push([`slice ${from}-${to} repeated`, Buffer.concat([bytes.subarray(0, to), bytes.subarray(from)])]);
  }
  for (const junk of [Buffer.from([0]), Buffer.from([0xff, 0xfe, 0xc0, 0x80]), Buffer.from('\u202e\ufeff', 'utf8')]) {
    const at = pick();
    out.push([`${junk.length} junk bytes at ${at}`, Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)])]);
  }
  const text = bytes.toString('latin1');
  if (xml) {
    const bomb = '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>';
    const afterProlog = text.replace(/^(\s*<\?xml[^>]*\?>)?/, (m) => `${m}${bomb}`).replace(/(<\w[^>]*>)/, '$1&d;&d;&d;');
    out.push(['billion laughs', Buffer.from(afterProlog, 'latin1')]);
    out.push(['external entity', Buffer.from(text.replace(/^(\s*<\?xml[^>]*\?>)?/, (m) => `${m}<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>`), 'latin1')]);
    out.push(['external DTD only', Buffer.from(text.replace(/^(\s*<\?xml[^>]*\?>)?/, (m) => `${m}<!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd">`), 'latin1')]);
    out.push(['deep nesting', Buffer.from(`${'<a>'.repeat(50_000)}${'</a>'.repeat(50_000)}`)]);
    if (format === 'newsml-g2') {
      // A binary inline object: over the document limit it is refused before any parsing; under it, the XML parser
      // and the XSD validator wade through megabytes of base64 (checked below: in time, and none of it in the item).
      out.push(['huge base64 inline object', Buffer.from(withInlineData(text, base64Payload(11, rnd)), 'latin1')]);
      out.push(['large base64 inline object under the limit', Buffer.from(withInlineData(text, base64Payload(7, rnd)), 'latin1')]);
      out.push(['large base64 inline object with bytes flipped', Buffer.from(withInlineData(text, base64Payload(7, rnd).replace(/^(.{5000})..../s, '$1<&\u0000')), 'latin1')]);
    }
  } else {
    out.push(['deep nesting', Buffer.from(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)]);
    out.push(['huge base64 rendition', Buffer.from(text.replace(/"uri"\s*:\s*"[^"]*"/, `"uri": "data:image/jpeg;base64,${'A'.repeat(12 * 1024 * 1024)}"`), 'latin1')]);
    out.push(['wrong types', Buffer.from(JSON.stringify({ uri: 7, headlines: 'x', bodies: [{ value: { a: 1 } }] }))]);
  }
  return out;
}

const TIME_LIMIT_MS = 8_000;

describe('fuzz: mutated samples never crash or hang a parser; each ends as items or a quarantine reason', () => {
  it.each(SAMPLES.map(([format, file], index) => [`${format} ${path.basename(file)}`, format, file, index]))('%s', async (_name, format, file, index) => {
    const bytes = fs.readFileSync(file);
    let items = 0;
    let quarantined = 0;
    for (const [label, mutated] of mutations(bytes, format !== 'ninjs', 1000 + Number(index), format as WireFormat)) {
      const started = Date.now();
      const outcome = await parseWireDocument(mutated, { format: format as WireFormat });
      const took = Date.now() - started;
      expect(took, `${label} took ${took} ms`).toBeLessThan(TIME_LIMIT_MS);
      if (outcome.ok) {
        items++;
        expect(outcome.items.length, label).toBeGreaterThan(0);
        for (const item of outcome.items) {
          expect(item.headline.length, label).toBeGreaterThan(0);
          // Whatever survives is text a desk can show: no run of base64 reaches the headline, dek or body.
          expect(`${item.headline} ${item.dek} ${JSON.stringify(item.body)}`, label).not.toMatch(/[A-Za-z0-9+/]{200}/);
        }
      } else {
        quarantined++;
        expect(outcome.reason.length, label).toBeGreaterThan(3);
      }
      if (/laughs|external entity|deep nesting|huge|wrong types|bytes flipped$/.test(label)) expect(outcome.ok, label).toBe(false);
      if (/huge/.test(label) && !outcome.ok) expect(outcome.reason, label).toMatch(/^oversized/);
      if (label === 'large base64 inline object under the limit') expect(outcome.ok, label).toBe(true);
    }
    expect(items + quarantined).toBeGreaterThanOrEqual(25);
  }, 120_000);
});
