/**
 * Errors the UI and the shell know how to explain. The Azure layer turns every SDK/HTTP failure
 * into an {@link AzureError}; input problems are {@link UsageError}s. Anything else is a bug.
 */

export type AzureErrorKind =
  | 'notFound'
  | 'auth'
  | 'forbidden'
  | 'throttled'
  | 'network'
  | 'badRequest'
  | 'conflict'
  | 'server'
  | 'cancelled'
  | 'other';

/** A failure reported by Azure (or on the way to it), already in plain words. */
export class AzureError extends Error {
  override readonly name = 'AzureError';
  constructor(
    /** ARM's error code (`ResourceNotFound`, `NotFound`, `InvalidApiVersionParameter`, ...) or ours for transport failures. */
    readonly code: string,
    message: string,
    readonly kind: AzureErrorKind,
    readonly status?: number,
    /** What the user can do about it, in one sentence. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

/**
 * The refusal under `--read-only`: raised before anything is sent. `what` names the action,
 * e.g. "the DELETE request" or "image 'rg/img' was not deleted".
 */
export function readOnlyRefusal(what: string): AzureError {
  return new AzureError('ReadOnlyMode', `azimg is in read-only mode: ${what} and no request was sent.`, 'forbidden', undefined, 'Run without --read-only to make changes.');
}

/** The user typed something we can tell is wrong without asking Azure. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

export function isAzureError(e: unknown): e is AzureError {
  return e instanceof AzureError;
}

export function isUsageError(e: unknown): e is UsageError {
  return e instanceof UsageError;
}

/** One line for a person: `Code: message`, plus the hint if any. Never a stack. */
export function describeError(e: unknown): string {
  if (e instanceof AzureError) {
    const head = e.code ? `${e.code}: ${e.message}` : e.message;
    return e.hint ? `${head} (${e.hint})` : head;
  }
  if (e instanceof UsageError) return e.hint ? `${e.message} ${e.hint}` : e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
