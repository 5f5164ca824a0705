import iconv from 'iconv-lite';
import { WireRejection } from './wire-item.js';

const KOREAN = new Set(['euc-kr', 'euckr', 'ks_c_5601-1987', 'ks_c_5601', 'ksc5601', 'cp949', 'windows-949', 'x-windows-949', 'uhc']);
const UTF8 = new Set(['utf-8', 'utf8']);

/** The charset a Content-Type header names, e.g. `application/xml; charset=EUC-KR`. */
export function charsetOf(contentType: string | undefined): string | null {
  const m = /charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '');
  return m?.[1] ? m[1].toLowerCase() : null;
}

/** The encoding an XML prolog declares, read from the first bytes as ASCII. */
export function xmlDeclaredEncoding(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 200).toString('latin1');
  const m = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/.exec(head);
  return m?.[1] ? m[1].toLowerCase() : null;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function decodeAs(bytes: Buffer, charset: string): string {
  if (UTF8.has(charset) || charset === 'us-ascii' || charset === 'ascii') {
    try {
      return strictUtf8.decode(bytes);
    } catch {
      throw new WireRejection(`the bytes do not decode as the declared ${charset.toUpperCase()}`);
    }
  }
  // EUC-KR as agencies send it is really its superset CP949 (Unified Hangul Code); decoding with CP949 accepts both.
  const name = KOREAN.has(charset) ? 'cp949' : charset;
  if (!iconv.encodingExists(name)) throw new WireRejection(`unsupported character encoding ${charset}`);
  const text = iconv.decode(bytes, name);
  if (text.includes('\uFFFD')) throw new WireRejection(`the bytes do not decode as the declared ${charset.toUpperCase()}`);
  return text;
}

/**
 * Bytes → text: a BOM wins, then the transport's charset (Content-Type), then the document's own declaration (XML
 * prolog); without any, UTF-8 when the bytes are valid UTF-8, else EUC-KR/CP949 when they decode cleanly as that
 * (the usual legacy encoding of Korean agencies). Anything else is rejected, never guessed into mojibake.
 */
export function decodeDocument(bytes: Buffer, options: { contentType?: string | undefined; xml: boolean }): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: decodeAs(bytes.subarray(3), 'utf-8'), encoding: 'utf-8' };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const le = bytes[0] === 0xff;
    return { text: iconv.decode(bytes.subarray(2), le ? 'utf-16le' : 'utf-16be'), encoding: le ? 'utf-16le' : 'utf-16be' };
  }
  const declared = charsetOf(options.contentType) ?? (options.xml ? xmlDeclaredEncoding(bytes) : null);
  if (declared) return { text: decodeAs(bytes, declared), encoding: declared };
  try {
    return { text: strictUtf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    const korean = iconv.decode(bytes, 'cp949');
    if (!korean.includes('\uFFFD') && /[\uAC00-\uD7A3]/.test(korean)) return { text: korean, encoding: 'euc-kr (detected)' };
    throw new WireRejection('the bytes are neither UTF-8 nor EUC-KR and no encoding is declared');
  }
}
