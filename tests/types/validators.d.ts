// Minimal types for the third-party validators the distribution tests run (none ships its own).
/* eslint-disable no-restricted-syntax -- these declare the default exports the untyped packages really have */
declare module '@adobe/structured-data-validator' {
  export default class Validator {
    constructor(schemaOrgJson: unknown);
    validate(extracted: unknown): Promise<{ severity: 'ERROR' | 'WARNING'; issueMessage: string; path?: unknown; fieldNames?: string[] }[]>;
  }
}
declare module '@marbec/web-auto-extractor' {
  const WebAutoExtractor: unknown;
  export default WebAutoExtractor;
}
declare module 'structured-data-testing-tool' {
  export interface StructuredDataResult {
    passed: { test: string }[];
    failed: { test: string; error?: unknown }[];
    warnings: { test: string }[];
    schemas: string[];
  }
  export function structuredDataTest(input: Buffer | string, options: { presets?: unknown[]; schemas?: string[] }): Promise<StructuredDataResult>;
}
declare module 'structured-data-testing-tool/presets.js' {
  export const Google: unknown;
}
