import { AppError } from '../../shared/errors.ts';

/** 400 VALIDATION_FAILED naming one field of the body. */
export const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `The request is invalid: ${path.replace(/^body\./, '')} ${message}.`, {
    errors: [{ path, message }],
  });

export const notFound = (id: string) => new AppError('NOT_FOUND', `Request ${id} not found.`);
