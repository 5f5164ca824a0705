import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseWireDocument } from './ingest.js';
import type { WireFormat, WireItem } from './wire-item.js';

/** The IPTC's own examples and negative tests, shipped beside the repository in shared/ (see its README). */
export const IPTC = path.resolve(import.meta.dirname, '../../../shared/fixtures/wire/iptc');
export const OURS = path.resolve(import.meta.dirname, '../../tests/fixtures/wire');

const files = (dir: string) => fs.readdirSync(dir).filter((f) => !f.startsWith('.')).map((f) => path.join(dir, f));
const formatOf = (file: string): WireFormat =>
  file.endsWith('.json') ? 'ninjs' : path.basename(file).startsWith('nitf') ? 'nitf' : /rss/.test(file) ? 'rss' : /atom/.test(file) ? 'atom' : 'newsml-g2';

async function items(file: string): Promise<WireItem[]> {
  const outcome = await parseWireDocument(fs.readFileSync(file), { format: formatOf(file) });
  if (!outcome.ok) throw new Error(`${path.basename(file)} was quarantined: ${outcome.reason}`);
  return outcome.items;
}

const bodyText = (item: WireItem) => JSON.stringify(item.body);

describe('IPTC samples', () => {
  const examples = [...files(path.join(IPTC, 'ninjs/examples/2.1')), ...files(path.join(IPTC, 'ninjs/examples/3.0')), ...files(path.join(IPTC, 'newsml-g2/examples'))];
  it('finds the samples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(12);
  });

  it.each(examples.map((f) => [path.basename(f), f]))('%s ingests into a sensible WireItem', async (_name, file) => {
    const [item, ...more] = await items(file);
    expect(more).toEqual([]);
    if (!item) throw new Error('no item');
    expect(item.guid.length).toBeGreaterThan(3);
    expect(item.headline.length).toBeGreaterThan(1);
    expect(item.pubStatus).toBe('usable');
    expect(item.versionCreated ?? item.firstCreated).toMatch(/^\d{4}-\d\d-\d\dT/);
    if (item.itemClass === 'text' && !/LISTING_1/.test(file)) expect(item.body.length).toBeGreaterThan(0);
    if (item.itemClass === 'picture') expect(item.pictures[0]?.caption.length).toBeGreaterThan(10);
    expect(bodyText(item)).not.toMatch(/<script|onclick|javascript:/i);
  });

  it('maps the fields a desk needs from the agencies’ own examples', async () => {
    const [dpa] = await items(path.join(IPTC, 'ninjs/examples/2.1/dpa_text.json'));
    expect(dpa).toMatchObject({ language: 'de', source: 'dpa', version: 2, credits: [{ name: 'Christian Hollmann', organization: 'dpa', role: 'reporter' }] });
    const [ap] = await items(path.join(IPTC, 'ninjs/examples/2.1/ap_image.json'));
    expect(ap?.itemClass).toBe('picture');
    expect(ap?.pictures[0]).toMatchObject({ credit: 'ASSOCIATED PRESS', usageTerms: expect.stringContaining('editorial use only') });
    const [tt] = await items(path.join(IPTC, 'ninjs/examples/2.1/tt_text_image_2.json'));
    expect(tt?.pictures[0]?.credit).toBe('Karl Melander/TT');
    const [simple] = await items(path.join(IPTC, 'ninjs/examples/3.0/ninjsExSimpleText_3.json'));
    expect(simple?.formatVersion).toMatch(/^3\./);
    expect(simple?.credits.map((c) => c.name)).toEqual(['Paulo Santalucia', "Frances d'Emilio"]);
    const [g2] = await items(path.join(IPTC, 'newsml-g2/examples/LISTING_1_A_NewsML-G2_News_Item.xml'));
    expect(g2?.embargoUntil).toBe('2018-10-23T12:00:00.000Z');
    const [photo] = await items(path.join(IPTC, 'newsml-g2/examples/LISTING_3_Photo_in_NewsML-G2.xml'));
    expect(photo).toMatchObject({ itemClass: 'picture', credits: [{ name: 'Spencer Platt', role: 'photographer' }] });
    expect(photo?.pictures[0]).toMatchObject({ credit: 'Getty Images', usageTerms: expect.stringContaining('commercial') });
    const [text] = await items(path.join(IPTC, 'newsml-g2/examples/LISTING_2_NewsML-G2_Text_Document.xml'));
    expect(text?.credits[0]?.name).toBe('Meredith Jameson');
    const [pkg] = await items(path.join(IPTC, 'newsml-g2/examples/LISTING_6_Simple_NewsML-G2_Package.xml'));
    expect(pkg?.itemClass).toBe('package');
  });

  it.each([...files(path.join(IPTC, 'ninjs/should_fail/2.1')), ...files(path.join(IPTC, 'newsml-g2/should_fail'))].map((f) => [path.basename(f), f]))('should_fail %s is quarantined with a reason', async (_name, file) => {
    const outcome = await parseWireDocument(fs.readFileSync(file), { format: formatOf(file) });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.reason).toMatch(/not valid (ninjs|against the NewsML-G2)/);
  });
});

