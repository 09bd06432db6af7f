#!/usr/bin/env node
// The `imr` command. The product runs from its TypeScript sources through tsx (no server build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
