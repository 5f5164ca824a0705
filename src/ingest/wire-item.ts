import { z } from 'zod';
import { articleBlockSchema, CREDIT_ROLES } from '../content/content.types.js';

/**
 * The one model every wire format maps to (docs/decisions/008-wire-ingest.md). Adapters produce it, the schema
 * below validates it, and the desk, the take and the kill logic only ever see this shape.
 */
export const WIRE_FORMATS = ['ninjs', 'newsml-g2', 'nitf', 'rss', 'atom'] as const;
export type WireFormat = (typeof WIRE_FORMATS)[number];

export const PUB_STATUSES = ['usable', 'canceled', 'withheld'] as const;
export type PubStatus = (typeof PUB_STATUSES)[number];

export const wireCreditSchema = z.object({
  name: z.string().min(1).max(200),
  role: z.enum(CREDIT_ROLES),
  organization: z.string().max(200).nullable(),
  email: z.string().max(320).nullable(),
});
export type WireCredit = z.infer<typeof wireCreditSchema>;

export const wirePictureSchema = z.object({
  /** Where the agency put the image: a file next to the document, a data: URI, or a remote URL (not fetched). */
  href: z.string().max(10_000).nullable(),
  caption: z.string().max(5000),
  credit: z.string().max(300),
  usageTerms: z.string().max(2000),
  alt: z.string().max(1000),
  mimeType: z.string().max(100).nullable(),
});
export type WirePicture = z.infer<typeof wirePictureSchema>;

const isoTime = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be a date-time');

export const wireItemSchema = z.object({
  format: z.enum(WIRE_FORMATS),
  formatVersion: z.string().max(20).nullable(),
  guid: z.string().min(1).max(1000),
  version: z.number().int().min(0),
  pubStatus: z.enum(PUB_STATUSES),
  itemClass: z.enum(['text', 'picture', 'video', 'audio', 'graphic', 'package', 'other']),
  /** 1 (flash) … 9 (lowest), as IPTC defines it. */
  urgency: z.number().int().min(0).max(9).nullable(),
  language: z.string().max(35).nullable(),
  headline: z.string().min(1).max(1000),
  dek: z.string().max(5000),
  body: z.array(articleBlockSchema).max(2000),
  credits: z.array(wireCreditSchema).max(30),
  /** The byline as the agency wrote it, for the desk; `credits` is what it means. */
  byline: z.string().max(1000).nullable(),
  pictures: z.array(wirePictureSchema).max(50),
  /** The agency or partner that sent it, e.g. "Yonhap". */
  source: z.string().max(200).nullable(),
  subjects: z.array(z.string().max(300)).max(100),
  firstCreated: isoTime.nullable(),
  versionCreated: isoTime.nullable(),
  /** Agency embargo: nothing made from this item may reach readers before it. */
  embargoUntil: isoTime.nullable(),
  /** The agency marks this version as a correction of an earlier one. */
  isCorrection: z.boolean(),
  /** A link to the agency's own copy, when it has one. */
  link: z.string().max(2000).nullable(),
});
export type WireItem = z.infer<typeof wireItemSchema>;

/** Why a file was not accepted; shown on the desk next to the quarantined file. */
export class WireRejection extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireRejection';
  }
}

export const toIso = (value: string | null | undefined): string | null => {
  if (!value) return null;
  const trimmed = value.trim();
  const ms = Date.parse(trimmed);
  if (Number.isNaN(ms)) {
    // IPTC's compact form 20240102T101112Z / 20240102T101112+0900 (NITF).
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z|[+-]\d{4})?$/.exec(trimmed);
    if (!m) return null;
    const zone = !m[7] || m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].slice(3)}`;
    const again = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
    return Number.isNaN(again) ? null : new Date(again).toISOString();
  }
  return new Date(ms).toISOString();
};

export const cleanText = (value: string | null | undefined): string => (value ?? '').replace(/\s+/g, ' ').trim();