describe('our fixtures', () => {
  it('Yonhap copy: the byline becomes a structured credit, never body text; the photo keeps caption, credit and terms; scripts are gone', async () => {
    const [item] = await items(path.join(OURS, 'yonhap-photo-story.json'));
    expect(item?.credits).toEqual([{ name: 'Kim Ju-yeon', role: 'reporter', organization: 'Yonhap', email: 'kim.juyeon2@joongang.co.kr' }]);
    expect(bodyText(item as WireItem)).not.toMatch(/KIM JU-YEON|alert/);
    expect(item?.pictures[0]).toMatchObject({ credit: 'YONHAP', usageTerms: expect.stringContaining('Editorial use only') });
    expect(item?.pictures[0]?.caption).not.toContain('[YONHAP]');
  });

  it('a Korean ninjs item in EUC-KR (detected, and declared by Content-Type) decodes like UTF-8', async () => {
    const bytes = fs.readFileSync(path.join(OURS, 'yonhap-ko-euckr.json'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    for (const contentType of [undefined, 'application/json; charset=EUC-KR']) {
      const outcome = await parseWireDocument(bytes, { format: 'ninjs', contentType });
      expect(outcome.ok && outcome.items[0]).toMatchObject({ language: 'ko', headline: '우크라이나 포로 북한군 "한국으로 보내달라"', credits: [{ name: '김주연', organization: 'Yonhap' }] });
    }
  });

  it('EUC-KR declared in an XML prolog is decoded; bytes that do not decode as declared are quarantined', async () => {
    const nitf = fs.readFileSync(path.join(OURS, 'nitf-story.xml'), 'utf8').replace('encoding="UTF-8"', 'encoding="EUC-KR"').replace('Seoul will raise', '서울시가 인상한다. Seoul will raise');
    const outcome = await parseWireDocument(iconv.encode(nitf, 'euc-kr'), { format: 'nitf' });
    expect(outcome.ok && bodyText(outcome.items[0] as WireItem)).toContain('서울시가 인상한다');
    const lying = await parseWireDocument(Buffer.from(nitf, 'utf8'), { format: 'nitf', contentType: 'application/xml; charset=utf-8' });
    expect(lying.ok).toBe(true);
    const bad = await parseWireDocument(Buffer.concat([Buffer.from('<?xml version="1.0" encoding="EUC-KR"?><nitf>'), Buffer.from([0xff, 0xff, 0xfe]), Buffer.from('</nitf>')]), { format: 'nitf' });
    expect(bad).toEqual({ ok: false, reason: 'the bytes do not decode as the declared EUC-KR' });
  });

  it('NITF: headline, dek, byline credit, picture with credit; a management-status kill', async () => {
    const [story] = await items(path.join(OURS, 'nitf-story.xml'));
    expect(story).toMatchObject({ format: 'nitf', version: 1, headline: 'Seoul subway fares to rise in January', dek: expect.stringContaining('150 won'), credits: [{ name: 'Park Ji-won', organization: 'Newsis' }] });
    expect(story?.pictures[0]).toMatchObject({ href: 'subway.jpg', credit: 'NEWSIS', alt: 'A Seoul subway platform' });
    const [kill] = await items(path.join(OURS, 'nitf-kill.xml'));
    expect(kill).toMatchObject({ guid: story?.guid, version: 2, pubStatus: 'canceled' });
  });

  it('RSS 2.0 (full content and summary-only) and Atom (summary and xhtml content)', async () => {
    const rss = await items(path.join(OURS, 'partner-rss.xml'));
    expect(rss).toHaveLength(2);
    expect(rss[0]).toMatchObject({ headline: 'Koreatown night market returns', dek: 'The market is back for the winter.', credits: [{ name: 'Jane Park' }], pictures: [{ credit: 'KOREA DAILY' }] });
    expect(bodyText(rss[0] as WireItem)).not.toContain('onclick');
    expect(rss[1]?.guid).toBe('https://partner.example/2025/11/library');
    expect(bodyText(rss[1] as WireItem)).toContain('2,000 Korean titles');
    const atom = await items(path.join(OURS, 'partner-atom.xml'));
    expect(atom.map((a) => a.headline)).toEqual(['Hanbok exhibition opens downtown', 'Seollal concert tickets on sale']);
    expect(bodyText(atom[1] as WireItem)).toContain('Seollal');
  });

  it('NewsML-G2 newsMessage: several items, XHTML body, embargo, a withheld notice', async () => {
    const [rate, ferry] = await items(path.join(OURS, 'newsml-message-withheld.xml'));
    expect(rate).toMatchObject({ headline: 'Bank of Korea holds rate steady', embargoUntil: '2099-01-01T00:00:00.000Z', urgency: 2, credits: [{ name: 'Lee Min-ho' }] });
    expect(ferry).toMatchObject({ pubStatus: 'withheld', version: 2 });
  });

  it('a correction is flagged in every format that can say so (ninjs ednote, NewsML-G2 signal, NITF docdata correction)', async () => {
    const ninjs = JSON.parse(fs.readFileSync(path.join(OURS, 'yonhap-ninjs1-photo-story.json'), 'utf8')) as Record<string, unknown>;
    const parse = async (text: string, format: WireFormat) => {
      const outcome = await parseWireDocument(Buffer.from(text), { format });
      if (!outcome.ok) throw new Error(outcome.reason);
      return outcome.items[0];
    };
    expect(await parse(JSON.stringify({ ...ninjs, version: '2', ednote: 'CORRECTS spelling of district' }), 'ninjs')).toMatchObject({ version: 2, isCorrection: true });
    expect(await parse(JSON.stringify({ ...ninjs, version: '2', ednote: 'Adds mayor quote' }), 'ninjs')).toMatchObject({ version: 2, isCorrection: false });
    const g2 = fs.readFileSync(path.join(IPTC, 'newsml-g2/examples/LISTING_2_NewsML-G2_Text_Document.xml'), 'utf8');
    expect(await parse(g2, 'newsml-g2')).toMatchObject({ isCorrection: false });
    expect(await parse(g2.replace(/(<pubStatus[^>]*\/>)/, '$1<signal qcode="sig:correction"/>'), 'newsml-g2')).toMatchObject({ isCorrection: true });
    const nitf = fs.readFileSync(path.join(OURS, 'nitf-story.xml'), 'utf8');
    const corrected = nitf.replace('<du-key key="subway-fares" version="1"/>', '<correction info="Corrects the size of the rise: 150 won, not 250" id-string="urn:newsis:2025:subway-fares"/><du-key key="subway-fares" version="2"/>');
    expect(corrected).not.toBe(nitf);
    expect(await parse(corrected, 'nitf')).toMatchObject({ version: 2, isCorrection: true });
  });

  it('updates and kills in ninjs carry higher versions of the same GUID; the embargo is read', async () => {
    const [v1] = await items(path.join(OURS, 'yonhap-photo-story.json'));
    const [v2] = await items(path.join(OURS, 'yonhap-photo-story-v2-update.json'));
    const [v3] = await items(path.join(OURS, 'yonhap-photo-story-v3-kill.json'));
    expect([v1?.version, v2?.version, v3?.version]).toEqual([1, 2, 3]);
    expect(new Set([v1?.guid, v2?.guid, v3?.guid]).size).toBe(1);
    expect(v3?.pubStatus).toBe('canceled');
    const [embargoed] = await items(path.join(OURS, 'yonhap-embargoed.json'));
    expect(embargoed?.embargoUntil).toBe('2099-01-01T00:00:00.000Z');
  });
});

describe('ninjs 1.x (flat properties, keyed associations and renditions)', () => {
  const file = path.join(OURS, 'yonhap-ninjs1-photo-story.json');

  it('is recognised as 1.x, validated against the 1.6 schema and mapped like the later versions', async () => {
    const [item, ...more] = await items(file);
    expect(more).toEqual([]);
    expect(item).toMatchObject({
      format: 'ninjs',
      formatVersion: '1.6',
      guid: 'urn:yna.co.kr:AEN20251105004200320',
      version: 1,
      pubStatus: 'usable',
      itemClass: 'text',
      urgency: 4,
      language: 'en',
      headline: 'Seoul opens first hydrogen bus depot on the Han River',
      dek: 'The depot can refuel 60 buses a day, the city said.',
      source: 'Yonhap',
      byline: 'By Lee Ji-hye',
      credits: [{ name: 'Lee Ji-hye', role: 'reporter', organization: 'Yonhap' }],
      subjects: ['Transport'],
      firstCreated: '2025-11-05T05:02:00.000Z',
      versionCreated: '2025-11-05T05:10:00.000Z',
      embargoUntil: null,
    });
    // body_html wins over body_text; script is gone.
    expect(bodyText(item as WireItem)).toContain('Gangseo District can refuel 60 buses');
    expect(bodyText(item as WireItem)).not.toMatch(/alert|<script/);
    // The keyed association becomes a picture: the largest named rendition, caption without the [YONHAP] tag, credit and terms.
    expect(item?.pictures).toEqual([
      {
        href: 'https://img.yna.co.kr/photo/yna/YH/2025/11/05/hydrogen-depot.jpg',
        caption: expect.stringMatching(/^A hydrogen bus refuels at the new depot .*2025\.$/),
        credit: 'YONHAP',
        usageTerms: 'Editorial use only. No archiving. Yonhap News Agency.',
        alt: '',
        mimeType: 'image/jpeg',
      },
    ]);
  });

  it('a 1.x document that breaks the 1.6 schema is quarantined with the schema problem', async () => {
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...doc, pubstatus: 'killed' }, /^not valid ninjs 1\.x: \/pubstatus must be equal to one of the allowed values/],
      [{ ...doc, urgency: 'flash' }, /^not valid ninjs 1\.x: \/urgency must be number/],
      [{ ...doc, versioncreated: 'yesterday' }, /^not valid ninjs 1\.x: \/versioncreated must match format "date-time"/],
      [{ ...doc, dateline: 'SEOUL' }, /^not valid ninjs 1\.x: .*must NOT have additional properties/],
    ];
    for (const [bad, reason] of cases) {
      const outcome = await parseWireDocument(Buffer.from(JSON.stringify(bad)), { format: 'ninjs' });
      expect(outcome).toEqual({ ok: false, reason: expect.stringMatching(reason) });
    }
  });
});

