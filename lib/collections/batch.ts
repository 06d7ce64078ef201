// ns.batch(): many operations recorded at once and sent together. Writes that are one message of
// this namespace (nearly all: routes, addresses, neighbours, rules, nexthops, fdb entries, link
// changes) go through the fast path (batch-send.ts): checked when recorded, encoded straight into
// shared datagrams, one ack per datagram, one promise for the whole batch. The others (links.add,
// a move to another namespace) run through their collection's method, in their place in the
// order. atomic: true undoes the adds that succeeded when any operation fails.
import type { Namespace } from '../namespace';
import { invalidArgType, invalidArgValue } from '../errors';
import {
  checkedArgs, batchOptionsSchema,
} from '../specs/batch-args';
import { HeldRequests } from '../transport/held-requests';
import { heldView } from './batch-view';
import { contextOf, type NamespaceContext } from './context';
import { BatchSocket, ChunkStream, sendResolving } from './batch-send';
import type { LinkRef } from '../types/link';
import {
  addressWrite, fdbWrite, linkDeleteWrite, linkSetWrite, neighborWrite, nexthopDelete, nexthopWrite, routeWrite, ruleWrite,
  type PreparedWrite,
} from './writes';
import type { BatchFailure, BatchOptions, BatchResult, BatchSummary } from '../types/batch';
import type { AddressOptions } from '../types/address';
import type { FdbSpec } from '../types/fdb';
import { bridgeVlanWrite } from './bridge-vlans';
import type { BridgeVlanSpec } from '../types/bridge-vlan';
import type { LinkChanges } from '../types/link';
import type { NeighborSpec } from '../types/neighbor';
import type { NexthopSpec } from '../types/nexthop';
import type { RouteSpec } from '../types/route';
import type { RuleSpec } from '../types/rule';

const WRITE_METHODS = {
  links: ['add', 'set', 'delete'],
  addresses: ['add', 'replace', 'delete'],
  routes: ['add', 'replace', 'delete', 'prepend', 'append'],
  rules: ['add', 'delete'],
  neighbors: ['add', 'replace', 'delete'],
  nexthops: ['add', 'replace', 'delete'],
  fdb: ['add', 'replace', 'delete'],
  bridgeVlans: ['add', 'delete'],
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
  // A link made with `namespace` is there, not here (where the same name may be another device).
  links: (ns, [spec]) => {
    const s = spec as { name: string; namespace?: Namespace };
    return (s.namespace ?? ns).links.delete(s.name);
  },
  addresses: (ns, [link, cidr]) => ns.addresses.delete(link as string, cidr as string),
  routes: (ns, [spec]) => ns.routes.delete(spec as never),
  rules: (ns, [spec]) => ns.rules.delete(spec as never),
  neighbors: (ns, [spec]) => ns.neighbors.delete(spec as never),
  nexthops: (ns, [spec]) => ns.nexthops.delete((spec as { id: number }).id),
  fdb: (ns, [spec]) => ns.fdb.delete(spec as never),
  bridgeVlans: (ns, [spec]) => ns.bridgeVlans.delete(spec as never),
};

/** A method's default for an omitted options argument, as the method itself applies it. */
const optionsArg = (v: unknown): AddressOptions => (v === undefined ? {} : v as AddressOptions);  // null is refused, as by the method

/**
 * The checked write of an operation, by collection and method (throws for a bad argument);
 * undefined for one that is not a single message of this namespace, which runs through its method.
 */
const WRITES: Record<CollectionName, Record<string, (a: unknown[]) => PreparedWrite | undefined>> = {
  links: { add: () => undefined, set: (a) => linkSetWrite(a[0], a[1] as LinkChanges), delete: (a) => linkDeleteWrite(a[0]) },
  addresses: {
    add: (a) => addressWrite('add', a[0], a[1], optionsArg(a[2])),
    replace: (a) => addressWrite('replace', a[0], a[1], optionsArg(a[2])),
    delete: (a) => addressWrite('delete', a[0], a[1], undefined),
  },
  routes: {
    add: (a) => routeWrite('add', a[0] as RouteSpec),
    replace: (a) => routeWrite('replace', a[0] as RouteSpec),
    delete: (a) => routeWrite('delete', a[0] as RouteSpec),
    prepend: (a) => routeWrite('prepend', a[0] as RouteSpec),
    append: (a) => routeWrite('append', a[0] as RouteSpec),
  },
  rules: { add: (a) => ruleWrite('add', a[0] as RuleSpec), delete: (a) => ruleWrite('delete', a[0] as RuleSpec) },
  neighbors: {
    add: (a) => neighborWrite('add', a[0] as NeighborSpec),
    replace: (a) => neighborWrite('replace', a[0] as NeighborSpec),
    delete: (a) => neighborWrite('delete', a[0] as NeighborSpec),
  },
  nexthops: {
    add: (a) => nexthopWrite('add', a[0] as NexthopSpec),
    replace: (a) => nexthopWrite('replace', a[0] as NexthopSpec),
    delete: (a) => nexthopDelete(a[0]),
  },
  fdb: {
    add: (a) => fdbWrite('add', a[0] as FdbSpec),
    replace: (a) => fdbWrite('replace', a[0] as FdbSpec),
    delete: (a) => fdbWrite('delete', a[0] as FdbSpec),
  },
  bridgeVlans: {
    add: (a) => bridgeVlanWrite('add', a[0] as BridgeVlanSpec),
    delete: (a) => bridgeVlanWrite('delete', a[0] as BridgeVlanSpec),
  },
};

