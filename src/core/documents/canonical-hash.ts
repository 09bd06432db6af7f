import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** RFC 8785 (JCS) canonical JSON of a value: the same bytes for the same content, whatever the key order. */
export function canonicalJson(value: unknown): string {
  const json = canonicalize(value);
  if (json === undefined) throw new Error('value cannot be canonicalised (RFC 8785)');
  return json;
}

/** The content hash of a document: hex SHA-256 of its RFC 8785 canonical JSON (EWO versions, change orders). */
export const contentHashOf = (value: unknown): string =>
  createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');

/** How a content hash is computed, printed on documents so that anyone can check one. */
export const CONTENT_HASH_RULE = 'SHA-256 (hex) of the RFC 8785 canonical JSON of the frozen content';
