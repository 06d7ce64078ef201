// Public types of ns.batch().

export interface BatchOptions {
  /** Undo the adds that succeeded if any operation fails (only add operations are allowed). */
  atomic?: boolean;
}

export type BatchResult = { status: 'fulfilled'; value: unknown } | { status: 'rejected'; reason: Error };
