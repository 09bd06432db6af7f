import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { Ctx } from '../context.ts';
import { filesRepo, type StoredFileMetaRow } from './files.repo.ts';
import { cleanFileName, looksLikeText, pdfLooksComplete } from './files.rules.ts';

/** What the bytes are, found from the content alone (never the name or the declared type). */
export interface FileInspection {
  /** The detected media type; text/plain for UTF-8 text, application/octet-stream when unknown. */
  contentType: string;
  /** True when the type was recognised from a file signature (PDF, PNG, JPEG, ZIP…). */
  recognised: boolean;
  size: number;
  sha256: string;
}

export interface StoredFileMeta {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  createdBy: string | null;
  createdAt: Date;
}

/** An uploaded file as a route (or a loader) hands it to a use case. */
export interface UploadedFile {
  content: Buffer;
  /** The name the uploader gave; only kept for the download, never trusted for the type. */
  name?: string | undefined;
}

/**
 * A use case's input, or a function that reads it: routes pass the reader of the multipart body, so the
 * use case authorizes before a byte of a large upload is read, and reads it before opening a transaction.
 */
export type Deferred<T> = T | (() => Promise<T>);

export const resolveDeferred = async <T>(value: Deferred<T>): Promise<T> =>
  typeof value === 'function' ? (value as () => Promise<T>)() : value;

export const TEXT_PLAIN = 'text/plain; charset=utf-8';
export const OCTET_STREAM = 'application/octet-stream';

/**
 * Detects the media type of `content` from its bytes (file-type signatures, a PDF also by its version
 * header and end marker, then a UTF-8 text check) and hashes it.
 */
export async function inspectFile(content: Buffer): Promise<FileInspection> {
  let found = content.length ? await fileTypeFromBuffer(content) : undefined;
  if (found?.mime === 'application/pdf' && !pdfLooksComplete(content)) found = undefined;
  const sha256 = createHash('sha256').update(content).digest('hex');
  if (found) return { contentType: found.mime, recognised: true, size: content.length, sha256 };
  return {
    contentType: looksLikeText(content) ? TEXT_PLAIN : OCTET_STREAM,
    recognised: false,
    size: content.length,
    sha256,
  };
}

export const toFileMeta = (row: StoredFileMetaRow): StoredFileMeta => ({
  id: row.id,
  name: row.original_name,
  contentType: row.content_type,
  size: row.size_bytes,
  sha256: row.sha256,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

export type FilesService = ReturnType<typeof createFilesService>;

/**
 * Stored files: helpers for the features that own them (receipts, deliverables). None authorizes: the
 * calling use case decides who may store or read a file.
 */
export function createFilesService(deps: { clock: Clock; ids: IdGenerator }) {
  return {
    /** Stores bytes on the caller's transaction (inspected before, outside it) and returns the file's metadata. */
    async storeInTx(
      trx: Executor,
      ctx: Ctx,
      f: { content: Buffer; name: string | undefined; inspection: FileInspection },
    ): Promise<StoredFileMeta> {
      const id = deps.ids.next('fil');
      const row = {
        id,
        content: f.content,
        sha256: f.inspection.sha256,
        size_bytes: f.content.length,
        content_type: f.inspection.contentType,
        original_name: cleanFileName(f.name),
        created_by: ctx.actor.type === 'user' ? ctx.actor.userId : null,
        created_at: deps.clock.now(),
      };
      await filesRepo.insert(trx, row);
      const { content: _content, ...meta } = row;
      return toFileMeta(meta);
    },

    /** A file's metadata, or undefined. */
    async meta(ex: Executor, id: string): Promise<StoredFileMeta | undefined> {
      const row = await filesRepo.meta(ex, id);
      return row ? toFileMeta(row) : undefined;
    },

    /** A file with its bytes for a download, or undefined. */
    async read(ex: Executor, id: string): Promise<(StoredFileMeta & { content: Buffer }) | undefined> {
      const row = await filesRepo.withContent(ex, id);
      if (!row) return undefined;
      const { content, ...meta } = row;
      return { ...toFileMeta(meta), content: Buffer.from(content) };
    },
  };
}
