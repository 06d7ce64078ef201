// CNI error results: the spec's reserved codes, and the error a plugin prints on stdout.

/** The spec's well-known error codes (SPEC.md "Error"); 100 and up are a plugin's own. */
export const CNI_ERR = {
  incompatibleVersion: 1,
  unsupportedField: 2,
  unknownContainer: 3,
  invalidEnv: 4,
  ioFailure: 5,
  decodingFailure: 6,
  invalidConfig: 7,
  tryAgainLater: 11,
  notAvailable: 50,
  notAvailableLimited: 51,
  // What the reference plugins (libcni's skel) use for any failure without a code of its own.
  internal: 999,
} as const;

/** A failure with a CNI code: printed as the error result, the process exits 1. */
export class CniError extends Error {
  constructor(readonly code: number, msg: string, readonly details?: string) {
    super(msg);
    this.name = 'CniError';
  }
}

/** Any thrown value as a CniError: ours keep their code, the rest are internal errors (999). */
export function asCniError(err: unknown): CniError {
  if (err instanceof CniError) return err;
  return new CniError(CNI_ERR.internal, err instanceof Error ? err.message : String(err));
}

/** The error result object: {cniVersion, code, msg, details}, details only when there is some. */
export function errorResult(err: CniError, cniVersion: string): Record<string, unknown> {
  return { cniVersion, code: err.code, msg: err.message, ...(err.details ? { details: err.details } : {}) };
}
