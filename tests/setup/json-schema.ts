import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';

// ajv-formats is CommonJS with `exports.default`; under NodeNext its default import is the module object.
const addFormats = ((formatsPlugin as unknown as { default?: unknown }).default ?? formatsPlugin) as (ajv: Ajv | Ajv2020) => void;

/** A JSON Schema validator (ajv) with formats: `draft07` for draft-07 schemas, `draft2020` for 2020-12 ones. */
export function createAjv(dialect: 'draft07' | 'draft2020'): Ajv | Ajv2020 {
  const ajv = dialect === 'draft2020' ? new Ajv2020({ allErrors: true, strict: false }) : new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv;
}
