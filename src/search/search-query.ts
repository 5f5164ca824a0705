import { z } from 'zod';
import { LANGUAGES } from '../content/content.types.js';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'must be a real date');

/** The query string every search surface accepts (Content API, Admin API, reader page). */
export const searchQuerySchema = z
  .object({
    q: z.string().trim().min(1, 'enter something to search for').max(500),
    lang: z.enum(LANGUAGES).optional(),
    section: z.string().max(100).optional(),
    author: z.string().max(100).optional(),
    from: day.optional(),
    to: day.optional(),
    page: z.coerce.number().int().min(1).max(500).default(1),
    pageSize: z.coerce.number().int().min(1).max(50).default(20),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: 'from must not be after to', path: ['from'] });

export const suggestQuerySchema = z.object({
  q: z.string().trim().min(1).max(100),
  lang: z.enum(LANGUAGES).optional(),
});