describe('NITF that is well-formed but breaks the NITF 3.6 XSD', () => {
  it.each([
    ['an element the schema does not know', (x: string) => x.replace('<body.head>', '<body.head><sidebar>extra</sidebar>'), /Element '\{[^}]+\}sidebar': This element is not expected/],
    ['an attribute value that is not of its type (ed-urg is an NMTOKEN)', (x: string) => x.replace('ed-urg="5"', 'ed-urg="very urgent"'), /attribute 'ed-urg': 'very urgent' is not a valid value of the atomic type 'xs:NMTOKEN'/],
    ['head and body in the wrong order', (x: string) => x.replace(/(<head>[\s\S]*?<\/head>)\s*(<body>[\s\S]*<\/body>)/, '$2$1'), /Element '\{[^}]+\}head': This element is not expected/],
  ])('%s is quarantined with a reason naming the schema problem', async (_name, mutate, detail) => {
    const good = fs.readFileSync(path.join(OURS, 'nitf-story.xml'), 'utf8');
    const bad = mutate(good);
    expect(bad).not.toBe(good);
    const outcome = await parseWireDocument(Buffer.from(bad), { format: 'nitf' });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.reason).toMatch(/^not valid against the NITF 3\.6 schema: /);
      expect(outcome.reason).toMatch(detail);
    }
  });
});

