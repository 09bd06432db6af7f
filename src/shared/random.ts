/**
 * Cryptographically random bytes drawn from a pooled buffer: one `getRandomValues` call fills 4 KiB,
 * later draws are array reads. Id generation asked the CSPRNG for one byte per character (ulid's default
 * PRNG) and request ids for nine bytes each; on the request path that was a tenth of the server's CPU.
 */
const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let offset = POOL_SIZE;

/** One random byte, 0–255. */
export function randomByte(): number {
  if (offset >= POOL_SIZE) {
    globalThis.crypto.getRandomValues(pool);
    offset = 0;
  }
  return pool[offset++]!;
}

/** A fraction in [0, 1) with 8 bits of entropy: the PRNG contract of `ulid`'s factories. */
export const randomFraction = (): number => randomByte() / 256;

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `length` random base64url characters (6 bits each). */
export function randomToken(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE64URL[randomByte() & 63];
  return out;
}
