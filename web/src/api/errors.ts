//! The one error type the web app deals with: every non-2xx answer becomes an `ApiError`.
export interface FieldError {
  field: string;
  message: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class ApiError extends Error {
  readonly status: number;
  /** The `error` code of the body, e.g. `validation_failed`; `network_error` when no answer came. */
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details: unknown = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** `details.fields[]` of a validation error (empty otherwise). */
  get fieldErrors(): FieldError[] {
    if (!isRecord(this.details) || !Array.isArray(this.details.fields)) return [];
    return this.details.fields.flatMap((f: unknown) =>
      isRecord(f) && typeof f.field === 'string' && typeof f.message === 'string'
        ? [{ field: f.field, message: f.message }]
        : [],
    );
  }
}

/** Builds an ApiError from a status and whatever body came back (`{error,message,details}` or anything else). */
export function apiErrorFrom(status: number, body: unknown, statusText = ''): ApiError {
  if (isRecord(body) && typeof body.error === 'string') {
    const message = typeof body.message === 'string' ? body.message : body.error;
    return new ApiError(status, body.error, message, body.details ?? null);
  }
  return new ApiError(status, `http_${status}`, statusText || `Request failed with status ${status}`);
}

export function networkError(cause: unknown): ApiError {
  const err = new ApiError(0, 'network_error', 'The server could not be reached.');
  (err as { cause?: unknown }).cause = cause;
  return err;
}
