import type { Timestamp } from '../../db/types.ts';

/**
 * A stored file (an expense receipt, a deliverable version): the bytes in the database, so every server
 * of a deployment reads the same file. Append-only: a trigger refuses UPDATE and DELETE.
 */
export interface StoredFilesTable {
  id: string;
  content: Buffer;
  /** Hex SHA-256 of the content. */
  sha256: string;
  size_bytes: number;
  /** Detected from the content (never the name or the declared type). */
  content_type: string;
  /** The uploader's file name, cleaned of paths and control characters. */
  original_name: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface FilesTables {
  stored_files: StoredFilesTable;
}
