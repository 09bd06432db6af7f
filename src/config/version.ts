import { createRequire } from 'node:module';

/** The product's version, as package.json states it (served by /api/v1/health and the OpenAPI document). */
export const version = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
