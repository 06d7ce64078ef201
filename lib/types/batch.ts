// Public types of ns.batch().

/** Options of ns.batch(). */
export interface BatchOptions {
  /** Undo the adds that succeeded if any operation fails (only add operations are allowed). */
  atomic?: boolean;
}

/** What one operation of a batch did, as Promise.allSettled reports it. */
export type BatchResult = { status: 'fulfilled'; value: unknown } | { status: 'rejected'; reason: Error };
