//! Maps an error thrown by an API call onto a form: per-field messages from `details.fields[]`
//! next to the matching input, and one general message for everything else.
import { ApiError } from '../api/errors';

export interface FormErrors {
  /** Message per form field name. */
  fields: Record<string, string>;
  /** A message for the form as a whole, or null. */
  message: string | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, message: null };

export interface MapOptions {
  /** Turns an ApiError into the sentence to show (e.g. a translated one chosen by error code). */
  describe?: (e: ApiError) => string;
  /** Error codes without field details that still belong to one field, e.g. `{ email_taken: 'email' }`. */
  codeFields?: Record<string, string>;
}

/** @param knownFields the form's field names; a field error for anything else joins the general message. */
export function mapFormError(error: unknown, knownFields: readonly string[], options: MapOptions = {}): FormErrors {
  const describe = options.describe ?? ((e: ApiError) => e.message);
  if (!(error instanceof ApiError)) {
    return { fields: {}, message: error instanceof Error ? error.message : String(error) };
  }
  const fields: Record<string, string> = {};
  const codeField = options.codeFields?.[error.code];
  if (codeField && knownFields.includes(codeField) && error.fieldErrors.length === 0) {
    return { fields: { [codeField]: describe(error) }, message: null };
  }
  const stray: string[] = [];
  for (const f of error.fieldErrors) {
    if (knownFields.includes(f.field)) {
      fields[f.field] ??= f.message;
    } else {
      stray.push(`${f.field}: ${f.message}`);
    }
  }
  const hasFieldErrors = Object.keys(fields).length > 0;
  let message: string | null = null;
  if (stray.length > 0) message = stray.join(' · ');
  else if (!hasFieldErrors) message = describe(error);
  return { fields, message };
}
