#!/usr/bin/env node
// `npm start`: take the data folder's lock, build the web UI if stale, migrate, start server and workers.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(['node', 'imr', 'start', ...process.argv.slice(2)]);
