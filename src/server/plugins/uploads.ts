import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { contentDisposition } from '../../core/files/files.rules.ts';
import type { StoredFileMeta, UploadedFile } from '../../core/files/files.service.ts';
import { AppError } from '../../shared/errors.ts';
import { fieldProblem, fieldRefusal, schemaRefusal } from '../../shared/plain-errors.ts';
import { hasNul, nulRefusal } from './text-guard.ts';

/**
 * Multipart uploads for the routes of one plugin scope (receipts, deliverables): @fastify/multipart is
 * registered in that scope only, so the rest of the API keeps its 1 MB JSON body limit.
 */
export async function registerUploads(app: FastifyInstance, maxFileBytes: number): Promise<void> {
  await app.register(multipart, {
    limits: { fileSize: maxFileBytes, files: 1, fields: 20, fieldSize: 16 * 1024, parts: 25 },
  });
}

/**
 * The validator of a multipart route: its `body` schema documents the form in OpenAPI, but the form is
 * read and checked in the handler (fields with zod, the file by its content), after authorization.
 */
export const multipartValidator: FastifySchemaCompiler<unknown> = (route) =>
  route.httpPart === 'body'
    ? () => ({ value: undefined })
    : (validatorCompiler as FastifySchemaCompiler<unknown>)(route);

/** One refused form field: the field as the form labels it and what to do; `debug` keeps the technical words. */
const invalid = (path: string, advice: string, debug: string) => fieldRefusal(fieldProblem(path, advice, debug));

/**
 * Reads a multipart form: its text fields and at most one file in `fileField`, buffered up to `maxBytes`
 * (`tooLarge` is the refusal beyond). Anything else is a 400 that says what to send.
 */
export async function readMultipart(
  request: FastifyRequest,
  o: { fileField: string; maxBytes: number; tooLarge: () => AppError },
): Promise<{ fields: Record<string, string>; file: UploadedFile | undefined }> {
  if (!request.isMultipart()) {
    throw invalid(
      'body',
      `Send the form as multipart/form-data, with the file in the field "${o.fileField}"`,
      'must be multipart/form-data',
    );
  }
  const fields: Record<string, string> = {};
  let file: UploadedFile | undefined;
  try {
    for await (const part of request.parts({ limits: { fileSize: o.maxBytes } })) {
      if (part.type === 'file') {
        if (part.fieldname !== o.fileField) {
          part.file.resume();
          throw invalid(
            `body.${part.fieldname}`,
            `Attach the file in the field "${o.fileField}": this field takes no file`,
            'is not a file field',
          );
        }
        if (hasNul(part.filename)) {
          part.file.resume();
          throw nulRefusal('the file name', `body.${part.fieldname}`);
        }
        file = { content: await part.toBuffer(), name: part.filename };
        continue;
      }
      if (part.valueTruncated) throw invalid(`body.${part.fieldname}`, 'Shorten it: it is too long', 'value truncated');
      if (part.fieldname in fields)
        throw invalid(`body.${part.fieldname}`, 'Give it once: it is in the form twice', 'is given twice');
      if (hasNul(part.fieldname) || hasNul(String(part.value))) {
        const name = part.fieldname.replaceAll('\u0000', '\\u0000');
        throw nulRefusal(`the form field ${name}`, `body.${name}`);
      }
      fields[part.fieldname] = String(part.value);
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw o.tooLarge();
    if (code === 'FST_FILES_LIMIT') throw invalid(`body.${o.fileField}`, 'Attach one file only', code);
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
      throw invalid('body', 'Send fewer fields: the form has more than it takes', code);
    throw new AppError('BAD_REQUEST', 'The form could not be read: send a well-formed multipart/form-data body.', {
      debug: (e as Error).message,
    });
  }
  return { fields, file };
}

/** Checks the text fields of a form with their zod schema: failures are VALIDATION_FAILED naming each field. */
export function parseFields<S extends z.ZodType>(schema: S, fields: Record<string, string>): z.output<S> {
  const parsed = schema.safeParse(fields);
  if (parsed.success) return parsed.data;
  throw schemaRefusal('body', parsed.error.issues);
}

/**
 * Sends a stored file as an attachment with the type detected when it was stored, never sniffed by the
 * browser, never rendered as a page of ours (sandboxed), and not cached by shared caches.
 */
export function sendStoredFile(reply: FastifyReply, file: StoredFileMeta & { content: Buffer }): FastifyReply {
  return reply
    .type(file.contentType)
    .header('content-disposition', contentDisposition(file.name))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .header('etag', `"${file.sha256}"`)
    .send(file.content);
}
