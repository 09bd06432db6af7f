/**
 * One error vocabulary for the whole product. Codes are stable strings that clients match on;
 * messages tell the user what to do. HTTP and CLI mappings live at the edges (server/plugins/errors.ts,
 * cli/exit-codes.ts) and read `errorCatalog` so that a code has one status everywhere.
 */
export const errorCatalog = {
  VALIDATION_FAILED: { status: 400, title: 'Invalid request' },
  BAD_REQUEST: { status: 400, title: 'Bad request' },
  UNAUTHENTICATED: { status: 401, title: 'Not authenticated' },
  INVALID_CREDENTIALS: { status: 401, title: 'Invalid email or password' },
  FORBIDDEN: { status: 403, title: 'Not allowed' },
  CSRF_TOKEN_MISSING: { status: 403, title: 'CSRF token missing or wrong' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  CONFLICT: { status: 409, title: 'Conflict' },
  STALE_REVISION: { status: 409, title: 'Stale revision' },
  INVALID_TRANSITION: { status: 409, title: 'Transition not allowed' },
  EWO_NOT_APPROVABLE: { status: 409, title: 'Not awaiting this decision' },
  ENGAGEMENT_NOT_OPEN: { status: 409, title: 'Engagement not open for this' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, title: 'Idempotency key reused with another body' },
  EMAIL_TAKEN: { status: 409, title: 'Email already in use' },
  NAME_TAKEN: { status: 409, title: 'Name already in use' },
  TOKEN_INVALID: { status: 422, title: 'Link invalid or expired' },
  WEAK_PASSWORD: { status: 422, title: 'Password too weak' },
  BUSINESS_RULE: { status: 422, title: 'Refused by a business rule' },
  CONTRACT_NOT_ACTIVE: { status: 422, title: 'Contract not active' },
  BALANCE_INSUFFICIENT: { status: 422, title: 'Balance insufficient' },
  LEAD_TIME_TOO_SHORT: { status: 422, title: 'Lead time too short' },
  RECEIPT_TYPE_NOT_ALLOWED: { status: 422, title: 'Receipt must be a PDF, PNG or JPEG' },
  RECEIPT_TOO_LARGE: { status: 422, title: 'Receipt too large' },
  FILE_TOO_LARGE: { status: 422, title: 'File too large' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  DATA_DIR_LOCKED: { status: 503, title: 'Data folder in use' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'Service unavailable' },
  NUL_CHARACTER: { status: 400, title: 'NUL character in the request' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  REQUEST_TIMEOUT: { status: 408, title: 'Request timeout' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Request body too large' },
  URI_TOO_LONG: { status: 414, title: 'URL too long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported content type' },
  HEADERS_TOO_LARGE: { status: 431, title: 'Request headers too large' },
  INTERNAL: { status: 500, title: 'Internal error' },
  LOGO_NOT_ALLOWED: { status: 422, title: 'Logo must be a PNG or a plain SVG' },
  STATEMENT_PERIOD_OUT_OF_RANGE: { status: 422, title: 'No statement for that period' },
  BILLING_PERIOD_NOT_ENDED: { status: 422, title: 'Billing period not ended' },
  LINE_INVOICED: { status: 409, title: 'Line already invoiced' },
  BACKUP_INCOMPATIBLE: { status: 422, title: 'Backup not usable here' },
  BACKUP_TOOL_MISSING: { status: 503, title: 'Backup tool missing' },
  RESTORE_TARGET_NOT_EMPTY: { status: 409, title: 'Restore target not empty' },
  BOOKING_CONFLICT: { status: 409, title: 'Consultant already busy' },
  OUTSIDE_SCHEDULE_WINDOW: { status: 422, title: 'Outside the approved schedule' },
  ONCALL_SHIFT_OVERLAP: { status: 409, title: 'On-call shift overlaps another of the rota' },
  WEBHOOK_URL_REFUSED: { status: 422, title: 'Webhook URL not allowed' },
  MONEY_INVALID: { status: 400, title: 'Amount not valid in its currency' },
  CURRENCY_MISMATCH: { status: 422, title: "Not in the contract's currency" },
  TERMS_MISSING: { status: 422, title: 'Commercial terms not set' },
  TOPUP_REQUEST_DECIDED: { status: 409, title: 'Top-up request already decided' },
  TOPUP_AMOUNT_OR_PACKAGE: { status: 422, title: 'Ask for a quantity or a package' },
  PACKAGE_NOT_AVAILABLE: { status: 422, title: 'Package not available for this contract' },
  SSO_REFUSED: { status: 403, title: 'Single sign-on refused' },
  PASSWORD_LOGIN_DISABLED: { status: 403, title: 'Sign in with single sign-on' },
  SSO_NOT_CONFIGURED: { status: 422, title: 'Single sign-on not set up' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} not found.`);
export const forbidden = (message = 'You are not allowed to do this.'): AppError => new AppError('FORBIDDEN', message);
