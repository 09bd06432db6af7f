import { AppError } from '../../shared/errors.ts';
import { fieldProblem, fieldRefusal } from '../../shared/plain-errors.ts';
import { formatBytes } from '../files/files.rules.ts';
import { inspectFile, type UploadedFile } from '../files/files.service.ts';
import { MAX_DELIVERABLE_BYTES } from './deliverables.rules.ts';

/** A refusal of one field of the deliverable (VALIDATION_FAILED naming the field). */
export const invalidDeliverable = (path: string, message: string): AppError =>
  fieldRefusal(fieldProblem(path, message));

/** The refusal of a deliverable file over the limit (also raised while the multipart body is read). */
export const fileTooLarge = (): AppError =>
  new AppError(
    'FILE_TOO_LARGE',
    `The file is larger than ${formatBytes(MAX_DELIVERABLE_BYTES)}: compress it or split it into several deliverables.`,
    {
      maxBytes: MAX_DELIVERABLE_BYTES,
    },
  );

/** A file present, at most 25 MB; its type is whatever its content is. */
export async function checkFile(file: UploadedFile | undefined) {
  if (!file || file.content.length === 0) throw invalidDeliverable('body.file', 'Attach the document (it is required)');
  if (file.content.length > MAX_DELIVERABLE_BYTES) throw fileTooLarge();
  return inspectFile(file.content);
}
