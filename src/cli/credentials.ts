import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Credentials {
  url: string;
  token: string;
  email?: string;
}

/** Where `imr login` keeps its token: $XDG_CONFIG_HOME/imr/credentials.json (mode 600). */
export function credentialsFile(): string {
  const base = process.env['XDG_CONFIG_HOME'] || path.join(os.homedir(), '.config');
  return path.join(base, 'imr', 'credentials.json');
}

export function readCredentials(): Credentials | undefined {
  try {
    return JSON.parse(fs.readFileSync(credentialsFile(), 'utf8')) as Credentials;
  } catch {
    return undefined;
  }
}

export function writeCredentials(credentials: Credentials): string {
  const file = credentialsFile();
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return file;
}
