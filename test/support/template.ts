import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A hash of the migrations, so a cached template is rebuilt exactly when they change. */
export function migrationsHash(): string {
  const dir = path.join(root, 'src/db/migrations');
  const h = createHash('sha256');
  for (const f of fs.readdirSync(dir).sort()) h.update(f).update(fs.readFileSync(path.join(dir, f)));
  return h.digest('hex').slice(0, 12);
}

export const templateCacheDir = path.join(root, 'node_modules/.cache/imr-test');
