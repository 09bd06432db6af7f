/** Receipts: PDF, PNG or JPEG, recognised from the content, up to 10 MB (browser-safe: the upload form checks them too). */
export const receiptTypes = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export const MAX_RECEIPT_BYTES = 10 * 1024 * 1024;

export const isReceiptType = (contentType: string): boolean =>
  (receiptTypes as readonly string[]).includes(contentType);
