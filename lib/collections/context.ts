// What the library needs of a Namespace handle (its connection, the fd native work enters, its
// link resolver), and the brand that tells a real handle. A leaf module: collections and argument
// checks depend on this, not on the Namespace class, which imports every collection.
import type { NetlinkConnection } from '../transport/connection';
import type { LinkResolver } from './link-resolver';
import type { Namespace } from '../namespace';

export interface NamespaceContext {
  /** The rtnetlink connection inside the namespace (in an atomic batch: the batch's held requests). */
  netlink(): NetlinkConnection;
  /** fd native code enters for namespace-bound work; -1 for the process's own namespace. */
  enterFd(): number;
  /** The handle's fd (reopened if an unpinned handle gave it up), for a use that takes its own copy at once. */
  fd(): number;
  /** Names to indexes, shared by the collections over this context. */
  readonly resolver: LinkResolver;
}

// Filled only by the Namespace constructor: Object.create(Namespace.prototype) or a look-alike
// has no entry, so it is no handle.
const contexts = new WeakMap<object, NamespaceContext>();

export function registerNamespace(ns: Namespace, context: NamespaceContext): void {
  contexts.set(ns, context);
}

/** A real handle, made by the Namespace class. */
export function isNamespace(value: unknown): value is Namespace {
  return typeof value === 'object' && value !== null && contexts.has(value);
}

/** The context of a real handle (callers check isNamespace first). */
export function contextOf(ns: Namespace): NamespaceContext {
  const context = contexts.get(ns);
  if (!context) throw new TypeError('not a Namespace handle');
  return context;
}
