import { AppError } from '../../shared/errors.ts';
import { fieldProblem, fieldRefusal } from '../../shared/plain-errors.ts';

/** 400 VALIDATION_FAILED naming one field of the body as the form labels it, and what to do. */
export const invalid = (path: string, message: string, debug?: string) =>
  fieldRefusal(fieldProblem(path, message, debug));

export const notFound = (id: string) => new AppError('NOT_FOUND', `Request ${id} not found.`);