const indexOnly = (ref: LinkRef): number => ref as number;
function namesLinks(write: PreparedWrite): boolean {
  for (const ref of write.refs) if (typeof ref === 'string') return true;
  return false;
}

/**
 * A non-atomic batch as it is recorded. Writes are encoded as they are recorded, straight into
 * the chunks the batch will send, until the first operation that cannot be: one that names a link
 * (its name is looked up first) or that runs through its method. That one and every later
 * operation are kept, to run in order once the encoded part is done.
 */
class Recording {
  count = 0;
  readonly failures = new Map<number, Error>();
  /** The operations from the first one not encoded at once: their writes, and the others. */
  readonly writes = new Map<number, PreparedWrite>();
  readonly others = new Map<number, Operation>();
  /** The index of the first kept operation. */
  firstKept = -1;
  readonly stream = new ChunkStream();
  private busy = false;

  readonly fail = (index: number, error: Error): void => {
    if (!this.failures.has(index)) this.failures.set(index, error);
  };

  record(collection: CollectionName, method: string, args: unknown[]): void {
    // A getter of an argument that records another operation would put it out of order.
    if (this.busy) throw invalidArgValue('build', `${collection}.${method}`, 'recorded an operation while another one was being recorded');
    this.busy = true;
    try {
      this.take(this.count++, collection, method, args);
    } finally {
      this.busy = false;
    }
  }

  private take(index: number, collection: CollectionName, method: string, args: unknown[]): void {
    let write: PreparedWrite | undefined;
    try {
      write = WRITES[collection][method](args);
    } catch (err) {
      this.failures.set(index, err as Error);  // as the method would reject it, through its result
      return;
    }
    if (write && this.firstKept < 0 && !namesLinks(write)) {
      this.stream.put(index, write, indexOnly, this.fail);
      return;
    }
    if (this.firstKept < 0) this.firstKept = index;
    if (write) this.writes.set(index, write);
    else this.others.set(index, { collection, method, args: checkedArgs(collection, method, args) });
  }
}

/** The batches of each namespace, one after another: the tail of its queue. */
const batchQueues = new WeakMap<NamespaceContext, Promise<unknown>>();

/**
 * Runs send after the namespace's earlier batches, and after the requests already queued on its
 * connection have gone out: a batch keeps its place among the calls made on the namespace.
 */
function inTurn<T>(context: NamespaceContext, send: () => Promise<T>): Promise<T> {
  const turn = (batchQueues.get(context) ?? Promise.resolve()).then(() => {
    try {
      context.netlink().sendQueued();
    } catch {
      // A closed handle, no socket: the batch's own socket reports it.
    }
    return send();
  });
  const tail = turn.then(() => undefined, () => undefined);
  batchQueues.set(context, tail);
  void tail.then(() => { if (batchQueues.get(context) === tail) batchQueues.delete(context); });
  return turn;
}

function recorder(record: (collection: CollectionName, method: string, args: unknown[]) => void, atomic: boolean, open: () => boolean): BatchBuilder {
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
        record(collection as CollectionName, method, args);
      };
    }
  }
  return builder as unknown as BatchBuilder;
}

const FULFILLED: BatchResult = Object.freeze({ status: 'fulfilled', value: undefined });

/** Runs the build callback with a recorder; refuses an async one. */
function recordAll(build: (b: BatchBuilder) => void, record: (c: CollectionName, m: string, a: unknown[]) => void, atomic: boolean): void {
  if (typeof build !== 'function') throw invalidArgType('build', 'a function', build);
  let recording = true;
  let returned: unknown;
  try {
    returned = build(recorder(record, atomic, () => recording));
  } finally {
    recording = false;
  }
  // An async build would add operations after the batch was sent: refuse it outright.
  if (returned !== undefined && typeof (returned as { then?: unknown }).then === 'function') {
    throw invalidArgValue('build', 'an async function', 'must record its operations synchronously (not return a promise)');
  }
}

