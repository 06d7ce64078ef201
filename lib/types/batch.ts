// Public types of ns.batch().

/** Options of ns.batch(). */
export interface BatchOptions {
  /** Undo the adds that succeeded if any operation fails (only add operations are allowed). */
  atomic?: boolean;
  /**
   * Resolve with a BatchSummary (how many succeeded, and only the failures) instead of one result
   * per operation: nothing is built per successful operation.
   */
  compact?: boolean;
}

/** What one operation of a batch did, as Promise.allSettled reports it. */
export type BatchResult = { status: 'fulfilled'; value: unknown } | { status: 'rejected'; reason: Error };

/** An operation of a batch that failed. */
export interface BatchFailure {
  /** Its position in the batch, from 0, in the order the operations were recorded. */
  index: number;
  /** Why: a NetlinkError from the kernel, or the TypeError/RangeError of a bad argument. */
  error: Error;
}

/** What ns.batch(build, { compact: true }) resolves with. */
export interface BatchSummary {
  /** How many operations succeeded. */
  ok: number;
  /** The operations that failed, in batch order. */
  failed: BatchFailure[];
}