describe('hostile and broken input is quarantined with a reason', () => {
  const cases: [string, Buffer | string, WireFormat, RegExp][] = [
    ['entity expansion bomb', '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><nitf>&lol2;</nitf>', 'nitf', /hostile XML/],
    ['external entity', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&xxe;</title></channel></rss>', 'rss', /hostile XML/],
    ['truncated XML', fs.readFileSync(path.join(OURS, 'nitf-story.xml'), 'utf8').slice(0, 600), 'nitf', /malformed XML/],
    ['truncated JSON', fs.readFileSync(path.join(OURS, 'yonhap-photo-story.json'), 'utf8').slice(0, 300), 'ninjs', /malformed JSON/],
    ['oversized', Buffer.alloc(11 * 1024 * 1024, 0x20), 'ninjs', /oversized/],
    ['empty', '', 'ninjs', /empty/],
    ['not a feed', '<?xml version="1.0"?><html><body>hi</body></html>', 'rss', /not an RSS 2.0 or Atom feed/],
    ['binary', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xd8, 0x00]), 'ninjs', /neither UTF-8 nor EUC-KR|malformed/],
  ];
  it.each(cases)('%s', async (_name, input, format, reason) => {
    const outcome = await parseWireDocument(Buffer.isBuffer(input) ? input : Buffer.from(input), { format });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.reason).toMatch(reason);
  });
});

describe('XML validation in batches', () => {
  it('documents validated together are judged one by one', async () => {
    const good = fs.readFileSync(path.join(IPTC, 'newsml-g2/examples/LISTING_2_NewsML-G2_Text_Document.xml'), 'utf8');
    const docs = Array.from({ length: 8 }, (_, i) => good.replace('US-FINANCE-FED"', `US-FINANCE-FED-${i}"`));
    docs[2] = good.slice(0, 900);
    docs[5] = good.replace('<itemMeta>', '<itemMeta><bogus/>');
    const outcomes = await Promise.all(docs.map((doc) => parseWireDocument(Buffer.from(doc), { format: 'newsml-g2' })));
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false, true, true, false, true, true]);
    expect(outcomes[2]?.ok === false && outcomes[2].reason).toMatch(/malformed XML/);
    expect(outcomes[5]?.ok === false && outcomes[5].reason).toMatch(/not valid against the NewsML-G2 2.35 schema: .*bogus/);
    expect(outcomes.flatMap((o) => (o.ok ? o.items.map((i) => i.guid) : []))).toContain('urn:newsml:acmenews.com:20161121:US-FINANCE-FED-7');
  });
});