export async function runBatch(ns: Namespace, build: (b: BatchBuilder) => void, options: BatchOptions = {}): Promise<BatchResult[] | BatchSummary> {
  const checked = batchOptionsSchema.parse(options, 'options');
  if (typeof build !== 'function') throw invalidArgType('build', 'a function', build);
  const compact = checked.compact === true;
  if (checked.atomic === true) {
    const results = await runAtomic(ns, build);
    return compact ? summarize(results) : results;
  }
  const recording = new Recording();
  recordAll(build, (c, m, a) => recording.record(c, m, a), false);
  const context = contextOf(ns);
  const values = await inTurn(context, async () => {
    const socket = new BatchSocket(context);
    try {
      await recording.stream.send(socket, recording.fail);
      return await runKept(ns, context, socket, recording);
    } finally {
      socket.close();
    }
  });
  const { failures, count } = recording;
  if (compact) {
    const failed: BatchFailure[] = [...failures].sort((a, b) => a[0] - b[0]).map(([index, error]) => ({ index, error }));
    return { ok: count - failed.length, failed };
  }
  return Array.from({ length: count }, (_, i): BatchResult => {
    const error = failures.get(i);
    if (error) return { status: 'rejected', reason: error };
    return values.has(i) ? { status: 'fulfilled', value: values.get(i) } : FULFILLED;
  });
}

function summarize(results: BatchResult[]): BatchSummary {
  const failed: BatchFailure[] = [];
  results.forEach((r, index) => { if (r.status === 'rejected') failed.push({ index, error: r.reason }); });
  return { ok: results.length - failed.length, failed };
}

/**
 * Runs the kept operations in order: each run of writes after their names are looked up (a write
 * that renames a link ends its run, so that later names are looked up after it), each run of
 * other operations through their methods, issued together. Returns the values the methods
 * resolved with.
 */
async function runKept(ns: Namespace, context: NamespaceContext, socket: BatchSocket, rec: Recording): Promise<Map<number, unknown>> {
  const values = new Map<number, unknown>();
  const n = rec.count;
  for (let k = rec.firstKept < 0 ? n : rec.firstKept; k < n;) {
    if (rec.others.has(k)) {
      // One at a time: a link moved away and one added under its name must happen in that order.
      for (; k < n && !rec.writes.has(k); k++) {
        const op = rec.others.get(k);
        if (!op) continue;  // refused when recorded
        const target = ns[op.collection] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
        try {
          const v = await target[op.method](...op.args);
          if (v !== undefined) values.set(k, v);
        } catch (err) {
          rec.fail(k, err as Error);
        }
      }
      continue;
    }
    const run = new Map<number, PreparedWrite>();
    for (; k < n && !rec.others.has(k); k++) {
      const write = rec.writes.get(k);
      if (!write) continue;  // refused when recorded
      run.set(k, write);
      if (write.renames) { k++; break; }
    }
    await sendResolving(context, socket, run, rec.fail);
  }
  return values;
}

/**
 * An atomic batch: every operation through its method, issued in one tick on held requests that
 * are sent only once every argument check has passed; on a failure, the adds that succeeded are
 * undone and a BatchError says what each did.
 */
async function runAtomic(ns: Namespace, build: (b: BatchBuilder) => void): Promise<BatchResult[]> {
  const ops: Operation[] = [];
  recordAll(build, (collection, method, args) => { ops.push({ collection, method, args: checkedArgs(collection, method, args) }); }, true);
  // The requests are held back until the next turn of the event loop: every argument check runs
  // before anything is sent, so by then each has settled, however many promise layers the method
  // wraps it in. One bad argument then sends nothing of the batch and throws its error; what
  // others send on the namespace meanwhile is not held.
  const held = new HeldRequests(() => ns.netlink());
  const on = heldView(contextOf(ns), held);
  const invalid: Error[] = [];
  const started = ops.map((op) => {
    const target = on[op.collection] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    const p = target[op.method](...op.args);
    p.catch((err: Error) => { if (isArgumentError(err)) invalid.push(err); });
    return p;
  });
  await new Promise<void>((resolve) => setImmediate(resolve));  // every microtask has run
  if (invalid.length) {
    held.drop(Object.assign(new Error(`batch not sent: ${invalid[0].message}`), { code: 'ERR_NETNS_BATCH_ABORTED' }));
    await Promise.allSettled(started);
    throw invalid[0];
  }
  held.send();
  const settled = await Promise.allSettled(started);
  const results: BatchResult[] = settled.map((s) => (s.status === 'fulfilled'
    ? { status: 'fulfilled', value: s.value }
    : { status: 'rejected', reason: s.reason as Error }));
  const firstFailure = results.find((r): r is { status: 'rejected'; reason: Error } => r.status === 'rejected');
  if (!firstFailure) return results;

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
