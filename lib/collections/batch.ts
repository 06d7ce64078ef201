// ns.batch(): many operations issued in one tick, so the connection packs them into as few
// sendmsg calls as possible; one result per operation, in order. atomic: true undoes the adds that
// succeeded when any operation fails.
import type { Namespace } from '../namespace';
import { invalidArgType, invalidArgValue } from '../errors';
import {
  checkedArgs, batchOptionsSchema,
} from '../specs/batch-args';
import { HeldRequests } from '../transport/held-requests';
import { heldView } from './batch-view';
import { contextOf } from './context';
import type { BatchOptions, BatchResult } from '../types/batch';

const WRITE_METHODS = {
  links: ['add', 'set', 'delete'],
  addresses: ['add', 'replace', 'delete'],
  routes: ['add', 'replace', 'delete'],
  rules: ['add', 'delete'],
  neighbors: ['add', 'replace', 'delete'],
  nexthops: ['add', 'replace', 'delete'],
  fdb: ['add', 'replace', 'delete'],
} as const;

type CollectionName = keyof typeof WRITE_METHODS;
type Ops<C> = { [M in keyof C & string]: C[M] extends (...a: infer A) => Promise<unknown> ? (...args: A) => void : never };

/** The batch builder: the namespace's collections, whose write methods record instead of run. */
export type BatchBuilder = {
  [K in CollectionName]: Pick<Ops<Namespace[K]>, Extract<(typeof WRITE_METHODS)[K][number], keyof Ops<Namespace[K]>>>;
};


interface Operation {
  collection: CollectionName;
  method: string;
  args: unknown[];
}

/** An atomic batch failed and what it had done was undone; `results` says what each operation did. */
export class BatchError extends Error {
  /** Always 'ERR_NETNS_BATCH_ABORTED'. */
  readonly code = 'ERR_NETNS_BATCH_ABORTED';
  /** Made by `ns.batch()`. @internal */
  constructor(
    /** What each operation did, in order: the first 'rejected' one is the one that failed. */
    readonly results: BatchResult[],
    /** The error of the operation that failed. */
    override readonly cause: Error,
    /** Errors of undo steps that failed: what they were undoing is still in place. */
    readonly undoErrors: Error[],
  ) {
    super(`batch aborted: operation ${results.findIndex((r) => r.status === 'rejected')} failed (${cause.message}); ` +
      `the operations that succeeded were undone${undoErrors.length ? `, except ${undoErrors.length} whose undo failed` : ''}`);
    this.name = 'BatchError';
  }
}

/** TypeError/RangeError with a Node-style ERR_ code: an argument check, made before any system call. */
function isArgumentError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return (err instanceof TypeError || err instanceof RangeError) && typeof code === 'string' && code.startsWith('ERR_');
}

/** The delete that undoes an add, by collection. */
const UNDO: Record<CollectionName, (ns: Namespace, args: unknown[]) => Promise<unknown>> = {
  links: (ns, [spec]) => ns.links.delete((spec as { name: string }).name),
  addresses: (ns, [link, cidr]) => ns.addresses.delete(link as string, cidr as string),
  routes: (ns, [spec]) => ns.routes.delete(spec as never),
  rules: (ns, [spec]) => ns.rules.delete(spec as never),
  neighbors: (ns, [spec]) => ns.neighbors.delete(spec as never),
  nexthops: (ns, [spec]) => ns.nexthops.delete((spec as { id: number }).id),
  fdb: (ns, [spec]) => ns.fdb.delete(spec as never),
};

function recorder(ops: Operation[], atomic: boolean, open: () => boolean): BatchBuilder {
  const builder = {} as Record<string, Record<string, (...args: unknown[]) => void>>;
  for (const [collection, methods] of Object.entries(WRITE_METHODS)) {
    builder[collection] = {};
    for (const method of methods) {
      builder[collection][method] = (...args: unknown[]) => {
        if (!open()) {
          throw invalidArgValue('build', `${collection}.${method}`, 'recorded an operation after it returned: the batch had already been sent');
        }
        if (atomic && method !== 'add') {
          throw invalidArgValue('operation', `${collection}.${method}`, 'cannot be undone: an atomic batch takes only add operations');
        }
        ops.push({ collection: collection as CollectionName, method, args: checkedArgs(collection, method, args) });
      };
    }
  }
  return builder as unknown as BatchBuilder;
}

export async function runBatch(ns: Namespace, build: (b: BatchBuilder) => void, options: BatchOptions = {}): Promise<BatchResult[]> {
  if (typeof build !== 'function') throw invalidArgType('build', 'a function', build);
  const atomic = batchOptionsSchema.parse(options, 'options').atomic === true;
  const ops: Operation[] = [];
  let recording = true;
  let returned: unknown;
  try {
    returned = build(recorder(ops, atomic, () => recording));
  } finally {
    recording = false;
  }
  // An async build would add operations after the batch was sent: refuse it outright.
  if (returned !== undefined && typeof (returned as { then?: unknown }).then === 'function') {
    throw invalidArgValue('build', 'an async function', 'must record its operations synchronously (not return a promise)');
  }
  // All issued in this tick: the connection sends them together and matches replies by seq. An
  // atomic batch holds its own requests back until the next turn of the event loop: every argument
  // check runs before anything is sent, so by then each has settled, however many promise layers
  // the method wraps it in. One bad argument then sends nothing of the batch and throws its error;
  // what others send on the namespace meanwhile is not held.
  const held = atomic ? new HeldRequests(() => ns.netlink()) : undefined;
  const on = held ? heldView(contextOf(ns), held) : ns;
  const invalid: Error[] = [];
  const started = ops.map((op) => {
    const target = on[op.collection] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    const p = target[op.method](...op.args);
    p.catch((err: Error) => { if (isArgumentError(err)) invalid.push(err); });
    return p;
  });
  if (held) {
    await new Promise<void>((resolve) => setImmediate(resolve));  // every microtask has run
    if (invalid.length) {
      held.drop(Object.assign(new Error(`batch not sent: ${invalid[0].message}`), { code: 'ERR_NETNS_BATCH_ABORTED' }));
      await Promise.allSettled(started);
      throw invalid[0];
    }
    held.send();
  }
  const settled = await Promise.allSettled(started);
  const results: BatchResult[] = settled.map((s) => (s.status === 'fulfilled'
    ? { status: 'fulfilled', value: s.value }
    : { status: 'rejected', reason: s.reason as Error }));
  const firstFailure = results.find((r): r is { status: 'rejected'; reason: Error } => r.status === 'rejected');
  if (!atomic || !firstFailure) return results;

  // Undo in reverse order, so that what was built on something goes before it.
  const undoErrors: Error[] = [];
  for (let i = ops.length - 1; i >= 0; i--) {
    if (results[i].status !== 'fulfilled') continue;
    try {
      await UNDO[ops[i].collection](ns, ops[i].args);
    } catch (err) {
      undoErrors.push(err as Error);
    }
  }
  throw new BatchError(results, firstFailure.reason, undoErrors);
}
