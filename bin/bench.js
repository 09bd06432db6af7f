#!/usr/bin/env node
// `npm run bench`: runs bench/main.ts through tsx (docs/benchmarks.md).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bench/main.ts');
await main(process.argv);
