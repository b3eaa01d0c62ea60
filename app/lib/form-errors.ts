/** What an action returns when a procedure refused the form (see `act` in api.server.ts). */
export interface FormFailure {
  error: string;
  field?: string | null;
  fieldErrors?: Record<string, string[] | undefined>;
}

/** The message to show beside one field of a refused form, or null when that field is fine. */
export function fieldErrorOf(failure: FormFailure | null | undefined, name: string): string | null {
  if (!failure) return null;
  return failure.fieldErrors?.[name]?.[0] ?? (failure.field === name ? failure.error : null);
}
